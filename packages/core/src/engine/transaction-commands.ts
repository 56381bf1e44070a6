/**
 * MULTI EXEC DISCARD WATCH UNWATCH. EXEC runs the queued commands back to back — nothing else
 * runs in between, on any shard — and aborts with a null reply when a watched key changed.
 */
import type { ClientSession } from '../commands/services.js';
import type { CommandDefinition } from '../commands/types.js';
import { ErrorReply, NULL_ARRAY, OK, type Reply } from '../resp/reply.js';

const base = { firstKey: 0, lastKey: 0, step: 0, group: 'transactions' as const, syntax: '' };

function endTransaction(session: ClientSession): void {
  session.multiQueue = null;
  session.multiFailed = false;
  session.unwatchAll();
}

export const TRANSACTION_COMMANDS: readonly CommandDefinition[] = [
  {
    ...base, name: 'multi', arity: 1, flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'], runsInsideMulti: true,
    summary: 'Start a transaction', complexity: 'O(1)', since: '1.2.0',
    handler(context) {
      const { session } = context;
      if (session.multiQueue !== null) return new ErrorReply('ERR MULTI calls can not be nested');
      session.multiQueue = [];
      session.multiFailed = false;
      return OK;
    },
  },
  {
    ...base, name: 'exec', arity: 1, flags: ['noscript', 'loading', 'stale', 'skip_slowlog'], runsInsideMulti: true,
    summary: 'Execute all commands issued after MULTI', complexity: 'Depends on commands in the transaction',
    since: '1.2.0',
    handler(context) {
      const { session } = context;
      const queue = session.multiQueue;
      if (queue === null) return new ErrorReply('ERR EXEC without MULTI');
      if (session.multiFailed) {
        endTransaction(session);
        return new ErrorReply('EXECABORT Transaction discarded because of previous errors.');
      }
      // Redis 7.0 aborts EXEC when a watched key expired since WATCH: looking it up expires it.
      session.expireWatchedKeys();
      if (session.watchDirty) {
        endTransaction(session);
        return NULL_ARRAY;
      }
      session.multiQueue = null;
      session.unwatchAll();
      const replies: Reply[] = [];
      for (const args of queue) replies.push(...session.runQueued(args));
      session.lastCommand = 'exec';
      return replies;
    },
  },
  {
    ...base, name: 'discard', arity: 1, flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'], runsInsideMulti: true,
    summary: 'Discard all commands issued after MULTI', complexity: 'O(N), when N is the number of queued commands',
    since: '2.0.0',
    handler(context) {
      if (context.session.multiQueue === null) return new ErrorReply('ERR DISCARD without MULTI');
      endTransaction(context.session);
      return OK;
    },
  },
  {
    ...base, name: 'watch', arity: -2, flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'], runsInsideMulti: true,
    firstKey: 1, lastKey: -1, step: 1, syntax: 'key [key ...]',
    summary: 'Watch the given keys to determine execution of the MULTI/EXEC block', complexity: 'O(1) for every key.',
    since: '2.2.0',
    handler(context, args) {
      if (context.session.multiQueue !== null) return new ErrorReply('ERR WATCH inside MULTI is not allowed');
      for (let i = 1; i < args.length; i++) context.session.watch(args[i]);
      return OK;
    },
  },
  {
    ...base, name: 'unwatch', arity: 1, flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'],
    summary: 'Forget about all watched keys', complexity: 'O(1)', since: '2.2.0',
    handler(context) {
      context.session.unwatchAll();
      return OK;
    },
  },
];
