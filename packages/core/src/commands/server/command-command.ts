/**
 * COMMAND and its subcommands (COUNT, INFO, DOCS, LIST, GETKEYS, GETKEYSANDFLAGS, HELP): the command table as
 * Redis 7.0 describes it. Replies keep Redis's shapes: an INFO entry is a 10-element array with
 * flags and ACL categories as sets, DOCS is a map per command, and a subcommand is named
 * `container|sub`. Command tips, key specs and argument docs are not modelled: tips and key
 * specs are empty sets, and DOCS has no `arguments`; GETKEYSANDFLAGS reads the specs' flags from
 * key-spec-flags.ts.
 */
import { isKeyword } from '../arguments.js';
import { SYNTAX_ERROR } from '../errors.js';
import { keyPositions } from '../key-positions.js';
import { keySpecFlags } from '../key-spec-flags.js';
import type { CommandDefinition, CommandFlag } from '../types.js';
import type { EngineServices } from '../services.js';
import { matchGlob } from '../../keyspace/glob.js';
import type { ByteString } from '../../resp/byte-string.js';
import { ErrorReply, MapReply, SetReply, SimpleString, type Reply } from '../../resp/reply.js';
import { aclCategories } from './acl-categories.js';
import { helpReply } from './help.js';
import { serverSpec } from './spec.js';

/** A command with the name COMMAND reports for it (`get`, `client|list`). */
interface NamedCommand {
  readonly definition: CommandDefinition;
  readonly fullName: string;
  /** The container's name, for a subcommand. */
  readonly parentName?: string;
}

const INVALID_COMMAND = new ErrorReply('ERR Invalid command specified');
const NO_KEY_ARGUMENTS = new ErrorReply('ERR The command has no key arguments');
const INVALID_ARGUMENT_COUNT = new ErrorReply('ERR Invalid number of arguments specified for command');
const INVALID_ARGUMENTS = new ErrorReply('ERR Invalid arguments specified for command');
const EMPTY_SET = new SetReply([]);

/**
 * Flags in the order COMMAND INFO prints them, whatever order a definition lists them in.
 * `may_replicate` is absent: Redis keeps it internal.
 */
const FLAG_ORDER: readonly CommandFlag[] = [
  'write', 'readonly', 'denyoom', 'admin', 'pubsub', 'noscript', 'blocking', 'loading', 'stale', 'skip_monitor',
  'skip_slowlog', 'fast', 'no_auth', 'no_mandatory_keys', 'no_multi', 'movablekeys', 'allow_busy',
];

function subcommandOf(parent: CommandDefinition, sub: CommandDefinition): NamedCommand {
  return { definition: sub, fullName: `${parent.name}|${sub.name}`, parentName: parent.name };
}

/** Finds `name` or `container|sub`, case-insensitively, as Redis's lookupCommandBySds. */
function lookupByFullName(engine: EngineServices, name: ByteString): NamedCommand | undefined {
  const parts = name.toLowerCase().split('|');
  if (parts.length > 2) return undefined;
  const definition = engine.command(parts[0]);
  if (definition === undefined) return undefined;
  if (parts.length === 1) return { definition, fullName: parts[0] };
  const sub = definition.subcommands?.find((candidate) => candidate.name === parts[1]);
  return sub && subcommandOf(definition, sub);
}

/** Every command, each container followed by its subcommands. */
function* everyCommand(engine: EngineServices): Iterable<NamedCommand> {
  for (const definition of engine.commands()) {
    yield { definition, fullName: definition.name };
    for (const sub of definition.subcommands ?? []) yield subcommandOf(definition, sub);
  }
}

function infoReply({ definition, fullName, parentName }: NamedCommand): Reply {
  const subcommands = definition.subcommands;
  return [
    fullName,
    definition.arity,
    new SetReply(FLAG_ORDER.filter((flag) => definition.flags.includes(flag)).map((flag) => new SimpleString(flag))),
    definition.firstKey,
    definition.lastKey,
    definition.step,
    new SetReply(aclCategories(definition, parentName).map((category) => new SimpleString(`@${category}`))),
    EMPTY_SET,
    EMPTY_SET,
    subcommands === undefined ? EMPTY_SET : subcommands.map((sub) => infoReply(subcommandOf(definition, sub))),
  ];
}

function docsReply({ definition }: NamedCommand): MapReply {
  const entries: Array<[Reply, Reply]> = [
    ['summary', definition.summary],
    ['since', definition.since],
    ['group', definition.group],
  ];
  // Redis's internal commands (PSYNC, SYNC) document no complexity.
  if (definition.complexity !== '') entries.push(['complexity', definition.complexity]);
  if (definition.subcommands !== undefined) {
    const subcommands = definition.subcommands.map((sub) => subcommandOf(definition, sub));
    entries.push(['subcommands', new MapReply(subcommands.map((sub) => [sub.fullName, docsReply(sub)]))]);
  }
  return new MapReply(entries);
}

function allInfo(engine: EngineServices): Reply {
  return engine.commands().map((definition) => infoReply({ definition, fullName: definition.name }));
}

/** COMMAND LIST [FILTERBY MODULE name | ACLCAT category | PATTERN pattern] */
function listCommands(engine: EngineServices, args: readonly ByteString[]): Reply {
  let accept: (named: NamedCommand) => boolean = () => true;
  if (args.length === 5 && isKeyword(args[2], 'FILTERBY')) {
    const value = args[4];
    if (isKeyword(args[3], 'MODULE')) {
      accept = () => false;
    } else if (isKeyword(args[3], 'ACLCAT')) {
      const category = value.toLowerCase();
      accept = (named) => aclCategories(named.definition, named.parentName).some((candidate) => candidate === category);
    } else if (isKeyword(args[3], 'PATTERN')) {
      accept = (named) => matchGlob(value, named.fullName, true);
    } else {
      return SYNTAX_ERROR;
    }
  } else if (args.length !== 2) {
    return SYNTAX_ERROR;
  }
  const names: Reply[] = [];
  for (const named of everyCommand(engine)) if (accept(named)) names.push(named.fullName);
  return names;
}

/**
 * COMMAND GETKEYS command [arg …]: the keys a command line would touch; GETKEYSANDFLAGS (`withFlags`)
 * gives each key with its key spec's flags.
 */
function getKeys(engine: EngineServices, args: readonly ByteString[], withFlags = false): Reply {
  const target = args.slice(2);
  const base = engine.command(target[0].toLowerCase());
  const definition = base?.subcommands !== undefined && target.length >= 2
    ? base.subcommands.find((sub) => sub.name === target[1].toLowerCase())
    : base;
  if (definition === undefined) return INVALID_COMMAND;
  if ((definition.firstKey === 0 && definition.keys === undefined) || definition.keysAreChannels === true) return NO_KEY_ARGUMENTS;
  const arity = definition.arity;
  if (arity >= 0 ? target.length !== arity : target.length < -arity) return INVALID_ARGUMENT_COUNT;
  const positions = keyPositions(definition, target);
  if (positions.length === 0) return definition.flags.includes('no_mandatory_keys') ? [] : INVALID_ARGUMENTS;
  if (!withFlags) return positions.map((position) => target[position]);
  const fullName = definition === base ? definition.name : `${base!.name}|${definition.name}`;
  return positions.map((position) => [
    target[position],
    new SetReply((keySpecFlags(fullName, target, position) ?? []).map((flag) => new SimpleString(flag))),
  ]);
}

const HELP_LINES = [
  '(no subcommand)',
  '    Return details about all Redis commands.',
  'COUNT',
  '    Return the total number of commands in this Redis server.',
  'LIST',
  '    Return a list of all commands in this Redis server.',
  'INFO [<command-name> ...]',
  '    Return details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'DOCS [<command-name> ...]',
  '    Return documentation details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'GETKEYS <full-command>',
  '    Return the keys from a full Redis command.',
  'GETKEYSANDFLAGS <full-command>',
  '    Return the keys and the access flags from a full Redis command.',
];

const FLAGS = ['loading', 'stale'] as const;

export const COMMAND_COMMAND: CommandDefinition = {
  ...serverSpec({
    name: 'command', arity: -1, flags: [...FLAGS], summary: 'Get array of Redis command details', since: '2.8.13',
    complexity: 'O(N) where N is the total number of Redis commands', syntax: '',
  }),
  handler: (context) => allInfo(context.engine),
  subcommands: [
    {
      ...serverSpec({ name: 'count', arity: 2, flags: [...FLAGS], summary: 'Get total number of Redis commands', since: '2.8.13', syntax: '' }),
      handler: (context) => context.engine.commands().length,
    },
    {
      ...serverSpec({
        name: 'info', arity: -2, flags: [...FLAGS],
        summary: 'Get array of specific Redis command details, or all when no argument is given.', since: '2.8.13',
        complexity: 'O(N) where N is the number of commands to look up', syntax: '[command-name [command-name ...]]',
      }),
      handler(context, args) {
        if (args.length === 2) return allInfo(context.engine);
        return args.slice(2).map((name) => {
          const named = lookupByFullName(context.engine, name);
          return named === undefined ? null : infoReply(named);
        });
      },
    },
    {
      ...serverSpec({
        name: 'docs', arity: -2, flags: [...FLAGS], summary: 'Get array of specific Redis command documentation',
        since: '7.0.0', complexity: 'O(N) where N is the number of commands to look up',
        syntax: '[command-name [command-name ...]]',
      }),
      handler(context, args) {
        const found = args.length === 2
          ? context.engine.commands().map((definition): NamedCommand => ({ definition, fullName: definition.name }))
          : args.slice(2).flatMap((name) => lookupByFullName(context.engine, name) ?? []);
        return new MapReply(found.map((named) => [named.fullName, docsReply(named)]));
      },
    },
    {
      ...serverSpec({
        name: 'list', arity: -2, flags: [...FLAGS], summary: 'Get an array of Redis command names', since: '7.0.0',
        complexity: 'O(N) where N is the total number of Redis commands',
        syntax: '[FILTERBY MODULE module-name | ACLCAT category | PATTERN pattern]',
      }),
      handler: (context, args) => listCommands(context.engine, args),
    },
    {
      ...serverSpec({
        name: 'getkeys', arity: -4, flags: [...FLAGS], summary: 'Extract keys given a full Redis command',
        since: '2.8.13', complexity: 'O(N) where N is the number of arguments to the command', syntax: 'command [arg [arg ...]]',
      }),
      handler: (context, args) => getKeys(context.engine, args),
    },
    {
      ...serverSpec({
        name: 'getkeysandflags', arity: -4, flags: [...FLAGS], summary: 'Extract keys and access flags given a full Redis command',
        since: '7.0.0', complexity: 'O(N) where N is the number of arguments to the command', syntax: 'command [arg [arg ...]]',
      }),
      handler: (context, args) => getKeys(context.engine, args, true),
    },
    {
      ...serverSpec({ name: 'help', arity: 2, flags: [...FLAGS], summary: 'Show helpful text about the different subcommands', since: '5.0.0', syntax: '' }),
      handler: () => helpReply('COMMAND', HELP_LINES),
    },
  ],
};

