/**
 * Sorted set removals: ZREM, ZREMRANGEBYRANK, ZREMRANGEBYSCORE and ZREMRANGEBYLEX (the pops
 * are in pop.ts). A set emptied by a command is deleted; a changed one is touched (WATCH, dirty).
 * Ranges are parsed before the key is looked up, as in Redis.
 */
import { SortedSetValue } from '../../keyspace/sorted-set.js';
import { memberAtMostMax } from '../../keyspace/sorted-set-range.js';
import type { ByteString } from '../../resp/byte-string.js';
import { ErrorReply, type Reply } from '../../resp/reply.js';
import { clampRange, parseInteger } from '../arguments.js';
import { NOT_INTEGER } from '../errors.js';
import { writeTyped } from '../lookup.js';
import { NOTIFY_GENERIC, NOTIFY_ZSET } from '../../config/keyspace-event-classes.js';
import type { CommandContext, CommandDefinition } from '../types.js';
import { sortedSetSpec } from './common.js';
import { INVALID_LEX_RANGE, INVALID_SCORE_RANGE, parseLexRange, parseScoreRange } from './score-parsing.js';

/** When members were removed: notifies `event`, then deletes the key (with `del`) if the set is now empty. */
function afterRemoval(context: CommandContext, key: ByteString, set: SortedSetValue, removed: number, event: string): void {
  if (removed === 0) return;
  context.notify(NOTIFY_ZSET, event, key);
  if (set.size > 0) return context.db.touch(key);
  context.db.delete(key);
  context.notify(NOTIFY_GENERIC, 'del', key);
}

function zrem(context: CommandContext, args: readonly ByteString[]): Reply {
  const set = writeTyped(context.db, args[1], SortedSetValue);
  if (set === undefined || set instanceof ErrorReply) return set ?? 0;
  let removed = 0;
  for (let index = 2; index < args.length && set.size > 0; index++) if (set.delete(args[index])) removed++;
  afterRemoval(context, args[1], set, removed, 'zrem');
  return removed;
}

type RangeKind = 'rank' | 'score' | 'lex';

/**
 * Finds the ascending ranks [start, end) a ZREMRANGEBY* command removes, or answers an error.
 * Lex ranges are walked from their first member while members stay below max, as Redis does.
 */
function rangeToRemove(args: readonly ByteString[], kind: RangeKind): ((set: SortedSetValue) => [number, number]) | ErrorReply {
  if (kind === 'rank') {
    const start = parseInteger(args[2]);
    const stop = parseInteger(args[3]);
    if (start === undefined || stop === undefined) return NOT_INTEGER;
    return (set) => clampRange(start, stop, set.size) ?? [0, 0];
  }
  if (kind === 'score') {
    const range = parseScoreRange(args[2], args[3]);
    if (range === undefined) return INVALID_SCORE_RANGE;
    return (set) => {
      const first = set.firstInScoreRange(range);
      return first < 0 ? [0, 0] : [first, set.lastInScoreRange(range) + 1];
    };
  }
  const range = parseLexRange(args[2], args[3]);
  if (range === undefined) return INVALID_LEX_RANGE;
  return (set) => {
    const first = set.firstInLexRange(range);
    if (first < 0) return [0, 0];
    let end = first;
    set.walk(first, false, (member) => memberAtMostMax(member, range) && ++end > 0);
    return [first, end];
  };
}

function zremrange(context: CommandContext, args: readonly ByteString[], kind: RangeKind): Reply {
  const locate = rangeToRemove(args, kind);
  if (locate instanceof ErrorReply) return locate;
  const set = writeTyped(context.db, args[1], SortedSetValue);
  if (set === undefined || set instanceof ErrorReply) return set ?? 0;
  const [start, end] = locate(set);
  const removed = set.deleteRankRange(start, end);
  afterRemoval(context, args[1], set, removed, `zremrangeby${kind}`);
  return removed;
}

const REMOVE_RANGE_COMPLEXITY = 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation.';

export const REMOVE_COMMANDS: readonly CommandDefinition[] = [
  {
    ...sortedSetSpec({
      name: 'zrem', arity: -3, flags: ['write', 'fast'], logAs: 'as-typed', since: '1.2.0', syntax: 'key member [member ...]',
      summary: 'Remove one or more members from a sorted set',
      complexity: 'O(M*log(N)) with N being the number of elements in the sorted set and M the number of elements to be removed.',
    }),
    handler: zrem,
  },
  {
    ...sortedSetSpec({
      name: 'zremrangebyrank', arity: 4, flags: ['write'], logAs: 'as-typed', since: '2.0.0', syntax: 'key start stop',
      summary: 'Remove all members in a sorted set within the given indexes', complexity: REMOVE_RANGE_COMPLEXITY,
    }),
    handler: (context, args) => zremrange(context, args, 'rank'),
  },
  {
    ...sortedSetSpec({
      name: 'zremrangebyscore', arity: 4, flags: ['write'], logAs: 'as-typed', since: '1.2.0', syntax: 'key min max',
      summary: 'Remove all members in a sorted set within the given scores', complexity: REMOVE_RANGE_COMPLEXITY,
    }),
    handler: (context, args) => zremrange(context, args, 'score'),
  },
  {
    ...sortedSetSpec({
      name: 'zremrangebylex', arity: 4, flags: ['write'], logAs: 'as-typed', since: '2.8.9', syntax: 'key min max',
      summary: 'Remove all members in a sorted set between the given lexicographical range', complexity: REMOVE_RANGE_COMPLEXITY,
    }),
    handler: (context, args) => zremrange(context, args, 'lex'),
  },
];
