import { describe, expect, it } from 'vitest';
import { SortedSetTree } from '../../src/keyspace/sorted-set-tree.js';
import { randomIndex, seededRandom } from '../../src/io/random.js';

/** Fisher–Yates with the seeded Random, so the run is the same every time. */
function shuffled<T>(items: T[], seed: number): T[] {
  const random = seededRandom(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomIndex(random, i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe('SortedSetTree', () => {
  it('stays valid through three-level growth, scattered deletes and regrowth', () => {
    const tree = new SortedSetTree();
    const pairs = Array.from({ length: 60_000 }, (_, i): [number, string] => [i % 97, `m${i}`]);
    for (const [score, member] of shuffled(pairs, 1)) tree.insert(score, member);
    tree.verify();
    const order = shuffled(pairs, 2);
    order.forEach(([score, member], step) => {
      expect(tree.delete(score, member)).toBe(true);
      if (step % 5_000 === 0) tree.verify();
      if (step === 40_000) {
        for (const [again, name] of order.slice(0, 20_000)) tree.insert(again, name);
        tree.verify();
      }
    });
    tree.verify();
    expect(tree.length).toBe(20_000);
    for (const [score, member] of order.slice(0, 20_000)) expect(tree.delete(score, member)).toBe(true);
    tree.verify();
    expect(tree.length).toBe(0);
    expect(tree.first).toBeUndefined();
    expect(tree.delete(1, 'm1')).toBe(false);
  });

  it('answers ranks, positions and walks in both directions', () => {
    const tree = new SortedSetTree();
    for (let i = 0; i < 5_000; i++) tree.insert(i, `m${i}`);
    expect(tree.rankOf(1234, 'm1234')).toBe(1234);
    expect(tree.at(4321)).toEqual(['m4321', 4321]);
    expect(tree.countWhile((score) => score < 2500.5)).toBe(2501);
    const down: number[] = [];
    tree.walk(130, true, (_member, score) => down.push(score) < 70);
    expect(down[0]).toBe(130);
    expect(down.at(-1)).toBe(61);
    const up: number[] = [];
    tree.walk(4990, false, (_member, score) => up.push(score) > 0);
    expect(up).toEqual([4990, 4991, 4992, 4993, 4994, 4995, 4996, 4997, 4998, 4999]);
    expect(tree.last).toEqual(['m4999', 4999]);
  });
});
