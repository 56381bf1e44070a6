/**
 * ZRANGE and its older spellings (ZREVRANGE, ZRANGEBYSCORE, ZREVRANGEBYSCORE, ZRANGEBYLEX,
 * ZREVRANGEBYLEX), one generic function as Redis's zrangeGenericCommand: the old commands fix
 * the range kind and direction, so `ZRANGEBYSCORE … REV` is a syntax error as in Redis.
 *
 * Order of checks, as Redis: options (a bad LIMIT number answers at once), option conflicts,
 * the range itself, then the key. A negative LIMIT offset selects nothing; a negative count
 * means no limit; `LIMIT 0 -1` is accepted even for a rank range.
 */
import { SortedSetValue } from '../../keyspace/sorted-set.js';
import {
  memberAtLeastMin, memberAtMostMax, scoreAtLeastMin, scoreAtMostMax, type LexRange, type ScoreRange,
} from '../../keyspace/sorted-set-range.js';
import type { ByteString } from '../../resp/byte-string.js';
import { ErrorReply, type Reply } from '../../resp/reply.js';
import { clampRange, isKeyword, parseInteger } from '../arguments.js';
import { NOT_INTEGER, SYNTAX_ERROR } from '../errors.js';
import { readTyped } from '../lookup.js';
import type { CommandContext, CommandDefinition } from '../types.js';
import { nestsPairs, scoredReply, sortedSetSpec, storeScored, type ScoredMember } from './common.js';
import { INVALID_LEX_RANGE, INVALID_SCORE_RANGE, parseLexRange, parseScoreRange } from './score-parsing.js';

const LIMIT_NEEDS_SCORE_OR_LEX = new ErrorReply('ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX');
const WITHSCORES_WITH_LEX = new ErrorReply('ERR syntax error, WITHSCORES not supported in combination with BYLEX');

export type RangeKind = 'rank' | 'score' | 'lex';

/** A parsed range request; `range` holds the ends as the kind reads them. */
export type RangeRequest = {
  readonly reverse: boolean;
  readonly withScores: boolean;
  readonly offset: number;
  /** -1: no limit. */
  readonly limit: number;
} & (
  | { readonly kind: 'rank'; readonly start: number; readonly stop: number }
  | { readonly kind: 'score'; readonly range: ScoreRange }
  | { readonly kind: 'lex'; readonly range: LexRange }
);

/** How a command spells its range: fixed kind and direction, or chosen by options (ZRANGE). */
export interface RangeSyntax {
  readonly kind?: RangeKind;
  readonly reverse?: boolean;
  /** ZRANGESTORE: no WITHSCORES. */
  readonly store?: boolean;
}

/** Parses `key min max [options]` starting at `keyIndex`. */
export function parseRangeRequest(args: readonly ByteString[], keyIndex: number, syntax: RangeSyntax): RangeRequest | ErrorReply {
  let kind = syntax.kind;
  let reverse = syntax.reverse;
  let withScores = false;
  let offset = 0;
  let limit = -1;
  for (let index = keyIndex + 3; index < args.length; index++) {
    const argument = args[index];
    const left = args.length - index - 1;
    if (!syntax.store && isKeyword(argument, 'WITHSCORES')) {
      withScores = true;
    } else if (isKeyword(argument, 'LIMIT') && left >= 2) {
      const parsedOffset = parseInteger(args[index + 1]);
      const parsedLimit = parseInteger(args[index + 2]);
      if (parsedOffset === undefined || parsedLimit === undefined) return NOT_INTEGER;
      offset = parsedOffset;
      limit = parsedLimit;
      index += 2;
    } else if (syntax.reverse === undefined && reverse === undefined && isKeyword(argument, 'REV')) {
      reverse = true;
    } else if (syntax.kind === undefined && kind === undefined && isKeyword(argument, 'BYLEX')) {
      kind = 'lex';
    } else if (syntax.kind === undefined && kind === undefined && isKeyword(argument, 'BYSCORE')) {
      kind = 'score';
    } else {
      return SYNTAX_ERROR;
    }
  }
  const chosenKind = kind ?? 'rank';
  const chosenReverse = reverse ?? false;
  if (limit !== -1 && chosenKind === 'rank') return LIMIT_NEEDS_SCORE_OR_LEX;
  if (withScores && chosenKind === 'lex') return WITHSCORES_WITH_LEX;
  // A reversed score or lex range is written max first.
  const swap = chosenReverse && chosenKind !== 'rank';
  const minText = args[keyIndex + (swap ? 2 : 1)];
  const maxText = args[keyIndex + (swap ? 1 : 2)];
  const common = { reverse: chosenReverse, withScores, offset, limit };
  if (chosenKind === 'rank') {
    const start = parseInteger(minText);
    const stop = parseInteger(maxText);
    if (start === undefined || stop === undefined) return NOT_INTEGER;
    return { ...common, kind: 'rank', start, stop };
  }
  if (chosenKind === 'score') {
    const range = parseScoreRange(minText, maxText);
    return range === undefined ? INVALID_SCORE_RANGE : { ...common, kind: 'score', range };
  }
  const range = parseLexRange(minText, maxText);
  return range === undefined ? INVALID_LEX_RANGE : { ...common, kind: 'lex', range };
}

/** Walks from ascending rank `first` (forward or backward) while `inRange`, after the offset. */
function walk(
  set: SortedSetValue, first: number, request: RangeRequest, inRange: (member: ByteString, score: number) => boolean,
): ScoredMember[] {
  const items: ScoredMember[] = [];
  if (first < 0 || request.offset < 0 || (request.offset > 0 && request.offset >= set.size)) return items;
  let left = request.limit;
  set.walk(request.reverse ? first - request.offset : first + request.offset, request.reverse, (member, score) => {
    if (left === 0 || !inRange(member, score)) return false;
    items.push([member, score]);
    left--;
    return true;
  });
  return items;
}

/** The members a range request selects, in reply order. */
export function collectRange(set: SortedSetValue, request: RangeRequest): ScoredMember[] {
  if (request.kind === 'rank') {
    const bounds = clampRange(request.start, request.stop, set.size);
    if (bounds === null) return [];
    const [start, end] = bounds;
    const items: ScoredMember[] = [];
    set.walk(request.reverse ? set.size - 1 - start : start, request.reverse, (member, score) => items.push([member, score]) < end - start);
    return items;
  }
  if (request.kind === 'score') {
    const range = request.range;
    return request.reverse
      ? walk(set, set.lastInScoreRange(range), request, (_member, score) => scoreAtLeastMin(score, range))
      : walk(set, set.firstInScoreRange(range), request, (_member, score) => scoreAtMostMax(score, range));
  }
  const range = request.range;
  return request.reverse
    ? walk(set, set.lastInLexRange(range), request, (member) => memberAtLeastMin(member, range))
    : walk(set, set.firstInLexRange(range), request, (member) => memberAtMostMax(member, range));
}

function zrange(context: CommandContext, args: readonly ByteString[], syntax: RangeSyntax): Reply {
  const request = parseRangeRequest(args, 1, syntax);
  if (request instanceof ErrorReply) return request;
  const set = readTyped(context.db, args[1], SortedSetValue);
  if (set === undefined || set instanceof ErrorReply) return set ?? [];
  return scoredReply(collectRange(set, request), request.withScores, nestsPairs(context));
}

/** ZRANGESTORE dst src min max [BYSCORE | BYLEX] [REV] [LIMIT offset count] */
function zrangestore(context: CommandContext, args: readonly ByteString[]): Reply {
  const request = parseRangeRequest(args, 2, { store: true });
  if (request instanceof ErrorReply) return request;
  const set = readTyped(context.db, args[2], SortedSetValue);
  if (set instanceof ErrorReply) return set;
  return storeScored(context, args[1], set === undefined ? [] : collectRange(set, request), 'zrangestore');
}

const RANGE_COMPLEXITY = 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.';
const LIMITED_COMPLEXITY = 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N)).';

function rangeCommand(
  name: string, summary: string, since: string, syntax: string, complexity: string, rangeSyntax: RangeSyntax,
): CommandDefinition {
  return {
    ...sortedSetSpec({ name, arity: -4, flags: ['readonly'], summary, since, syntax, complexity }),
    handler: (context, args) => zrange(context, args, rangeSyntax),
  };
}

export const RANGE_COMMANDS: readonly CommandDefinition[] = [
  rangeCommand('zrange', 'Return a range of members in a sorted set', '1.2.0',
    'key start stop [BYSCORE | BYLEX] [REV] [LIMIT offset count] [WITHSCORES]', RANGE_COMPLEXITY, {}),
  rangeCommand('zrevrange', 'Return a range of members in a sorted set, by index, with scores ordered from high to low',
    '1.2.0', 'key start stop [WITHSCORES]', RANGE_COMPLEXITY, { kind: 'rank', reverse: true }),
  rangeCommand('zrangebyscore', 'Return a range of members in a sorted set, by score', '1.0.5',
    'key min max [WITHSCORES] [LIMIT offset count]', LIMITED_COMPLEXITY, { kind: 'score', reverse: false }),
  rangeCommand('zrevrangebyscore', 'Return a range of members in a sorted set, by score, with scores ordered from high to low',
    '2.2.0', 'key max min [WITHSCORES] [LIMIT offset count]', LIMITED_COMPLEXITY, { kind: 'score', reverse: true }),
  rangeCommand('zrangebylex', 'Return a range of members in a sorted set, by lexicographical range', '2.8.9',
    'key min max [LIMIT offset count]', LIMITED_COMPLEXITY, { kind: 'lex', reverse: false }),
  rangeCommand('zrevrangebylex', 'Return a range of members in a sorted set, by lexicographical range, ordered from higher to lower strings.',
    '2.8.9', 'key max min [LIMIT offset count]', LIMITED_COMPLEXITY, { kind: 'lex', reverse: true }),
  {
    ...sortedSetSpec({
      name: 'zrangestore', arity: -5, flags: ['write', 'denyoom'], logAs: 'as-typed', lastKey: 2, since: '6.2.0',
      summary: 'Store a range of members from sorted set into another key',
      complexity: 'O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements stored into the destination key.',
      syntax: 'dst src min max [BYSCORE | BYLEX] [REV] [LIMIT offset count]',
    }),
    handler: zrangestore,
  },
];
