/**
 * Sorted set point reads and counts: ZSCORE ZMSCORE ZCARD ZCOUNT ZLEXCOUNT ZRANK ZREVRANK, and
 * ZSCAN. Ranges are parsed before the key is looked up, as in Redis, so a bad range wins over a
 * missing key or WRONGTYPE.
 */
import { matchGlob } from '../../keyspace/glob.js';
import { SortedSetValue } from '../../keyspace/sorted-set.js';
import { memberAtMostMax } from '../../keyspace/sorted-set-range.js';
import type { ByteString } from '../../resp/byte-string.js';
import { formatDouble } from '../../resp/format-double.js';
import { DoubleReply, ErrorReply, type Reply } from '../../resp/reply.js';
import { INVALID_CURSOR } from '../errors.js';
import { readTyped } from '../lookup.js';
import { parseScanArguments, type ScanArguments } from '../scan-arguments.js';
import type { CommandContext, CommandDefinition } from '../types.js';
import { sortedSetSpec } from './common.js';
import { INVALID_LEX_RANGE, INVALID_SCORE_RANGE, parseLexRange, parseScoreRange } from './score-parsing.js';

function zcount(context: CommandContext, args: readonly ByteString[]): Reply {
  const range = parseScoreRange(args[2], args[3]);
  if (range === undefined) return INVALID_SCORE_RANGE;
  const set = readTyped(context.db, args[1], SortedSetValue);
  if (set === undefined || set instanceof ErrorReply) return set ?? 0;
  const first = set.firstInScoreRange(range);
  return first < 0 ? 0 : set.lastInScoreRange(range) - first + 1;
}

/**
 * ZLEXCOUNT counts the way Redis does for each encoding, which matters only when scores differ:
 * a compact set is walked from the first member in range while members stay below max.
 */
function zlexcount(context: CommandContext, args: readonly ByteString[]): Reply {
  const range = parseLexRange(args[2], args[3]);
  if (range === undefined) return INVALID_LEX_RANGE;
  const set = readTyped(context.db, args[1], SortedSetValue);
  if (set === undefined || set instanceof ErrorReply) return set ?? 0;
  const first = set.firstInLexRange(range);
  if (first < 0) return 0;
  if (set.compact) {
    let count = 0;
    set.walk(first, false, (member) => memberAtMostMax(member, range) && ++count > 0);
    return count;
  }
  const last = set.lastInLexRange(range);
  return last < 0 ? set.size - first : last - first + 1;
}

function zrank(context: CommandContext, args: readonly ByteString[], reverse: boolean): Reply {
  const set = readTyped(context.db, args[1], SortedSetValue);
  if (set === undefined || set instanceof ErrorReply) return set ?? null;
  const rank = set.rank(args[2]);
  if (rank === undefined) return null;
  return reverse ? set.size - 1 - rank : rank;
}

/** One ZSCAN step: a compact set is returned whole, in order, with cursor 0 (as a listpack). */
function scanStep(set: SortedSetValue, scan: ScanArguments): Reply {
  const items: ByteString[] = [];
  const emit = (member: ByteString, score: number) => {
    if (scan.match === null || matchGlob(scan.match, member)) items.push(member, formatDouble(score));
  };
  if (set.compact) {
    for (const [member, score] of set.entries()) emit(member, score);
    return ['0', items];
  }
  return [String(set.scan(scan.cursor, scan.count, emit)), items];
}

/**
 * ZSCAN reads the cursor, then the key, then the options: on a missing key Redis answers the
 * empty scan without looking at MATCH or COUNT.
 */
function zscan(context: CommandContext, args: readonly ByteString[]): Reply {
  const scan = parseScanArguments(args, 2, false);
  if (scan === INVALID_CURSOR) return scan;
  const set = readTyped(context.db, args[1], SortedSetValue);
  if (set === undefined) return ['0', []];
  if (set instanceof ErrorReply) return set;
  if (scan instanceof ErrorReply) return scan;
  return scanStep(set, scan);
}

const FAST_READ = ['readonly', 'fast'] as const;

export const READ_COMMANDS: readonly CommandDefinition[] = [
  {
    ...sortedSetSpec({
      name: 'zscore', arity: 3, flags: FAST_READ, since: '1.2.0', syntax: 'key member', complexity: 'O(1)',
      summary: 'Get the score associated with the given member in a sorted set',
    }),
    handler(context, args) {
      const set = readTyped(context.db, args[1], SortedSetValue);
      if (set === undefined || set instanceof ErrorReply) return set ?? null;
      const score = set.score(args[2]);
      return score === undefined ? null : new DoubleReply(score);
    },
  },
  {
    ...sortedSetSpec({
      name: 'zmscore', arity: -3, flags: FAST_READ, since: '6.2.0', syntax: 'key member [member ...]',
      summary: 'Get the score associated with the given members in a sorted set',
      complexity: 'O(N) where N is the number of members being requested.',
    }),
    handler(context, args) {
      const set = readTyped(context.db, args[1], SortedSetValue);
      if (set instanceof ErrorReply) return set;
      return args.slice(2).map((member) => {
        const score = set?.score(member);
        return score === undefined ? null : new DoubleReply(score);
      });
    },
  },
  {
    ...sortedSetSpec({
      name: 'zcard', arity: 2, flags: FAST_READ, since: '1.2.0', syntax: 'key', complexity: 'O(1)',
      summary: 'Get the number of members in a sorted set',
    }),
    handler(context, args) {
      const set = readTyped(context.db, args[1], SortedSetValue);
      if (set === undefined || set instanceof ErrorReply) return set ?? 0;
      return set.size;
    },
  },
  {
    ...sortedSetSpec({
      name: 'zcount', arity: 4, flags: FAST_READ, since: '2.0.0', syntax: 'key min max',
      summary: 'Count the members in a sorted set with scores within the given values',
      complexity: 'O(log(N)) with N being the number of elements in the sorted set.',
    }),
    handler: zcount,
  },
  {
    ...sortedSetSpec({
      name: 'zlexcount', arity: 4, flags: FAST_READ, since: '2.8.9', syntax: 'key min max',
      summary: 'Count the number of members in a sorted set between a given lexicographical range',
      complexity: 'O(log(N)) with N being the number of elements in the sorted set.',
    }),
    handler: zlexcount,
  },
  {
    ...sortedSetSpec({
      name: 'zrank', arity: 3, flags: FAST_READ, since: '2.0.0', syntax: 'key member', complexity: 'O(log(N))',
      summary: 'Determine the index of a member in a sorted set',
    }),
    handler: (context, args) => zrank(context, args, false),
  },
  {
    ...sortedSetSpec({
      name: 'zrevrank', arity: 3, flags: FAST_READ, since: '2.0.0', syntax: 'key member', complexity: 'O(log(N))',
      summary: 'Determine the index of a member in a sorted set, with scores ordered from high to low',
    }),
    handler: (context, args) => zrank(context, args, true),
  },
  {
    ...sortedSetSpec({
      name: 'zscan', arity: -3, flags: ['readonly'], since: '2.8.0', syntax: 'key cursor [MATCH pattern] [COUNT count]',
      summary: 'Incrementally iterate sorted sets elements and associated scores',
      complexity: 'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..',
    }),
    handler: zscan,
  },
];
