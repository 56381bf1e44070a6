/**
 * BLPOP BRPOP BLMOVE BRPOPLPUSH: serve at once when a list has elements; otherwise return a
 * BlockRequest and let the engine park the client until a push signals one of its keys (it
 * then calls `retry`) or the timeout passes (the client gets the null array, as in Redis 7.0).
 */
import type { ByteString } from '../../resp/byte-string.js';
import { ErrorReply, NULL_ARRAY, type Reply } from '../../resp/reply.js';
import { parseDeadline } from '../blocking-arguments.js';
import { SYNTAX_ERROR } from '../errors.js';
import { BlockRequest, type CommandContext, type CommandDefinition } from '../types.js';
import { listSpec } from './basic.js';
import { ListValue } from '../../keyspace/values.js';
import { listForWrite, moveElement, parseEnd, popValues, type End } from './list-access.js';

/** Pops from the first non-empty list among `keys`; WRONGTYPE if one holds another type. */
function popFirst(context: CommandContext, keys: readonly ByteString[], end: End, strictTypes: boolean): Reply | undefined {
  for (const key of keys) {
    const list = listForWrite(context.db, key);
    if (list instanceof ErrorReply) {
      if (strictTypes) return list;
      continue;
    }
    if (list !== undefined) return [key, popValues(context, key, list, end, 1)[0]];
  }
  return undefined;
}

function blockingPop(end: End) {
  return (context: CommandContext, args: readonly ByteString[]): Reply | BlockRequest => {
    const deadline = parseDeadline(context, args[args.length - 1]);
    if (deadline instanceof ErrorReply) return deadline;
    const keys = args.slice(1, -1);
    const served = popFirst(context, keys, end, true);
    if (served !== undefined) return served;
    return new BlockRequest(keys, deadline, (retryContext) => popFirst(retryContext, keys, end, false), NULL_ARRAY);
  };
}

function tryMove(context: CommandContext, source: ByteString, destination: ByteString, from: End, to: End): Reply | undefined {
  const moved = moveElement(context, source, destination, from, to);
  return moved === null ? undefined : moved;
}

function blockingMove(context: CommandContext, source: ByteString, destination: ByteString, from: End, to: End, timeout: ByteString) {
  const deadline = parseDeadline(context, timeout);
  if (deadline instanceof ErrorReply) return deadline;
  const served = tryMove(context, source, destination, from, to);
  if (served !== undefined) return served;
  return new BlockRequest([source], deadline, (retryContext) => {
    // Served only once the source holds a list (as Redis serves only list keys); a destination of
    // another type then answers WRONGTYPE and the element stays (Redis's Tcl unit/type/list).
    if (!(listForWrite(retryContext.db, source) instanceof ListValue)) return undefined;
    return tryMove(retryContext, source, destination, from, to);
  }, NULL_ARRAY);
}

export const BLOCKING_LIST_COMMANDS: readonly CommandDefinition[] = [
  { ...listSpec({ name: 'blpop', arity: -3, flags: ['write', 'noscript', 'blocking'], logAs: 'as-typed', lastKey: -2, since: '2.0.0', syntax: 'key [key ...] timeout', summary: 'Remove and get the first element in a list, or block until one is available', complexity: 'O(N) where N is the number of provided keys.' }), handler: blockingPop('left') },
  { ...listSpec({ name: 'brpop', arity: -3, flags: ['write', 'noscript', 'blocking'], logAs: 'as-typed', lastKey: -2, since: '2.0.0', syntax: 'key [key ...] timeout', summary: 'Remove and get the last element in a list, or block until one is available', complexity: 'O(N) where N is the number of provided keys.' }), handler: blockingPop('right') },
  {
    ...listSpec({ name: 'blmove', arity: 6, flags: ['write', 'denyoom', 'noscript', 'blocking'], logAs: 'as-typed', lastKey: 2, since: '6.2.0', syntax: 'source destination LEFT|RIGHT LEFT|RIGHT timeout', summary: 'Pop an element from a list, push it to another list and return it; or block until one is available', complexity: 'O(1)' }),
    handler(context, args) {
      const from = parseEnd(args[3]);
      const to = parseEnd(args[4]);
      if (from === undefined || to === undefined) return SYNTAX_ERROR;
      return blockingMove(context, args[1], args[2], from, to, args[5]);
    },
  },
  {
    ...listSpec({ name: 'brpoplpush', arity: 4, flags: ['write', 'denyoom', 'noscript', 'blocking'], logAs: 'as-typed', lastKey: 2, since: '2.2.0', syntax: 'source destination timeout', summary: 'Pop an element from a list, push it to another list and return it; or block until one is available', complexity: 'O(1)' }),
    handler: (context, args) => blockingMove(context, args[1], args[2], 'right', 'left', args[3]),
  },
];

