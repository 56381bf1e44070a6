/**
 * SlotTable: which shard owns each of the 16384 hash slots. The default layout gives each of N
 * shards one contiguous range of slots, as evenly as possible. Changing the shard count is a
 * reassignment of slots, never a re-hash of keys; the table is stored in the manifest (issue 3).
 */
import type { ByteString } from '../resp/byte-string.js';
import { HASH_SLOT_COUNT, keyHashSlot } from './hash-slot.js';

export const SHARD_COUNT_MAX = 1024;

export class SlotTable {
  private constructor(
    private readonly owners: Uint16Array,
    readonly shardCount: number,
  ) {}

  /** Contiguous, balanced ranges: shard i owns slots [floor(i*S/N), floor((i+1)*S/N)). */
  static balanced(shardCount: number): SlotTable {
    if (!Number.isInteger(shardCount) || shardCount < 1 || shardCount > SHARD_COUNT_MAX) {
      throw new Error(`shard count must be an integer in [1, ${SHARD_COUNT_MAX}], got ${shardCount}`);
    }
    const owners = new Uint16Array(HASH_SLOT_COUNT);
    for (let shard = 0; shard < shardCount; shard++) {
      const start = Math.floor((shard * HASH_SLOT_COUNT) / shardCount);
      const end = Math.floor(((shard + 1) * HASH_SLOT_COUNT) / shardCount);
      owners.fill(shard, start, end);
    }
    return new SlotTable(owners, shardCount);
  }

  /** A table from an explicit owner per slot (as read from a manifest). */
  static fromOwners(owners: ArrayLike<number>, shardCount: number): SlotTable {
    if (owners.length !== HASH_SLOT_COUNT) throw new Error(`slot table needs ${HASH_SLOT_COUNT} entries`);
    const table = Uint16Array.from(owners);
    for (const owner of table) {
      if (owner >= shardCount) throw new Error(`slot owner ${owner} is not a shard of ${shardCount}`);
    }
    return new SlotTable(table, shardCount);
  }

  shardOfSlot(slot: number): number {
    return this.owners[slot];
  }

  shardOfKey(key: ByteString): number {
    return this.shardCount === 1 ? 0 : this.owners[keyHashSlot(key)];
  }

  /** The owner of every slot, in slot order (for the manifest). */
  toOwners(): Uint16Array {
    return this.owners.slice();
  }
}
