/**
 * The byte format between the Lua VM (packages/core/lua/ballast_convert.c) and TypeScript.
 *
 * ReplyWriter turns a command's Reply into what redis.call returns, for the protocol the script
 * chose with redis.setresp: RESP2 downgrades exactly as the RESP2 encoder does (a map is a flat
 * array, a double a bulk string, a boolean 1 or 0, every null false), RESP3 keeps the shapes
 * ({map=}, {set=}, {double=}, nil, booleans, {verbatim_string=}). readResult turns a script's
 * converted result back into a Reply.
 *
 * Tags, Reply → Lua: s bulk, i number (f64), F false, Z nil, b boolean, + status, - error,
 * * array, % map, ~ set, , double, ( big number, = verbatim (3-byte format).
 * Tags, Lua → Reply: s bulk, i integer (i64), n null, b boolean, o status, e error, d double,
 * g big number, v verbatim, a array, m map, t set; E a raised error (message, source, line), R
 * a raised non-table error (message). Errors (e, E) carry a byte: 1 when the error came from a
 * command the script ran, so the engine counted it already (Redis's ignore_error_stats_update).
 * Lengths and counts are u32, all little-endian.
 */
import { bytesToByteString, type ByteString } from '../resp/byte-string.js';
import { formatDouble } from '../resp/format-double.js';
import {
  AttributedReply, BigNumberReply, BooleanReply, DoubleReply, ErrorReply, MapReply, NullArray, PushReply, SetReply, SimpleString, VerbatimString,
  type Reply,
} from '../resp/reply.js';

/** Serializes replies into one growable buffer that the VM then copies in one go. */
export class ReplyWriter {
  bytes = new Uint8Array(4096);
  private view = new DataView(this.bytes.buffer);
  length = 0;

  reset(): void {
    this.length = 0;
  }

  write(reply: Reply, protocol: 2 | 3): void {
    if (typeof reply === 'string') return this.text(0x73, reply); // s
    if (typeof reply === 'number') return this.number(0x69, reply); // i
    if (reply === null || reply instanceof NullArray) return this.tag(protocol === 2 ? 0x46 : 0x5a); // F / Z
    if (Array.isArray(reply)) return this.items(0x2a, reply as readonly Reply[], protocol);
    if (typeof reply === 'bigint') return this.number(0x69, Number(reply));
    if (reply instanceof SimpleString) return this.text(0x2b, reply.value);
    if (reply instanceof ErrorReply) return this.text(0x2d, reply.message);
    if (reply instanceof DoubleReply) {
      return protocol === 2 ? this.text(0x73, formatDouble(reply.value)) : this.number(0x2c, reply.value);
    }
    if (reply instanceof BigNumberReply) return this.text(protocol === 2 ? 0x73 : 0x28, reply.text);
    if (reply instanceof BooleanReply) {
      if (protocol === 2) return this.number(0x69, reply.value ? 1 : 0);
      this.tag(0x62);
      return this.tag(reply.value ? 1 : 0);
    }
    if (reply instanceof MapReply) {
      if (protocol === 2) {
        this.count(0x2a, reply.entries.length * 2);
      } else {
        this.count(0x25, reply.entries.length);
      }
      for (const [key, value] of reply.entries) {
        this.write(key, protocol);
        this.write(value, protocol);
      }
      return;
    }
    if (reply instanceof SetReply) return this.items(protocol === 2 ? 0x2a : 0x7e, reply.items, protocol);
    if (reply instanceof PushReply) return this.items(0x2a, reply.items, protocol);
    if (reply instanceof VerbatimString) {
      if (protocol === 2) return this.text(0x73, reply.text);
      this.tag(0x3d);
      this.ensure(3);
      for (let i = 0; i < 3; i++) this.bytes[this.length++] = i < reply.format.length ? reply.format.charCodeAt(i) : 32;
      return this.text(-1, reply.text);
    }
    // Redis's Lua parser skips attributes and converts the reply that follows them.
    if (reply instanceof AttributedReply) return this.write(reply.reply, protocol);
    throw new Error(`redis.call: cannot convert reply ${String(reply)}`);
  }

  private ensure(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    let capacity = this.bytes.length * 2;
    while (capacity < this.length + extra) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
  }

  private tag(tag: number): void {
    this.ensure(1);
    this.bytes[this.length++] = tag;
  }

  private count(tag: number, count: number): void {
    this.ensure(5);
    this.bytes[this.length++] = tag;
    this.view.setUint32(this.length, count, true);
    this.length += 4;
  }

  private number(tag: number, value: number): void {
    this.ensure(9);
    this.bytes[this.length++] = tag;
    this.view.setFloat64(this.length, value, true);
    this.length += 8;
  }

  /** tag -1: no tag, just the length-prefixed bytes. */
  private text(tag: number, value: ByteString): void {
    this.ensure(value.length + 5);
    if (tag >= 0) this.bytes[this.length++] = tag;
    this.view.setUint32(this.length, value.length, true);
    this.length += 4;
    const bytes = this.bytes;
    let at = this.length;
    for (let i = 0; i < value.length; i++) bytes[at++] = value.charCodeAt(i);
    this.length = at;
  }

  private items(tag: number, items: readonly Reply[], protocol: 2 | 3): void {
    this.count(tag, items.length);
    for (const item of items) this.write(item, protocol);
  }
}

/** What a finished run produced, before the run's name is known to format raised errors. */
export type RunResult =
  | { kind: 'reply'; reply: Reply }
  | { kind: 'raised'; message: string; source: string | null; line: string | null; counted: boolean }
  | { kind: 'failed'; message: string };

const countedErrors = new WeakSet<ErrorReply>();

/**
 * Whether an error reply of a script (its result, or an error inside it) came from a command the
 * script ran, whose error the engine counted already: Redis does not count it again in INFO
 * errorstats and total_error_replies.
 */
export function errorAlreadyCounted(reply: ErrorReply): boolean {
  return countedErrors.has(reply);
}

export function markCounted(reply: ErrorReply, counted: boolean): ErrorReply {
  if (counted) countedErrors.add(reply);
  return reply;
}

/** Redis trims CR/LF at both ends of formatted errors and maps the rest to spaces on the wire. */
export function trimLineEnds(text: string): string {
  return text.replace(/^[\r\n]+|[\r\n]+$/g, '');
}

interface Container {
  kind: 'array' | 'map' | 'set';
  expected: number;
  items: Reply[];
}

const OPENED = Symbol('opened');

function close(container: Container): Reply {
  if (container.kind === 'array') return container.items;
  if (container.kind === 'set') return new SetReply(container.items);
  const entries: Array<[Reply, Reply]> = [];
  for (let i = 0; i < container.items.length; i += 2) entries.push([container.items[i], container.items[i + 1]]);
  return new MapReply(entries);
}

export class ResultReader {
  private at = 0;
  private view: DataView;

  constructor(private readonly bytes: Uint8Array, start: number) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.at = start;
  }

  result(): RunResult {
    const tag = this.bytes[this.at];
    if (tag === 0x45) { // E
      this.at++;
      const counted = this.bytes[this.at++] === 1;
      const message = this.text();
      const source = this.optionalText();
      const line = this.optionalText();
      return { kind: 'raised', message, source, line, counted };
    }
    if (tag === 0x52) { // R
      this.at++;
      return { kind: 'failed', message: this.text() };
    }
    return { kind: 'reply', reply: this.value() };
  }

  /** One value; iterative, since a script may return nesting thousands of levels deep. */
  value(): Reply {
    const open: Container[] = [];
    for (;;) {
      let value = this.scalarOrOpen(open);
      if (value === OPENED) continue;
      for (;;) {
        const top = open[open.length - 1];
        if (top === undefined) return value;
        top.items.push(value);
        if (top.items.length < top.expected) break;
        open.pop();
        value = close(top);
      }
    }
  }

  private scalarOrOpen(open: Container[]): Reply | typeof OPENED {
    const tag = this.bytes[this.at++];
    switch (tag) {
      case 0x73: return this.text(); // s
      case 0x69: { // i
        const low = this.view.getUint32(this.at, true);
        const high = this.view.getInt32(this.at + 4, true);
        this.at += 8;
        const value = high * 4294967296 + low;
        return Number.isSafeInteger(value) ? value : (BigInt(high) << 32n) | BigInt(low);
      }
      case 0x6e: return null; // n
      case 0x62: return this.bytes[this.at++] ? BooleanReply.TRUE : BooleanReply.FALSE; // b
      case 0x6f: return new SimpleString(this.text()); // o
      case 0x65: { // e
        const counted = this.bytes[this.at++] === 1;
        return markCounted(new ErrorReply(trimLineEnds(this.text())), counted);
      }
      case 0x64: { // d
        const value = this.view.getFloat64(this.at, true);
        this.at += 8;
        return new DoubleReply(value);
      }
      case 0x67: return new BigNumberReply(this.text().replace(/[\r\n]/g, ' ')); // g: CR and LF become spaces, as Redis maps them
      case 0x76: { // v
        const format = bytesToByteString(this.bytes, this.at, this.at + 3);
        this.at += 3;
        return new VerbatimString(this.text(), format);
      }
      case 0x61: case 0x6d: case 0x74: { // a m t
        const kind = tag === 0x61 ? 'array' : tag === 0x6d ? 'map' : 'set';
        const count = this.u32();
        const container: Container = { kind, expected: kind === 'map' ? count * 2 : count, items: [] };
        if (container.expected === 0) return close(container);
        open.push(container);
        return OPENED;
      }
      default:
        throw new Error(`lua: bad result tag ${tag}`);
    }
  }

  private u32(): number {
    const value = this.view.getUint32(this.at, true);
    this.at += 4;
    return value;
  }

  text(): ByteString {
    const length = this.u32();
    const value = bytesToByteString(this.bytes, this.at, this.at + length);
    this.at += length;
    return value;
  }

  private optionalText(): string | null {
    if (this.view.getUint32(this.at, true) === 0xffffffff) {
      this.at += 4;
      return null;
    }
    return this.text();
  }
}
