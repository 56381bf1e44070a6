/**
 * Zipmaps (zipmap.c), the hash encoding of Redis 2.4 and earlier, as RDB_TYPE_HASH_ZIPMAP holds
 * them: a count byte (254 or more means "count them"), then per pair the field's length (1 byte
 * below 254, else 254 and 4 bytes LE), the field, the value's length, a "free" byte, the value
 * and that many unused bytes; the terminator 0xFF.
 *
 * Decoding only: validated as zipmapValidateIntegrity does with deep checks (bounds, lengths
 * below 254 in one byte, not empty, the count when it is not saturated); RdbFormatError otherwise.
 */
import type { ByteString } from '../resp/byte-string.js';
import { bytesToByteString } from '../resp/byte-string.js';
import { RdbFormatError, rdbCheck } from './rdb-error.js';

const END = 0xff;
const BIG_LENGTH = 254;

/** The fields and values of the zipmap in `bytes`, alternating (field, value, …). */
export function decodeZipmap(bytes: Uint8Array, offset = 0): ByteString[] {
  rdbCheck(bytes.length >= 2, offset, 'zipmap shorter than its header');
  const last = bytes.length - 1;
  rdbCheck(bytes[last] === END, offset + last, 'zipmap has no terminator');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: ByteString[] = [];
  const readLength = (at: number): { length: number; size: number } => {
    const size = bytes[at] < BIG_LENGTH ? 1 : 5;
    rdbCheck(at + size <= last, offset + at, 'zipmap entry runs past its end');
    const length = size === 1 ? bytes[at] : view.getUint32(at + 1, true);
    rdbCheck(length >= BIG_LENGTH || size === 1, offset + at, 'zipmap length below 254 in 5 bytes');
    return { length, size };
  };
  let at = 1;
  while (bytes[at] !== END) {
    const field = readLength(at);
    const fieldAt = at + field.size;
    rdbCheck(fieldAt + field.length <= last, offset + at, 'zipmap field runs past its end');
    const value = readLength(fieldAt + field.length);
    const free = bytes[fieldAt + field.length + value.size];
    const valueAt = fieldAt + field.length + value.size + 1;
    rdbCheck(valueAt + value.length + free <= last, offset + at, 'zipmap value runs past its end');
    out.push(bytesToByteString(bytes, fieldAt, fieldAt + field.length), bytesToByteString(bytes, valueAt, valueAt + value.length));
    at = valueAt + value.length + free;
  }
  rdbCheck(out.length > 0, offset, 'zipmap is empty');
  if (bytes[0] < BIG_LENGTH && bytes[0] !== out.length / 2) throw new RdbFormatError(offset, `zipmap header counts ${bytes[0]} pairs, holds ${out.length / 2}`);
  return out;
}
