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

  it('always lands in range', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (key) => {
      const slot = keyHashSlot(key);
      return slot >= 0 && slot < HASH_SLOT_COUNT;
    }));
  });
});

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
