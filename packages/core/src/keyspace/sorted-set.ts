/**
 * SortedSetValue: members with scores, ordered by (score, member) with members compared bytewise.
 * Two views of the same elements, as Redis's zset: a DenseMap member → score (O(1) score lookup,
 * uniform random positions, a SCAN cursor) and an order-statistics B+tree (O(log n) insert,
 * delete, rank, and the start of any rank, score or lex range; see sorted-set-tree.ts).
 *
 * `compact` mirrors Redis's listpack encoding (OBJECT ENCODING, ZSCAN returning everything at
 * once). The commands clear it once a zset-max-listpack-* limit is crossed, never back. A listpack
 * stores -0 as 0, so while compact a score of -0 is kept as 0, as Redis does.
 *
 * Lex ranges are only meaningful when all scores are equal. When they are not, Redis's answer
 * depends on how it searches: a compact set is searched front to back (and back to front for
 * the last element), which this class reproduces; a large one through its skiplist levels,
 * which no other structure reproduces (Redis documents the result as unspecified).
 */
import type { ByteString } from '../resp/byte-string.js';
import { DenseMap } from './dense-map.js';
import {
  memberAtLeastMin, memberAtMostMax, scoreAtLeastMin, scoreAtMostMax, compareLex, type LexRange, type ScoreRange,
} from './sorted-set-range.js';
import { SortedSetTree, type PrefixTest, type Visit } from './sorted-set-tree.js';

export class SortedSetValue {
  /** See values.ts: set while an AOF rewrite's snapshot holds this value. */
  snapshotEpoch = 0;
  compact = true;
  private readonly scores = new DenseMap<ByteString, number>();
  private readonly list = new SortedSetTree();

  get size(): number {
    return this.scores.size;
  }

  /** The sum of the members' lengths (the memory model's charge for the set's bytes). */
  get contentBytes(): number {
    return this.scores.contentBytes;
  }

  score(member: ByteString): number | undefined {
    return this.scores.get(member);
  }

  /**
   * Adds `member` or moves it to `score` (never NaN); returns true when the member is new. An
   * equal score (0 and -0 are equal, as in C) leaves the element as it is.
   */
  set(member: ByteString, score: number): boolean {
    if (Number.isNaN(score)) throw new Error('SortedSetValue.set: NaN score');
    const stored = this.compact && score === 0 ? 0 : score;
    const previous = this.scores.get(member);
    if (previous !== undefined) {
      if (previous === stored) return false;
      this.list.delete(previous, member);
    }
    this.scores.set(member, stored);
    this.list.insert(stored, member);
    return previous === undefined;
  }

  /**
   * Moves a member whose current score the caller has just read (`previous`, from score()) to
   * `score`: set() without a second lookup.
   */
  move(member: ByteString, previous: number, score: number): void {
    if (Number.isNaN(score)) throw new Error('SortedSetValue.move: NaN score');
    const stored = this.compact && score === 0 ? 0 : score;
    if (previous === stored) return;
    this.list.delete(previous, member);
    this.scores.set(member, stored);
    this.list.insert(stored, member);
  }

  /** Removes `member`; returns true when it was present. */
  delete(member: ByteString): boolean {
    const score = this.scores.get(member);
    if (score === undefined) return false;
    this.scores.delete(member);
    this.list.delete(score, member);
    return true;
  }

  /** 0-based rank of `member` in ascending order, or undefined when absent. */
  rank(member: ByteString): number | undefined {
    const score = this.scores.get(member);
    return score === undefined ? undefined : this.list.rankOf(score, member);
  }

  /** The element at 0-based ascending `rank`, or undefined. */
  at(rank: number): [ByteString, number] | undefined {
    return this.list.at(rank);
  }

  /**
   * Visits elements from 0-based ascending `rank` on, upwards (or downwards when `reverse`),
   * until `visit` returns false or the set ends.
   */
  walk(rank: number, reverse: boolean, visit: Visit): void {
    this.list.walk(rank, reverse, visit);
  }

  /** Rank of the first element with a score in `range`, or -1 when there is none. */
  firstInScoreRange(range: ScoreRange): number {
    if (!this.mayHoldScores(range)) return -1;
    const rank = this.list.countWhile((score) => !scoreAtLeastMin(score, range));
    return scoreAtMostMax(this.list.at(rank)![1], range) ? rank : -1;
  }

  /** Rank of the last element with a score in `range`, or -1 when there is none. */
  lastInScoreRange(range: ScoreRange): number {
    if (!this.mayHoldScores(range)) return -1;
    const rank = this.list.countWhile((score) => scoreAtMostMax(score, range)) - 1;
    return scoreAtLeastMin(this.list.at(rank)![1], range) ? rank : -1;
  }

  /** Rank of the first element of a lex range, found the way Redis finds it, or -1. */
  firstInLexRange(range: LexRange): number {
    if (!this.mayHoldMembers(range)) return -1;
    const rank = this.prefixLength((_score, member) => !memberAtLeastMin(member, range));
    const entry = this.list.at(rank);
    return entry !== undefined && memberAtMostMax(entry[0], range) ? rank : -1;
  }

  /** Rank of the last element of a lex range, found the way Redis finds it, or -1. */
  lastInLexRange(range: LexRange): number {
    if (!this.mayHoldMembers(range)) return -1;
    let rank: number;
    if (this.compact) {
      rank = this.size - 1;
      this.list.walk(rank, true, (member) => !memberAtMostMax(member, range) && rank-- >= 0);
    } else {
      rank = this.list.countWhile((_score, member) => memberAtMostMax(member, range)) - 1;
    }
    const entry = this.list.at(rank);
    return entry !== undefined && memberAtLeastMin(entry[0], range) ? rank : -1;
  }

  /** Removes the elements with 0-based ranks in [start, end); returns how many. */
  deleteRankRange(start: number, end: number): number {
    if (start >= end) return 0;
    const doomed: Array<[ByteString, number]> = [];
    this.list.walk(start, false, (member, score) => doomed.push([member, score]) < end - start);
    for (const [member, score] of doomed) {
      this.list.delete(score, member);
      this.scores.delete(member);
    }
    return doomed.length;
  }

  /** Ascending (score, member) order. */
  entries(): IterableIterator<[ByteString, number]> {
    return this.list.entries();
  }

  /**
   * The element at `position` in [0, size) of the member map: an arbitrary but dense numbering
   * (not the rank) for uniform random picks.
   */
  entryAtPosition(position: number): [ByteString, number] {
    return [this.scores.keyAt(position), this.scores.valueAt(position)];
  }

  /** One step of a stateless scan over the members, as DenseMap.scan. */
  scan(cursor: number, count: number, visit: (member: ByteString, score: number) => void): number {
    return this.scores.scan(cursor, count, visit);
  }

  /** A deep copy (COPY): same elements and the same `compact` flag. */
  clone(): SortedSetValue {
    const copy = new SortedSetValue();
    copy.compact = this.compact;
    for (const [member, score] of this.list.entries()) copy.set(member, score);
    return copy;
  }

  /** Redis's zslIsInRange: false when the range is empty or misses the set entirely. */
  private mayHoldScores(range: ScoreRange): boolean {
    if (range.min > range.max || (range.min === range.max && (range.minExclusive || range.maxExclusive))) return false;
    const first = this.list.first;
    const last = this.list.last;
    return first !== undefined && last !== undefined && scoreAtLeastMin(last[1], range) && scoreAtMostMax(first[1], range);
  }

  /** Redis's zslIsInLexRange, on the set's first and last elements. */
  private mayHoldMembers(range: LexRange): boolean {
    const order = compareLex(range.min, range.max);
    if (order > 0 || (order === 0 && (range.minExclusive || range.maxExclusive))) return false;
    const first = this.list.first;
    const last = this.list.last;
    return first !== undefined && last !== undefined && memberAtLeastMin(last[0], range) && memberAtMostMax(first[0], range);
  }

  /**
   * How many leading elements satisfy `before`: a front-to-back walk while compact (as Redis
   * walks a listpack), a tree descent otherwise. The two agree when `before` is monotone.
   */
  private prefixLength(before: PrefixTest): number {
    if (!this.compact) return this.list.countWhile(before);
    let count = 0;
    this.list.walk(0, false, (member, score) => before(score, member) && ++count > 0);
    return count;
  }

  /** Checks the ordered view's structure and that both views agree; throws if not. For tests. */
  verify(): void {
    this.list.verify();
    if (this.list.length !== this.scores.size) throw new Error('SortedSetValue: views disagree on size');
    for (const [member, score] of this.list.entries()) {
      if (this.scores.get(member) !== score) throw new Error('SortedSetValue: views disagree on a score');
    }
  }
}
