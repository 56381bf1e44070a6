import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SortedSetValue } from '../../src/keyspace/sorted-set.js';
import {
  LEX_MAXIMUM, LEX_MINIMUM, compareLex, memberAtLeastMin, memberAtMostMax, scoreAtLeastMin, scoreAtMostMax,
  type LexBound, type LexRange, type ScoreRange,
} from '../../src/keyspace/sorted-set-range.js';
import { randomIndex, seededRandom } from '../../src/io/random.js';

type Entry = [string, number];

/** The naive model: a sorted array of (member, score). */
function sortModel(model: Map<string, number>): Entry[] {
  return [...model].sort(([memberA, scoreA], [memberB, scoreB]) =>
    scoreA !== scoreB ? scoreA - scoreB : memberA < memberB ? -1 : memberA > memberB ? 1 : 0);
}

const member = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '\x00', '\xff'), maxLength: 3 });
const score = fc.constantFrom(-Infinity, -2, -0, 0, 0.5, 1, 1.5, 3, Infinity);
const scoreRange: fc.Arbitrary<ScoreRange> = fc.record({
  min: score, max: score, minExclusive: fc.boolean(), maxExclusive: fc.boolean(),
});
const lexBound: fc.Arbitrary<[LexBound, boolean]> = fc.oneof(
  fc.constant<[LexBound, boolean]>([LEX_MINIMUM, true]),
  fc.constant<[LexBound, boolean]>([LEX_MAXIMUM, true]),
  fc.tuple(member, fc.boolean()),
);
const lexRange: fc.Arbitrary<LexRange> = fc.tuple(lexBound, lexBound).map(([[min, minExclusive], [max, maxExclusive]]) => ({
  min, max, minExclusive, maxExclusive,
}));

type Operation =
  | { kind: 'set'; member: string; score: number }
  | { kind: 'delete'; member: string }
  | { kind: 'deleteRanks'; start: number; end: number };

const operation: fc.Arbitrary<Operation> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('set' as const), member, score }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), member }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteRanks' as const), start: fc.nat(20), end: fc.nat(20) }) },
);

function apply(value: SortedSetValue, model: Map<string, number>, step: Operation): void {
  if (step.kind === 'set') {
    expect(value.set(step.member, step.score)).toBe(!model.has(step.member));
    const previous = model.get(step.member);
    if (previous !== step.score) model.set(step.member, value.compact && step.score === 0 ? 0 : step.score);
  } else if (step.kind === 'delete') {
    expect(value.delete(step.member)).toBe(model.delete(step.member));
  } else {
    const sorted = sortModel(model);
    const removed = step.start < step.end ? sorted.slice(step.start, Math.min(step.end, sorted.length)) : [];
    const end = Math.min(step.end, sorted.length);
    expect(value.deleteRankRange(step.start, end)).toBe(removed.length);
    for (const [name] of removed) model.delete(name);
  }
}

function checkAgainstModel(value: SortedSetValue, model: Map<string, number>): void {
  const sorted = sortModel(model);
  expect(value.size).toBe(sorted.length);
  expect([...value.entries()]).toEqual(sorted);
  sorted.forEach(([name, itemScore], rank) => {
    expect(value.rank(name)).toBe(rank);
    expect(Object.is(value.score(name), itemScore)).toBe(true);
    expect(value.at(rank)?.[0]).toBe(name);
  });
  expect(value.at(sorted.length)).toBeUndefined();
  expect(value.at(-1)).toBeUndefined();
  const backwards: string[] = [];
  value.walk(sorted.length - 1, true, (name) => backwards.push(name) > 0);
  expect(backwards).toEqual(sorted.map(([name]) => name).reverse());
  value.verify();
}

describe('SortedSetValue', () => {
  it('matches a sorted-array model under random changes', () => {
    fc.assert(fc.property(fc.boolean(), fc.array(operation, { maxLength: 120 }), (compact, operations) => {
      const value = new SortedSetValue();
      value.compact = compact;
      const model = new Map<string, number>();
      for (const step of operations) apply(value, model, step);
      checkAgainstModel(value, model);
    }));
  });

  it('keeps the tree balanced and consistent through growth and shrinkage', () => {
    const bulkOperation = fc.oneof(
      fc.record({ kind: fc.constant('set' as const), member: fc.integer({ min: 0, max: 3000 }).map(String), score: fc.integer({ min: -50, max: 50 }) }),
      fc.record({ kind: fc.constant('delete' as const), member: fc.integer({ min: 0, max: 3000 }).map(String) }),
      fc.record({ kind: fc.constant('deleteRanks' as const), start: fc.nat(1500), end: fc.nat(1500) }),
    );
    fc.assert(fc.property(fc.array(bulkOperation, { minLength: 500, maxLength: 3000 }), fc.nat(100), (operations, deleteBias) => {
      const value = new SortedSetValue();
      value.compact = false;
      const model = new Map<string, number>();
      operations.forEach((step, index) => {
        // Some runs delete far more than they add, to exercise merges down to an empty tree.
        const adjusted: Operation = step.kind === 'set' && index % 100 < deleteBias ? { kind: 'delete', member: step.member } : step;
        apply(value, model, adjusted);
      });
      checkAgainstModel(value, model);
    }), { numRuns: 40 });
  });

  it('finds score ranges like a linear scan', () => {
    fc.assert(fc.property(fc.array(fc.tuple(member, score)), scoreRange, (items, range) => {
      const value = new SortedSetValue();
      value.compact = false;
      for (const [name, itemScore] of items) value.set(name, itemScore);
      const scores = [...value.entries()].map(([, itemScore]) => itemScore);
      const inRange = (itemScore: number) => scoreAtLeastMin(itemScore, range) && scoreAtMostMax(itemScore, range);
      expect(value.firstInScoreRange(range)).toBe(scores.findIndex(inRange));
      expect(value.lastInScoreRange(range)).toBe(scores.findLastIndex(inRange));
    }));
  });

  it('finds lex ranges like a linear scan when all scores are equal', () => {
    fc.assert(fc.property(fc.boolean(), fc.array(member), lexRange, (compact, names, range) => {
      const value = new SortedSetValue();
      value.compact = compact;
      for (const name of names) value.set(name, 7);
      const members = [...value.entries()].map(([name]) => name);
      const inRange = (name: string) => memberAtLeastMin(name, range) && memberAtMostMax(name, range);
      expect(value.firstInLexRange(range)).toBe(members.findIndex(inRange));
      expect(value.lastInLexRange(range)).toBe(members.findLastIndex(inRange));
    }));
  });

  it('finds lex ranges in a compact set as Redis walks a listpack, whatever the scores', () => {
    // Redis's zzlIsInLexRange, zzlFirstInLexRange and zzlLastInLexRange over the sorted pairs.
    const listpackFirst = (members: string[], range: LexRange) => {
      if (!listpackMayHold(members, range)) return -1;
      const index = members.findIndex((name) => memberAtLeastMin(name, range));
      return index >= 0 && memberAtMostMax(members[index], range) ? index : -1;
    };
    const listpackLast = (members: string[], range: LexRange) => {
      if (!listpackMayHold(members, range)) return -1;
      const index = members.findLastIndex((name) => memberAtMostMax(name, range));
      return index >= 0 && memberAtLeastMin(members[index], range) ? index : -1;
    };
    const listpackMayHold = (members: string[], range: LexRange) => {
      const order = compareLex(range.min, range.max);
      if (order > 0 || (order === 0 && (range.minExclusive || range.maxExclusive)) || members.length === 0) return false;
      return memberAtLeastMin(members[members.length - 1], range) && memberAtMostMax(members[0], range);
    };
    fc.assert(fc.property(fc.array(fc.tuple(member, score)), lexRange, (items, range) => {
      const value = new SortedSetValue();
      for (const [name, itemScore] of items) value.set(name, itemScore);
      const members = [...value.entries()].map(([name]) => name);
      expect(value.firstInLexRange(range)).toBe(listpackFirst(members, range));
      expect(value.lastInLexRange(range)).toBe(listpackLast(members, range));
    }));
  });

  it('searches a compact set front to back for lex ranges when scores differ, as a listpack', () => {
    const value = new SortedSetValue();
    value.set('c', 1);
    value.set('a', 2);
    value.set('b', 3);
    value.set('d', 4);
    // Outputs checked against redis-server 7.0 (ZADD t 1 c 2 a 3 b 4 d).
    const inclusive = (min: string, max: string): LexRange => ({ min, max, minExclusive: false, maxExclusive: false });
    // From the front, the first member at least 'b' is 'c' (rank 0).
    expect(value.firstInLexRange(inclusive('b', 'c'))).toBe(0);
    // From the back, the first member at most 'c' is 'b' (rank 2).
    expect(value.lastInLexRange(inclusive('a', 'c'))).toBe(2);
    // The first member 'c' is above 'b': Redis's range pre-check says empty.
    expect(value.lastInLexRange(inclusive('a', 'b'))).toBe(-1);
  });

  it('keeps -0 as 0 while compact, and as -0 once not', () => {
    const compact = new SortedSetValue();
    compact.set('a', -0);
    expect(Object.is(compact.score('a'), 0)).toBe(true);
    const large = new SortedSetValue();
    large.compact = false;
    large.set('a', -0);
    expect(Object.is(large.score('a'), -0)).toBe(true);
    // An equal score leaves the element alone (C compares -0 == 0).
    expect(large.set('a', 0)).toBe(false);
    expect(Object.is(large.score('a'), -0)).toBe(true);
  });

  it('clones deeply, keeping the compact flag', () => {
    const value = new SortedSetValue();
    value.compact = false;
    value.set('a', 1);
    value.set('b', 2);
    const copy = value.clone();
    copy.set('c', 3);
    value.delete('a');
    expect([...copy.entries()]).toEqual([['a', 1], ['b', 2], ['c', 3]]);
    expect([...value.entries()]).toEqual([['b', 2]]);
    expect(copy.compact).toBe(false);
  });

  it('scans every member present throughout, and picks random members', () => {
    const value = new SortedSetValue();
    for (let i = 0; i < 100; i++) value.set(`m${i}`, i);
    const seen = new Set<string>();
    let cursor = 0;
    do {
      cursor = value.scan(cursor, 7, (name) => seen.add(name));
    } while (cursor !== 0);
    expect(seen.size).toBe(100);
    const random = seededRandom(3);
    for (let i = 0; i < 20; i++) {
      const [name, itemScore] = value.entryAtPosition(randomIndex(random, value.size));
      expect(value.score(name)).toBe(itemScore);
    }
  });

  it('stays fast and correct with many elements', () => {
    const value = new SortedSetValue();
    value.compact = false;
    const count = 50_000;
    for (let i = 0; i < count; i++) value.set(`member:${(i * 7919) % count}`, (i * 31) % 1000);
    expect(value.size).toBe(count);
    let previous: [string, number] | undefined;
    for (const entry of value.entries()) {
      if (previous) expect(previous[1] < entry[1] || (previous[1] === entry[1] && previous[0] < entry[0])).toBe(true);
      previous = entry;
    }
    for (let rank = 0; rank < count; rank += 997) expect(value.rank(value.at(rank)![0])).toBe(rank);
    expect(value.deleteRankRange(100, 40_100)).toBe(40_000);
    expect(value.size).toBe(count - 40_000);
  });
});
