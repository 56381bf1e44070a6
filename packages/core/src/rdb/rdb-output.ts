/**
 * RdbOutput: writes RDB's primitives the way redis-server 7.0 does (rdbSaveLen,
 * rdbSaveRawString): lengths in 1, 2, 5 or 9 bytes; a string of at most 11 bytes that is a
 * canonical integer fitting 32 bits as an integer encoding; a longer one than 20 bytes
 * LZF-compressed when a compressor is given and compression saves at least 4 bytes; binary
 * doubles; little-endian millisecond times.
 */
import { ByteWriter } from '../aof/byte-writer.js';
import type { ByteString } from '../resp/byte-string.js';

/** Compresses `input` into at most `input.length - 4` bytes, or returns undefined (lzf.ts: rdbCompressor). */
export type Compressor = (input: Uint8Array) => Uint8Array | undefined;

const INTEGER_STRING_BYTES_MAX = 11;
const COMPRESS_BYTES_MIN = 21;

export interface RdbOutputOptions {
  readonly initialBytes?: number;
  /** LZF for strings longer than 20 bytes (rdbcompression yes); none when absent. */
  readonly compressor?: Compressor;
}

export class RdbOutput {
  readonly writer: ByteWriter;
  private readonly compressor: Compressor | undefined;
  private readonly scratch = new DataView(new ArrayBuffer(8));
  /** A string's bytes for the compressor, reused from string to string. */
  private stringBytes = new Uint8Array(256);

  constructor(options: RdbOutputOptions = {}) {
    this.writer = new ByteWriter(options.initialBytes);
    this.compressor = options.compressor;
  }

  get length(): number {
    return this.writer.length;
  }

  u8(value: number): void {
    this.writer.u8(value);
  }

  raw(bytes: Uint8Array): void {
    this.writer.raw(bytes);
  }

  lengthValue(value: number): void {
    const writer = this.writer;
    if (value < 64) {
      writer.u8(value);
    } else if (value < 16384) {
      writer.u8(0x40 | (value >> 8));
      writer.u8(value & 0xff);
    } else if (value <= 0xffffffff) {
      writer.u8(0x80);
      this.scratch.setUint32(0, value, false);
      for (let i = 0; i < 4; i++) writer.u8(this.scratch.getUint8(i));
    } else {
      writer.u8(0x81);
      this.scratch.setBigUint64(0, BigInt(value), false);
      for (let i = 0; i < 8; i++) writer.u8(this.scratch.getUint8(i));
    }
  }

  /** An RDB string, as rdbSaveRawString encodes it. */
  string(value: ByteString): void {
    if (value.length <= INTEGER_STRING_BYTES_MAX && this.integerString(value)) return;
    if (this.compressor !== undefined && value.length >= COMPRESS_BYTES_MIN) {
      if (this.stringBytes.length < value.length) this.stringBytes = new Uint8Array(Math.max(value.length, this.stringBytes.length * 2));
      const bytes = this.stringBytes.subarray(0, value.length);
      for (let i = 0; i < value.length; i++) bytes[i] = value.charCodeAt(i);
      if (this.compressed(bytes)) return;
      this.lengthValue(bytes.length);
      this.writer.raw(bytes);
      return;
    }
    this.lengthValue(value.length);
    this.writer.byteString(value);
  }

  /** A blob (a listpack, an intset) as an RDB string: compressed when that pays, never integer-encoded. */
  blob(bytes: Uint8Array): void {
    if (this.compressor !== undefined && bytes.length >= COMPRESS_BYTES_MIN && this.compressed(bytes)) return;
    this.lengthValue(bytes.length);
    this.writer.raw(bytes);
  }

  binaryDouble(value: number): void {
    this.scratch.setFloat64(0, value, true);
    for (let i = 0; i < 8; i++) this.writer.u8(this.scratch.getUint8(i));
  }

  /** Milliseconds since the epoch (or any int64) as 8 little-endian bytes. */
  milliseconds(value: number): void {
    this.scratch.setBigInt64(0, BigInt(value), true);
    for (let i = 0; i < 8; i++) this.writer.u8(this.scratch.getUint8(i));
  }

  /** The bytes written so far, handed over; the output starts empty. */
  take(): Uint8Array {
    return this.writer.take();
  }

  /** An already LZF-compressed blob of `originalLength` bytes (rdbSaveLzfBlob: compressed quicklist nodes). */
  lzfBlob(compressed: Uint8Array, originalLength: number): void {
    this.writer.u8(0xc0 | 3);
    this.lengthValue(compressed.length);
    this.lengthValue(originalLength);
    this.writer.raw(compressed);
  }

  private compressed(bytes: Uint8Array): boolean {
    const compressed = this.compressor?.(bytes);
    if (compressed === undefined) return false;
    this.lzfBlob(compressed, bytes.length);
    return true;
  }

  /** rdbTryIntegerEncoding: a canonical decimal that fits 32 bits, in 1, 2 or 4 bytes. */
  private integerString(value: ByteString): boolean {
    const number = Number(value);
    if (!Number.isInteger(number) || String(number) !== value) return false;
    if (number >= -128 && number <= 127) {
      this.writer.u8(0xc0);
      this.writer.u8(number & 0xff);
    } else if (number >= -32768 && number <= 32767) {
      this.writer.u8(0xc1);
      this.scratch.setInt16(0, number, true);
      for (let i = 0; i < 2; i++) this.writer.u8(this.scratch.getUint8(i));
    } else if (number >= -2147483648 && number <= 2147483647) {
      this.writer.u8(0xc2);
      this.scratch.setInt32(0, number, true);
      for (let i = 0; i < 4; i++) this.writer.u8(this.scratch.getUint8(i));
    } else {
      return false;
    }
    return true;
  }
}
