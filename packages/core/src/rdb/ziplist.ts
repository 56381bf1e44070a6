/**
 * Ziplists (ziplist.c), the compact encoding of Redis before 7.0, as old RDB files hold them
 * (RDB_TYPE_LIST_ZIPLIST, ZSET_ZIPLIST, HASH_ZIPLIST and the nodes of LIST_QUICKLIST). Layout:
 * total bytes (u32 LE), offset of the last entry (u32 LE), entry count (u16 LE; 65535 means
 * "count them"), the entries, the terminator 0xFF. An entry is the previous entry's length (1
 * byte, or 0xFE and 4 bytes LE), an encoding (strings of 6, 14 or 32 bit lengths; integers of
 * 8, 16, 24, 32, 64 bits or a 4-bit immediate 0..12) and the data.
 *
 * Decoding only: validated as ziplistValidateIntegrity does with deep checks (sizes, bounds,
 * every previous-length field, tail offset, count, terminator); RdbFormatError otherwise.
 */
import type { ByteString } from '../resp/byte-string.js';
import { bytesToByteString } from '../resp/byte-string.js';
import { RdbFormatError, rdbCheck } from './rdb-error.js';

const HEADER_BYTES = 10;
const END = 0xff;
const BIG_PREVIOUS_LENGTH = 0xfe;
const COUNT_UNKNOWN = 65535;

interface Entry {
  readonly encoding: number;
  readonly headerBytes: number;
  readonly dataBytes: number;
  readonly previousLength: number;
}

/** Integer encodings and their data widths. */
const INTEGER_WIDTHS = new Map<number, number>([[0xfe, 1], [0xc0, 2], [0xf0, 3], [0xd0, 4], [0xe0, 8]]);

function readEntryHeader(bytes: Uint8Array, at: number, last: number, offset: number): Entry {
  rdbCheck(at < last, offset + at, 'ziplist entry runs past its end');
  const previousBytes = bytes[at] === BIG_PREVIOUS_LENGTH ? 5 : 1;
  rdbCheck(at + previousBytes < last, offset + at, 'ziplist entry runs past its end');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const previousLength = previousBytes === 1 ? bytes[at] : view.getUint32(at + 1, true);
  const encodingAt = at + previousBytes;
  const encoding = bytes[encodingAt];
  let lengthBytes: number;
  let dataBytes: number;
  switch (encoding >> 6) {
    case 0:
      lengthBytes = 1;
      dataBytes = encoding & 0x3f;
      break;
    case 1:
      lengthBytes = 2;
      rdbCheck(encodingAt + 2 <= last, offset + at, 'ziplist entry runs past its end');
      dataBytes = ((encoding & 0x3f) << 8) | bytes[encodingAt + 1];
      break;
    case 2:
      lengthBytes = 5;
      rdbCheck(encoding === 0x80 && encodingAt + 5 <= last, offset + at, 'ziplist entry has a bad string encoding');
      dataBytes = view.getUint32(encodingAt + 1, false);
      break;
    default: {
      lengthBytes = 1;
      const width = INTEGER_WIDTHS.get(encoding);
      const immediate = encoding >= 0xf1 && encoding <= 0xfd;
      if (width === undefined && !immediate) throw new RdbFormatError(offset + at, `ziplist entry has an unknown encoding 0x${encoding.toString(16)}`);
      dataBytes = width ?? 0;
    }
  }
  const headerBytes = previousBytes + lengthBytes;
  rdbCheck(at + headerBytes + dataBytes <= last, offset + at, 'ziplist entry runs past its end');
  return { encoding, headerBytes, dataBytes, previousLength };
}

function entryValue(bytes: Uint8Array, at: number, entry: Entry): ByteString {
  const dataAt = at + entry.headerBytes;
  const encoding = entry.encoding;
  if (encoding >> 6 !== 3) return bytesToByteString(bytes, dataAt, dataAt + entry.dataBytes);
  if (encoding >= 0xf1 && encoding <= 0xfd) return String((encoding & 0x0f) - 1);
  let value = 0n;
  for (let i = entry.dataBytes - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[dataAt + i]);
  return BigInt.asIntN(entry.dataBytes * 8, value).toString();
}

/** The entries of the ziplist in `bytes` (all of it), integers as decimal strings. */
export function decodeZiplist(bytes: Uint8Array, offset = 0): ByteString[] {
  rdbCheck(bytes.length >= HEADER_BYTES + 1, offset, 'ziplist shorter than its header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const total = view.getUint32(0, true);
  const tail = view.getUint32(4, true);
  const count = view.getUint16(8, true);
  if (total !== bytes.length) throw new RdbFormatError(offset, `ziplist header says ${total} bytes, blob holds ${bytes.length}`);
  rdbCheck(bytes[total - 1] === END, offset + total - 1, 'ziplist has no terminator');
  rdbCheck(tail <= total - 1, offset + 4, 'ziplist tail offset past its end');
  const last = total - 1;
  const out: ByteString[] = [];
  let at = HEADER_BYTES;
  let previousAt = -1;
  let previousBytes = 0;
  while (bytes[at] !== END) {
    const entry = readEntryHeader(bytes, at, last, offset);
    if (entry.previousLength !== previousBytes) throw new RdbFormatError(offset + at, `ziplist entry says the previous one has ${entry.previousLength} bytes, it has ${previousBytes}`);
    out.push(entryValue(bytes, at, entry));
    previousAt = at;
    previousBytes = entry.headerBytes + entry.dataBytes;
    at += previousBytes;
    rdbCheck(at <= last, offset + at, 'ziplist entry runs past its end');
  }
  rdbCheck(at === last, offset + at, 'ziplist terminator before its end');
  rdbCheck(previousAt < 0 || previousAt === tail, offset + 4, 'ziplist tail offset is not its last entry');
  if (count !== COUNT_UNKNOWN && count !== out.length) throw new RdbFormatError(offset + 8, `ziplist header counts ${count} entries, holds ${out.length}`);
  return out;
}
