/**
 * Score and lexicographic ranges over a sorted set, as Redis's zrangespec and zlexrangespec:
 * each end inclusive or exclusive; lex ends may also be the open `-` (below every member) and
 * `+` (above every member). The predicates are monotone along the set's order, which lets the
 * skiplist count the members before and inside a range in O(log n).
 */
import type { ByteString } from '../resp/byte-string.js';

export interface ScoreRange {
  readonly min: number;
  readonly max: number;
  readonly minExclusive: boolean;
  readonly maxExclusive: boolean;
}

/** `-` and `+` in a lex range: below and above every member. */
export const LEX_MINIMUM: unique symbol = Symbol('lex-minimum');
export const LEX_MAXIMUM: unique symbol = Symbol('lex-maximum');

export type LexBound = ByteString | typeof LEX_MINIMUM | typeof LEX_MAXIMUM;

export interface LexRange {
  readonly min: LexBound;
  readonly max: LexBound;
  /** Always true for `-` and `+`, as Redis parses them. */
  readonly minExclusive: boolean;
  readonly maxExclusive: boolean;
}

export function scoreAtLeastMin(score: number, range: ScoreRange): boolean {
  return range.minExclusive ? score > range.min : score >= range.min;
}

export function scoreAtMostMax(score: number, range: ScoreRange): boolean {
  return range.maxExclusive ? score < range.max : score <= range.max;
}

/** Redis's sdscmplex: bytewise order with `-` below and `+` above every string. */
export function compareLex(a: LexBound, b: LexBound): number {
  if (a === b) return 0;
  if (a === LEX_MINIMUM || b === LEX_MAXIMUM) return -1;
  if (a === LEX_MAXIMUM || b === LEX_MINIMUM) return 1;
  return a < b ? -1 : 1;
}

export function memberAtLeastMin(member: ByteString, range: LexRange): boolean {
  const order = compareLex(member, range.min);
  return range.minExclusive ? order > 0 : order >= 0;
}

export function memberAtMostMax(member: ByteString, range: LexRange): boolean {
  const order = compareLex(member, range.max);
  return range.maxExclusive ? order < 0 : order <= 0;
}
