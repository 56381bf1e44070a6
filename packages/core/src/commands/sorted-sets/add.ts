/**
 * ZADD and ZINCRBY, one generic function as Redis's zaddGenericCommand: ZINCRBY is ZADD with
 * INCR forced, so it also reads flags at argument 2 (`ZINCRBY key nx member` is a syntax error
 * in Redis too). Scores are parsed before the key is looked up, so a bad score wins over
 * WRONGTYPE; the NaN check happens per element, after earlier elements were applied.
 */
import { SortedSetValue } from '../../keyspace/sorted-set.js';
import type { ByteString } from '../../resp/byte-string.js';
import { DoubleReply, ErrorReply, type Reply } from '../../resp/reply.js';
import { isKeyword } from '../arguments.js';
import { NOT_FLOAT, SYNTAX_ERROR } from '../errors.js';
import { writeTyped } from '../lookup.js';
import { NOTIFY_ZSET } from '../../config/keyspace-event-classes.js';
import type { CommandContext, CommandDefinition } from '../types.js';
import { listpackLimits, prepareNewMember, sortedSetSpec, startsCompact, type ListpackLimits } from './common.js';
import { parseScore } from './score-parsing.js';

const XX_AND_NX = new ErrorReply('ERR XX and NX options at the same time are not compatible');
const GT_LT_NX = new ErrorReply('ERR GT, LT, and/or NX options at the same time are not compatible');
const INCR_SINGLE_PAIR = new ErrorReply('ERR INCR option supports a single increment-element pair');
const NAN_SCORE = new ErrorReply('ERR resulting score is not a number (NaN)');

interface AddOptions {
  nx: boolean;
  xx: boolean;
  gt: boolean;
  lt: boolean;
  ch: boolean;
  incr: boolean;
}

/** Reads the flags from argument 2 on; returns them and the index of the first score. */
function parseFlags(args: readonly ByteString[], incr: boolean): [AddOptions, number] {
  const options: AddOptions = { nx: false, xx: false, gt: false, lt: false, ch: false, incr };
  let index = 2;
  for (; index < args.length; index++) {
    const argument = args[index];
    if (isKeyword(argument, 'NX')) options.nx = true;
    else if (isKeyword(argument, 'XX')) options.xx = true;
    else if (isKeyword(argument, 'GT')) options.gt = true;
    else if (isKeyword(argument, 'LT')) options.lt = true;
    else if (isKeyword(argument, 'CH')) options.ch = true;
    else if (isKeyword(argument, 'INCR')) options.incr = true;
    else break;
  }
  return [options, index];
}

/** What one element did: the counters ZADD replies with, and the last resulting score. */
interface AddOutcome {
  added: number;
  updated: number;
  processed: number;
  score: number;
}

/** Redis's zsetAdd for one element; returns false when INCR produced NaN. */
function addOne(
  set: SortedSetValue, member: ByteString, score: number, options: AddOptions, limits: ListpackLimits, outcome: AddOutcome,
): boolean {
  const current = set.score(member);
  if (current !== undefined) {
    if (options.nx) return true;
    const next = options.incr ? score + current : score;
    if (Number.isNaN(next)) return false;
    if ((options.lt && next >= current) || (options.gt && next <= current)) return true;
    outcome.score = next;
    outcome.processed++;
    if (next !== current) {
      set.move(member, current, next);
      outcome.updated++;
    }
    return true;
  }
  if (options.xx) return true;
  // Convert before inserting, as Redis does, so a -0 that crosses the limit stays -0.
  prepareNewMember(set, member, limits);
  set.set(member, score);
  outcome.score = score;
  outcome.added++;
  outcome.processed++;
  return true;
}

function zadd(context: CommandContext, args: readonly ByteString[], forceIncrement: boolean): Reply {
  const [options, firstScore] = parseFlags(args, forceIncrement);
  const remaining = args.length - firstScore;
  if (remaining === 0 || remaining % 2 !== 0) return SYNTAX_ERROR;
  if (options.nx && options.xx) return XX_AND_NX;
  if ((options.gt && options.nx) || (options.lt && options.nx) || (options.gt && options.lt)) return GT_LT_NX;
  if (options.incr && remaining > 2) return INCR_SINGLE_PAIR;
  const scores: number[] = [];
  for (let index = firstScore; index < args.length; index += 2) {
    const score = parseScore(args[index]);
    if (score === undefined) return NOT_FLOAT;
    scores.push(score);
  }
  const key = args[1];
  const found = writeTyped(context.db, key, SortedSetValue);
  if (found instanceof ErrorReply) return found;
  if (found === undefined && options.xx) return options.incr ? null : 0;
  const limits = listpackLimits(context.engine);
  const set = found ?? new SortedSetValue();
  if (found === undefined) set.compact = startsCompact(args[firstScore + 1], limits);
  const outcome: AddOutcome = { added: 0, updated: 0, processed: 0, score: 0 };
  let failed = false;
  for (let i = 0; i < scores.length && !failed; i++) {
    failed = !addOne(set, args[firstScore + 2 * i + 1], scores[i], options, limits, outcome);
  }
  if (found === undefined) {
    if (set.size > 0) {
      context.db.set(key, set);
      context.db.signalReady(key);
    }
  } else if (outcome.added + outcome.updated > 0) {
    context.db.touch(key);
  }
  if (outcome.added + outcome.updated > 0) context.notify(NOTIFY_ZSET, options.incr ? 'zincr' : 'zadd', key);
  if (failed) return NAN_SCORE;
  if (options.incr) return outcome.processed > 0 ? new DoubleReply(outcome.score) : null;
  return options.ch ? outcome.added + outcome.updated : outcome.added;
}

export const ADD_COMMANDS: readonly CommandDefinition[] = [
  {
    ...sortedSetSpec({
      name: 'zadd', arity: -4, flags: ['write', 'denyoom', 'fast'], logAs: 'as-typed',
      summary: 'Add one or more members to a sorted set, or update its score if it already exists',
      complexity: 'O(log(N)) for each item added, where N is the number of elements in the sorted set.',
      since: '1.2.0', syntax: 'key [NX | XX] [GT | LT] [CH] [INCR] score member [score member ...]',
    }),
    handler: (context, args) => zadd(context, args, false),
  },
  {
    ...sortedSetSpec({
      name: 'zincrby', arity: 4, flags: ['write', 'denyoom', 'fast'], logAs: 'as-typed',
      summary: 'Increment the score of a member in a sorted set',
      complexity: 'O(log(N)) where N is the number of elements in the sorted set.',
      since: '1.2.0', syntax: 'key increment member',
    }),
    handler: (context, args) => zadd(context, args, true),
  },
];
