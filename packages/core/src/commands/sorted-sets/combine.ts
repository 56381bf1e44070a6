/**
 * ZUNION, ZINTER, ZDIFF, ZINTERCARD and the STORE forms: one generic function as Redis's
 * zunionInterDiffGenericCommand. Inputs may be sorted sets or plain sets (every member scores
 * 1). Order of checks, as Redis: numkeys, the input keys' types, then the options.
 *
 * Floating-point details kept from Redis, since they decide scores:
 * - union and intersection visit the inputs smallest first (a stable sort by size), so sums
 *   add in the same order;
 * - a weighted score that is NaN (0 × inf) counts as 0 in a union and for the intersection's
 *   first input; for the other inputs of an intersection the NaN reaches the aggregate, where
 *   SUM turns the total into 0 and MIN/MAX ignore it;
 * - SUM of +inf and -inf is 0.
 */
import { SetValue } from '../../keyspace/values.js';
import { SortedSetValue } from '../../keyspace/sorted-set.js';
import { compareEntries } from '../../keyspace/sorted-set-tree.js';
import type { ByteString } from '../../resp/byte-string.js';
import { ErrorReply, type Reply } from '../../resp/reply.js';
import { isKeyword, parseInteger } from '../arguments.js';
import { NOT_INTEGER, SYNTAX_ERROR, WRONG_TYPE } from '../errors.js';
import { keysAfterNumkeys } from '../key-positions.js';
import type { CommandContext, CommandDefinition } from '../types.js';
import { nestsPairs, scoredReply, sortedSetSpec, storeScored, type ScoredMember } from './common.js';
import { parseScore } from './score-parsing.js';

export type CombineOperation = 'union' | 'inter' | 'diff';
type Aggregate = 'sum' | 'min' | 'max';

const WEIGHT_NOT_FLOAT = new ErrorReply('ERR weight value is not a float');
const NEGATIVE_LIMIT = new ErrorReply("ERR LIMIT can't be negative");

/** One input: a sorted set, a set, or nothing (a missing key), with its weight. */
interface Source {
  readonly value: SortedSetValue | SetValue | undefined;
  weight: number;
}

function sourceSize(source: Source): number {
  return source.value?.size ?? 0;
}

function* sourceEntries(source: Source): IterableIterator<readonly [ByteString, number]> {
  if (source.value instanceof SortedSetValue) yield* source.value.entries();
  else if (source.value instanceof SetValue) for (const member of source.value.keys()) yield [member, 1];
}

function sourceScore(source: Source, member: ByteString): number | undefined {
  if (source.value instanceof SortedSetValue) return source.value.score(member);
  return source.value?.has(member) ? 1 : undefined;
}

function aggregateInto(total: number, value: number, aggregate: Aggregate): number {
  if (aggregate === 'sum') {
    const sum = total + value;
    return Number.isNaN(sum) ? 0 : sum;
  }
  if (aggregate === 'min') return value < total ? value : total;
  return value > total ? value : total;
}

function union(sources: readonly Source[], aggregate: Aggregate): Map<ByteString, number> {
  const totals = new Map<ByteString, number>();
  for (const source of sources) {
    for (const [member, score] of sourceEntries(source)) {
      let weighted = source.weight * score;
      if (Number.isNaN(weighted)) weighted = 0;
      const total = totals.get(member);
      totals.set(member, total === undefined ? weighted : aggregateInto(total, weighted, aggregate));
    }
  }
  return totals;
}

/** The intersection; stops once `limit` members are found (0: no limit, for ZINTERCARD). */
function intersection(sources: readonly Source[], aggregate: Aggregate, limit = 0): Map<ByteString, number> {
  const result = new Map<ByteString, number>();
  const [first, ...others] = sources;
  for (const [member, score] of sourceEntries(first)) {
    let total = first.weight * score;
    if (Number.isNaN(total)) total = 0;
    let everywhere = true;
    for (const other of others) {
      const otherScore = sourceScore(other, member);
      if (otherScore === undefined) {
        everywhere = false;
        break;
      }
      total = aggregateInto(total, otherScore * other.weight, aggregate);
    }
    if (!everywhere) continue;
    result.set(member, total);
    if (limit > 0 && result.size >= limit) break;
  }
  return result;
}

function difference(sources: readonly Source[]): Map<ByteString, number> {
  const result = new Map<ByteString, number>();
  const [first, ...others] = sources;
  for (const [member, score] of sourceEntries(first)) {
    if (!others.some((other) => sourceScore(other, member) !== undefined)) result.set(member, score);
  }
  return result;
}

/** How a command is spelled: where numkeys sits, whether it stores, counts, or replies. */
export interface CombineSyntax {
  readonly name: string;
  readonly operation: CombineOperation;
  /** Argument index of numkeys: 2 for the STORE forms (destination first), else 1. */
  readonly numkeysIndex: number;
  readonly mode: 'store' | 'reply' | 'cardinality';
}

interface CombineOptions {
  aggregate: Aggregate;
  withScores: boolean;
  limit: number;
}

/** The options after the keys, as Redis parses them (later options override earlier ones). */
function parseOptions(args: readonly ByteString[], start: number, sources: Source[], syntax: CombineSyntax): CombineOptions | ErrorReply {
  const options: CombineOptions = { aggregate: 'sum', withScores: false, limit: 0 };
  const weighted = syntax.operation !== 'diff' && syntax.mode !== 'cardinality';
  let index = start;
  while (index < args.length) {
    const remaining = args.length - index;
    const argument = args[index];
    if (weighted && remaining >= sources.length + 1 && isKeyword(argument, 'WEIGHTS')) {
      index++;
      for (const source of sources) {
        const weight = parseScore(args[index++]);
        if (weight === undefined) return WEIGHT_NOT_FLOAT;
        source.weight = weight;
      }
    } else if (weighted && remaining >= 2 && isKeyword(argument, 'AGGREGATE')) {
      const name = args[index + 1];
      if (isKeyword(name, 'SUM')) options.aggregate = 'sum';
      else if (isKeyword(name, 'MIN')) options.aggregate = 'min';
      else if (isKeyword(name, 'MAX')) options.aggregate = 'max';
      else return SYNTAX_ERROR;
      index += 2;
    } else if (syntax.mode === 'reply' && isKeyword(argument, 'WITHSCORES')) {
      options.withScores = true;
      index++;
    } else if (syntax.mode === 'cardinality' && remaining >= 2 && isKeyword(argument, 'LIMIT')) {
      const limit = parseInteger(args[index + 1]);
      if (limit === undefined || limit < 0) return NEGATIVE_LIMIT;
      options.limit = limit;
      index += 2;
    } else {
      return SYNTAX_ERROR;
    }
  }
  return options;
}

/** Reads numkeys and the input keys; WRONGTYPE for a key that is neither a zset nor a set. */
function readSources(context: CommandContext, args: readonly ByteString[], syntax: CombineSyntax): Source[] | ErrorReply {
  const count = parseInteger(args[syntax.numkeysIndex]);
  if (count === undefined) return NOT_INTEGER;
  if (count < 1) return new ErrorReply(`ERR at least 1 input key is needed for '${syntax.name}' command`);
  if (count > args.length - (syntax.numkeysIndex + 1)) return SYNTAX_ERROR;
  const sources: Source[] = [];
  for (let index = syntax.numkeysIndex + 1; index <= syntax.numkeysIndex + count; index++) {
    const value = context.db.lookupRead(args[index]);
    if (value !== undefined && !(value instanceof SortedSetValue) && !(value instanceof SetValue)) return WRONG_TYPE;
    sources.push({ value, weight: 1 });
  }
  return sources;
}

export function combine(context: CommandContext, args: readonly ByteString[], syntax: CombineSyntax): Reply {
  const sources = readSources(context, args, syntax);
  if (sources instanceof ErrorReply) return sources;
  const options = parseOptions(args, syntax.numkeysIndex + 1 + sources.length, sources, syntax);
  if (options instanceof ErrorReply) return options;
  let result: Map<ByteString, number>;
  if (syntax.operation === 'diff') {
    result = difference(sources);
  } else {
    const ordered = [...sources].sort((a, b) => sourceSize(a) - sourceSize(b));
    result = syntax.operation === 'union'
      ? union(ordered, options.aggregate)
      : sourceSize(ordered[0]) === 0 ? new Map() : intersection(ordered, options.aggregate, options.limit);
  }
  if (syntax.mode === 'cardinality') return result.size;
  const items: ScoredMember[] = [...result].sort(([memberA, scoreA], [memberB, scoreB]) => compareEntries(scoreA, memberA, scoreB, memberB));
  if (syntax.mode === 'store') return storeScored(context, args[1], items, `z${syntax.operation}store`);
  return scoredReply(items, options.withScores, nestsPairs(context));
}

/** Key positions of a combine command line: the destination (STORE forms) and numkeys inputs. */
export function combineKeys(numkeysIndex: number): (args: readonly ByteString[]) => number[] {
  const inputs = keysAfterNumkeys(numkeysIndex);
  return (args) => (numkeysIndex === 2 ? [1, ...inputs(args)] : inputs(args));
}

const UNION_COMPLEXITY = 'O(N)+O(M log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.';
const INTER_COMPLEXITY = 'O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set.';
const DIFF_COMPLEXITY = 'O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set.';
const WEIGHTS_AND_AGGREGATE = '[WEIGHTS weight [weight ...]] [AGGREGATE <SUM | MIN | MAX>]';

function combineCommand(
  syntax: CombineSyntax, summary: string, complexity: string, since: string, argumentSyntax: string,
): CommandDefinition {
  const store = syntax.mode === 'store';
  return {
    ...sortedSetSpec({
      name: syntax.name, arity: store ? -4 : -3, summary, complexity, since, syntax: argumentSyntax,
      flags: store ? ['write', 'denyoom', 'movablekeys'] : ['readonly', 'movablekeys'],
      ...(store ? { logAs: 'as-typed' as const } : {}),
      // As COMMAND INFO shows: the STORE forms name their destination, the others no fixed key.
      firstKey: store ? 1 : 0, lastKey: store ? 1 : 0, step: store ? 1 : 0,
      keys: combineKeys(syntax.numkeysIndex),
    }),
    handler: (context, args) => combine(context, args, syntax),
  };
}

export const COMBINE_COMMANDS: readonly CommandDefinition[] = [
  combineCommand({ name: 'zunionstore', operation: 'union', numkeysIndex: 2, mode: 'store' },
    'Add multiple sorted sets and store the resulting sorted set in a new key', UNION_COMPLEXITY, '2.0.0',
    `destination numkeys key [key ...] ${WEIGHTS_AND_AGGREGATE}`),
  combineCommand({ name: 'zinterstore', operation: 'inter', numkeysIndex: 2, mode: 'store' },
    'Intersect multiple sorted sets and store the resulting sorted set in a new key', INTER_COMPLEXITY, '2.0.0',
    `destination numkeys key [key ...] ${WEIGHTS_AND_AGGREGATE}`),
  combineCommand({ name: 'zdiffstore', operation: 'diff', numkeysIndex: 2, mode: 'store' },
    'Subtract multiple sorted sets and store the resulting sorted set in a new key', DIFF_COMPLEXITY, '6.2.0',
    'destination numkeys key [key ...]'),
  combineCommand({ name: 'zunion', operation: 'union', numkeysIndex: 1, mode: 'reply' },
    'Add multiple sorted sets', UNION_COMPLEXITY, '6.2.0', `numkeys key [key ...] ${WEIGHTS_AND_AGGREGATE} [WITHSCORES]`),
  combineCommand({ name: 'zinter', operation: 'inter', numkeysIndex: 1, mode: 'reply' },
    'Intersect multiple sorted sets', INTER_COMPLEXITY, '6.2.0', `numkeys key [key ...] ${WEIGHTS_AND_AGGREGATE} [WITHSCORES]`),
  combineCommand({ name: 'zdiff', operation: 'diff', numkeysIndex: 1, mode: 'reply' },
    'Subtract multiple sorted sets', DIFF_COMPLEXITY, '6.2.0', 'numkeys key [key ...] [WITHSCORES]'),
  combineCommand({ name: 'zintercard', operation: 'inter', numkeysIndex: 1, mode: 'cardinality' },
    'Intersect multiple sorted sets and return the cardinality of the result',
    'O(N*K) worst case with N being the smallest input sorted set, K being the number of input sorted sets.', '7.0.0',
    'numkeys key [key ...] [LIMIT limit]'),
];
