/**
 * SETBIT, GETBIT, BITCOUNT and BITPOS (Redis 7.0, bitops.c): single bits and scans over a byte or
 * bit range. Arguments are checked in Redis's order, which differs per command (BITCOUNT and
 * BITPOS answer a missing key before they read their range), so each error is the one Redis gives.
 */
import type { ByteString } from '../../resp/byte-string.js';
import { ErrorReply, type Reply } from '../../resp/reply.js';
import { isKeyword, parseInt64 } from '../arguments.js';
import { NOT_INTEGER, SYNTAX_ERROR } from '../errors.js';
import { stringAt } from '../strings/string-access.js';
import { NOTIFY_STRING } from '../../config/keyspace-event-classes.js';
import type { CommandContext } from '../types.js';
import { checkBitmapSize, countBits, parseBitOffset, popcount, withByte } from './bitmap-access.js';

const BIT_NOT_INTEGER = new ErrorReply('ERR bit is not an integer or out of range');
const BIT_NOT_BINARY = new ErrorReply('ERR The bit argument must be 1 or 0.');

/** Range ends are 64-bit in Redis; beyond ±2^50 they clamp the same way (strings are < 2^36 bits). */
const INDEX_BOUND = 2n ** 50n;

/** SETBIT key offset value: sets or clears one bit, growing the string with zero bytes; answers the old bit. */
export function setBit(context: CommandContext, args: readonly ByteString[]): Reply {
  const offset = parseBitOffset(context, args[2]);
  if (offset instanceof ErrorReply) return offset;
  // Redis reads a long and keeps only 0 and 1: exactly the strings "0" and "1" (no sign, no zeros).
  const bit = args[3] === '1' ? 1 : args[3] === '0' ? 0 : -1;
  if (bit < 0) return BIT_NOT_INTEGER;
  const value = stringAt(context, args[1], false);
  if (value instanceof ErrorReply) return value;
  const index = Math.floor(offset / 8);
  const tooLong = checkBitmapSize(index + 1);
  if (tooLong) return tooLong;
  const current = value ?? '';
  const byte = index < current.length ? current.charCodeAt(index) : 0;
  const mask = 1 << (7 - (offset & 7));
  const previous = byte & mask ? 1 : 0;
  // Like Redis, an unchanged bit in a string that did not grow is no write (no WATCH abort, no log).
  if (value === undefined || index >= current.length || previous !== bit) {
    context.db.set(args[1], withByte(current, index, bit ? byte | mask : byte & ~mask), true);
    context.notify(NOTIFY_STRING, 'setbit', args[1]);
  }
  return previous;
}

/** GETBIT key offset: the bit, 0 beyond the end of the string or for a missing key. */
export function getBit(context: CommandContext, args: readonly ByteString[]): Reply {
  const offset = parseBitOffset(context, args[2]);
  if (offset instanceof ErrorReply) return offset;
  const value = stringAt(context, args[1], true);
  if (value instanceof ErrorReply) return value;
  const index = Math.floor(offset / 8);
  if (value === undefined || index >= value.length) return 0;
  return value.charCodeAt(index) & (1 << (7 - (offset & 7))) ? 1 : 0;
}

/** A range end as a number: exact within ±2^50, clamped beyond (where every clamp agrees). */
function toIndex(value: bigint): number {
  return Number(value > INDEX_BOUND ? INDEX_BOUND : value < -INDEX_BOUND ? -INDEX_BOUND : value);
}

/** Redis's conversion of a start/end pair over `total` units (negative from the end, clamped). */
function clampRange(start: number, end: number, total: number): [number, number] {
  if (start < 0) start = total + start;
  if (end < 0) end = total + end;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= total) end = total - 1;
  return [start, end];
}

/** BYTE or BIT (case-insensitive); undefined for anything else. */
function parseUnit(text: ByteString): boolean | undefined {
  if (isKeyword(text, 'BIT')) return true;
  return isKeyword(text, 'BYTE') ? false : undefined;
}

/**
 * The bit range [start, end] converted to bytes, with masks of the bits of the first and last
 * bytes that lie outside it (Redis's first_byte_neg_mask and last_byte_neg_mask).
 */
function bitRangeToBytes(start: number, end: number): { start: number; end: number; firstMask: number; lastMask: number } {
  return {
    start: Math.floor(start / 8),
    end: Math.floor(end / 8),
    firstMask: ~((1 << (8 - (start & 7))) - 1) & 0xff,
    lastMask: (1 << (7 - (end & 7))) - 1,
  };
}

/** BITCOUNT key [start end [BYTE | BIT]]: set bits in the string or in a byte or bit range of it. */
export function bitCount(context: CommandContext, args: readonly ByteString[]): Reply {
  const value = stringAt(context, args[1], true);
  if (value instanceof ErrorReply) return value;
  if (value === undefined) return 0;
  if (args.length === 2) return countBits(value, 0, value.length);
  if (args.length !== 4 && args.length !== 5) return SYNTAX_ERROR;
  const startArgument = parseInt64(args[2]);
  const endArgument = parseInt64(args[3]);
  if (startArgument === undefined || endArgument === undefined) return NOT_INTEGER;
  // Redis answers 0 for two negative indexes in the wrong order before it reads BYTE|BIT.
  if (startArgument < 0n && endArgument < 0n && startArgument > endArgument) return 0;
  const isBit = args.length === 5 ? parseUnit(args[4]) : false;
  if (isBit === undefined) return SYNTAX_ERROR;
  const [start, end] = clampRange(toIndex(startArgument), toIndex(endArgument), isBit ? value.length * 8 : value.length);
  if (start > end) return 0;
  if (!isBit) return countBits(value, start, end + 1);
  const bytes = bitRangeToBytes(start, end);
  return countBits(value, bytes.start, bytes.end + 1)
    - popcount(value.charCodeAt(bytes.start) & bytes.firstMask) - popcount(value.charCodeAt(bytes.end) & bytes.lastMask);
}

/**
 * The first byte that is not all zeros (looking for a 1) or not all ones (looking for a 0): a
 * regular expression scans natively, several times faster than a charCodeAt loop over long runs.
 */
// eslint-disable-next-line no-control-regex
const NOT_ALL_ZEROS = /[^\x00]/;
const NOT_ALL_ONES = /[^\xff]/;

/** The position (0..7) of the first `bit` in `byte`, or -1 when looking for a 1, 8 for a 0, that is not there. */
function firstBitOfByte(byte: number, bit: number): number {
  for (let position = 0; position < 8; position++) if (((byte >> (7 - position)) & 1) === bit) return position;
  return bit ? -1 : 8;
}

/**
 * Redis's redisBitpos over `value[start, start + count)`: the position of the first `bit`, or
 * -1 when looking for a 1 that is not there, or count * 8 (the bit after the range, the string
 * being taken as zero-padded) when looking for a 0 that is not there.
 */
function firstBit(value: ByteString, start: number, count: number, bit: number): number {
  // A slice of a flat string is a view in V8, not a copy.
  const found = (bit ? NOT_ALL_ZEROS : NOT_ALL_ONES).exec(value.slice(start, start + count));
  if (found === null) return bit ? -1 : count * 8;
  return found.index * 8 + firstBitOfByte(value.charCodeAt(start + found.index), bit);
}

interface BitposRange {
  readonly start: number;
  readonly end: number;
  readonly endGiven: boolean;
  readonly firstMask: number;
  readonly lastMask: number;
}

/** BITPOS's optional start, end and BYTE|BIT, as bytes with edge masks; an error in Redis's order. */
function parseBitposRange(args: readonly ByteString[], length: number): BitposRange | ErrorReply {
  if (args.length === 3) return { start: 0, end: length - 1, endGiven: false, firstMask: 0, lastMask: 0 };
  if (args.length > 6) return SYNTAX_ERROR;
  const startArgument = parseInt64(args[3]);
  if (startArgument === undefined) return NOT_INTEGER;
  const isBit = args.length === 6 ? parseUnit(args[5]) : false;
  if (isBit === undefined) return SYNTAX_ERROR;
  const endArgument = args.length >= 5 ? parseInt64(args[4]) : -1n;
  if (endArgument === undefined) return NOT_INTEGER;
  const [start, end] = clampRange(toIndex(startArgument), toIndex(endArgument), isBit ? length * 8 : length);
  const endGiven = args.length >= 5;
  if (!isBit || start > end) return { start, end, endGiven, firstMask: 0, lastMask: 0 };
  return { ...bitRangeToBytes(start, end), endGiven };
}

/** BITPOS key bit [start [end [BYTE | BIT]]]: the first bit set to 1 or 0, as bitposCommand finds it. */
export function bitPosition(context: CommandContext, args: readonly ByteString[]): Reply {
  const wanted = parseInt64(args[2]);
  if (wanted === undefined) return NOT_INTEGER;
  if (wanted !== 0n && wanted !== 1n) return BIT_NOT_BINARY;
  const bit = Number(wanted);
  const value = stringAt(context, args[1], true);
  if (value instanceof ErrorReply) return value;
  // A missing key is an infinite run of zeros.
  if (value === undefined) return bit ? -1 : 0;
  const range = parseBitposRange(args, value.length);
  if (range instanceof ErrorReply) return range;
  if (range.start > range.end) return -1;
  const { position, start, bytes } = scanRange(value, range, bit);
  // With an explicit end, a 0 found only past the range is not in it.
  if (range.endGiven && bit === 0 && position === bytes * 8) return -1;
  return position === -1 ? -1 : position + start * 8;
}

/**
 * The scan of bitposCommand: the partial first byte, the whole bytes, then the partial last
 * byte, each stopping early on a hit. Answers the position relative to byte `start` and the
 * bytes left at that point, which the caller needs to read the result exactly as Redis does.
 */
function scanRange(value: ByteString, range: BitposRange, bit: number): { position: number; start: number; bytes: number } {
  let { start } = range;
  let bytes = range.end - range.start + 1;
  const { firstMask, lastMask } = range;
  let position: number;
  if (firstMask !== 0) {
    let byte = bit ? value.charCodeAt(start) & ~firstMask : value.charCodeAt(start) | firstMask;
    if (lastMask !== 0 && bytes === 1) byte = bit ? byte & ~lastMask : byte | lastMask;
    position = firstBitOfByte(byte, bit);
    if (bytes === 1 || (position !== -1 && position !== 8)) return { position, start, bytes };
    start++;
    bytes--;
  }
  const whole = bytes - (lastMask !== 0 ? 1 : 0);
  if (whole > 0) {
    position = firstBit(value, start, whole, bit);
    if (bytes === whole || (position !== -1 && position !== whole * 8)) return { position, start, bytes };
    start += whole;
    bytes -= whole;
  }
  const last = bit ? value.charCodeAt(range.end) & ~lastMask : value.charCodeAt(range.end) | lastMask;
  return { position: firstBitOfByte(last, bit), start, bytes };
}
