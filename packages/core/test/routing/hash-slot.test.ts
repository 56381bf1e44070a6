import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { crc16 } from '../../src/routing/crc16.js';
import { HASH_SLOT_COUNT, keyHashSlot } from '../../src/routing/hash-slot.js';
import { SlotTable } from '../../src/routing/slot-table.js';

describe('crc16 (XMODEM)', () => {
  it('matches the standard check value', () => {
    expect(crc16('123456789')).toBe(0x31c3);
  });
});

describe('keyHashSlot', () => {
  it('matches Redis Cluster for known keys', () => {
    // Values from CLUSTER KEYSLOT on redis-server 7.0.
    expect(keyHashSlot('foo')).toBe(12182);
    expect(keyHashSlot('bar')).toBe(5061);
    expect(keyHashSlot('')).toBe(0);
  });

  it('hashes only the first non-empty {tag}', () => {
    expect(keyHashSlot('{user1000}.following')).toBe(keyHashSlot('{user1000}.followers'));
    expect(keyHashSlot('{user1000}.following')).toBe(keyHashSlot('user1000'));
    expect(keyHashSlot('foo{}{bar}')).not.toBe(keyHashSlot('bar'));
    expect(keyHashSlot('foo{{bar}}zap')).toBe(keyHashSlot('{bar'));
    expect(keyHashSlot('foo{bar}{zap}')).toBe(keyHashSlot('bar'));
  });

  it('agrees with a bit-at-a-time CRC16 and the hash tag rule as Redis Cluster states them', () => {
    fc.assert(fc.property(byteString(), (key) => keyHashSlot(key) === referenceHashSlot(key)), { numRuns: 2000 });
  });

  it('puts every key with the same {tag} in the slot of the tag alone', () => {
    const prefix = byteString().map((text) => text.replaceAll('{', ''));
    const tag = byteString({ minLength: 1 }).map((text) => text.replaceAll('}', '')).filter((text) => text !== '');
    fc.assert(fc.property(prefix, tag, byteString(), (before, hashTag, after) =>
      keyHashSlot(`${before}{${hashTag}}${after}`) === referenceHashSlot(hashTag)));
  });
});

/** Keys as Ballast holds them: one character per byte, with braces drawn often. */
function byteString(constraints: { minLength?: number } = {}): fc.Arbitrary<string> {
  const byte = fc.integer({ min: 0, max: 255 }).map((code) => String.fromCharCode(code));
  return fc.string({ ...constraints, unit: fc.oneof(byte, fc.constantFrom('{', '}')) });
}

/**
 * The specification written out independently of the code: CRC16-XMODEM (polynomial 0x1021,
 * initial value 0) one bit at a time, modulo 16384, over the part between the first `{` and the
 * first `}` after it when that part is not empty, else over the whole key. A table-driven CRC,
 * a tag rule or a slot mask that strays from it fails the property above.
 */
function referenceHashSlot(key: string): number {
  const open = key.indexOf('{');
  const close = open === -1 ? -1 : key.indexOf('}', open + 1);
  const hashed = close > open + 1 ? key.slice(open + 1, close) : key;
  let crc = 0;
  for (const character of hashed) {
    crc ^= character.charCodeAt(0) << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc % HASH_SLOT_COUNT;
}

describe('SlotTable', () => {
  it('splits slots into balanced contiguous ranges', () => {
    const table = SlotTable.balanced(3);
    const counts = [0, 0, 0];
    let previous = 0;
    for (let slot = 0; slot < HASH_SLOT_COUNT; slot++) {
      const owner = table.shardOfSlot(slot);
      expect(owner).toBeGreaterThanOrEqual(previous);
      previous = owner;
      counts[owner]++;
    }
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
  });

  it('round-trips through its owner list and refuses bad tables', () => {
    const table = SlotTable.balanced(4);
    const copy = SlotTable.fromOwners(table.toOwners(), 4);
    expect(copy.shardOfKey('foo')).toBe(table.shardOfKey('foo'));
    expect(() => SlotTable.fromOwners(table.toOwners(), 2)).toThrow(/not a shard/);
    expect(() => SlotTable.balanced(0)).toThrow(/shard count/);
  });
});
