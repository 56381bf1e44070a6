/**
 * ACL and its subcommands, as Redis 7.0's aclCommand: SETUSER, GETUSER, DELUSER, LIST, USERS,
 * WHOAMI, CAT, GENPASS, LOG, DRYRUN, SAVE, LOAD, HELP — reply for reply and error text for error
 * text. The users live in the engine's AccessControl (commands/acl/); SAVE and LOAD go through
 * its aclfile store, which the host provides when `aclfile` is set.
 */
import { isKeyword, parseInt64 } from '../arguments.js';
import { AclCommands } from '../acl/acl-commands.js';
import { describeCommandRules, describeKeyPattern, userFlags } from '../acl/acl-describe.js';
import { userLine, formatAclFile, parseAclFile } from '../acl/acl-file.js';
import type { AclSelector } from '../acl/acl-selector.js';
import { hasSpaces } from '../acl/acl-selector.js';
import { NOT_INTEGER } from '../errors.js';
import type { BlockRequest, CommandContext, CommandDefinition } from '../types.js';
import type { ByteString } from '../../resp/byte-string.js';
import { ErrorReply, MapReply, OK, SetReply, type Reply } from '../../resp/reply.js';
import { ACL_CATEGORIES } from './acl-categories.js';
import { helpReply } from './help.js';
import { containerHandler, serverSpec } from './spec.js';

const NO_ACL_FILE = new ErrorReply('ERR This Redis instance is not configured to use an ACL file. You may want to specify users via the '
  + 'ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a Redis configuration file set) in order to store users in '
  + 'the Redis configuration.');
const SAVE_FAILED = new ErrorReply('ERR There was an error trying to save the ACLs. Please check the server logs for more information');
const GENPASS_BITS_MAX = 4096;
const GENPASS_BITS_DEFAULT = 256;
const LOG_COUNT_DEFAULT = 10;
const HEX = '0123456789abcdef';
const FLAGS = ['admin', 'noscript', 'loading', 'stale'] as const;

function subcommandSyntaxError(args: readonly ByteString[]): ErrorReply {
  return new ErrorReply(`ERR unknown subcommand or wrong number of arguments for '${args[1].slice(0, 128)}'. Try ACL HELP.`);
}

/** `commands`, `keys`, `channels` of one selector, as aclAddReplySelectorDescription. */
function selectorFields(selector: AclSelector): Array<[Reply, Reply]> {
  return [
    ['commands', describeCommandRules(selector)],
    ['keys', selector.allKeys ? '~*' : selector.keys.map(describeKeyPattern).join(' ')],
    ['channels', selector.allChannels ? '&*' : selector.channels.map((channel) => `&${channel}`).join(' ')],
  ];
}

function setUser(context: CommandContext, args: readonly ByteString[]): Reply {
  const name = args[2];
  if (hasSpaces(name)) return new ErrorReply("ERR Usernames can't contain spaces or null characters");
  const error = context.engine.acl.setUser(name, args.slice(3), context.engine.clients());
  return error === undefined ? OK : new ErrorReply(`ERR ${error}`);
}

function delUser(context: CommandContext, args: readonly ByteString[]): Reply {
  const names = args.slice(2);
  if (names.includes('default')) return new ErrorReply("ERR The 'default' user cannot be removed");
  return context.engine.acl.deleteUsers(names, context.engine.clients());
}

function getUser(context: CommandContext, args: readonly ByteString[]): Reply {
  const user = context.engine.acl.user(args[2]);
  if (user === undefined) return null;
  return new MapReply([
    ['flags', new SetReply(userFlags(user))],
    ['passwords', [...user.passwords]],
    ...selectorFields(user.root),
    ['selectors', user.selectors.slice(1).map((selector) => new MapReply(selectorFields(selector)))],
  ]);
}

/** GENPASS [bits]: hex digits from the host's secure source (the seeded one where the host has none). */
function genpass(context: CommandContext, args: readonly ByteString[]): Reply {
  let bits = GENPASS_BITS_DEFAULT;
  if (args.length === 3) {
    const parsed = parseInt64(args[2]);
    if (parsed === undefined) return NOT_INTEGER;
    if (parsed <= 0n || parsed > BigInt(GENPASS_BITS_MAX)) {
      return new ErrorReply(`ERR ACL GENPASS argument must be the number of bits for the output password, a positive number up to ${GENPASS_BITS_MAX}`);
    }
    bits = Number(parsed);
  }
  const chars = Math.floor((bits + 3) / 4);
  const bytes = context.engine.host.randomBytes?.(Math.ceil(chars / 2));
  let password = '';
  for (let i = 0; i < chars; i++) {
    const nibble = bytes === undefined ? Math.floor(context.random.next() * 16) : (bytes[i >> 1] >> ((i & 1) * 4)) & 15;
    password += HEX[nibble];
  }
  return password;
}

function log(context: CommandContext, args: readonly ByteString[]): Reply {
  const acl = context.engine.acl;
  let count = LOG_COUNT_DEFAULT;
  if (args.length === 3) {
    if (isKeyword(args[2], 'RESET')) {
      acl.log.reset();
      return OK;
    }
    const parsed = parseInt64(args[2]);
    if (parsed === undefined) return NOT_INTEGER;
    count = parsed < 0n ? 0 : Number(parsed > BigInt(acl.log.length) ? acl.log.length : parsed);
  }
  return acl.log.reply(count, context.engine.clock.now());
}

/** Redis's lookupCommand: the command, or its subcommand when it has them and one is named. */
function lookupCommand(context: CommandContext, args: readonly ByteString[]): { definition: CommandDefinition; fullName: string } | undefined {
  const command = context.engine.command(args[0].toLowerCase());
  if (command === undefined || command.subcommands === undefined || args.length === 1) {
    return command === undefined ? undefined : { definition: command, fullName: command.name };
  }
  const subName = args[1].toLowerCase();
  const definition = command.subcommands.find((candidate) => candidate.name === subName);
  return definition === undefined ? undefined : { definition, fullName: `${command.name}|${subName}` };
}

function dryrun(context: CommandContext, args: readonly ByteString[]): Reply {
  const acl = context.engine.acl;
  const user = acl.user(args[2]);
  if (user === undefined) return new ErrorReply(`ERR User '${args[2]}' not found`);
  const commandArgs = args.slice(3);
  const resolved = lookupCommand(context, commandArgs);
  if (resolved === undefined) return new ErrorReply(`ERR Command '${args[3]}' not found`);
  const { definition, fullName } = resolved;
  if ((definition.arity > 0 && definition.arity !== commandArgs.length) || commandArgs.length < -definition.arity) {
    return new ErrorReply(`ERR wrong number of arguments for '${fullName}' command`);
  }
  const denial = acl.check(user, definition, commandArgs);
  if (denial === null) return OK;
  if (denial.reason === 'command') return `This user has no permissions to run the '${fullName}' command`;
  return `This user has no permissions to access the '${commandArgs[denial.position]}' ${denial.reason}`;
}

/**
 * Runs `work` (file I/O) once the client waits for its reply. EXEC cannot wait: it answers
 * `whileQueued` at once, and then the work must not run either (no file written, no users loaded).
 */
function whenClientWaits(context: CommandContext, work: () => Promise<Reply>, whileQueued: ErrorReply): BlockRequest {
  const request: BlockRequest = context.engine.replyWhenDone(
    Promise.resolve().then(() => (context.client.blockRequest === request ? work() : whileQueued)), whileQueued);
  return request;
}

function save(context: CommandContext): Reply | BlockRequest {
  const { acl } = context.engine;
  const file = acl.file;
  if (file === null) return NO_ACL_FILE;
  const text = formatAclFile(acl.allUsers());
  return whenClientWaits(context, () => file.write(text).then((): Reply => OK, (error: unknown) => {
    context.engine.log('warning', `Saving ACL file for ACL SAVE: ${(error as Error).message}`);
    return SAVE_FAILED;
  }), new ErrorReply('ERR ACL SAVE is not allowed inside MULTI'));
}

function load(context: CommandContext): Reply | BlockRequest {
  const { acl } = context.engine;
  const file = acl.file;
  if (file === null) return NO_ACL_FILE;
  return whenClientWaits(context, () => file.read().then((text): Reply => {
    const loaded = parseAclFile(text, file.path, (name) => acl.newUser(name));
    if (typeof loaded === 'string') return new ErrorReply(`ERR ${loaded}`);
    acl.replaceUsers(loaded, context.engine.clients());
    return OK;
  }, (error: unknown) => new ErrorReply(`ERR Error loading ACLs, opening file '${file.path}': ${(error as Error).message}`)),
  new ErrorReply('ERR ACL LOAD is not allowed inside MULTI'));
}

const HELP_LINES = [
  'CAT [<category>]',
  '    List all commands that belong to <category>, or all command categories',
  '    when no category is specified.',
  'DELUSER <username> [<username> ...]',
  '    Delete a list of users.',
  'DRYRUN <username> <command> [<arg> ...]',
  '    Returns whether the user can execute the given command without executing the command.',
  'GETUSER <username>',
  "    Get the user's details.",
  'GENPASS [<bits>]',
  '    Generate a secure 256-bit user password. The optional `bits` argument can',
  '    be used to specify a different size.',
  'LIST',
  '    Show users details in config file format.',
  'LOAD',
  '    Reload users from the ACL file.',
  'LOG [<count> | RESET]',
  '    Show the ACL log entries.',
  'SAVE',
  '    Save the current config to the ACL file.',
  'SETUSER <username> <attribute> [<attribute> ...]',
  '    Create or modify a user with the specified attributes.',
  'USERS',
  '    List all the registered usernames.',
  'WHOAMI',
  '    Return the current connection username.',
];

function sub(partial: Omit<Parameters<typeof serverSpec>[0], 'since'> & { since?: string }, handler: CommandDefinition['handler']): CommandDefinition {
  return { ...serverSpec({ ...partial, since: partial.since ?? '6.0.0' }), handler };
}

export const ACL_COMMAND: CommandDefinition = {
  ...serverSpec({
    name: 'acl', arity: -2, flags: [], summary: 'A container for Access List Control commands ', since: '6.0.0',
    complexity: 'Depends on subcommand.', syntax: '<subcommand> [arguments]',
  }),
  handler: containerHandler('acl'),
  subcommands: [
    sub({ name: 'cat', arity: -2, flags: ['noscript', 'loading', 'stale'], summary: 'List the ACL categories or the commands inside a category',
      complexity: 'O(1) since the categories and commands are a fixed set.', syntax: '[categoryname]' }, (context, args) => {
      if (args.length > 3) return subcommandSyntaxError(args);
      if (args.length === 2) return [...ACL_CATEGORIES];
      const category = AclCommands.category(args[2]);
      if (category === undefined) return new ErrorReply(`ERR Unknown category '${args[2].slice(0, 128)}'`);
      return context.engine.acl.commands.all.filter((command) => command.categories.has(category)).map((command) => command.fullName);
    }),
    sub({ name: 'deluser', arity: -3, flags: [...FLAGS], summary: 'Remove the specified ACL users and the associated rules',
      complexity: 'O(1) amortized time considering the typical user.', syntax: 'username [username ...]' }, delUser),
    sub({ name: 'dryrun', arity: -4, flags: [...FLAGS], since: '7.0.0',
      summary: 'Returns whether the user can execute the given command without executing the command.', complexity: 'O(1).',
      syntax: 'username command [arg [arg ...]]' }, dryrun),
    sub({ name: 'genpass', arity: -2, flags: ['noscript', 'loading', 'stale'], summary: 'Generate a pseudorandom secure password to use for ACL users',
      syntax: '[bits]' }, (context, args) => (args.length > 3 ? subcommandSyntaxError(args) : genpass(context, args))),
    sub({ name: 'getuser', arity: 3, flags: [...FLAGS], summary: 'Get the rules for a specific ACL user',
      complexity: 'O(N). Where N is the number of password, command and pattern rules that the user has.', syntax: 'username' }, getUser),
    sub({ name: 'help', arity: 2, flags: ['loading', 'stale'], summary: 'Show helpful text about the different subcommands', syntax: '' },
      () => helpReply('ACL', HELP_LINES)),
    sub({ name: 'list', arity: 2, flags: [...FLAGS], summary: 'List the current ACL rules in ACL config file format',
      complexity: 'O(N). Where N is the number of configured users.', syntax: '' },
    (context) => context.engine.acl.allUsers().map(userLine)),
    sub({ name: 'load', arity: 2, flags: [...FLAGS], summary: 'Reload the ACLs from the configured ACL file',
      complexity: 'O(N). Where N is the number of configured users.', syntax: '' }, load),
    sub({ name: 'log', arity: -2, flags: [...FLAGS], summary: 'List latest events denied because of ACLs in place',
      complexity: 'O(N) with N being the number of entries shown.', syntax: '[count | RESET]' },
    (context, args) => (args.length > 3 ? subcommandSyntaxError(args) : log(context, args))),
    sub({ name: 'save', arity: 2, flags: [...FLAGS], summary: 'Save the current ACL rules in the configured ACL file',
      complexity: 'O(N). Where N is the number of configured users.', syntax: '' }, save),
    sub({ name: 'setuser', arity: -3, flags: [...FLAGS], summary: 'Modify or create the rules for a specific ACL user',
      complexity: 'O(N). Where N is the number of rules provided.', syntax: 'username [rule [rule ...]]' }, setUser),
    sub({ name: 'users', arity: 2, flags: [...FLAGS], summary: 'List the username of all the configured ACL rules',
      complexity: 'O(N). Where N is the number of configured users.', syntax: '' },
    (context) => context.engine.acl.allUsers().map((user) => user.name)),
    sub({ name: 'whoami', arity: 2, flags: ['noscript', 'loading', 'stale'], summary: 'Return the name of the user associated to the current connection',
      syntax: '' }, (context) => context.client.user.name),
  ],
};
