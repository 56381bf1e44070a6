/**
 * Redis's CRC-64 (Jones polynomial 0xad93d23594c935a9, reflected in and out, initial value 0),
 * the checksum at the end of every RDB file, DUMP and FUNCTION DUMP payload. Check value:
 * "123456789" → 0xe9c6d914c4b8d9ca.
 *
 * The 64-bit state lives in two unsigned 32-bit halves and input is taken eight bytes per step
 * through eight tables (slicing-by-8), so checksumming runs at hundreds of MB/s with no BigInt
 * on the way; Crc64 is incremental, for files written or read in chunks.
 */
import type { ByteString } from '../resp/byte-string.js';

const TABLE_BYTES = 256;
const SLICES = 8;
/** The reflected polynomial 0x95ac9329ac4bc9b5 as its two halves. */
const POLY_LOW = 0xac4bc9b5;
const POLY_HIGH = 0x95ac9329;

/** LOW[k * 256 + i] / HIGH[…]: the CRC of byte i followed by k zero bytes. */
const LOW = new Uint32Array(TABLE_BYTES * SLICES);
const HIGH = new Uint32Array(TABLE_BYTES * SLICES);

for (let byte = 0; byte < TABLE_BYTES; byte++) {
  let low = byte;
  let high = 0;
  for (let bit = 0; bit < 8; bit++) {
    const carry = low & 1;
    low = ((low >>> 1) | (high << 31)) >>> 0;
    high >>>= 1;
    if (carry !== 0) {
      low = (low ^ POLY_LOW) >>> 0;
      high = (high ^ POLY_HIGH) >>> 0;
    }
  }
  LOW[byte] = low;
  HIGH[byte] = high;
}
for (let slice = 1; slice < SLICES; slice++) {
  for (let byte = 0; byte < TABLE_BYTES; byte++) {
    const previous = (slice - 1) * TABLE_BYTES + byte;
    const index = LOW[previous] & 0xff;
    LOW[slice * TABLE_BYTES + byte] = (((LOW[previous] >>> 8) | (HIGH[previous] << 24)) ^ LOW[index]) >>> 0;
    HIGH[slice * TABLE_BYTES + byte] = ((HIGH[previous] >>> 8) ^ HIGH[index]) >>> 0;
  }
}

/** An incremental CRC-64: update() with consecutive pieces, then value() or littleEndian(). */
export class Crc64 {
  private low: number;
  private high: number;

  constructor(initial = 0n) {
    this.low = Number(initial & 0xffffffffn);
    this.high = Number((initial >> 32n) & 0xffffffffn);
  }

  /** Adds `bytes[start, end)` to the checksum. */
  update(bytes: Uint8Array, start = 0, end = bytes.length): this {
    let low = this.low;
    let high = this.high;
    let at = start;
    const fastEnd = end - ((end - start) % SLICES);
    while (at < fastEnd) {
      const a = (low ^ (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24))) >>> 0;
      const b = (high ^ (bytes[at + 4] | (bytes[at + 5] << 8) | (bytes[at + 6] << 16) | (bytes[at + 7] << 24))) >>> 0;
      const i0 = 7 * TABLE_BYTES + (a & 0xff);
      const i1 = 6 * TABLE_BYTES + ((a >>> 8) & 0xff);
      const i2 = 5 * TABLE_BYTES + ((a >>> 16) & 0xff);
      const i3 = 4 * TABLE_BYTES + (a >>> 24);
      const i4 = 3 * TABLE_BYTES + (b & 0xff);
      const i5 = 2 * TABLE_BYTES + ((b >>> 8) & 0xff);
      const i6 = TABLE_BYTES + ((b >>> 16) & 0xff);
      const i7 = b >>> 24;
      low = LOW[i0] ^ LOW[i1] ^ LOW[i2] ^ LOW[i3] ^ LOW[i4] ^ LOW[i5] ^ LOW[i6] ^ LOW[i7];
      high = HIGH[i0] ^ HIGH[i1] ^ HIGH[i2] ^ HIGH[i3] ^ HIGH[i4] ^ HIGH[i5] ^ HIGH[i6] ^ HIGH[i7];
      at += SLICES;
    }
    for (; at < end; at++) {
      const index = (low ^ bytes[at]) & 0xff;
      low = ((low >>> 8) | (high << 24)) ^ LOW[index];
      high = (high >>> 8) ^ HIGH[index];
    }
    this.low = low >>> 0;
    this.high = high >>> 0;
    return this;
  }

  value(): bigint {
    return (BigInt(this.high) << 32n) | BigInt(this.low);
  }

  /** The checksum as 8 little-endian bytes, as files and payloads store it. */
  littleEndian(): Uint8Array {
    const out = new Uint8Array(8);
    for (let i = 0; i < 4; i++) {
      out[i] = (this.low >>> (8 * i)) & 0xff;
      out[i + 4] = (this.high >>> (8 * i)) & 0xff;
    }
    return out;
  }

  /** Whether `bytes[at, at + 8)` holds this checksum, little-endian. */
  matches(bytes: Uint8Array, at: number): boolean {
    const expected = this.littleEndian();
    for (let i = 0; i < 8; i++) if (bytes[at + i] !== expected[i]) return false;
    return true;
  }
}

/** Scratch for checksumming byte strings in pieces without one big copy. */
const STRING_PIECE_BYTES = 64 * 1024;

/** The CRC-64 of a byte string, continuing from `crc`. */
export function crc64(bytes: ByteString, crc = 0n): bigint {
  const state = new Crc64(crc);
  const piece = new Uint8Array(Math.min(bytes.length, STRING_PIECE_BYTES));
  for (let start = 0; start < bytes.length; start += STRING_PIECE_BYTES) {
    const end = Math.min(bytes.length, start + STRING_PIECE_BYTES);
    for (let i = start; i < end; i++) piece[i - start] = bytes.charCodeAt(i);
    state.update(piece, 0, end - start);
  }
  return state.value();
}

/** The checksum of a byte string as 8 little-endian bytes, as payloads store it. */
export function crc64Bytes(bytes: ByteString): ByteString {
  let crc = crc64(bytes);
  let out = '';
  for (let i = 0; i < 8; i++) {
    out += String.fromCharCode(Number(crc & 0xffn));
    crc >>= 8n;
  }
  return out;
}
