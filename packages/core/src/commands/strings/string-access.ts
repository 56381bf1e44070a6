/**
 * Shared string plumbing: typed lookups, the 512 MB size rule, integer increments with int64
 * overflow checks, and OBJECT ENCODING's names for strings.
 */
import type { ByteString } from '../../resp/byte-string.js';
import { ErrorReply } from '../../resp/reply.js';
import { INT64_MAX, INT64_MIN, parseInt64 } from '../arguments.js';
import { NOT_INTEGER, OVERFLOW, WRONG_TYPE } from '../errors.js';
import type { CommandContext } from '../types.js';

export const STRING_TOO_LONG = new ErrorReply('ERR string exceeds maximum allowed size (proto-max-bulk-len)');

/** The string under `key` (undefined when missing) or WRONGTYPE; `read` counts hits/misses. */
export function stringAt(context: CommandContext, key: ByteString, read: boolean): ByteString | undefined | ErrorReply {
  const value = read ? context.db.lookupRead(key) : context.db.lookupWrite(key);
  if (value === undefined || typeof value === 'string') return value;
  return WRONG_TYPE;
}

/**
 * The longest string V8 holds (buffer.constants.MAX_STRING_LENGTH on 64-bit Node), 24 bytes
 * short of Redis's default proto-max-bulk-len: a value that would pass it is refused with Redis's
 * size error instead of throwing (SETRANGE k 536870900 x used to take the server down).
 */
export const STRING_BYTES_MAX = 536_870_888;

export function checkStringSize(context: CommandContext, length: number): ErrorReply | undefined {
  return length > Math.min(STRING_BYTES_MAX, context.engine.config.integer('proto-max-bulk-len')) ? STRING_TOO_LONG : undefined;
}

/** INCR family: adds `delta` to the integer under `key`, keeping its TTL. */
export function incrementBy(context: CommandContext, key: ByteString, delta: bigint): number | bigint | ErrorReply {
  const current = stringAt(context, key, false);
  if (current instanceof ErrorReply) return current;
  let base: bigint | number = 0;
  if (current !== undefined) {
    if (current.length <= 15 && /^(?:0|-?[1-9][0-9]*)$/.test(current)) base = Number(current);
    else {
      const parsed = parseInt64(current);
      if (parsed === undefined) return NOT_INTEGER;
      base = parsed;
    }
  }
  if (typeof base === 'number' && delta > -1_000_000_000_000_000n && delta < 1_000_000_000_000_000n) {
    const result = base + Number(delta);
    if (Number.isSafeInteger(result)) {
      context.db.set(key, String(result), true);
      return result;
    }
  }
  const result = BigInt(base) + delta;
  if (result > INT64_MAX || result < INT64_MIN) return OVERFLOW;
  context.db.set(key, result.toString(), true);
  return Number.isSafeInteger(Number(result)) ? Number(result) : result;
}

/** OBJECT ENCODING of a string value, as Redis 7.0 names it. */
export function stringEncoding(value: ByteString): string {
  if (value.length <= 20 && parseInt64(value) !== undefined) return 'int';
  return value.length <= 44 ? 'embstr' : 'raw';
}
