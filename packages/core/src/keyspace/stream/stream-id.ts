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

function word(value: number): string {
  return String.fromCharCode(value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff);
}

function readWord(id: StreamId, offset: number): number {
  return ((id.charCodeAt(offset) << 24) >>> 0) + (id.charCodeAt(offset + 1) << 16) + (id.charCodeAt(offset + 2) << 8) + id.charCodeAt(offset + 3);
}

function encodeHalf(high: number, low: number): string {
  return word(high) + word(low);
}

/** The 8 chars of an unsigned 64-bit value given as a safe integer. */
function encodeNumber(value: number): string {
  return encodeHalf(Math.floor(value / TWO_32), value % TWO_32);
}

function encodeBig(value: bigint): string {
  return encodeHalf(Number(value >> 32n), Number(value & 0xffff_ffffn));
}

/** The ID `ms-seq` from two safe integers. */
export function streamId(ms: number, seq: number): StreamId {
  return encodeNumber(ms) + encodeNumber(seq);
}

export const MIN_ID: StreamId = streamId(0, 0);
export const MAX_ID: StreamId = '\xff'.repeat(16);

/** The 8 chars of a decimal u64 (Redis's string2ull: digits only, no sign), or undefined. */
function parseU64(text: string): string | undefined {
  if (text.length === 0 || text.length > 20 || !DIGITS.test(text)) return undefined;
  if (text.length <= 15) return encodeNumber(Number(text));
  const value = BigInt(text);
  return value > U64_MAX ? undefined : encodeBig(value);
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
  if (dash === -1) return { id: ms + (options.missingSeq === 'min' ? MIN_ID.slice(8) : MAX_ID.slice(8)), seqGiven: true };
  const seqText = text.slice(dash + 1);
  if (options.allowAutoSeq === true && seqText === '*') return { id: ms + MIN_ID.slice(8), seqGiven: false };
  const seq = parseU64(seqText);
  return seq === undefined ? undefined : { id: ms + seq, seqGiven: true };
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
  return words.map(word).join('');
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
  return words.map(word).join('');
}

/** The ms half of an ID and a sequence of 0 or, for `last`, the given ID's sequence plus one. */
export function withSeq(ms: StreamId, seqSource: StreamId | 0): StreamId {
  return ms.slice(0, 8) + (seqSource === 0 ? MIN_ID.slice(8) : seqSource.slice(8));
}

/** True when both IDs have the same ms half. */
export function sameMs(first: StreamId, second: StreamId): boolean {
  return first.slice(0, 8) === second.slice(0, 8);
}

/** True when the seq half is the largest value. */
export function seqExhausted(id: StreamId): boolean {
  return id.slice(8) === MAX_ID.slice(8);
}

/** The ID `nowMs-0`, or the one after `last` when the clock has not passed it (streamNextID). */
export function nextId(last: StreamId, nowMs: number): StreamId | undefined {
  const now = encodeNumber(Math.max(0, Math.floor(nowMs))) + MIN_ID.slice(8);
  return now.slice(0, 8) > last.slice(0, 8) ? now : incrementId(last);
}
