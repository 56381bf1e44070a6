/**
 * CLIENT and its subcommands: ID, INFO, LIST (TYPE, ID filters), GETNAME, SETNAME, KILL (the
 * old `ip:port` form and the ID/ADDR/LADDR/TYPE/USER/SKIPME filters), PAUSE, UNPAUSE, REPLY, UNBLOCK, NO-EVICT and HELP,
 * with Redis 7.0's replies and error texts (KILL USER selects the clients of an ACL user), and client-side caching's
 * TRACKING, CACHING, GETREDIR and TRACKINGINFO (client-tracking.ts). Ballast evicts no clients, so NO-EVICT only
 * validates its argument.
 */
import { isKeyword, parseInteger } from '../arguments.js';
import { NOT_INTEGER, SYNTAX_ERROR, TIMEOUT_NEGATIVE } from '../errors.js';
import type { CommandContext, CommandDefinition, CommandSpec } from '../types.js';
import type { ClientState } from '../services.js';
import type { AccessControl } from '../acl/access-control.js';
import type { AclUser } from '../acl/acl-user.js';
import type { ByteString } from '../../resp/byte-string.js';
import { ErrorReply, NO_REPLY, OK, VerbatimString, type Reply } from '../../resp/reply.js';
import { clientInfoLine, clientType, clientTypeByName, type ClientType } from './client-info.js';
import { clientCaching, clientGetRedirect, clientTracking, clientTrackingInfo } from './client-tracking.js';
import { helpReply } from './help.js';
import { containerHandler, serverSpec } from './spec.js';

const INVALID_NAME = new ErrorReply('ERR Client names cannot contain spaces, newlines or special characters.');
const INVALID_CLIENT_ID = new ErrorReply('ERR Invalid client ID');
const NOT_POSITIVE_CLIENT_ID = new ErrorReply('ERR client-id should be greater than 0');
const NO_SUCH_CLIENT = new ErrorReply('ERR No such client');
const INVALID_UNBLOCK_REASON = new ErrorReply('ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR');
const INVALID_PAUSE_MODE = new ErrorReply('ERR CLIENT PAUSE mode must be WRITE or ALL');
const TIMEOUT_NOT_INTEGER = new ErrorReply('ERR timeout is not an integer or out of range');
/** Names are printable ASCII without spaces: `!` (0x21) to `~` (0x7e). */
const NAME_PATTERN = /^[\x21-\x7e]*$/;

function unknownType(name: ByteString): ErrorReply {
  return new ErrorReply(`ERR Unknown client type '${name}'`);
}

function argumentBytes(args: readonly ByteString[]): number {
  let bytes = 0;
  for (const argument of args) bytes += argument.length;
  return bytes;
}

/** The CLIENT LIST text for `clients`: one line each, every line ending in `\n`. */
function listText(context: CommandContext, clients: Iterable<ClientState>, args: readonly ByteString[]): VerbatimString {
  let text = '';
  for (const client of clients) {
    const running = client.id === context.client.id ? argumentBytes(args) : 0;
    text += `${clientInfoLine(client, context.nowMs, running)}\n`;
  }
  return new VerbatimString(text);
}

/** CLIENT LIST [TYPE normal|master|replica|pubsub] | [ID client-id …] */
function listClients(context: CommandContext, args: readonly ByteString[]): Reply {
  const engine = context.engine;
  if (args.length === 4 && isKeyword(args[2], 'TYPE')) {
    const type = clientTypeByName(args[3]);
    if (type === undefined) return unknownType(args[3]);
    return listText(context, [...engine.clients()].filter((client) => clientType(client) === type), args);
  }
  if (args.length > 3 && isKeyword(args[2], 'ID')) {
    const byId = new Map<number, ClientState>();
    for (const client of engine.clients()) byId.set(client.id, client);
    const selected: ClientState[] = [];
    for (const text of args.slice(3)) {
      const id = parseInteger(text);
      if (id === undefined) return INVALID_CLIENT_ID;
      const client = byId.get(id);
      if (client !== undefined) selected.push(client);
    }
    return listText(context, selected, args);
  }
  if (args.length !== 2) return SYNTAX_ERROR;
  return listText(context, engine.clients(), args);
}

/** What CLIENT KILL's filters select; an undefined field matches every client. */
interface KillFilter {
  address?: string;
  localAddress?: string;
  type?: ClientType;
  id?: number;
  user?: AclUser;
  skipMe: boolean;
}

/** Parses the new-style filters (`args[2]` on, in pairs); returns the filter or an error. */
function parseKillFilter(args: readonly ByteString[], users: AccessControl): KillFilter | ErrorReply {
  const filter: KillFilter = { skipMe: true };
  for (let i = 2; i < args.length; i += 2) {
    const option = args[i];
    const value = args[i + 1];
    if (isKeyword(option, 'ID')) {
      const id = parseInteger(value);
      if (id === undefined || id < 1) return NOT_POSITIVE_CLIENT_ID;
      filter.id = id;
    } else if (isKeyword(option, 'TYPE')) {
      filter.type = clientTypeByName(value);
      if (filter.type === undefined) return unknownType(value);
    } else if (isKeyword(option, 'ADDR')) {
      filter.address = value;
    } else if (isKeyword(option, 'LADDR')) {
      filter.localAddress = value;
    } else if (isKeyword(option, 'USER')) {
      filter.user = users.user(value);
      if (filter.user === undefined) return new ErrorReply(`ERR No such user '${value}'`);
    } else if (isKeyword(option, 'SKIPME')) {
      if (isKeyword(value, 'YES')) filter.skipMe = true;
      else if (isKeyword(value, 'NO')) filter.skipMe = false;
      else return SYNTAX_ERROR;
    } else {
      return SYNTAX_ERROR;
    }
  }
  return filter;
}

function matchesKillFilter(client: ClientState, filter: KillFilter, caller: ClientState): boolean {
  if (filter.address !== undefined && client.address !== filter.address) return false;
  if (filter.localAddress !== undefined && client.localAddress !== filter.localAddress) return false;
  if (filter.type !== undefined && clientType(client) !== filter.type) return false;
  if (filter.id !== undefined && client.id !== filter.id) return false;
  if (filter.user !== undefined && client.user !== filter.user) return false;
  return !(filter.skipMe && client.id === caller.id);
}

/** CLIENT KILL ip:port | CLIENT KILL [ID id] [TYPE type] [USER user] [ADDR a] [LADDR a] [SKIPME yes|no] */
function killClients(context: CommandContext, args: readonly ByteString[]): Reply {
  const oldForm = args.length === 3;
  let filter: KillFilter | ErrorReply;
  if (oldForm) filter = { address: args[2], skipMe: false };
  else if (args.length % 2 === 0) filter = parseKillFilter(args, context.engine.acl);
  else filter = SYNTAX_ERROR;
  if (filter instanceof ErrorReply) return filter;
  const victims = [...context.engine.clients()].filter((client) => matchesKillFilter(client, filter, context.client));
  // The caller, if selected, is closed by the engine only after this reply is written.
  for (const victim of victims) context.engine.killClient(victim.id);
  if (!oldForm) return victims.length;
  return victims.length === 0 ? NO_SUCH_CLIENT : OK;
}

/** CLIENT REPLY ON | OFF | SKIP: only ON answers (OK); OFF and SKIP silence their own reply too. */
function setReplyMode(context: CommandContext, args: readonly ByteString[]): Reply {
  if (isKeyword(args[2], 'ON')) {
    context.client.setReplyMode('on');
    return OK;
  }
  if (isKeyword(args[2], 'OFF')) context.client.setReplyMode('off');
  else if (isKeyword(args[2], 'SKIP')) context.client.setReplyMode('skip');
  else return SYNTAX_ERROR;
  return NO_REPLY;
}

/**
 * CLIENT UNBLOCK client-id [TIMEOUT | ERROR]: 1 when a client blocked by a blocking command was
 * answered (its timeout reply, or -UNBLOCKED), else 0. As Redis, the reason is checked before the id.
 */
function unblockClient(context: CommandContext, args: readonly ByteString[]): Reply {
  if (args.length > 4) return subcommandSyntaxError(args);
  let how: 'timeout' | 'error' = 'timeout';
  if (args.length === 4) {
    if (isKeyword(args[3], 'ERROR')) how = 'error';
    else if (!isKeyword(args[3], 'TIMEOUT')) return INVALID_UNBLOCK_REASON;
  }
  const id = parseInteger(args[2]);
  if (id === undefined) return NOT_INTEGER;
  return context.engine.unblockClient(id, how) ? 1 : 0;
}

/** What Redis answers a CLIENT subcommand it knows with more arguments than it takes. */
function subcommandSyntaxError(args: readonly ByteString[]): ErrorReply {
  return new ErrorReply(`ERR unknown subcommand or wrong number of arguments for '${args[1].slice(0, 128)}'. Try CLIENT HELP.`);
}

/**
 * CLIENT PAUSE timeout [WRITE | ALL] (ALL by default): the mode is checked before the timeout, as
 * Redis does. The pause ends `timeout` ms from now; 0 pauses nothing (but a pause in force may
 * turn ALL).
 */
function pauseClients(context: CommandContext, args: readonly ByteString[]): Reply {
  if (args.length > 4) return subcommandSyntaxError(args);
  let mode: 'write' | 'all' = 'all';
  if (args.length === 4) {
    if (isKeyword(args[3], 'WRITE')) mode = 'write';
    else if (!isKeyword(args[3], 'ALL')) return INVALID_PAUSE_MODE;
  }
  const timeoutMs = parseInteger(args[2]);
  if (timeoutMs === undefined) return TIMEOUT_NOT_INTEGER;
  if (timeoutMs < 0) return TIMEOUT_NEGATIVE;
  context.engine.pauseClients(mode, timeoutMs > 0 ? context.nowMs + timeoutMs : 0);
  return OK;
}

const HELP_LINES = [
  'CACHING (YES|NO)',
  '    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.',
  'GETREDIR',
  '    Return the client ID we are redirecting to when tracking is enabled.',
  'GETNAME',
  '    Return the name of the current connection.',
  'ID',
  '    Return the ID of the current connection.',
  'INFO',
  '    Return information about the current client connection.',
  'KILL <ip:port>',
  '    Kill connection made from <ip:port>.',
  'KILL <option> <value> [<option> <value> [...]]',
  '    Kill connections. Options are:',
  '    * ADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made from the specified address',
  '    * LADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made to specified local address',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Kill connections by type.',
  '    * USER <username>',
  '      Kill connections authenticated by <username>.',
  '    * SKIPME (YES|NO)',
  '      Skip killing current connection (default: yes).',
  'LIST [options ...]',
  '    Return information about client connections. Options:',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Return clients of specified type.',
  'UNPAUSE',
  '    Stop the current client pause, resuming traffic.',
  'PAUSE <timeout> [WRITE|ALL]',
  '    Suspend all, or just write, clients for <timeout> milliseconds.',
  'REPLY (ON|OFF|SKIP)',
  '    Control the replies sent to the current connection.',
  'SETNAME <name>',
  '    Assign the name <name> to the current connection.',
  'UNBLOCK <clientid> [TIMEOUT|ERROR]',
  '    Unblock the specified blocked client.',
  'TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]',
  '         [OPTIN] [OPTOUT] [NOLOOP]',
  '    Control server assisted client side caching.',
  'TRACKINGINFO',
  '    Report tracking status for the current connection.',
  'NO-EVICT (ON|OFF)',
  '    Protect current client connection from eviction.',
];

const SUB_FLAGS = ['noscript', 'loading', 'stale'] as const;
const ADMIN_FLAGS = ['admin', 'noscript', 'loading', 'stale'] as const;

function clientSpec(partial: Parameters<typeof serverSpec>[0]): CommandSpec {
  return serverSpec({ group: 'connection', ...partial });
}

export const CLIENT_COMMAND: CommandDefinition = {
  ...clientSpec({
    name: 'client', arity: -2, flags: [], summary: 'A container for client connection commands', since: '2.4.0',
    complexity: 'Depends on subcommand.', syntax: '<subcommand> [arguments]',
  }),
  handler: containerHandler('client'),
  subcommands: [
    {
      ...clientSpec({ name: 'id', arity: 2, flags: [...SUB_FLAGS], summary: 'Returns the client ID for the current connection', since: '5.0.0', syntax: '' }),
      handler: (context) => context.client.id,
    },
    {
      ...clientSpec({ name: 'info', arity: 2, flags: [...SUB_FLAGS], summary: 'Returns information about the current client connection.', since: '6.2.0', syntax: '' }),
      handler: (context, args) => listText(context, [context.client], args),
    },
    {
      ...clientSpec({
        name: 'list', arity: -2, flags: [...ADMIN_FLAGS], summary: 'Get the list of client connections', since: '2.4.0',
        complexity: 'O(N) where N is the number of client connections',
        syntax: '[TYPE NORMAL | MASTER | REPLICA | PUBSUB] [ID client-id [client-id ...]]',
      }),
      handler: listClients,
    },
    {
      ...clientSpec({ name: 'getname', arity: 2, flags: [...SUB_FLAGS], summary: 'Get the current connection name', since: '2.6.9', syntax: '' }),
      handler: (context) => context.client.name,
    },
    {
      ...clientSpec({ name: 'setname', arity: 3, flags: [...SUB_FLAGS], summary: 'Set the current connection name', since: '2.6.9', syntax: 'connection-name' }),
      handler(context, args) {
        if (!NAME_PATTERN.test(args[2])) return INVALID_NAME;
        context.client.name = args[2] === '' ? null : args[2];
        return OK;
      },
    },
    {
      ...clientSpec({
        name: 'kill', arity: -3, flags: [...ADMIN_FLAGS], summary: 'Kill the connection of a client', since: '2.4.0',
        complexity: 'O(N) where N is the number of client connections',
        syntax: 'ip:port | [ID client-id] [TYPE NORMAL | MASTER | SLAVE | REPLICA | PUBSUB] [USER username] [ADDR ip:port] [LADDR ip:port] [SKIPME yes/no]',
      }),
      handler: killClients,
    },
    {
      ...clientSpec({
        name: 'pause', arity: -3, flags: [...ADMIN_FLAGS], summary: 'Stop processing commands from clients for some time', since: '2.9.50',
        syntax: 'timeout [WRITE | ALL]',
      }),
      handler: pauseClients,
    },
    {
      ...clientSpec({
        name: 'unpause', arity: 2, flags: [...ADMIN_FLAGS], summary: 'Resume processing of clients that were paused', since: '6.2.0',
        complexity: 'O(N) Where N is the number of paused clients', syntax: '',
      }),
      handler(context) {
        context.engine.unpauseClients();
        return OK;
      },
    },
    {
      ...clientSpec({ name: 'reply', arity: 3, flags: [...SUB_FLAGS], summary: 'Instruct the server whether to reply to commands', since: '3.2.0', syntax: 'ON | OFF | SKIP' }),
      handler: setReplyMode,
    },
    {
      ...clientSpec({
        name: 'unblock', arity: -3, flags: [...ADMIN_FLAGS], summary: 'Unblock a client blocked in a blocking command from a different connection',
        since: '5.0.0', complexity: 'O(log N) where N is the number of client connections', syntax: 'client-id [TIMEOUT | ERROR]',
      }),
      handler: unblockClient,
    },
    {
      ...clientSpec({
        name: 'tracking', arity: -3, flags: [...SUB_FLAGS], summary: 'Enable or disable server assisted client side caching support', since: '6.0.0',
        complexity: 'O(1). Some options may introduce additional complexity.',
        syntax: 'ON | OFF [REDIRECT client-id] [PREFIX prefix [PREFIX prefix ...]] [BCAST] [OPTIN] [OPTOUT] [NOLOOP]',
      }),
      handler: clientTracking,
    },
    {
      ...clientSpec({ name: 'caching', arity: 3, flags: [...SUB_FLAGS], summary: 'Instruct the server about tracking or not keys in the next request', since: '6.0.0', syntax: 'YES | NO' }),
      handler: clientCaching,
    },
    {
      ...clientSpec({ name: 'getredir', arity: 2, flags: [...SUB_FLAGS], summary: 'Get tracking notifications redirection client ID if any', since: '6.0.0', syntax: '' }),
      handler: clientGetRedirect,
    },
    {
      ...clientSpec({
        name: 'trackinginfo', arity: 2, flags: [...SUB_FLAGS], summary: 'Return information about server assisted client side caching for the current connection',
        since: '6.2.0', syntax: '',
      }),
      handler: clientTrackingInfo,
    },
    {
      ...clientSpec({ name: 'no-evict', arity: 3, flags: [...ADMIN_FLAGS], summary: 'Set client eviction mode for the current connection', since: '7.0.0', syntax: 'ON | OFF' }),
      handler: (_context, args) => (isKeyword(args[2], 'ON') || isKeyword(args[2], 'OFF') ? OK : SYNTAX_ERROR),
    },
    {
      ...clientSpec({ name: 'help', arity: 2, flags: ['loading', 'stale'], summary: 'Show helpful text about the different subcommands', since: '5.0.0', syntax: '' }),
      handler: () => helpReply('CLIENT', HELP_LINES),
    },
  ],
};
