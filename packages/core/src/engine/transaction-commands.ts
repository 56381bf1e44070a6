/**
 * MULTI EXEC DISCARD WATCH UNWATCH. EXEC runs the queued commands back to back — nothing else
 * runs in between, on any shard — and aborts with a null reply when a watched key changed.
 */
import { BlockRequest, type CommandContext, type CommandDefinition } from '../commands/types.js';
import { ErrorReply, NO_REPLY, NULL_ARRAY, OK, type Reply } from '../resp/reply.js';
import type { Connection } from './connection.js';

const connectionOf = (context: CommandContext) => context.client as Connection;
const base = { firstKey: 0, lastKey: 0, step: 0, group: 'transactions' as const, syntax: '' };

function endTransaction(connection: Connection): void {
  connection.multiQueue = null;
  connection.multiFailed = false;
  connection.engine.watches.unwatchAll(connection);
}

/** Redis 7.0 aborts EXEC when a watched key expired since WATCH; expiring it here marks it. */
function expireWatchedKeys(connection: Connection): void {
  for (const { database, key } of connection.watched) connection.engine.database(database).exists(key);
}

export const TRANSACTION_COMMANDS: readonly CommandDefinition[] = [
  {
    ...base, name: 'multi', arity: 1, flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'],
    summary: 'Start a transaction', complexity: 'O(1)', since: '1.2.0',
    handler(context) {
      const connection = connectionOf(context);
      if (connection.multiQueue !== null) return new ErrorReply('ERR MULTI calls can not be nested');
      connection.multiQueue = [];
      connection.multiFailed = false;
      return OK;
    },
  },
  {
    ...base, name: 'exec', arity: 1, flags: ['noscript', 'loading', 'stale', 'skip_slowlog'],
    summary: 'Execute all commands issued after MULTI', complexity: 'Depends on commands in the transaction',
    since: '1.2.0',
    handler(context) {
      const connection = connectionOf(context);
      const queue = connection.multiQueue;
      if (queue === null) return new ErrorReply('ERR EXEC without MULTI');
      if (connection.multiFailed) {
        endTransaction(connection);
        return new ErrorReply('EXECABORT Transaction discarded because of previous errors.');
      }
      expireWatchedKeys(connection);
      if (connection.watchDirty) {
        endTransaction(connection);
        return NULL_ARRAY;
      }
      connection.multiQueue = null;
      connection.engine.watches.unwatchAll(connection);
      const replies: Reply[] = [];
      for (const args of queue) {
        let reply: ReturnType<typeof connection.engine.call> = NO_REPLY;
        const pushed = connection.captureReplies(() => (reply = connection.engine.call(connection, args, true)));
        replies.push(...pushed);
        if (reply !== NO_REPLY) replies.push(reply instanceof BlockRequest ? reply.timeoutReply : reply);
      }
      connection.lastCommand = 'exec';
      return replies;
    },
  },
  {
    ...base, name: 'discard', arity: 1, flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'],
    summary: 'Discard all commands issued after MULTI', complexity: 'O(N), when N is the number of queued commands',
    since: '2.0.0',
    handler(context) {
      const connection = connectionOf(context);
      if (connection.multiQueue === null) return new ErrorReply('ERR DISCARD without MULTI');
      endTransaction(connection);
      return OK;
    },
  },
  {
    ...base, name: 'watch', arity: -2, flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'],
    firstKey: 1, lastKey: -1, step: 1, syntax: 'key [key ...]',
    summary: 'Watch the given keys to determine execution of the MULTI/EXEC block', complexity: 'O(1) for every key.',
    since: '2.2.0',
    handler(context, args) {
      const connection = connectionOf(context);
      if (connection.multiQueue !== null) return new ErrorReply('ERR WATCH inside MULTI is not allowed');
      for (let i = 1; i < args.length; i++) connection.engine.watches.watch(connection, connection.databaseIndex, args[i]);
      return OK;
    },
  },
  {
    ...base, name: 'unwatch', arity: 1, flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'],
    summary: 'Forget about all watched keys', complexity: 'O(1)', since: '2.2.0',
    handler(context) {
      connectionOf(context).engine.watches.unwatchAll(connectionOf(context));
      return OK;
    },
  },
];
