/**
 * Listpacks, Redis 7.0's compact encoding (listpack.c) as it appears inside RDB values: small
 * hashes and sorted sets, quicklist nodes and stream nodes. Layout: total bytes (u32 LE), element
 * count (u16 LE; 65535 means "count them"), the elements, the terminator 0xFF. An element is its
 * encoding byte(s) and data, then its "backlen" (the encoding+data length, 7 bits per byte,
 * readable from the end). Strings that are canonical 64-bit decimal integers are stored as
 * integers, as lpAppend does, so an encoded listpack matches redis-server's byte for byte;
 * decoding renders integers back as decimal strings.
 *
 * Decoding validates everything it reads (header length, count, bounds, backlens, terminator)
 * and throws RdbFormatError at the failing offset: a listpack comes from a file or a client.
 */
import type { ByteString } from '../resp/byte-string.js';
import { bytesToByteString } from '../resp/byte-string.js';
import { RdbFormatError, rdbCheck } from './rdb-error.js';

const HEADER_BYTES = 6;
const TERMINATOR = 0xff;
/** The count field saturates here; a reader then counts the elements itself. */
const COUNT_UNKNOWN = 65535;

/** The canonical int64 value of `text` (no sign but '-', no leading zero, no "-0"), or undefined. */
export function canonicalInteger(text: ByteString): bigint | undefined {
  const length = text.length;
  if (length === 0 || length > 20) return undefined;
  if (length === 1) {
    const code = text.charCodeAt(0);
    return code >= 48 && code <= 57 ? BigInt(code - 48) : undefined;
  }
  const negative = text.charCodeAt(0) === 45;
  let i = negative ? 1 : 0;
  const first = text.charCodeAt(i);
  if (first < 49 || first > 57) return undefined;
  for (i++; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return undefined;
  }
  const value = BigInt(text);
  return value >= -(2n ** 63n) && value < 2n ** 63n ? value : undefined;
}

function backlenBytes(entryBytes: number): number {
  if (entryBytes <= 127) return 1;
  if (entryBytes < 16383) return 2;
  if (entryBytes < 2097151) return 3;
  if (entryBytes < 268435455) return 4;
  return 5;
}

interface Sink {
  bytes: Uint8Array;
  at: number;
}

function integerSize(value: bigint): number {
  if (value >= 0n && value <= 127n) return 1;
  if (value >= -4096n && value <= 4095n) return 2;
  if (value >= -32768n && value <= 32767n) return 3;
  if (value >= -8388608n && value <= 8388607n) return 4;
  if (value >= -2147483648n && value <= 2147483647n) return 5;
  return 9;
}

function stringHeaderSize(length: number): number {
  if (length < 64) return 1;
  if (length < 4096) return 2;
  return 5;
}

function writeInteger(sink: Sink, value: bigint, size: number): void {
  const { bytes } = sink;
  if (size === 1) {
    bytes[sink.at++] = Number(value);
    return;
  }
  if (size === 2) {
    const unsigned = Number(value < 0n ? value + 8192n : value);
    bytes[sink.at++] = 0xc0 | (unsigned >> 8);
    bytes[sink.at++] = unsigned & 0xff;
    return;
  }
  const width = size - 1;
  bytes[sink.at++] = width === 2 ? 0xf1 : width === 3 ? 0xf2 : width === 4 ? 0xf3 : 0xf4;
  let unsigned = BigInt.asUintN(width * 8, value);
  for (let i = 0; i < width; i++) {
    bytes[sink.at++] = Number(unsigned & 0xffn);
    unsigned >>= 8n;
  }
}

function writeString(sink: Sink, text: ByteString): void {
  const { bytes } = sink;
  const length = text.length;
  if (length < 64) {
    bytes[sink.at++] = 0x80 | length;
  } else if (length < 4096) {
    bytes[sink.at++] = 0xe0 | (length >> 8);
    bytes[sink.at++] = length & 0xff;
  } else {
    bytes[sink.at++] = 0xf0;
    for (let i = 0; i < 4; i++) bytes[sink.at++] = (length >>> (8 * i)) & 0xff;
  }
  for (let i = 0; i < length; i++) bytes[sink.at++] = text.charCodeAt(i);
}

function writeBacklen(sink: Sink, entryBytes: number): void {
  const size = backlenBytes(entryBytes);
  for (let i = size - 1; i >= 0; i--) {
    const chunk = Math.floor(entryBytes / 2 ** (7 * i)) & 127;
    sink.bytes[sink.at++] = i === size - 1 ? chunk : chunk | 128;
  }
}

/** The listpack Redis 7.0 builds by appending `elements` in order. */
export function encodeListpack(elements: readonly ByteString[]): Uint8Array {
  const integers: (bigint | undefined)[] = new Array(elements.length);
  const sizes: number[] = new Array(elements.length);
  let total = HEADER_BYTES + 1;
  for (let i = 0; i < elements.length; i++) {
    const integer = canonicalInteger(elements[i]);
    integers[i] = integer;
    const entryBytes = integer === undefined ? stringHeaderSize(elements[i].length) + elements[i].length : integerSize(integer);
    sizes[i] = entryBytes;
    total += entryBytes + backlenBytes(entryBytes);
  }
  const sink: Sink = { bytes: new Uint8Array(total), at: 0 };
  const view = new DataView(sink.bytes.buffer);
  view.setUint32(0, total, true);
  view.setUint16(4, Math.min(elements.length, COUNT_UNKNOWN), true);
  sink.at = HEADER_BYTES;
  for (let i = 0; i < elements.length; i++) {
    const integer = integers[i];
    if (integer === undefined) writeString(sink, elements[i]);
    else writeInteger(sink, integer, sizes[i]);
    writeBacklen(sink, sizes[i]);
  }
  sink.bytes[sink.at++] = TERMINATOR;
  return sink.bytes;
}

/** The bytes of an empty listpack (header and terminator). */
export const LISTPACK_EMPTY_BYTES = HEADER_BYTES + 1;

/** The bytes `element` adds to a listpack (its entry and backlen). */
export function listpackEntryBytes(element: ByteString): number {
  const integer = canonicalInteger(element);
  const entryBytes = integer === undefined ? stringHeaderSize(element.length) + element.length : integerSize(integer);
  return entryBytes + backlenBytes(entryBytes);
}

/** The encoded size of a listpack holding `elements`, without building it. */
export function listpackBytes(elements: readonly ByteString[]): number {
  let total = LISTPACK_EMPTY_BYTES;
  for (const element of elements) total += listpackEntryBytes(element);
  return total;
}

function readSigned(bytes: Uint8Array, at: number, width: number): bigint {
  let value = 0n;
  for (let i = width - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[at + i]);
  return BigInt.asIntN(width * 8, value);
}

function u32le(bytes: Uint8Array, at: number): number {
  return (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0;
}

/**
 * The elements of the listpack in `bytes` (all of it), integers as decimal strings. `offset` is
 * where `bytes` starts in the enclosing input, for error messages.
 */
export function decodeListpack(bytes: Uint8Array, offset = 0): ByteString[] {
  rdbCheck(bytes.length >= HEADER_BYTES + 1, offset, 'listpack shorter than its header');
  // Read byte by byte: a DataView per listpack would be an allocation per collection loaded.
  const total = u32le(bytes, 0);
  const count = bytes[4] | (bytes[5] << 8);
  if (total !== bytes.length) throw new RdbFormatError(offset, `listpack header says ${total} bytes, blob holds ${bytes.length}`);
  const out: ByteString[] = [];
  let at = HEADER_BYTES;
  while (true) {
    rdbCheck(at < total, offset + at, 'listpack has no terminator');
    const first = bytes[at];
    if (first === TERMINATOR) break;
    const start = at;
    let element: ByteString;
    if (first < 0x80) {
      element = String(first);
      at += 1;
    } else if (first < 0xc0) {
      const length = first & 0x3f;
      rdbCheck(at + 1 + length <= total, offset + at, 'listpack string runs past its end');
      element = bytesToByteString(bytes, at + 1, at + 1 + length);
      at += 1 + length;
    } else if (first < 0xe0) {
      rdbCheck(at + 2 <= total, offset + at, 'listpack integer runs past its end');
      const unsigned = ((first & 0x1f) << 8) | bytes[at + 1];
      element = String(unsigned >= 4096 ? unsigned - 8192 : unsigned);
      at += 2;
    } else if (first < 0xf0) {
      rdbCheck(at + 2 <= total, offset + at, 'listpack string runs past its end');
      const length = ((first & 0x0f) << 8) | bytes[at + 1];
      rdbCheck(at + 2 + length <= total, offset + at, 'listpack string runs past its end');
      element = bytesToByteString(bytes, at + 2, at + 2 + length);
      at += 2 + length;
    } else if (first === 0xf0) {
      rdbCheck(at + 5 <= total, offset + at, 'listpack string runs past its end');
      const length = u32le(bytes, at + 1);
      rdbCheck(at + 5 + length <= total, offset + at, 'listpack string runs past its end');
      element = bytesToByteString(bytes, at + 5, at + 5 + length);
      at += 5 + length;
    } else {
      const width = first === 0xf1 ? 2 : first === 0xf2 ? 3 : first === 0xf3 ? 4 : first === 0xf4 ? 8 : 0;
      if (width === 0) throw new RdbFormatError(offset + at, `listpack has an unknown encoding 0x${first.toString(16)}`);
      rdbCheck(at + 1 + width <= total, offset + at, 'listpack integer runs past its end');
      element = readSigned(bytes, at + 1, width).toString();
      at += 1 + width;
    }
    const entryBytes = at - start;
    const size = backlenBytes(entryBytes);
    rdbCheck(at + size <= total, offset + at, 'listpack backlen runs past its end');
    let backlen = 0;
    for (let i = 0; i < size; i++) backlen = backlen * 128 + (bytes[at + i] & 127);
    if (backlen !== entryBytes) throw new RdbFormatError(offset + at, `listpack backlen ${backlen} disagrees with entry size ${entryBytes}`);
    at += size;
    out.push(element);
  }
  rdbCheck(at === total - 1, offset + at, 'listpack terminator before its end');
  if (count !== COUNT_UNKNOWN && count !== out.length) throw new RdbFormatError(offset + 4, `listpack header counts ${count} elements, holds ${out.length}`);
  return out;
}
