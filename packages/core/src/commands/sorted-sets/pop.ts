/**
 * Popping the lowest or highest members: ZPOPMIN, ZPOPMAX, ZMPOP and the blocking BZPOPMIN,
 * BZPOPMAX and BZMPOP, one pop routine as Redis's genericZpopCommand. Reply shapes, as Redis 7.0:
 * - ZPOPMIN/ZPOPMAX: flat [member, score, …]; in RESP3 with a count, [member, score] pairs;
 * - BZPOPMIN/BZPOPMAX: flat [key, member, score];
 * - ZMPOP/BZMPOP: [key, [[member, score], …]] in both protocols, null when nothing to pop.
 * A blocked client is served when a sorted set is created under one of its keys (the creating
 * commands signal the key ready); a timeout, or blocking inside MULTI, answers the null array.
 */
import { SortedSetValue } from '../../keyspace/sorted-set.js';
import type { ByteString } from '../../resp/byte-string.js';
import { DoubleReply, ErrorReply, NULL_ARRAY, type Reply } from '../../resp/reply.js';
import { isKeyword, parseInteger } from '../arguments.js';
import { parseDeadline } from '../blocking-arguments.js';
import { keysAfterNumkeys } from '../key-positions.js';
import { COUNT_NOT_POSITIVE, NOT_POSITIVE, NUMKEYS_NOT_POSITIVE, SYNTAX_ERROR, WRONG_TYPE } from '../errors.js';
import { writeTyped } from '../lookup.js';
import { BlockRequest, type CommandContext, type CommandDefinition } from '../types.js';
import { NOTIFY_GENERIC, NOTIFY_ZSET } from '../../config/keyspace-event-classes.js';
import { nestsPairs, scoredReply, sortedSetSpec, type ScoredMember } from './common.js';


/** Removes up to `count` members from one end of `set`, deleting the key if emptied. */
function popFrom(context: CommandContext, key: ByteString, set: SortedSetValue, count: number, fromTop: boolean): ScoredMember[] {
  const taken = Math.min(count, set.size);
  const items: ScoredMember[] = [];
  if (taken > 0) set.walk(fromTop ? set.size - 1 : 0, fromTop, (member, score) => items.push([member, score]) < taken);
  set.deleteRankRange(fromTop ? set.size - taken : 0, fromTop ? set.size : taken);
  if (taken === 0) return items;
  context.notify(NOTIFY_ZSET, fromTop ? 'zpopmax' : 'zpopmin', key);
  if (set.size > 0) context.db.touch(key);
  else {
    context.db.delete(key);
    context.notify(NOTIFY_GENERIC, 'del', key);
  }
  return items;
}

/**
 * The first of `keys` holding a sorted set, or undefined when none does. A key of another type
 * answers WRONGTYPE, unless `skipOtherTypes` (a blocked client retrying skips them, as Redis
 * only wakes it for keys that became sorted sets).
 */
function firstSortedSet(context: CommandContext, keys: readonly ByteString[], skipOtherTypes: boolean): [ByteString, SortedSetValue] | undefined | ErrorReply {
  for (const key of keys) {
    const value = context.db.lookupWrite(key);
    if (value === undefined) continue;
    if (value instanceof SortedSetValue) return [key, value];
    if (!skipOtherTypes) return WRONG_TYPE;
  }
  return undefined;
}

/** ZPOPMIN/ZPOPMAX key [count] */
function zpop(context: CommandContext, args: readonly ByteString[], fromTop: boolean): Reply {
  if (args.length > 3) return SYNTAX_ERROR;
  let count = 1;
  if (args.length === 3) {
    // Redis answers "must be positive" for a count that is not an integer too.
    const parsed = parseInteger(args[2]);
    if (parsed === undefined || parsed < 0) return NOT_POSITIVE;
    count = parsed;
  }
  const set = writeTyped(context.db, args[1], SortedSetValue);
  if (set === undefined || set instanceof ErrorReply) return set ?? [];
  return scoredReply(popFrom(context, args[1], set, count, fromTop), true, args.length === 3 && nestsPairs(context));
}

interface BlockingPop {
  readonly keys: readonly ByteString[];
  readonly count: number;
  readonly fromTop: boolean;
  /** ZMPOP/BZMPOP shape (nested) rather than BZPOPMIN's flat one. */
  readonly multiple: boolean;
}

/** Pops from the first non-empty sorted set of `pop.keys`, or undefined when there is none. */
function tryPop(context: CommandContext, pop: BlockingPop, retrying: boolean): Reply | undefined {
  const found = firstSortedSet(context, pop.keys, retrying);
  if (found === undefined || found instanceof ErrorReply) return found;
  const [key, set] = found;
  const items = popFrom(context, key, set, pop.count, pop.fromTop);
  if (pop.multiple) return [key, scoredReply(items, true, true)];
  const [member, score] = items[0];
  return [key, member, new DoubleReply(score)];
}

/** Serves at once, or parks the client until a key gets a sorted set or the deadline passes. */
function popOrBlock(context: CommandContext, pop: BlockingPop, deadlineText: ByteString | null): Reply | BlockRequest {
  let deadlineMs = 0;
  if (deadlineText !== null) {
    const parsed = parseDeadline(context, deadlineText);
    if (parsed instanceof ErrorReply) return parsed;
    deadlineMs = parsed;
  }
  const reply = tryPop(context, pop, false);
  if (reply !== undefined) return reply;
  if (deadlineText === null) return NULL_ARRAY;
  return new BlockRequest(pop.keys, deadlineMs, (retryContext) => tryPop(retryContext, pop, true), NULL_ARRAY);
}

/** ZMPOP numkeys key [key …] MIN|MAX [COUNT count]; BZMPOP takes a timeout first. */
function zmpop(context: CommandContext, args: readonly ByteString[], blocking: boolean): Reply | BlockRequest {
  const numkeysIndex = blocking ? 2 : 1;
  const keyCount = parseInteger(args[numkeysIndex]);
  if (keyCount === undefined || keyCount < 1) return NUMKEYS_NOT_POSITIVE;
  const whereIndex = numkeysIndex + keyCount + 1;
  if (whereIndex >= args.length) return SYNTAX_ERROR;
  let fromTop: boolean;
  if (isKeyword(args[whereIndex], 'MIN')) fromTop = false;
  else if (isKeyword(args[whereIndex], 'MAX')) fromTop = true;
  else return SYNTAX_ERROR;
  let count = -1;
  for (let index = whereIndex + 1; index < args.length; index++) {
    if (count === -1 && isKeyword(args[index], 'COUNT') && index + 1 < args.length) {
      const parsed = parseInteger(args[++index]);
      if (parsed === undefined || parsed < 1) return COUNT_NOT_POSITIVE;
      count = parsed;
    } else {
      return SYNTAX_ERROR;
    }
  }
  const keys = args.slice(numkeysIndex + 1, whereIndex);
  return popOrBlock(context, { keys, count: count === -1 ? 1 : count, fromTop, multiple: true }, blocking ? args[1] : null);
}

/** BZPOPMIN/BZPOPMAX key [key …] timeout */
function bzpop(context: CommandContext, args: readonly ByteString[], fromTop: boolean): Reply | BlockRequest {
  return popOrBlock(context, { keys: args.slice(1, -1), count: 1, fromTop, multiple: false }, args[args.length - 1]);
}

const POP_COMPLEXITY = 'O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.';
const MULTI_POP_COMPLEXITY = 'O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped.';

export const POP_COMMANDS: readonly CommandDefinition[] = [
  {
    ...sortedSetSpec({
      name: 'zpopmin', arity: -2, flags: ['write', 'fast'], logAs: 'as-typed', since: '5.0.0', syntax: 'key [count]',
      summary: 'Remove and return members with the lowest scores in a sorted set', complexity: POP_COMPLEXITY,
    }),
    handler: (context, args) => zpop(context, args, false),
  },
  {
    ...sortedSetSpec({
      name: 'zpopmax', arity: -2, flags: ['write', 'fast'], logAs: 'as-typed', since: '5.0.0', syntax: 'key [count]',
      summary: 'Remove and return members with the highest scores in a sorted set', complexity: POP_COMPLEXITY,
    }),
    handler: (context, args) => zpop(context, args, true),
  },
  {
    ...sortedSetSpec({
      name: 'bzpopmin', arity: -3, flags: ['write', 'noscript', 'blocking', 'fast'], logAs: 'as-typed', lastKey: -2, since: '5.0.0',
      syntax: 'key [key ...] timeout', complexity: 'O(log(N)) with N being the number of elements in the sorted set.',
      summary: 'Remove and return the member with the lowest score from one or more sorted sets, or block until one is available',
    }),
    handler: (context, args) => bzpop(context, args, false),
  },
  {
    ...sortedSetSpec({
      name: 'bzpopmax', arity: -3, flags: ['write', 'noscript', 'blocking', 'fast'], logAs: 'as-typed', lastKey: -2, since: '5.0.0',
      syntax: 'key [key ...] timeout', complexity: 'O(log(N)) with N being the number of elements in the sorted set.',
      summary: 'Remove and return the member with the highest score from one or more sorted sets, or block until one is available',
    }),
    handler: (context, args) => bzpop(context, args, true),
  },
  {
    ...sortedSetSpec({
      name: 'zmpop', arity: -4, flags: ['write', 'movablekeys'], logAs: 'as-typed', firstKey: 0, lastKey: 0, step: 0, since: '7.0.0',
      syntax: 'numkeys key [key ...] <MIN | MAX> [COUNT count]', complexity: MULTI_POP_COMPLEXITY,
      summary: 'Remove and return members with scores in a sorted set', keys: keysAfterNumkeys(1),
    }),
    handler: (context, args) => zmpop(context, args, false),
  },
  {
    ...sortedSetSpec({
      name: 'bzmpop', arity: -5, flags: ['write', 'blocking', 'movablekeys'], logAs: 'as-typed', firstKey: 0, lastKey: 0, step: 0, since: '7.0.0',
      syntax: 'timeout numkeys key [key ...] <MIN | MAX> [COUNT count]', complexity: MULTI_POP_COMPLEXITY,
      summary: 'Remove and return members with scores in a sorted set or block until one is available', keys: keysAfterNumkeys(2),
    }),
    handler: (context, args) => zmpop(context, args, true),
  },
];
