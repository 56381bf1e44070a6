/**
 * The byte layout of a Redis HyperLogLog string, which Ballast keeps exactly so that GET, DUMP
 * and replication see the same bytes as redis-server:
 *
 * - a 16-byte header: "HYLL", the encoding (0 dense, 1 sparse), 3 unused bytes (zero when we
 *   create them, kept as found), and the cached cardinality as 8 little-endian bytes whose top
 *   bit (bit 7 of byte 15) set means "stale, recompute";
 * - dense: 16384 registers of 6 bits packed from the least significant bit of each byte up,
 *   12288 bytes, so a dense HLL is exactly 12304 bytes;
 * - sparse: run-length opcodes (sparse.ts).
 *
 * Redis reads one byte past the last register (its strings end with a NUL); here that byte
 * reads as zero.
 */
import type { ByteString } from '../../resp/byte-string.js';
import { HLL_REGISTERS } from './murmur-hash.js';

export const HLL_HEADER_BYTES = 16;
export const HLL_BITS = 6;
export const HLL_REGISTER_MAX = (1 << HLL_BITS) - 1;
export const HLL_DENSE_REGISTER_BYTES = (HLL_REGISTERS * HLL_BITS) / 8;
/** A dense HLL as a byte string: header and registers, 12304 bytes. */
export const HLL_DENSE_BYTES = HLL_HEADER_BYTES + HLL_DENSE_REGISTER_BYTES;
export const HLL_ENCODING_DENSE = 0;
export const HLL_ENCODING_SPARSE = 1;
/** Offset of the encoding byte and of the cached cardinality. */
export const HLL_ENCODING_OFFSET = 4;
export const HLL_CARDINALITY_OFFSET = 8;
/** Byte 15: its top bit marks the cached cardinality stale. */
export const HLL_CACHE_FLAG_OFFSET = 15;
export const HLL_CACHE_STALE_BIT = 0x80;

/**
 * Whether `value` passes Redis's HyperLogLog check (isHLLObjectOrReply): at least a header,
 * the "HYLL" magic, a known encoding, and exactly 12304 bytes when dense. Sparse opcodes are
 * checked only when they are walked (a corrupt sparse HLL is INVALIDOBJ, not WRONGTYPE).
 */
export function isHyperLogLog(value: ByteString): boolean {
  if (value.length < HLL_HEADER_BYTES) return false;
  if (value.charCodeAt(0) !== 0x48 || value.charCodeAt(1) !== 0x59 || value.charCodeAt(2) !== 0x4c || value.charCodeAt(3) !== 0x4c) return false;
  const encoding = value.charCodeAt(HLL_ENCODING_OFFSET);
  if (encoding > HLL_ENCODING_SPARSE) return false;
  return encoding === HLL_ENCODING_SPARSE || value.length === HLL_DENSE_BYTES;
}

export function isDense(value: ByteString): boolean {
  return value.charCodeAt(HLL_ENCODING_OFFSET) === HLL_ENCODING_DENSE;
}

export function cacheIsValid(value: ByteString): boolean {
  return (value.charCodeAt(HLL_CACHE_FLAG_OFFSET) & HLL_CACHE_STALE_BIT) === 0;
}

/** The cached cardinality (top bit clear, so below 2^63): a number when safe, else a bigint. */
export function cachedCardinality(value: ByteString): number | bigint {
  let low = 0;
  let high = 0;
  for (let i = 3; i >= 0; i--) low = low * 256 + value.charCodeAt(HLL_CARDINALITY_OFFSET + i);
  for (let i = 7; i >= 4; i--) high = high * 256 + value.charCodeAt(HLL_CARDINALITY_OFFSET + i);
  if (high < 0x200000) return high * 2 ** 32 + low;
  return (BigInt(high) << 32n) | BigInt(low);
}

/** The 8 little-endian bytes of a cardinality below 2^64 (a number only when safe). */
export function cardinalityBytes(cardinality: number | bigint): ByteString {
  let rest = BigInt(cardinality);
  let out = '';
  for (let i = 0; i < 8; i++) {
    out += String.fromCharCode(Number(rest & 0xffn));
    rest >>= 8n;
  }
  return out;
}

/** Byte offset (within the registers) and bit shift of dense register `index`. */
function registerPosition(index: number): number {
  return (index * HLL_BITS) >>> 3;
}

/** Dense register `index` of `registers` (a byte array starting at the first register). */
export function denseRegister(registers: Uint8Array, offset: number, index: number): number {
  const byte = offset + registerPosition(index);
  const shift = (index * HLL_BITS) & 7;
  const next = byte + 1 < registers.length ? registers[byte + 1] : 0;
  return ((registers[byte] >>> shift) | (next << (8 - shift))) & HLL_REGISTER_MAX;
}

/** Sets dense register `index` to `value` (0..63), leaving its neighbours' bits alone. */
export function setDenseRegister(registers: Uint8Array, offset: number, index: number, value: number): void {
  const byte = offset + registerPosition(index);
  const shift = (index * HLL_BITS) & 7;
  registers[byte] = (registers[byte] & ~(HLL_REGISTER_MAX << shift)) | ((value << shift) & 0xff);
  if (shift > 2 && byte + 1 < registers.length) {
    registers[byte + 1] = (registers[byte + 1] & ~(HLL_REGISTER_MAX >>> (8 - shift))) | (value >>> (8 - shift));
  }
}

/** Dense register `index` read straight from a dense HLL byte string. */
export function denseRegisterOfString(value: ByteString, index: number): number {
  const byte = HLL_HEADER_BYTES + registerPosition(index);
  const shift = (index * HLL_BITS) & 7;
  const next = byte + 1 < value.length ? value.charCodeAt(byte + 1) : 0;
  return ((value.charCodeAt(byte) >>> shift) | (next << (8 - shift))) & HLL_REGISTER_MAX;
}
