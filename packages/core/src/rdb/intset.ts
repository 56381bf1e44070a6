/**
 * Intsets (intset.c), the RDB_TYPE_SET_INTSET blob: encoding width (u32 LE: 2, 4 or 8 bytes per
 * member), member count (u32 LE), then the members as signed little-endian integers in strictly
 * ascending order. Encoding picks the narrowest width that holds every member, as a set built by
 * SADD has; decoding validates as intsetValidateIntegrity does with deep checks (width, exact
 * size, not empty, ascending without duplicates) and throws RdbFormatError otherwise.
 */
import type { ByteString } from '../resp/byte-string.js';
import { canonicalInteger } from './listpack.js';
import { RdbFormatError, rdbCheck } from './rdb-error.js';

const HEADER_BYTES = 8;

function widthFor(value: bigint): number {
  if (value < -2147483648n || value > 2147483647n) return 8;
  if (value < -32768n || value > 32767n) return 4;
  return 2;
}

/**
 * The intset holding `members` (canonical 64-bit decimal integers, distinct), or undefined when
 * one of them is not such an integer.
 */
export function encodeIntset(members: Iterable<ByteString>): Uint8Array | undefined {
  const values: bigint[] = [];
  let width = 2;
  for (const member of members) {
    const value = canonicalInteger(member);
    if (value === undefined) return undefined;
    values.push(value);
    width = Math.max(width, widthFor(value));
  }
  values.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const bytes = new Uint8Array(HEADER_BYTES + values.length * width);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, width, true);
  view.setUint32(4, values.length, true);
  for (let i = 0; i < values.length; i++) {
    const at = HEADER_BYTES + i * width;
    if (width === 2) view.setInt16(at, Number(values[i]), true);
    else if (width === 4) view.setInt32(at, Number(values[i]), true);
    else view.setBigInt64(at, values[i], true);
  }
  return bytes;
}

/** The members of the intset in `bytes`, ascending, as decimal strings; `offset` locates errors. */
export function decodeIntset(bytes: Uint8Array, offset = 0): ByteString[] {
  rdbCheck(bytes.length >= HEADER_BYTES, offset, 'intset shorter than its header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const width = view.getUint32(0, true);
  if (width !== 2 && width !== 4 && width !== 8) throw new RdbFormatError(offset, `intset has an unknown encoding ${width}`);
  const count = view.getUint32(4, true);
  if (HEADER_BYTES + count * width !== bytes.length) throw new RdbFormatError(offset, `intset of ${count} members of ${width} bytes does not fill its ${bytes.length} bytes`);
  rdbCheck(count > 0, offset, 'intset is empty');
  const members: ByteString[] = new Array(count);
  let previous: bigint | undefined;
  for (let i = 0; i < count; i++) {
    const at = HEADER_BYTES + i * width;
    const value = width === 2 ? BigInt(view.getInt16(at, true)) : width === 4 ? BigInt(view.getInt32(at, true)) : view.getBigInt64(at, true);
    rdbCheck(previous === undefined || value > previous, offset + at, 'intset members out of order or duplicated');
    previous = value;
    members[i] = value.toString();
  }
  return members;
}
