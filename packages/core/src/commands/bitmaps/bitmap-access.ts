/**
 * Shared bitmap plumbing: a bitmap is an ordinary string value, bit 0 being the most significant
 * bit of byte 0 (Redis's order). Bit offsets are parsed as Redis parses them (the 512 MB rule of
 * proto-max-bulk-len, `#n` offsets for BITFIELD), bits are counted with a popcount table, and a
 * change of a few bytes in a long string is built from slices of it, never bit by bit.
 */
import type { ByteString } from '../../resp/byte-string.js';
import { ErrorReply } from '../../resp/reply.js';
import { parseInt64, parseInteger } from '../arguments.js';
import type { CommandContext } from '../types.js';
import { STRING_BYTES_MAX, STRING_TOO_LONG } from '../strings/string-access.js';

export const BIT_OFFSET_OUT_OF_RANGE = new ErrorReply('ERR bit offset is not an integer or out of range');

/** A bitmap is a string: at most STRING_BYTES_MAX bytes (string-access.ts), whatever proto-max-bulk-len allows. */
export const BITMAP_BYTES_MAX = STRING_BYTES_MAX;

/** Number of set bits of each byte value. */
const POPCOUNT = new Uint8Array(256);
for (let byte = 1; byte < 256; byte++) POPCOUNT[byte] = (byte & 1) + POPCOUNT[byte >> 1];

/** Set bits in `value[start, end)` (byte positions). */
export function countBits(value: ByteString, start: number, end: number): number {
  let count = 0;
  for (let index = start; index < end; index++) count += POPCOUNT[value.charCodeAt(index)];
  return count;
}

export function popcount(byte: number): number {
  return POPCOUNT[byte];
}

/**
 * A bit offset argument (getBitOffsetFromArgument): a non-negative integer whose byte lies below
 * proto-max-bulk-len. With `bits` > 0 (BITFIELD), `#n` means n * bits, multiplied in 64-bit
 * arithmetic as Redis does (an overflow wraps and is then refused as negative or too large).
 */
export function parseBitOffset(context: CommandContext, text: ByteString, bits = 0): number | ErrorReply {
  const bytesMax = context.engine.config.integer('proto-max-bulk-len');
  if (bits > 0 && text.charCodeAt(0) === 0x23) {
    const index = parseInt64(text.slice(1));
    if (index === undefined) return BIT_OFFSET_OUT_OF_RANGE;
    const offset = BigInt.asIntN(64, index * BigInt(bits));
    return offset < 0n || offset >> 3n >= BigInt(bytesMax) ? BIT_OFFSET_OUT_OF_RANGE : Number(offset);
  }
  // Beyond 2^53 the number is approximate, but then it is far above any allowed offset anyway.
  const offset = parseInteger(text);
  if (offset === undefined || offset < 0 || Math.floor(offset / 8) >= bytesMax) return BIT_OFFSET_OUT_OF_RANGE;
  return offset;
}

/** STRING_TOO_LONG when a bitmap of `bytes` bytes cannot be held (see BITMAP_BYTES_MAX). */
export function checkBitmapSize(bytes: number): ErrorReply | undefined {
  return bytes > BITMAP_BYTES_MAX ? STRING_TOO_LONG : undefined;
}

/** `value` with byte `index` replaced by `byte`, zero-padded when `index` lies beyond its end. */
export function withByte(value: ByteString, index: number, byte: number): ByteString {
  const code = String.fromCharCode(byte);
  if (index < value.length) return value.slice(0, index) + code + value.slice(index + 1);
  return value + '\x00'.repeat(index - value.length) + code;
}

/** Char codes per String.fromCharCode call (its arguments live on the stack). */
const CHUNK_CODES = 4096;

/**
 * Byte edits over a string, applied at the end in one pass (BITFIELD runs several operations on
 * one value): the string is grown with zero bytes to `length`, and only changed bytes are copied.
 */
export class BytePatch {
  /** True once the result differs from the base: it grew, or a byte changed. */
  changed: boolean;
  private readonly edits = new Map<number, number>();

  constructor(private readonly base: ByteString, readonly length: number) {
    this.changed = length > base.length;
  }

  byteAt(index: number): number {
    const edited = this.edits.get(index);
    if (edited !== undefined) return edited;
    return index < this.base.length ? this.base.charCodeAt(index) : 0;
  }

  setByte(index: number, byte: number): void {
    if (this.byteAt(index) === byte) return;
    this.edits.set(index, byte);
    this.changed = true;
  }

  /** The patched string: slices of the base between runs of edited bytes. */
  result(): ByteString {
    const padded = this.length > this.base.length ? this.base + '\x00'.repeat(this.length - this.base.length) : this.base;
    if (this.edits.size === 0) return padded;
    const positions = [...this.edits.keys()].sort((a, b) => a - b);
    let out = '';
    let copied = 0;
    for (let i = 0; i < positions.length; ) {
      const start = positions[i];
      const codes: number[] = [];
      while (i < positions.length && positions[i] === start + codes.length) codes.push(this.edits.get(positions[i++]) as number);
      out += padded.slice(copied, start);
      for (let chunk = 0; chunk < codes.length; chunk += CHUNK_CODES) out += String.fromCharCode(...codes.slice(chunk, chunk + CHUNK_CODES));
      copied = start + codes.length;
    }
    return out + padded.slice(copied);
  }
}
