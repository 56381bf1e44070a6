/**
 * Reply encoding: Reply → RESP2 or RESP3 bytes, with RESP3-only shapes downgraded for RESP2
 * exactly as Redis 7.0 does. OutputBuffer appends many replies into one growable byte array so
 * the host can send everything one read produced in a single write; an OutputPool gives each
 * such write a slice of one shared block instead of an array of its own.
 */
import type { ByteString } from './byte-string.js';
import { formatDouble } from './format-double.js';
import {
  AttributedReply, BigNumberReply, BooleanReply, DoubleReply, ErrorReply, MapReply, NullArray, PushReply, SetReply, SimpleString, VerbatimString,
  type Reply,
} from './reply.js';

const INITIAL_BYTES = 4096;
/** Above this a taken buffer is not reused: one giant reply must not pin its memory. */
const RETAINED_BYTES_MAX = 1024 * 1024;
/** The block an OutputPool carves slices from; a slice is at most an eighth of it. */
const POOL_BYTES = 64 * 1024;
const POOLED_BYTES_MAX = POOL_BYTES / 8;
const SHORT_COPY_BYTES = 64;

/**
 * OutputPool: copies of small outputs carved from one shared block, as Node pools small
 * Buffers. A write's bytes must stay as they are until the host has sent them, so a slice is
 * never written again: a full block is replaced, and lives on while a slice of it is held.
 * Saves allocating an ArrayBuffer per write (per client and flush).
 */
export class OutputPool {
  private block = new Uint8Array(POOL_BYTES);
  private used = 0;

  /** `bytes[0, length)` in memory nothing writes again. */
  copy(bytes: Uint8Array, length: number): Uint8Array {
    if (length > POOLED_BYTES_MAX) return bytes.slice(0, length);
    if (this.used + length > POOL_BYTES) {
      this.block = new Uint8Array(POOL_BYTES);
      this.used = 0;
    }
    const start = this.used;
    // A short copy by hand: set() of a subarray makes a view object first.
    if (length <= SHORT_COPY_BYTES) for (let index = 0; index < length; index++) this.block[start + index] = bytes[index];
    else this.block.set(bytes.subarray(0, length), start);
    // Slices start 8-byte aligned, as Node's pooled Buffers do.
    this.used = (start + length + 7) & ~7;
    return this.block.subarray(start, start + length);
  }
}

export class OutputBuffer {
  private bytes = new Uint8Array(INITIAL_BYTES);
  private used = 0;

  /** With a pool, take() hands out a slice of it instead of a new array. */
  constructor(private readonly pool: OutputPool | null = null) {}

  get length(): number {
    return this.used;
  }

  /** Hands out what was written and starts empty. */
  take(): Uint8Array {
    const out = this.pool === null ? this.bytes.slice(0, this.used) : this.pool.copy(this.bytes, this.used);
    if (this.bytes.length > RETAINED_BYTES_MAX) this.bytes = new Uint8Array(INITIAL_BYTES);
    this.used = 0;
    return out;
  }

  writeReply(reply: Reply, protocol: 2 | 3): void {
    if (typeof reply === 'string') return this.writeBulk(reply);
    if (typeof reply === 'number') return this.writeInteger(reply);
    if (reply === null) return protocol === 3 ? this.writeRaw('_\r\n') : this.writeRaw('$-1\r\n');
    if (Array.isArray(reply)) return this.writeAggregate('*', reply as readonly Reply[], protocol);
    if (typeof reply === 'bigint') return this.writeLine(':', reply.toString());
    if (reply instanceof SimpleString) return this.writeLine('+', sanitize(reply.value));
    if (reply instanceof ErrorReply) return this.writeLine('-', sanitize(reply.message));
    if (reply instanceof DoubleReply) {
      const text = formatDouble(reply.value);
      return protocol === 3 ? this.writeLine(',', text) : this.writeBulk(text);
    }
    if (reply instanceof BigNumberReply) return protocol === 3 ? this.writeLine('(', sanitize(reply.text)) : this.writeBulk(reply.text);
    if (reply instanceof BooleanReply) {
      if (protocol === 3) return this.writeRaw(reply.value ? '#t\r\n' : '#f\r\n');
      return this.writeRaw(reply.value ? ':1\r\n' : ':0\r\n');
    }
    if (reply instanceof MapReply) return this.writeMap(reply, protocol);
    if (reply instanceof SetReply) return this.writeAggregate(protocol === 3 ? '~' : '*', reply.items, protocol);
    if (reply instanceof PushReply) return this.writeAggregate(protocol === 3 ? '>' : '*', reply.items, protocol);
    if (reply instanceof VerbatimString) {
      if (protocol === 2) return this.writeBulk(reply.text);
      this.writeLine('=', String(reply.text.length + 4));
      this.writeRaw(`${reply.format}:`);
      this.writeByteString(reply.text);
      return this.writeRaw('\r\n');
    }
    if (reply instanceof NullArray) return protocol === 3 ? this.writeRaw('_\r\n') : this.writeRaw('*-1\r\n');
    if (reply instanceof AttributedReply) {
      if (protocol === 3) {
        this.writeLine('|', String(reply.attributes.length));
        for (const [key, value] of reply.attributes) {
          this.writeReply(key, protocol);
          this.writeReply(value, protocol);
        }
      }
      return this.writeReply(reply.reply, protocol);
    }
    throw new Error(`cannot encode reply ${String(reply)}`);
  }

  private writeMap(reply: MapReply, protocol: 2 | 3): void {
    if (protocol === 3) this.writeLine('%', String(reply.entries.length));
    else this.writeLine('*', String(reply.entries.length * 2));
    for (const [key, value] of reply.entries) {
      this.writeReply(key, protocol);
      this.writeReply(value, protocol);
    }
  }

  private writeAggregate(prefix: string, items: readonly Reply[], protocol: 2 | 3): void {
    this.writeLine(prefix, String(items.length));
    for (const item of items) this.writeReply(item, protocol);
  }

  private writeBulk(value: ByteString): void {
    this.ensure(value.length + 16);
    this.writeLine('$', String(value.length));
    this.writeByteString(value);
    this.writeRaw('\r\n');
  }

  /** `:<value>\r\n`, its digits written straight into the buffer (no string per integer reply). */
  private writeInteger(value: number): void {
    if (!Number.isSafeInteger(value)) throw new Error(`integer reply must be a safe integer, got ${value}`);
    this.ensure(24);
    const bytes = this.bytes;
    let used = this.used;
    bytes[used++] = 58;
    if (value < 0) bytes[used++] = 45;
    let rest = Math.abs(value);
    let digits = 1;
    for (let scale = 10; scale <= rest; scale *= 10) digits++;
    for (let position = used + digits - 1; position >= used; position--) {
      const digit = rest % 10;
      bytes[position] = 48 + digit;
      rest = (rest - digit) / 10;
    }
    used += digits;
    bytes[used++] = 13;
    bytes[used++] = 10;
    this.used = used;
  }

  private writeLine(prefix: string, text: string): void {
    this.ensure(text.length + 3);
    this.bytes[this.used++] = prefix.charCodeAt(0);
    this.writeByteString(text);
    this.bytes[this.used++] = 13;
    this.bytes[this.used++] = 10;
  }

  private writeRaw(text: string): void {
    this.writeByteString(text);
  }

  private writeByteString(value: ByteString): void {
    this.ensure(value.length);
    const bytes = this.bytes;
    let used = this.used;
    for (let i = 0; i < value.length; i++) bytes[used++] = value.charCodeAt(i);
    this.used = used;
  }

  private ensure(extra: number): void {
    if (this.used + extra <= this.bytes.length) return;
    let capacity = this.bytes.length * 2;
    while (capacity < this.used + extra) capacity *= 2;
    const next = new Uint8Array(capacity);
    next.set(this.bytes.subarray(0, this.used));
    this.bytes = next;
  }
}

/** Status and error lines cannot hold CR or LF; Redis replaces them with spaces. */
function sanitize(text: string): string {
  return text.includes('\r') || text.includes('\n') ? text.replace(/[\r\n]/g, ' ') : text;
}

/** Encodes a single reply into a new byte array. */
export function encodeReply(reply: Reply, protocol: 2 | 3): Uint8Array {
  const buffer = new OutputBuffer();
  buffer.writeReply(reply, protocol);
  return buffer.take();
}
