/**
 * RdbInput: reads RDB's primitives from bytes — lengths (6/14/32/64-bit), strings (plain,
 * integer-encoded, LZF-compressed), doubles (binary and text), times. Every read is bounds
 * checked and fails with RdbFormatError naming the offset in the whole input (`offset` is where
 * these bytes start in it).
 *
 * A loader that reads a file in chunks constructs an input with `complete: false` over the bytes
 * it has: running off their end then throws RdbInputShort (not an error: "feed me more"), and the
 * loader retries the record once more bytes have arrived.
 */
import type { ByteString } from '../resp/byte-string.js';
import { bytesToByteString } from '../resp/byte-string.js';
import { lzfDecompress, lzfDecompressRange } from './lzf.js';
import { RdbFormatError } from './rdb-error.js';

/** Thrown by an incomplete input that ran out of bytes; `needed` is how many it wanted past the end. */
export class RdbInputShort {
  constructor(readonly needed: number) {}
}

export interface RdbInputOptions {
  /** Where these bytes start in the whole input (file or payload), for error offsets. */
  readonly offset?: number;
  /** False when more bytes may follow: running out throws RdbInputShort instead of an error. */
  readonly complete?: boolean;
}

/** A length that is one of RDB's special string encodings (the top two bits set). */
export const ENCODING_INT8 = 0;
export const ENCODING_INT16 = 1;
export const ENCODING_INT32 = 2;
export const ENCODING_LZF = 3;

export class RdbInput {
  position = 0;
  private readonly view: DataView;
  private readonly base: number;
  private readonly complete: boolean;

  constructor(readonly bytes: Uint8Array, options: RdbInputOptions = {}) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.base = options.offset ?? 0;
    this.complete = options.complete ?? true;
  }

  /** The position in the whole input. */
  get offset(): number {
    return this.base + this.position;
  }

  get remaining(): number {
    return this.bytes.length - this.position;
  }

  fail(reason: string, at = this.offset): never {
    throw new RdbFormatError(at, reason);
  }

  /** Ensures `count` more bytes are there (or asks for them). */
  need(count: number, what: string): void {
    if (this.position + count <= this.bytes.length) return;
    if (!this.complete) throw new RdbInputShort(this.position + count - this.bytes.length);
    this.fail(`unexpected end of input reading ${what}`);
  }

  u8(): number {
    this.need(1, 'a byte');
    return this.bytes[this.position++];
  }

  /** `count` raw bytes (a view into the input). */
  raw(count: number, what = 'bytes'): Uint8Array {
    this.need(count, what);
    const out = this.bytes.subarray(this.position, this.position + count);
    this.position += count;
    return out;
  }

  u32le(): number {
    this.need(4, 'a 32-bit integer');
    const value = this.view.getUint32(this.position, true);
    this.position += 4;
    return value;
  }

  u64le(): bigint {
    this.need(8, 'a 64-bit integer');
    const value = this.view.getBigUint64(this.position, true);
    this.position += 8;
    return value;
  }

  /**
   * A length (≥ 0), or a special string encoding as -1 - ENCODING_* (< 0): a number, not an
   * object, because it is read for every string of a file (millions of allocations otherwise).
   */
  lengthOrEncoding(): number {
    const at = this.offset;
    const first = this.u8();
    switch (first >> 6) {
      case 0: return first & 0x3f;
      case 1: return ((first & 0x3f) << 8) | this.u8();
      case 3: return -1 - (first & 0x3f);
      default: break;
    }
    if (first === 0x80) {
      this.need(4, 'a 32-bit length');
      const value = this.view.getUint32(this.position, false);
      this.position += 4;
      return value;
    }
    if (first === 0x81) {
      this.need(8, 'a 64-bit length');
      const value = this.view.getBigUint64(this.position, false);
      this.position += 8;
      if (value > BigInt(Number.MAX_SAFE_INTEGER)) this.fail(`length ${value} is too large`, at);
      return Number(value);
    }
    return this.fail(`bad length encoding 0x${first.toString(16)}`, at);
  }

  /** A plain length (a special string encoding here is an error). */
  length(what = 'length'): number {
    const at = this.offset;
    const value = this.lengthOrEncoding();
    if (value < 0) this.fail(`string encoding where a ${what} belongs`, at);
    return value;
  }

  /** A length that counts items which each need at least one more byte: bounded by what is left. */
  count(what: string): number {
    const at = this.offset;
    const value = this.length(what);
    if (this.complete && value > this.remaining) throw new RdbFormatError(at, `${what} ${value} exceeds the remaining ${this.remaining} bytes`);
    return value;
  }

  /**
   * An RDB string as bytes (decompressed; integers rendered in decimal). `transient`: the caller
   * is done with them before its next read, so a compressed string may expand into a buffer that
   * read reuses (a blob decoded at once: no allocation per listpack).
   */
  stringBytes(transient = false): Uint8Array {
    const at = this.offset;
    const length = this.lengthOrEncoding();
    if (length >= 0) return this.raw(length, 'a string');
    const encoding = -1 - length;
    switch (encoding) {
      case ENCODING_INT8: return asciiBytes(String(this.signed(1)));
      case ENCODING_INT16: return asciiBytes(String(this.signed(2)));
      case ENCODING_INT32: return asciiBytes(String(this.signed(4)));
      case ENCODING_LZF: return this.compressed(at, transient);
      default: return this.fail(`unknown string encoding ${encoding}`, at);
    }
  }

  /** An RDB string as a byte string. */
  string(): ByteString {
    const at = this.offset;
    const length = this.lengthOrEncoding();
    if (length >= 0) {
      this.need(length, 'a string');
      const out = bytesToByteString(this.bytes, this.position, this.position + length);
      this.position += length;
      return out;
    }
    const encoding = -1 - length;
    if (encoding <= ENCODING_INT32) return String(this.signed(encoding === ENCODING_INT8 ? 1 : encoding === ENCODING_INT16 ? 2 : 4));
    if (encoding !== ENCODING_LZF) return this.fail(`unknown string encoding ${encoding}`, at);
    const compressedLength = this.length('compressed length');
    const expanded = this.length('uncompressed length');
    this.need(compressedLength, 'a compressed string');
    const start = this.position;
    this.position += compressedLength;
    const into = scratchOf(expanded);
    if (into === undefined) return bytesToByteString(lzfDecompress(this.bytes.subarray(start, start + compressedLength), expanded, at));
    // Decompressed into a reused buffer, read in place (no view of it): the byte string copies it out at once.
    lzfDecompressRange(this.bytes, start, start + compressedLength, expanded, into, at);
    return bytesToByteString(into, 0, expanded);
  }

  /** An LZF string's bytes (after its encoding byte); `transient`: in a buffer the next read reuses. */
  private compressed(at: number, transient: boolean): Uint8Array {
    const compressedLength = this.length('compressed length');
    const expanded = this.length('uncompressed length');
    const into = transient ? scratchOf(expanded) : undefined;
    if (into === undefined) return lzfDecompress(this.raw(compressedLength, 'a compressed string'), expanded, at);
    this.need(compressedLength, 'a compressed string');
    lzfDecompressRange(this.bytes, this.position, this.position + compressedLength, expanded, into, at);
    this.position += compressedLength;
    return into.subarray(0, expanded);
  }

  /** An IEEE 754 double, little-endian (RDB_TYPE_ZSET_2 scores, stream ids are not doubles). */
  binaryDouble(): number {
    this.need(8, 'a double');
    const value = this.view.getFloat64(this.position, true);
    this.position += 8;
    return value;
  }

  /** A double as text with a one-byte length; 253, 254, 255 mean NaN, +inf, -inf (old zsets). */
  textDouble(): number {
    const at = this.offset;
    const length = this.u8();
    if (length === 253) return Number.NaN;
    if (length === 254) return Number.POSITIVE_INFINITY;
    if (length === 255) return Number.NEGATIVE_INFINITY;
    const text = bytesToByteString(this.raw(length, 'a double'));
    const value = Number(text);
    if (text.trim() === '' || Number.isNaN(value)) this.fail(`bad double ${JSON.stringify(text)}`, at);
    return value;
  }

  /** Milliseconds since the epoch, 8 bytes little-endian (EXPIRETIME_MS, stream times). */
  milliseconds(): number {
    const at = this.offset;
    const value = BigInt.asIntN(64, this.u64le());
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < -BigInt(Number.MAX_SAFE_INTEGER)) this.fail(`time ${value} out of range`, at);
    return Number(value);
  }

  private signed(width: number): number {
    this.need(width, 'an integer-encoded string');
    const at = this.position;
    this.position += width;
    if (width === 1) return this.view.getInt8(at);
    if (width === 2) return this.view.getInt16(at, true);
    return this.view.getInt32(at, true);
  }
}

/** Decompressed strings up to this size reuse one buffer; larger ones get their own. */
const SCRATCH_BYTES_MAX = 1 << 20;
let scratch = new Uint8Array(4096);

function scratchOf(bytes: number): Uint8Array | undefined {
  if (bytes > SCRATCH_BYTES_MAX) return undefined;
  if (scratch.length < bytes) scratch = new Uint8Array(Math.max(bytes, scratch.length * 2));
  return scratch;
}

function asciiBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}
