import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DenseMap } from '../../src/keyspace/dense-map.js';

describe('DenseMap', () => {
  it('behaves like a Map', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 20 }))), (operations) => {
      const dense = new DenseMap<number, number>();
      const model = new Map<number, number>();
      operations.forEach(([insert, key], step) => {
        if (insert) expect(dense.set(key, step)).toBe(!model.has(key));
        else expect(dense.delete(key)).toBe(model.has(key));
        if (insert) model.set(key, step);
        else model.delete(key);
      });
      expect(dense.size).toBe(model.size);
      for (const [key, value] of model) expect(dense.get(key)).toBe(value);
      expect(new Map(dense.entries())).toEqual(model);
    }));
  });

  it('scan never misses an entry present for the whole scan, whatever changes between steps', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 60 }),
      fc.array(fc.tuple(fc.integer({ min: 1, max: 7 }), fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 90 })), { maxLength: 6 }))),
      (initial, steps) => {
        const map = new DenseMap<number, true>();
        for (let key = 0; key < initial; key++) map.set(key, true);
        const alwaysPresent = new Set(map.keys());
        const seen = new Set<number>();
        let cursor = 0;
        let index = 0;
        do {
          const [count, changes] = steps[index++ % Math.max(1, steps.length)] ?? [10, []];
          cursor = map.scan(cursor, count, (key) => void seen.add(key));
          for (const [insert, key] of changes) {
            if (insert) map.set(key, true);
            else if (map.delete(key)) alwaysPresent.delete(key);
          }
        } while (cursor !== 0);
        for (const key of alwaysPresent) expect(seen.has(key)).toBe(true);
      },
    ));
  });

  it('gives a random position inside the map', () => {
    const map = new DenseMap<string, number>();
    map.set('a', 1);
    map.set('b', 2);
    const position = map.randomPosition({ next: () => 0.99 });
    expect(map.keyAt(position)).toBe('b');
  });
});
