/**
 * Stream IDs (`ms-seq`, two unsigned 64-bit integers) held as 16-char byte strings: the ms and
 * the seq big-endian, 8 bytes each. Byte strings compare with `<` exactly as Redis's
 * streamCompareID compares IDs (char codes are bytes), hash natively in Map and cost one small
 * string each, so the stream and its pending lists key on them without BigInt on the hot path.
 * Parsing and formatting follow Redis's streamGenericParseIDOrReply and `%U-%U`.
 */
import type { ByteString } from '../../resp/byte-string.js';

/** An encoded stream ID: 16 chars, each 0..255. */
export type StreamId = string;

const TWO_32 = 0x1_0000_0000;
/** Above this high word a 64-bit value no longer fits a double exactly. */
const EXACT_HIGH_MAX = 0x20_0000;
const U64_MAX = (1n << 64n) - 1n;
const DIGITS = /^[0-9]+$/;

/** A 64-bit half as two 32-bit words, high first. */
type Half = readonly [number, number];

/**
 * The ID of four 32-bit words, built as one flat string: concatenating the halves would leave a
 * tree of cons strings in the stream, several times the size of the 16 chars.
 */
function fromWords(a: number, b: number, c: number, d: number): StreamId {
  return String.fromCharCode(
    a >>> 24, (a >>> 16) & 0xff, (a >>> 8) & 0xff, a & 0xff, b >>> 24, (b >>> 16) & 0xff, (b >>> 8) & 0xff, b & 0xff,
    c >>> 24, (c >>> 16) & 0xff, (c >>> 8) & 0xff, c & 0xff, d >>> 24, (d >>> 16) & 0xff, (d >>> 8) & 0xff, d & 0xff,
  );
}

function readWord(id: StreamId, offset: number): number {
  return ((id.charCodeAt(offset) << 24) >>> 0) + (id.charCodeAt(offset + 1) << 16) + (id.charCodeAt(offset + 2) << 8) + id.charCodeAt(offset + 3);
}

function halfOf(value: number): Half {
  return [Math.floor(value / TWO_32), value % TWO_32];
}

function msHalf(id: StreamId): Half {
  return [readWord(id, 0), readWord(id, 4)];
}

function seqHalf(id: StreamId): Half {
  return [readWord(id, 8), readWord(id, 12)];
}

function join(ms: Half, seq: Half): StreamId {
  return fromWords(ms[0], ms[1], seq[0], seq[1]);
}

/** The ID `ms-seq` from two safe integers. */
export function streamId(ms: number, seq: number): StreamId {
  return join(halfOf(ms), halfOf(seq));
}

export const MIN_ID: StreamId = streamId(0, 0);
export const MAX_ID: StreamId = fromWords(0xffff_ffff, 0xffff_ffff, 0xffff_ffff, 0xffff_ffff);
const ZERO: Half = [0, 0];
const ALL_ONES: Half = [0xffff_ffff, 0xffff_ffff];

/** A decimal u64 (Redis's string2ull: digits only, no sign), or undefined. */
function parseU64(text: string): Half | undefined {
  if (text.length === 0 || text.length > 20 || !DIGITS.test(text)) return undefined;
  if (text.length <= 15) return halfOf(Number(text));
  const value = BigInt(text);
  return value > U64_MAX ? undefined : [Number(value >> 32n), Number(value & 0xffff_ffffn)];
}

function formatHalf(id: StreamId, offset: number): string {
  const high = readWord(id, offset);
  const low = readWord(id, offset + 4);
  if (high < EXACT_HIGH_MAX) return String(high * TWO_32 + low);
  return ((BigInt(high) << 32n) + BigInt(low)).toString();
}

/** `ms-seq` as Redis prints it. */
export function formatId(id: StreamId): ByteString {
  return `${formatHalf(id, 0)}-${formatHalf(id, 8)}`;
}

/** The ms part as a number (exact up to 2^53; used for clock comparisons only). */
export function idMs(id: StreamId): number {
  return readWord(id, 0) * TWO_32 + readWord(id, 4);
}

export interface ParsedId {
  readonly id: StreamId;
  /** False for `ms-*` only (XADD then picks the sequence); `ms` alone means `ms-0` there. */
  readonly seqGiven: boolean;
}

/**
 * Parses an ID argument as streamGenericParseIDOrReply. `-` and `+` are the smallest and
 * largest IDs unless `strict`; `ms` alone takes `missingSeq`; `ms-*` is accepted only when
 * `allowAutoSeq` (XADD). Undefined means "Invalid stream ID specified as stream command argument".
 */
export function parseId(text: ByteString, options: { strict: boolean; missingSeq: 'min' | 'max'; allowAutoSeq?: boolean }): ParsedId | undefined {
  if (text.length > 127) return undefined;
  if (text === '-' || text === '+') {
    if (options.strict) return undefined;
    return { id: text === '-' ? MIN_ID : MAX_ID, seqGiven: true };
  }
  const dash = text.indexOf('-');
  const ms = parseU64(dash === -1 ? text : text.slice(0, dash));
  if (ms === undefined) return undefined;
  if (dash === -1) return { id: join(ms, options.missingSeq === 'min' ? ZERO : ALL_ONES), seqGiven: true };
  const seqText = text.slice(dash + 1);
  if (options.allowAutoSeq === true && seqText === '*') return { id: join(ms, ZERO), seqGiven: false };
  const seq = parseU64(seqText);
  return seq === undefined ? undefined : { id: join(ms, seq), seqGiven: true };
}

/** The next ID (streamIncrID), or undefined after the largest one. */
export function incrementId(id: StreamId): StreamId | undefined {
  if (id === MAX_ID) return undefined;
  const words = [readWord(id, 0), readWord(id, 4), readWord(id, 8), readWord(id, 12)];
  for (let index = 3; index >= 0; index--) {
    if (words[index] === 0xffff_ffff) {
      words[index] = 0;
      continue;
    }
    words[index]++;
    break;
  }
  return fromWords(words[0], words[1], words[2], words[3]);
}

/** The previous ID (streamDecrID), or undefined before the smallest one. */
export function decrementId(id: StreamId): StreamId | undefined {
  if (id === MIN_ID) return undefined;
  const words = [readWord(id, 0), readWord(id, 4), readWord(id, 8), readWord(id, 12)];
  for (let index = 3; index >= 0; index--) {
    if (words[index] === 0) {
      words[index] = 0xffff_ffff;
      continue;
    }
    words[index]--;
    break;
  }
  return fromWords(words[0], words[1], words[2], words[3]);
}

/** True when both IDs have the same ms half. */
export function sameMs(first: StreamId, second: StreamId): boolean {
  return readWord(first, 0) === readWord(second, 0) && readWord(first, 4) === readWord(second, 4);
}

/** True when the seq half is the largest value. */
export function seqExhausted(id: StreamId): boolean {
  const [high, low] = seqHalf(id);
  return high === 0xffff_ffff && low === 0xffff_ffff;
}

/** The ID `nowMs-0`, or the one after `last` when the clock has not passed it (streamNextID). */
export function nextId(last: StreamId, nowMs: number): StreamId | undefined {
  const now = halfOf(Math.max(0, Math.floor(nowMs)));
  const [lastHigh, lastLow] = msHalf(last);
  return now[0] > lastHigh || (now[0] === lastHigh && now[1] > lastLow) ? join(now, ZERO) : incrementId(last);
}
