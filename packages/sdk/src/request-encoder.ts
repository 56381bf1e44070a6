/**
 * Request encoding: commands → RESP arrays of bulk strings, batched. Text arguments are
 * appended to one string (UTF-8 encoded by the socket in a single pass), binary arguments are
 * kept as their own chunks, so a batch of many small commands costs one string and one write.
 */

/** What a command argument may be: text (sent as UTF-8), bytes, or a number (±Infinity as Redis's `+inf`/`-inf`). */
export type Argument = string | Uint8Array | number | bigint;

const CRLF = '\r\n';

export class RequestEncoder {
  private text = '';
  private readonly chunks: Array<string | Uint8Array> = [];

  /** True when nothing was encoded since the last take(). */
  get empty(): boolean {
    return this.text.length === 0 && this.chunks.length === 0;
  }

  /** Appends one command (name and arguments in one flat list). */
  encode(args: readonly Argument[]): void {
    let text = this.text + '*' + args.length + CRLF;
    for (const arg of args) {
      if (typeof arg === 'string') {
        text += '$' + Buffer.byteLength(arg) + CRLF + arg + CRLF;
      } else if (typeof arg === 'number' || typeof arg === 'bigint') {
        const digits = typeof arg === 'number' && !Number.isFinite(arg) && !Number.isNaN(arg) ? (arg > 0 ? '+inf' : '-inf') : String(arg);
        text += '$' + digits.length + CRLF + digits + CRLF;
      } else {
        text += '$' + arg.length + CRLF;
        this.chunks.push(text, arg);
        text = CRLF;
      }
    }
    this.text = text;
  }

  /** Hands out everything encoded so far as one string or one buffer, and starts empty. */
  take(): string | Buffer {
    if (this.chunks.length === 0) {
      const text = this.text;
      this.text = '';
      return text;
    }
    this.chunks.push(this.text);
    const out = Buffer.concat(this.chunks.map((chunk) => (typeof chunk === 'string' ? Buffer.from(chunk) : chunk)));
    this.chunks.length = 0;
    this.text = '';
    return out;
  }
}

/** Encodes a single command into bytes (used for tests and for the handshake). */
export function encodeCommand(args: readonly Argument[]): Buffer {
  const encoder = new RequestEncoder();
  encoder.encode(args);
  const out = encoder.take();
  return typeof out === 'string' ? Buffer.from(out) : out;
}
