/**
 * Connection commands: PING ECHO HELLO AUTH SELECT QUIT RESET. They change the state of the
 * client that sends them, so they live in the engine and act through the client's session.
 */
import { INVALID_DB_INDEX, NOT_INTEGER, SYNTAX_ERROR } from '../commands/errors.js';
import { isKeyword, parseInteger } from '../commands/arguments.js';
import type { ClientState } from '../commands/services.js';
import type { CommandContext, CommandDefinition } from '../commands/types.js';
import { ErrorReply, MapReply, OK, PONG, SimpleString, type Reply } from '../resp/reply.js';
import { REDIS_COMPATIBLE_VERSION } from '../config/redis-version.js';
import { keylessSpecs } from '../commands/spec.js';
import { logFailedAuth } from '../commands/acl/acl-denial.js';
import type { ByteString } from '../resp/byte-string.js';

const WRONG_PASS = new ErrorReply('WRONGPASS invalid username-password pair or user is disabled.');
const NO_PASSWORD = new ErrorReply(
  'ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?',
);
const RESET = new SimpleString('RESET');

const spec = keylessSpecs('connection');

/** Client names are printable ASCII without spaces (Redis's validateClientName). */
function isPrintableName(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (code < 0x21 || code > 0x7e) return false;
  }
  return true;
}

/**
 * ACLAuthenticateUser: the user `username` opens with `password`, or WRONGPASS and an ACL LOG
 * entry (reason auth). On success the client runs as that user from now on.
 */
function authenticate(context: CommandContext, args: readonly ByteString[], username: ByteString, password: ByteString): ErrorReply | undefined {
  const user = context.engine.acl.authenticate(username, password);
  if (user === undefined) {
    logFailedAuth(context.engine, context.client, args, username);
    return WRONG_PASS;
  }
  context.client.user = user;
  context.client.authenticated = true;
  return undefined;
}

function helloReply(client: ClientState): MapReply {
  const entries: Array<[Reply, Reply]> = [
    ['server', 'redis'],
    ['version', REDIS_COMPATIBLE_VERSION],
    ['proto', client.protocol],
    ['id', client.id],
    ['mode', 'standalone'],
    ['role', 'master'],
    ['modules', []],
  ];
  return new MapReply(entries);
}

export const CONNECTION_COMMANDS: readonly CommandDefinition[] = [
  {
    ...spec({ name: 'ping', arity: -1, flags: ['fast'], allowedWhileSubscribed: true, summary: 'Ping the server', since: '1.0.0', syntax: '[message]' }),
    handler(context, args) {
      if (args.length > 2) return new ErrorReply("ERR wrong number of arguments for 'ping' command");
      const { client } = context;
      if (client.protocol === 2 && client.channelCount + client.patternCount + client.shardChannelCount > 0) return ['pong', args.length === 2 ? args[1] : ''];
      return args.length === 2 ? args[1] : PONG;
    },
  },
  {
    ...spec({ name: 'echo', arity: 2, flags: ['loading', 'stale', 'fast'], summary: 'Echo the given string', since: '1.0.0', syntax: 'message' }),
    handler: (_context, args) => args[1],
  },
  {
    ...spec({
      name: 'hello', arity: -1, flags: ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'allow_busy'],
      summary: 'Handshake with Redis', since: '6.0.0', complexity: 'O(1)',
      syntax: '[protover [AUTH username password] [SETNAME clientname]]',
    }),
    handler(context, args) {
      const { client } = context;
      let protocol: number | undefined;
      if (args.length >= 2) {
        protocol = parseInteger(args[1]);
        if (protocol === undefined) return new ErrorReply('ERR Protocol version is not an integer or out of range');
        if (protocol < 2 || protocol > 3) return new ErrorReply('NOPROTO unsupported protocol version');
      }
      let name: string | undefined;
      for (let i = 2; i < args.length; i++) {
        const more = args.length - i - 1;
        // Redis 7.0 authenticates as it reads the options: a bad SETNAME after AUTH leaves the client authenticated.
        if (isKeyword(args[i], 'AUTH') && more >= 2) {
          const error = authenticate(context, args, args[i + 1], args[i + 2]);
          if (error) return error;
          i += 2;
        } else if (isKeyword(args[i], 'SETNAME') && more >= 1) {
          name = args[++i];
          if (!isPrintableName(name)) {
            return new ErrorReply('ERR Client names cannot contain spaces, newlines or special characters.');
          }
        } else {
          return new ErrorReply(`ERR Syntax error in HELLO option '${args[i]}'`);
        }
      }
      if (!client.authenticated) {
        return new ErrorReply('NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time');
      }
      if (name !== undefined) client.name = name === '' ? null : name;
      if (protocol !== undefined) client.protocol = protocol as 2 | 3;
      return helloReply(client);
    },
  },
  {
    ...spec({
      name: 'auth', arity: -2, flags: ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'allow_busy'],
      summary: 'Authenticate to the server', since: '1.0.0', complexity: 'O(N) where N is the number of passwords defined for the user',
      syntax: '[username] password',
    }),
    handler(context, args) {
      if (args.length > 3) return SYNTAX_ERROR;
      if (args.length === 2 && context.engine.acl.defaultUser.noPass) return NO_PASSWORD;
      const error = args.length === 2 ? authenticate(context, args, 'default', args[1]) : authenticate(context, args, args[1], args[2]);
      return error ?? OK;
    },
  },
  {
    ...spec({ name: 'select', arity: 2, flags: ['loading', 'stale', 'fast'], summary: 'Change the selected database for the current connection', since: '1.0.0', syntax: 'index' }),
    handler(context, args) {
      const index = parseInteger(args[1]);
      if (index === undefined) return NOT_INTEGER;
      if (index < 0 || index >= context.engine.databaseCount) return INVALID_DB_INDEX;
      context.client.databaseIndex = index;
      return OK;
    },
  },
  {
    ...spec({ name: 'quit', arity: -1, flags: ['allow_busy', 'noscript', 'loading', 'stale', 'fast', 'no_auth'], allowedWhileSubscribed: true, runsInsideMulti: true, summary: 'Close the connection', since: '1.0.0', syntax: '' }),
    handler(context) {
      context.client.closeAfterReply();
      return OK;
    },
  },
  {
    ...spec({ name: 'reset', arity: 1, flags: ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'allow_busy'], allowedWhileSubscribed: true, runsInsideMulti: true, summary: 'Reset the connection', since: '6.2.0', syntax: '' }),
    handler(context) {
      context.session.reset();
      return RESET;
    },
  },
];
