/**
 * Key → hash slot, exactly as Redis Cluster computes it: CRC16 of the key modulo 16384, or of
 * the part between the first `{` and the next `}` when that part is non-empty (a hash tag), so
 * that `{user1}:a` and `{user1}:b` always land together.
 */
import type { ByteString } from '../resp/byte-string.js';
import { crc16 } from './crc16.js';

export const HASH_SLOT_COUNT = 16384;

export function keyHashSlot(key: ByteString): number {
  const open = key.indexOf('{');
  if (open !== -1) {
    const close = key.indexOf('}', open + 1);
    if (close !== -1 && close !== open + 1) return crc16(key, open + 1, close) & (HASH_SLOT_COUNT - 1);
  }
  return crc16(key) & (HASH_SLOT_COUNT - 1);
}
