/**
 * RequestParser: the sans-I/O parser of client requests, as Redis's processMultibulkBuffer and
 * processInlineBuffer read them. Feed bytes in; take complete commands (argv as byte strings)
 * out one at a time; `undefined` means "need more bytes". Correct at every chunk split.
 *
 * Limits and error texts are Redis's. After a protocol error the parser stays failed and
 * returns the same error forever: the connection answers it and closes.
 *
 * Redis finds the end of a line with strchr, which stops at a NUL byte: a count line or an inline
 * request with a NUL before its line end is never complete, and fails only once it passes 64 KiB
 * ("too big …"). The search here stops at a NUL too, so garbage gets Redis's answer.
 */
import { bytesToByteString, type ByteString } from './byte-string.js';

/**
 * A request that can never be parsed. `message` is Redis's text, without the `ERR ` code. A
 * `silent` error (the query buffer limit) closes the connection without a reply, as Redis does;
 * its message is for the log.
 */
export class ProtocolError {
  constructor(readonly message: string, readonly silent = false) {}
}

export interface RequestParserOptions {
  /** proto-max-bulk-len: the largest bulk argument, in bytes. */
  readonly maxBulkBytes: number;
  /** client-query-buffer-limit: the most unparsed input held for one client, in bytes. */
  readonly queryBufferBytesMax: number;
}

/** Redis's PROTO_INLINE_MAX_SIZE: the longest inline request or length line. */
export const INLINE_BYTES_MAX = 64 * 1024;
/** Redis refuses multibulk counts above INT_MAX. Arguments are only held as they arrive. */
export const MULTIBULK_COUNT_MAX = 2 ** 31 - 1;
/** Before AUTH, Redis refuses counts above 10 and bulks above 16 KiB (authRequired). */
export const UNAUTHENTICATED_COUNT_MAX = 10;
export const UNAUTHENTICATED_BULK_BYTES_MAX = 16 * 1024;

/** What an emptied parser holds: no bytes, never written. */
const EMPTY = new Uint8Array(0);
/** The first arguments of a command, up to this long, are remembered for the next command (argumentAt). */
const REMEMBERED_ARGUMENTS = 4;
const REMEMBERED_CHARS_MAX = 32;

/** What the parser holds between commands: the next command starts a new array. */
const NO_ARGS = Object.freeze([]) as unknown as ByteString[];

const NUL = 0;
const CR = 13;
const LF = 10;
const STAR = 42;
const DOLLAR = 36;

export class RequestParser {
  private buffer: Uint8Array = EMPTY;
  private start = 0;
  private end = 0;
  /** Arguments still expected by the multibulk being read (0: at a request boundary). */
  private remaining = 0;
  private args: ByteString[] = NO_ARGS;
  /** Length of the bulk being read, or -1 when its `$len` line is next. */
  private bulkLength = -1;
  private failure: ProtocolError | null = null;
  /** The previous command's first arguments, handed out again when the next one has the same bytes there. */
  private readonly remembered: ByteString[] = Array.from({ length: REMEMBERED_ARGUMENTS }, () => '');
  /** Where the line plainLength read ends (its CR). */
  private plainLineEnd = 0;

  constructor(private readonly options: RequestParserOptions) {
    if (!(options.maxBulkBytes > 0 && options.queryBufferBytesMax > 0)) throw new Error('parser limits must be positive');
  }

  /** Unparsed bytes held (CLIENT LIST qbuf). */
  get bufferedBytes(): number {
    return this.end - this.start;
  }

  feed(chunk: Uint8Array): void {
    if (this.failure !== null || chunk.length === 0) return;
    if (this.start === this.end) {
      this.buffer = chunk;
      this.start = 0;
      this.end = chunk.length;
    } else {
      this.append(chunk);
    }
    // Redis checks its query buffer after every read, a bulk being read included.
    if (this.end - this.start > this.options.queryBufferBytesMax) {
      this.failure = new ProtocolError('Closing client that reached max query buffer length (client-query-buffer-limit)', true);
    }
  }

  /**
   * The next complete command, undefined when more bytes are needed, or the protocol error.
   * `authenticated` is false while the client still owes AUTH: Redis's smaller limits apply.
   */
  next(authenticated = true): ByteString[] | undefined | ProtocolError {
    while (this.failure === null) {
      if (this.start === this.end) return undefined;
      if (this.remaining === 0) {
        if (this.buffer[this.start] !== STAR) return this.nextInline(authenticated);
        const count = this.readCount(authenticated);
        if (count === undefined) return this.failure ?? undefined;
        if (count <= 0) continue;
        this.remaining = count;
        this.args = [];
      }
      const done = this.readBulks(authenticated);
      if (done === undefined) return this.failure ?? undefined;
      const args = this.args;
      this.args = NO_ARGS;
      return args;
    }
    return this.failure;
  }

  private append(chunk: Uint8Array): void {
    const held = this.end - this.start;
    const needed = held + chunk.length;
    if (this.buffer.length - this.end >= chunk.length && this.buffer.byteOffset === 0 && this.ownsBuffer) {
      this.buffer.set(chunk, this.end);
      this.end += chunk.length;
      return;
    }
    const next = new Uint8Array(Math.max(needed, Math.min(needed * 2, needed + 1024 * 1024)));
    next.set(this.buffer.subarray(this.start, this.end), 0);
    next.set(chunk, held);
    this.buffer = next;
    this.ownsBuffer = true;
    this.start = 0;
    this.end = needed;
  }

  /** True when `buffer` was allocated here (a fed chunk is never written into). */
  private ownsBuffer = false;

  private fail(message: string): void {
    this.failure = new ProtocolError(message);
  }

  /**
   * Position of the next `byte` (CR or LF) at or after `from`, or -1 when there is none before
   * the end or a NUL (strchr's view). Lines are short: a plain loop wins.
   */
  private findLineEnd(from: number, byte: number): number {
    const buffer = this.buffer;
    const end = this.end;
    for (let position = from; position < end; position++) {
      const value = buffer[position];
      if (value === byte) return position;
      if (value === NUL) return -1;
    }
    return -1;
  }

  /** Parses a length after a one-byte prefix, as string2ll does; undefined if malformed. */
  private parseLength(from: number, to: number): number | undefined {
    if (from >= to || to - from > 20) return undefined;
    let position = from;
    let negative = false;
    if (this.buffer[position] === 45) {
      negative = true;
      position++;
      if (position === to) return undefined;
    }
    // string2ll: a leading 0 only as the whole string ("-0" and "01" are refused).
    if (this.buffer[position] === 48 && to - from > 1) return undefined;
    let value = 0;
    for (; position < to; position++) {
      const digit = this.buffer[position] - 48;
      if (digit < 0 || digit > 9) return undefined;
      value = value * 10 + digit;
    }
    return negative ? -value : value;
  }

  private readCount(authenticated: boolean): number | undefined {
    const plain = this.plainLength(STAR);
    const cr = plain >= 0 ? this.plainLineEnd : this.findLineEnd(this.start, CR);
    if (cr === -1 || cr + 1 >= this.end) {
      if (this.end - this.start > INLINE_BYTES_MAX) this.fail('Protocol error: too big mbulk count string');
      return undefined;
    }
    const count = plain >= 0 ? plain : this.parseLength(this.start + 1, cr);
    if (count === undefined || count > MULTIBULK_COUNT_MAX) {
      this.fail('Protocol error: invalid multibulk length');
      return undefined;
    }
    if (count > UNAUTHENTICATED_COUNT_MAX && !authenticated) {
      this.fail('Protocol error: unauthenticated multibulk length');
      return undefined;
    }
    this.start = cr + 2;
    return count;
  }

  /** Reads bulks until the command is complete (true) or bytes run out (undefined). */
  private readBulks(authenticated: boolean): true | undefined {
    while (this.remaining > 0) {
      if (this.bulkLength < 0) {
        if (this.start === this.end) return undefined;
        const length = this.plainLength(DOLLAR);
        if (length < 0 ? !this.readBulkLine(authenticated) : !this.acceptBulkLength(length, this.plainLineEnd, authenticated)) {
          return undefined;
        }
      }
      if (this.end - this.start < this.bulkLength + 2) {
        this.reserve(this.bulkLength + 2);
        return undefined;
      }
      const bulkEnd = this.start + this.bulkLength;
      this.args.push(this.argumentAt(this.args.length, this.start, bulkEnd));
      this.start += this.bulkLength + 2;
      this.bulkLength = -1;
      this.remaining--;
    }
    if (this.start === this.end) this.compactEmpty();
    return true;
  }

  /**
   * The number on a complete, plain `<prefix><number>` line at `start` (`$3`, `*2`) — 1 to 15
   * digits, no leading zero — read in one pass (plainLineEnd: its CR); -1 for anything else,
   * which the general path then reads as Redis does.
   */
  private plainLength(prefix: number): number {
    const { buffer, start, end } = this;
    if (buffer[start] !== prefix || start + 1 >= end || buffer[start + 1] === 48) return -1;
    let position = start + 1;
    let length = 0;
    for (; position < end && position - start <= 15; position++) {
      const digit = buffer[position] - 48;
      if (digit < 0 || digit > 9) break;
      length = length * 10 + digit;
    }
    if (position === start + 1 || position + 1 >= end || buffer[position] !== CR) return -1;
    this.plainLineEnd = position;
    return length;
  }

  /** Reads any `$<length>` line, with Redis's errors; false when it is incomplete or failed. */
  private readBulkLine(authenticated: boolean): boolean {
    const cr = this.findLineEnd(this.start, CR);
    if (cr === -1 || cr + 1 >= this.end) {
      if (this.end - this.start > INLINE_BYTES_MAX) this.fail('Protocol error: too big bulk count string');
      return false;
    }
    if (this.buffer[this.start] !== DOLLAR) {
      this.fail(`Protocol error: expected '$', got '${String.fromCharCode(this.buffer[this.start])}'`);
      return false;
    }
    return this.acceptBulkLength(this.parseLength(this.start + 1, cr), cr, authenticated);
  }

  /** Checks a bulk's length against the limits and starts reading it after the line ending at `cr`. */
  private acceptBulkLength(length: number | undefined, cr: number, authenticated: boolean): boolean {
    if (length === undefined || length < 0 || length > this.options.maxBulkBytes) {
      this.fail('Protocol error: invalid bulk length');
      return false;
    }
    if (length > UNAUTHENTICATED_BULK_BYTES_MAX && !authenticated) {
      this.fail('Protocol error: unauthenticated bulk length');
      return false;
    }
    this.bulkLength = length;
    this.start = cr + 2;
    return true;
  }

  /**
   * Argument `index` of the command being read, from `buffer[start, end)`. One of the first few
   * is the previous command's string when the bytes are the same: a pipeline repeats one command,
   * often on one key (LPUSH mylist …), so no string is made, and the command table and the
   * keyspace find a string they have hashed before.
   */
  private argumentAt(index: number, start: number, end: number): ByteString {
    if (index >= REMEMBERED_ARGUMENTS) return bytesToByteString(this.buffer, start, end);
    const last = this.remembered[index];
    if (last.length === end - start) {
      // From the end: keys that differ (key:1234, key:1235) mostly differ there.
      let position = end;
      while (position > start && this.buffer[position - 1] === last.charCodeAt(position - 1 - start)) position--;
      if (position === start) return last;
    }
    const argument = bytesToByteString(this.buffer, start, end);
    if (argument.length <= REMEMBERED_CHARS_MAX) this.remembered[index] = argument;
    return argument;
  }

  /** Makes room for a large bulk once, so its chunks are copied a single time. */
  private reserve(bytes: number): void {
    const held = this.end - this.start;
    if (this.ownsBuffer && this.buffer.length - this.start >= bytes) return;
    const next = new Uint8Array(Math.max(bytes, held));
    next.set(this.buffer.subarray(this.start, this.end), 0);
    this.buffer = next;
    this.ownsBuffer = true;
    this.start = 0;
    this.end = held;
  }

  private compactEmpty(): void {
    this.start = 0;
    this.end = 0;
    if (!this.ownsBuffer || this.buffer.length > INLINE_BYTES_MAX * 16) {
      this.buffer = EMPTY;
      this.ownsBuffer = false;
    }
  }

  private nextInline(authenticated: boolean): ByteString[] | undefined | ProtocolError {
    let lineEnd = this.findLineEnd(this.start, LF);
    if (lineEnd === -1) {
      if (this.end - this.start > INLINE_BYTES_MAX) this.fail('Protocol error: too big inline request');
      return this.failure ?? undefined;
    }
    const nextStart = lineEnd + 1;
    if (lineEnd > this.start && this.buffer[lineEnd - 1] === CR) lineEnd--;
    const line = bytesToByteString(this.buffer, this.start, lineEnd);
    this.start = nextStart;
    if (this.start === this.end) this.compactEmpty();
    const args = splitInlineArguments(line);
    if (args === undefined) {
      this.fail('Protocol error: unbalanced quotes in request');
      return this.failure!;
    }
    if (args.length === 0) return this.next(authenticated);
    return args;
  }
}

const HEX = '0123456789abcdefABCDEF';

function isHexDigit(char: string | undefined): boolean {
  return char !== undefined && char !== '' && HEX.includes(char);
}

/**
 * Splits an inline request like Redis's sdssplitargs: whitespace-separated words, "double
 * quotes" with \n \r \t \b \a \\ \" and \xHH escapes, 'single quotes' with \' only. A closing
 * quote must be followed by whitespace or the end. Returns undefined on unbalanced quotes.
 */
export function splitInlineArguments(line: string): string[] | undefined {
  const args: string[] = [];
  let position = 0;
  const isSpace = (char: string | undefined) => char === ' ' || char === '\n' || char === '\r' || char === '\t' || char === '\v' || char === '\f';
  for (;;) {
    while (position < line.length && isSpace(line[position])) position++;
    if (position >= line.length) return args;
    let current = '';
    let inDouble = false;
    let inSingle = false;
    for (;;) {
      const char = line[position];
      if (inDouble) {
        if (char === undefined) return undefined;
        if (char === '\\' && line[position + 1] === 'x' && isHexDigit(line[position + 2]) && isHexDigit(line[position + 3])) {
          current += String.fromCharCode(parseInt(line.slice(position + 2, position + 4), 16));
          position += 3;
        } else if (char === '\\' && position + 1 < line.length) {
          position++;
          const escaped = line[position];
          current += escaped === 'n' ? '\n' : escaped === 'r' ? '\r' : escaped === 't' ? '\t'
            : escaped === 'b' ? '\b' : escaped === 'a' ? '\x07' : escaped;
        } else if (char === '"') {
          if (position + 1 < line.length && !isSpace(line[position + 1])) return undefined;
          inDouble = false;
          position++;
          break;
        } else {
          current += char;
        }
      } else if (inSingle) {
        if (char === undefined) return undefined;
        if (char === '\\' && line[position + 1] === "'") {
          position++;
          current += "'";
        } else if (char === "'") {
          if (position + 1 < line.length && !isSpace(line[position + 1])) return undefined;
          inSingle = false;
          position++;
          break;
        } else {
          current += char;
        }
      } else {
        if (char === undefined || isSpace(char)) break;
        if (char === '"') inDouble = true;
        else if (char === "'") inSingle = true;
        else current += char;
      }
      position++;
    }
    args.push(current);
  }
}
