/**
 * HyperLogLog writes replay to the bytes that logged them: random histories of PFADD, PFMERGE
 * (on one slot and across shards), PFDEBUG TODENSE/GETREG, corrupt values, expiries and waits,
 * logged by the engine and replayed shard by shard on a fresh engine, give the same keyspace —
 * byte for byte, since an HLL is a string.
 * PFCOUNT's cache refresh included: it declares how it is logged, so the recorder logs it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writeAndReplay, type Step } from '../support/replay-history.js';
/** A low promotion threshold, so short histories reach the dense encoding. */
const HLL_CONFIG = { 'hll-sparse-max-bytes': '300' };


const KEYS = ['a', 'b', 'c', '{h}x', '{h}y', '{h}z'];
const key = fc.constantFrom(...KEYS);
const tagged = fc.constantFrom('{h}x', '{h}y', '{h}z');
const element = fc.oneof(fc.constantFrom('x', 'y', 'z', '', 'e70'), fc.integer({ min: 0, max: 50_000 }).map((n) => `e${n}`));
/** A sparse HLL whose opcodes end at register 100: PFADD meets the damage after some updates (e70 sets register 55). */
const CUT = `HYLL\x01${'\x00'.repeat(11)}\x40\x63`;

const hllCommand: fc.Arbitrary<string[]> = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(key, fc.array(element, { maxLength: 6 })).map(([k, items]) => ['PFADD', k, ...items]) },
  { weight: 1, arbitrary: fc.tuple(key, fc.integer({ min: 0, max: 40 })).map(([k, start]) => ['PFADD', k, ...Array.from({ length: 700 }, (_, i) => `e${start * 700 + i}`)]) },
  { weight: 2, arbitrary: fc.tuple(key, key, key).map(([d, s1, s2]) => ['PFMERGE', d, s1, s2]) },
  { weight: 2, arbitrary: fc.tuple(tagged, tagged).map(([d, s]) => ['PFMERGE', d, s]) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('TODENSE', 'GETREG', 'ENCODING'), key).map(([sub, k]) => ['PFDEBUG', sub, k]) },
  { weight: 1, arbitrary: key.map((k) => ['SET', k, CUT]) },
  { weight: 1, arbitrary: key.map((k) => ['SET', k, 'text']) },
  { weight: 1, arbitrary: key.map((k) => ['PEXPIRE', k, '300']) },
  { weight: 1, arbitrary: fc.tuple(key, key).map(([k1, k2]) => ['PFCOUNT', k1, k2]) },
  { weight: 3, arbitrary: key.map((k) => ['PFCOUNT', k]) },
);
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 12, arbitrary: hllCommand.map((args) => ({ kind: 'command' as const, args })) },
  { weight: 1, arbitrary: fc.array(hllCommand, { minLength: 1, maxLength: 3 }).map((commands) => ({ kind: 'multi' as const, commands })) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 400 }).map((ms) => ({ kind: 'wait' as const, ms })) },
);


describe('HyperLogLog effects replay to the bytes that logged them', () => {
  for (const shards of [1, 3]) {
    it(`shards=${shards}`, () => {
      fc.assert(
        fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
          const { written, replayed } = writeAndReplay({ shards, config: HLL_CONFIG }, steps);
          expect(replayed).toEqual(written);
        }),
        { numRuns: 150 },
      );
    });
  }

  it('a PFMERGE across shards is logged as the destination it wrote, with its absolute expiry', () => {
    const steps: Step[] = [
      { kind: 'command', args: ['PFADD', 'a', ...Array.from({ length: 400 }, (_, i) => `e${i}`)] },
      { kind: 'command', args: ['PFADD', 'b', 'x'] },
      { kind: 'command', args: ['PFADD', 'c', 'q'] },
      { kind: 'command', args: ['PEXPIRE', 'c', '1000'] },
      { kind: 'command', args: ['PFMERGE', 'c', 'a', 'b'] },
    ];
    const { written, replayed, units } = writeAndReplay({ shards: 3, config: HLL_CONFIG }, steps);
    expect(replayed).toEqual(written);
    const merge = units[units.length - 1].flat().map((effect) => effect.args);
    expect(merge).toHaveLength(1);
    expect([merge[0][0], merge[0][1], merge[0][3]]).toEqual(['SET', 'c', 'PXAT']);
  });

  it('PFCOUNT\'s refreshed cache is logged and replays to the same bytes', () => {
    const { written, replayed } = writeAndReplay({ shards: 1, config: HLL_CONFIG }, [
      { kind: 'command', args: ['PFADD', 'a', 'x', 'y'] },
      { kind: 'command', args: ['PFCOUNT', 'a'] },
    ]);
    expect(replayed).toEqual(written);
  });
});
