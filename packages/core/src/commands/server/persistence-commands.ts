/**
 * The AOF's commands: BGREWRITEAOF (rewrite every shard's files in the background) and WAITAOF
 * (answer once this client's writes are fsynced). Both need appendonly yes.
 */
import { parseInteger } from '../arguments.js';
import { NOT_INTEGER } from '../errors.js';
import type { BlockRequest, CommandContext, CommandDefinition } from '../types.js';
import type { ByteString } from '../../resp/byte-string.js';
import { ErrorReply, SimpleString, type Reply } from '../../resp/reply.js';
import { serverSpec } from './spec.js';

/** BGREWRITEAOF: starts the rewrite (or schedules it after a running BGSAVE) and answers at once, as Redis does; INFO shows its progress. */
function bgrewriteaof(context: CommandContext): Reply {
  const persistence = context.engine.persistence;
  if (persistence === null) return new ErrorReply('ERR Background append only file rewriting is not possible: appendonly is no');
  const outcome = persistence.startRewrite();
  if (outcome === 'scheduled') return new SimpleString('Background append only file rewriting scheduled');
  if (outcome !== 'started') return new ErrorReply(`ERR ${outcome.refused}`);
  return new SimpleString('Background append only file rewriting started');
}

/**
 * WAITAOF numlocal numreplicas timeout → [local, replicas] (Redis 7.2). With numreplicas 0 and
 * numlocal 1 the reply waits until this client's last write is fsynced on every shard it touched
 * (an fsync is requested at once, whatever appendfsync says). With numreplicas > 0 replication
 * answers: replicas count once their FACK (their own AOF's durable offset) covers the write.
 */
function waitaof(context: CommandContext, args: readonly ByteString[]): Reply | BlockRequest {
  const numlocal = parseInteger(args[1]);
  const numreplicas = parseInteger(args[2]);
  const timeout = parseInteger(args[3]);
  if (numlocal === undefined || numreplicas === undefined || timeout === undefined) return NOT_INTEGER;
  if (timeout < 0) return new ErrorReply('ERR timeout is negative');
  const persistence = context.engine.persistence;
  if (numlocal > 0 && persistence === null) return new ErrorReply('ERR WAITAOF cannot be used when numlocal is set but appendonly is disabled.');
  if (numreplicas > 0) {
    const replication = context.engine.replication;
    if (persistence === null || replication === null) return new ErrorReply('ERR WAITAOF cannot wait for replicas without appendonly yes and replication');
    return replication.waitAof(context.client, numlocal, numreplicas, timeout, context.session.runningQueued);
  }
  if (persistence === null) return [0, 0];
  const target = context.client.lastWriteLsn;
  if (numlocal === 0 || target <= persistence.committedLsn) return [target <= persistence.committedLsn ? 1 : 0, 0];
  persistence.requestSync();
  context.engine.holdReplyUntilCommitted(target);
  return [1, 0];
}

export const PERSISTENCE_COMMANDS: readonly CommandDefinition[] = [
  {
    ...serverSpec({ name: 'bgrewriteaof', arity: 1, flags: ['admin', 'noscript'],
      since: '1.0.0', syntax: '', summary: 'Asynchronously rewrites the append-only file to disk.' }),
    handler: bgrewriteaof,
  },
  {
    ...serverSpec({ name: 'waitaof', arity: 4, flags: ['noscript'], since: '7.2.0', syntax: 'numlocal numreplicas timeout',
      summary: 'Blocks until all of the preceding write commands sent by the connection are written to the append-only file of the master and/or replicas.' }),
    group: 'generic',
    handler: waitaof,
  },
];
