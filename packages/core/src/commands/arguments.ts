/**
 * Parsing command arguments exactly as Redis does (string2ll, strtold): what Redis rejects we
 * reject, so the same request gets the same error reply.
 */
import type { ByteString } from '../resp/byte-string.js';

export const INT64_MAX = 9223372036854775807n;
export const INT64_MIN = -9223372036854775808n;

const INTEGER_PATTERN = /^(?:0|-?[1-9][0-9]*)$/;

/** A signed 64-bit integer in Redis's strict form (no '+', no leading zeros, no spaces). */
export function parseInt64(text: ByteString): bigint | undefined {
  if (text.length === 0 || text.length > 20 || !INTEGER_PATTERN.test(text)) return undefined;
  const value = BigInt(text);
  return value > INT64_MAX || value < INT64_MIN ? undefined : value;
}

/**
 * A signed 64-bit integer as a number (exact up to 2^53, approximate beyond: fine for indexes
 * and counts, not for arithmetic — use parseInt64 there).
 */
export function parseInteger(text: ByteString): number | undefined {
  if (text.length > 0 && text.length <= 15 && INTEGER_PATTERN.test(text)) return Number(text);
  const value = parseInt64(text);
  return value === undefined ? undefined : Number(value);
}

const FLOAT_PATTERN = /^[+-]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|inf|infinity)$/i;

/** A double as strtod reads it; NaN, empty strings and trailing junk are rejected. */
export function parseDouble(text: ByteString): number | undefined {
  if (text.length === 0 || !FLOAT_PATTERN.test(text)) return undefined;
  const lower = text.toLowerCase();
  if (lower.endsWith('inf') || lower.endsWith('infinity')) return lower.startsWith('-') ? -Infinity : Infinity;
  const value = Number(text);
  return Number.isNaN(value) ? undefined : value;
}

/** Case-insensitive comparison of an argument with an ASCII keyword written in upper case. */
export function isKeyword(argument: ByteString, keyword: string): boolean {
  return argument.length === keyword.length && argument.toUpperCase() === keyword;
}

/**
 * Converts a Redis-style index (negative counts from the end) to a [start, end) range over a
 * sequence of `length`, clamped; returns null when the range is empty (LRANGE, GETRANGE …).
 */
export function clampRange(start: number, stop: number, length: number): [number, number] | null {
  if (start < 0) start = length + start;
  if (stop < 0) stop = length + stop;
  if (start < 0) start = 0;
  if (start > stop || start >= length) return null;
  if (stop >= length) stop = length - 1;
  return [start, stop + 1];
}
