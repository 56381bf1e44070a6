/**
 * ReplyParser: the client side of RESP. Feed the bytes a server sent; take complete replies
 * (RESP2 and RESP3, as Reply values) out one at a time; `undefined` means "need more bytes".
 * Attributes (`|`) are read and dropped. A reply split across chunks is re-read from its start
 * when more bytes arrive; bulk payloads are not re-scanned.
 */
import { bytesToByteString, type ByteString } from './byte-string.js';
import {
  BooleanReply, DoubleReply, ErrorReply, MapReply, NULL_ARRAY, PushReply, SetReply, SimpleString, VerbatimString,
  type Reply,
} from './reply.js';

/** Thrown by next() when the server's bytes are not RESP. */
export class ReplyProtocolError extends Error {}

const INCOMPLETE = Symbol('incomplete');
type Parsed = Reply | typeof INCOMPLETE;

export class ReplyParser {
  private buffer: Uint8Array = new Uint8Array(0);
  private start = 0;
  private end = 0;
  private position = 0;

  feed(chunk: Uint8Array): void {
    const held = this.end - this.start;
    if (held === 0) {
      this.buffer = chunk.slice();
      this.start = 0;
      this.end = chunk.length;
      return;
    }
    if (this.buffer.length - this.end >= chunk.length) {
      this.buffer.set(chunk, this.end);
      this.end += chunk.length;
      return;
    }
    const next = new Uint8Array(Math.max(held + chunk.length, held * 2));
    next.set(this.buffer.subarray(this.start, this.end));
    next.set(chunk, held);
    this.buffer = next;
    this.start = 0;
    this.end = held + chunk.length;
  }

  next(): Reply | undefined {
    this.position = this.start;
    const reply = this.parse();
    if (reply === INCOMPLETE) return undefined;
    this.start = this.position;
    return reply;
  }

  private line(): ByteString | typeof INCOMPLETE {
    const index = this.buffer.subarray(this.position, this.end).indexOf(13);
    if (index === -1 || this.position + index + 1 >= this.end) return INCOMPLETE;
    const text = bytesToByteString(this.buffer, this.position, this.position + index);
    this.position += index + 2;
    return text;
  }

  private length(text: ByteString): number {
    const value = Number(text);
    if (!Number.isInteger(value)) throw new ReplyProtocolError(`bad length '${text}'`);
    return value;
  }

  private items(count: number): Reply[] | typeof INCOMPLETE {
    const items: Reply[] = [];
    for (let i = 0; i < count; i++) {
      const item = this.parse();
      if (item === INCOMPLETE) return INCOMPLETE;
      items.push(item);
    }
    return items;
  }

  private blob(length: number): ByteString | typeof INCOMPLETE {
    if (this.end - this.position < length + 2) return INCOMPLETE;
    const value = bytesToByteString(this.buffer, this.position, this.position + length);
    this.position += length + 2;
    return value;
  }

  private parse(): Parsed {
    if (this.position >= this.end) return INCOMPLETE;
    const type = this.buffer[this.position++];
    const text = this.line();
    if (text === INCOMPLETE) return INCOMPLETE;
    switch (type) {
      case 43: // +
        return new SimpleString(text);
      case 45: // -
        return new ErrorReply(text);
      case 58: { // :
        const value = Number(text);
        return Number.isSafeInteger(value) ? value : BigInt(text);
      }
      case 40: // (
        return BigInt(text);
      case 36: { // $
        const length = this.length(text);
        return length < 0 ? null : this.blob(length);
      }
      case 33: { // !
        const message = this.blob(this.length(text));
        return message === INCOMPLETE ? INCOMPLETE : new ErrorReply(message);
      }
      case 61: { // =
        const body = this.blob(this.length(text));
        return body === INCOMPLETE ? INCOMPLETE : new VerbatimString(body.slice(4), body.slice(0, 3));
      }
      case 42: { // *
        const count = this.length(text);
        return count < 0 ? NULL_ARRAY : this.items(count);
      }
      case 126: { // ~
        const items = this.items(this.length(text));
        return items === INCOMPLETE ? INCOMPLETE : new SetReply(items);
      }
      case 62: { // >
        const items = this.items(this.length(text));
        return items === INCOMPLETE ? INCOMPLETE : new PushReply(items);
      }
      case 37: { // %
        const flat = this.items(this.length(text) * 2);
        if (flat === INCOMPLETE) return INCOMPLETE;
        const entries: Array<[Reply, Reply]> = [];
        for (let i = 0; i < flat.length; i += 2) entries.push([flat[i], flat[i + 1]]);
        return new MapReply(entries);
      }
      case 124: { // | attribute: read and drop, then the reply it decorates
        const attributes = this.items(this.length(text) * 2);
        return attributes === INCOMPLETE ? INCOMPLETE : this.parse();
      }
      case 95: // _
        return null;
      case 35: // #
        return text === 't' ? BooleanReply.TRUE : BooleanReply.FALSE;
      case 44: { // ,
        const lower = text.toLowerCase();
        const value = lower === 'inf' || lower === '+inf' ? Infinity : lower === '-inf' ? -Infinity : Number(text);
        return new DoubleReply(value);
      }
      default:
        throw new ReplyProtocolError(`unknown reply type byte ${type}`);
    }
  }
}
