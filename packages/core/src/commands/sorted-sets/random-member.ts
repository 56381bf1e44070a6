/**
 * ZRANDMEMBER key [count [WITHSCORES]], with Redis 7.0's checks in Redis's order: the count,
 * the syntax, the WITHSCORES range, then the key. Picks come from the seeded Random. A count at
 * least the set's size returns the whole set the way Redis iterates it: highest first.
 */
import { randomIndex } from '../../io/random.js';
import { SortedSetValue } from '../../keyspace/sorted-set.js';
import type { ByteString } from '../../resp/byte-string.js';
import { ErrorReply, type Reply } from '../../resp/reply.js';
import { INT64_MAX, isKeyword, parseInt64 } from '../arguments.js';
import { NOT_INTEGER, SYNTAX_ERROR } from '../errors.js';
import { readTyped } from '../lookup.js';
import { RANDOM_REPLY_COUNT_MAX, randomSample } from '../random-sample.js';
import type { CommandContext, CommandDefinition } from '../types.js';
import { nestsPairs, scoredReply, sortedSetSpec, type ScoredMember } from './common.js';

const COUNT_RANGE = new ErrorReply(`ERR value is out of range, value must between -${INT64_MAX} and ${INT64_MAX}`);
const OUT_OF_RANGE = new ErrorReply('ERR value is out of range');

function zrandmember(context: CommandContext, args: readonly ByteString[]): Reply {
  if (args.length === 2) {
    const set = readTyped(context.db, args[1], SortedSetValue);
    if (set === undefined || set instanceof ErrorReply) return set ?? null;
    return set.entryAtPosition(randomIndex(context.random, set.size))[0];
  }
  const exact = parseInt64(args[2]);
  if (exact === undefined) return NOT_INTEGER;
  if (exact < -INT64_MAX) return COUNT_RANGE;
  if (args.length > 4 || (args.length === 4 && !isKeyword(args[3], 'WITHSCORES'))) return SYNTAX_ERROR;
  const withScores = args.length === 4;
  if (withScores && (exact < -INT64_MAX / 2n || exact > INT64_MAX / 2n)) return OUT_OF_RANGE;
  const count = Number(exact);
  if (count < -RANDOM_REPLY_COUNT_MAX) return OUT_OF_RANGE;
  const set = readTyped(context.db, args[1], SortedSetValue);
  if (set === undefined || set instanceof ErrorReply) return set ?? [];
  if (count === 0) return [];
  let items: ScoredMember[];
  if (count >= set.size) {
    items = [];
    set.walk(set.size - 1, true, (member, score) => items.push([member, score]) > 0);
  } else {
    items = randomSample(set.size, count, context.random).map((position) => set.entryAtPosition(position));
  }
  return scoredReply(items, withScores, nestsPairs(context));
}

export const RANDOM_MEMBER_COMMANDS: readonly CommandDefinition[] = [
  {
    ...sortedSetSpec({
      name: 'zrandmember', arity: -2, flags: ['readonly'], since: '6.2.0', syntax: 'key [count [WITHSCORES]]',
      summary: 'Get one or multiple random elements from a sorted set',
      complexity: 'O(N) where N is the number of elements returned',
    }),
    handler: zrandmember,
  },
];
