/**
 * ByteWriter: a growable byte array for building AOF frames and files — little-endian integers,
 * byte strings (one char per byte) and RESP-encoded commands, appended without per-call copies.
 */
import type { ByteString } from '../resp/byte-string.js';

const INITIAL_BYTES = 1024;

export class ByteWriter {
  private buffer: Uint8Array;
  private view: DataView;
  length = 0;

  constructor(initialBytes = INITIAL_BYTES) {
    this.buffer = new Uint8Array(initialBytes);
    this.view = new DataView(this.buffer.buffer);
  }

  /** The bytes written so far (a view: valid until the next write). */
  bytes(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }

  /** A copy of the bytes written so far; the writer starts empty and keeps its capacity. */
  take(): Uint8Array {
    const out = this.buffer.slice(0, this.length);
    this.length = 0;
    return out;
  }

  reserve(count: number): number {
    this.ensure(count);
    const at = this.length;
    this.length += count;
    return at;
  }

  u8(value: number): void {
    this.ensure(1);
    this.buffer[this.length++] = value;
  }

  u32(value: number): void {
    this.ensure(4);
    this.view.setUint32(this.length, value, true);
    this.length += 4;
  }

  /** A non-negative safe integer as 8 little-endian bytes. */
  u64(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`u64 out of range: ${value}`);
    this.ensure(8);
    this.view.setUint32(this.length, value % 0x1_0000_0000, true);
    this.view.setUint32(this.length + 4, Math.floor(value / 0x1_0000_0000), true);
    this.length += 8;
  }

  setU32(at: number, value: number): void {
    this.view.setUint32(at, value, true);
  }

  raw(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  byteString(value: ByteString): void {
    this.ensure(value.length);
    const buffer = this.buffer;
    let at = this.length;
    for (let i = 0; i < value.length; i++) buffer[at++] = value.charCodeAt(i);
    this.length = at;
  }

  /** One command as a RESP array of bulk strings (the hot path of every logged write). */
  command(args: readonly ByteString[]): void {
    let bytes = 16;
    for (const arg of args) bytes += arg.length + 16;
    this.ensure(bytes);
    const buffer = this.buffer;
    let at = this.header(42, args.length);
    for (const arg of args) {
      this.length = at;
      at = this.header(36, arg.length);
      for (let i = 0; i < arg.length; i++) buffer[at++] = arg.charCodeAt(i);
      buffer[at++] = 13;
      buffer[at++] = 10;
    }
    this.length = at;
  }

  /** Writes `prefix`, the decimal `count` and CRLF at the end (room already ensured). */
  private header(prefix: number, count: number): number {
    const buffer = this.buffer;
    let at = this.length;
    buffer[at++] = prefix;
    if (count < 10) {
      buffer[at++] = 48 + count;
    } else {
      const digits = String(count);
      for (let i = 0; i < digits.length; i++) buffer[at++] = digits.charCodeAt(i);
    }
    buffer[at++] = 13;
    buffer[at++] = 10;
    return at;
  }

  private ensure(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    let capacity = this.buffer.length * 2;
    while (capacity < this.length + extra) capacity *= 2;
    const next = new Uint8Array(capacity);
    next.set(this.buffer.subarray(0, this.length));
    this.buffer = next;
    this.view = new DataView(next.buffer);
  }
}

/** Reads a little-endian u64 written by ByteWriter.u64. */
export function readU64(view: DataView, at: number): number {
  return view.getUint32(at, true) + view.getUint32(at + 4, true) * 0x1_0000_0000;
}
