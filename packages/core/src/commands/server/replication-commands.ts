/**
 * Replication's commands on a primary: PSYNC and SYNC (a replica asks for the stream; its
 * connection becomes its link), REPLCONF (the handshake and the replica's acknowledgements),
 * WAIT (answer once enough replicas acknowledged this client's writes), ROLE, and REPLICAOF
 * (SLAVEOF): follow a primary, or stop following one; FAILOVER hands the primary's part to a
 * replica (replication/failover.ts), and PSYNC with FAILOVER is that hand-over reaching the
 * replica. Without a replication service from the host they answer as a primary with no
 * replicas would.
 */
import { parseInteger } from '../arguments.js';
import { NOT_INTEGER, SYNTAX_ERROR } from '../errors.js';
import type { CommandContext, CommandDefinition } from '../types.js';
import type { FailoverRequest } from '../services.js';
import type { ByteString } from '../../resp/byte-string.js';
import { ErrorReply, type Reply } from '../../resp/reply.js';
import type { BlockRequest } from '../types.js';
import { serverSpec } from './spec.js';

const NO_REPLICATION = new ErrorReply('ERR replication is not available in this process');

/** PSYNC replicationid offset [FAILOVER] */
function psync(context: CommandContext, args: readonly ByteString[]): Reply {
  const replication = context.engine.replication;
  if (replication === null) return NO_REPLICATION;
  const offset = parseInteger(args[2]);
  if (offset === undefined) return NOT_INTEGER;
  const failover = args.length > 3 && args[3].toLowerCase() === 'failover';
  return replication.synchronize(context.client, context.session, { replicationId: args[1], offset, failover });
}

/** FAILOVER's arguments as Redis's failoverCommand reads them: each option once, in any order. */
export function parseFailover(args: readonly ByteString[]): FailoverRequest | ErrorReply {
  if (args.length === 2 && args[1].toLowerCase() === 'abort') return { kind: 'abort' };
  let timeoutMs = 0;
  let force = false;
  let target: { host: ByteString; port: number } | null = null;
  for (let j = 1; j < args.length; j++) {
    const option = args[j].toLowerCase();
    if (option === 'timeout' && j + 1 < args.length && timeoutMs === 0) {
      const value = parseInteger(args[j + 1]);
      if (value === undefined) return NOT_INTEGER;
      if (value <= 0) return new ErrorReply('ERR FAILOVER timeout must be greater than 0');
      timeoutMs = value;
      j++;
    } else if (option === 'to' && j + 2 < args.length && target === null) {
      const port = parseInteger(args[j + 2]);
      if (port === undefined) return NOT_INTEGER;
      target = { host: args[j + 1], port };
      j += 2;
    } else if (option === 'force' && !force) {
      force = true;
    } else {
      return SYNTAX_ERROR;
    }
  }
  return { kind: 'start', target, force, timeoutMs };
}

/** FAILOVER [TO host port [FORCE]] [ABORT] [TIMEOUT milliseconds] */
function failover(context: CommandContext, args: readonly ByteString[]): Reply {
  const request = parseFailover(args);
  if (request instanceof ErrorReply) return request;
  const replication = context.engine.replication;
  if (replication === null) return request.kind === 'abort' ? new ErrorReply('ERR No failover in progress.') : new ErrorReply('ERR FAILOVER requires connected replicas.');
  return replication.failoverCommand(request);
}

/** SYNC */
function sync(context: CommandContext): Reply {
  const replication = context.engine.replication;
  if (replication === null) return NO_REPLICATION;
  return replication.synchronize(context.client, context.session, null);
}

/** REPLCONF [option value ...] */
function replconf(context: CommandContext, args: readonly ByteString[]): Reply {
  const replication = context.engine.replication;
  if (replication === null) return NO_REPLICATION;
  return replication.replconf(context.client, args);
}

/** WAIT numreplicas timeout */
function wait(context: CommandContext, args: readonly ByteString[]): Reply | BlockRequest {
  const numreplicas = parseInteger(args[1]);
  if (numreplicas === undefined) return NOT_INTEGER;
  const timeoutMs = parseInteger(args[2]);
  if (timeoutMs === undefined) return new ErrorReply('ERR timeout is not an integer or out of range');
  if (timeoutMs < 0) return new ErrorReply('ERR timeout is negative');
  const replication = context.engine.replication;
  if (replication === null) return 0;
  return replication.wait(context.client, numreplicas, timeoutMs, context.session.runningQueued);
}

/** REPLICAOF host port | NO ONE (and SLAVEOF) */
function replicaof(context: CommandContext, args: readonly ByteString[]): Reply {
  if (context.client.replica) return new ErrorReply('ERR Command is not valid when client is a replica.');
  const replication = context.engine.replication;
  if (replication === null) return NO_REPLICATION;
  if (args[1].toLowerCase() === 'no' && args[2].toLowerCase() === 'one') return replication.replicaOf(args[1], null);
  const port = parseInteger(args[2]);
  if (port === undefined) return NOT_INTEGER;
  return replication.replicaOf(args[1], port);
}

/** ROLE */
function role(context: CommandContext): Reply {
  const replication = context.engine.replication;
  return replication === null ? ['master', 0, []] : replication.role();
}

export const REPLICATION_COMMANDS: readonly CommandDefinition[] = [
  {
    ...serverSpec({ name: 'psync', arity: -3, flags: ['admin', 'noscript', 'no_multi', 'no_async_loading'], complexity: '',
      since: '2.8.0', syntax: 'replicationid offset', summary: 'Internal command used for replication' }),
    handler: psync,
  },
  {
    ...serverSpec({ name: 'sync', arity: 1, flags: ['admin', 'noscript', 'no_multi', 'no_async_loading'], complexity: '',
      since: '1.0.0', syntax: '', summary: 'Internal command used for replication' }),
    handler: sync,
  },
  {
    ...serverSpec({ name: 'replconf', arity: -1, flags: ['admin', 'noscript', 'loading', 'stale', 'allow_busy'],
      since: '3.0.0', syntax: '', summary: 'An internal command for configuring the replication stream' }),
    handler: replconf,
  },
  {
    ...serverSpec({ name: 'wait', arity: 3, flags: ['noscript'], since: '3.0.0', syntax: 'numreplicas timeout',
      summary: 'Wait for the synchronous replication of all the write commands sent in the context of the current connection' }),
    group: 'generic',
    handler: wait,
  },
  {
    ...serverSpec({ name: 'replicaof', arity: 3, flags: ['admin', 'noscript', 'stale', 'no_async_loading'], since: '5.0.0', syntax: 'host port',
      summary: 'Make the server a replica of another instance, or promote it as master.' }),
    handler: replicaof,
  },
  {
    ...serverSpec({ name: 'slaveof', arity: 3, flags: ['admin', 'noscript', 'stale', 'no_async_loading'], since: '1.0.0', syntax: 'host port',
      summary: 'Make the server a replica of another instance, or promote it as master.' }),
    handler: replicaof,
  },
  {
    ...serverSpec({ name: 'failover', arity: -1, flags: ['admin', 'noscript', 'stale'], since: '6.2.0',
      syntax: '[TO host port [FORCE]] [ABORT] [TIMEOUT milliseconds]',
      summary: 'Start a coordinated failover between this server and one of its replicas.' }),
    handler: failover,
  },
  {
    ...serverSpec({ name: 'role', arity: 1, flags: ['noscript', 'loading', 'stale', 'fast'], since: '2.8.12', syntax: '',
      summary: 'Return the role of the instance in the context of replication' }),
    handler: role,
  },
];
