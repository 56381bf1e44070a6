/**
 * String commands that read or change a value in place: GET MGET GETDEL GETEX INCR family
 * INCRBYFLOAT APPEND STRLEN GETRANGE SETRANGE. In-place changes keep the key's TTL, as in Redis.
 */
import type { ByteString } from '../../resp/byte-string.js';
import { ErrorReply, type Reply } from '../../resp/reply.js';
import { isKeyword, parseInt64, parseInteger } from '../arguments.js';
import { addAsLongDouble } from '../long-double.js';
import { NOT_FLOAT, NOT_INTEGER, SYNTAX_ERROR } from '../errors.js';
import type { CommandContext } from '../types.js';
import { NOTIFY_GENERIC, NOTIFY_STRING } from '../../config/keyspace-event-classes.js';
import { absoluteExpiryMs, expiryUnit } from './expiry-options.js';
import { checkStringSize, incrementBy, stringAt } from './string-access.js';
import { alreadyExpired } from '../already-expired.js';

const NAN_OR_INFINITY = new ErrorReply('ERR increment would produce NaN or Infinity');
const OFFSET_OUT_OF_RANGE = new ErrorReply('ERR offset is out of range');

export function get(context: CommandContext, args: readonly ByteString[]): Reply {
  const value = stringAt(context, args[1], true);
  return value instanceof ErrorReply ? value : value ?? null;
}

export function getMany(context: CommandContext, args: readonly ByteString[]): Reply {
  const out: Reply[] = [];
  for (let i = 1; i < args.length; i++) {
    const value = context.db.lookupRead(args[i]);
    out.push(typeof value === 'string' ? value : null);
  }
  return out;
}

export function getAndDelete(context: CommandContext, args: readonly ByteString[]): Reply {
  const value = stringAt(context, args[1], true);
  if (value instanceof ErrorReply || value === undefined) return value ?? null;
  context.db.delete(args[1]);
  context.notify(NOTIFY_GENERIC, 'del', args[1]);
  return value;
}

export function getWithExpiry(context: CommandContext, args: readonly ByteString[]): Reply {
  let persist = false;
  let expiresAtMs: number | null = null;
  if (args.length > 2) {
    const unit = expiryUnit(args[2]);
    if (unit !== undefined && args.length === 4) {
      const absolute = absoluteExpiryMs(unit, args[3], context.nowMs, 'getex');
      if (absolute instanceof ErrorReply) return absolute;
      expiresAtMs = absolute;
    } else if (isKeyword(args[2], 'PERSIST') && args.length === 3) {
      persist = true;
    } else {
      return SYNTAX_ERROR;
    }
  }
  const value = stringAt(context, args[1], true);
  if (value instanceof ErrorReply || value === undefined) return value ?? null;
  if (persist) {
    if (context.db.persist(args[1])) context.notify(NOTIFY_GENERIC, 'persist', args[1]);
  } else if (expiresAtMs !== null) {
    // Redis deletes at once only for EXAT/PXAT in the past; EX/PX times are always ahead.
    if (alreadyExpired(context, expiresAtMs)) {
      context.db.delete(args[1]);
      context.notify(NOTIFY_GENERIC, 'del', args[1]);
    } else {
      context.db.setExpire(args[1], expiresAtMs);
      context.notify(NOTIFY_GENERIC, 'expire', args[1]);
    }
  }
  return value;
}

/** INCR, DECR, INCRBY, DECRBY: `sign` is 1 or -1; `fixed` is the delta of INCR/DECR. */
export function increment(sign: 1n | -1n, fixed: bigint | null) {
  return (context: CommandContext, args: readonly ByteString[]): Reply => {
    let delta = fixed;
    if (delta === null) {
      const parsed = parseInt64(args[2]);
      if (parsed === undefined) return NOT_INTEGER;
      if (sign === -1n && parsed === -9223372036854775808n) return new ErrorReply('ERR decrement would overflow');
      delta = parsed;
    }
    const result = incrementBy(context, args[1], sign * delta);
    if (!(result instanceof ErrorReply)) context.notify(NOTIFY_STRING, 'incrby', args[1]);
    return result;
  };
}

export function incrementByFloat(context: CommandContext, args: readonly ByteString[]): Reply {
  const current = stringAt(context, args[1], false);
  if (current instanceof ErrorReply) return current;
  const sum = addAsLongDouble(current ?? '0', args[2]);
  if ('error' in sum) return sum.error === 'overflow' ? NAN_OR_INFINITY : NOT_FLOAT;
  context.db.set(args[1], sum.value, true);
  context.notify(NOTIFY_STRING, 'incrbyfloat', args[1]);
  return sum.value;
}

export function append(context: CommandContext, args: readonly ByteString[]): Reply {
  const current = stringAt(context, args[1], false);
  if (current instanceof ErrorReply) return current;
  const next = (current ?? '') + args[2];
  const tooLong = checkStringSize(context, next.length);
  if (tooLong) return tooLong;
  context.db.set(args[1], next, true);
  context.notify(NOTIFY_STRING, 'append', args[1]);
  return next.length;
}

export function length(context: CommandContext, args: readonly ByteString[]): Reply {
  const value = stringAt(context, args[1], true);
  return value instanceof ErrorReply ? value : value?.length ?? 0;
}

export function getRange(context: CommandContext, args: readonly ByteString[]): Reply {
  let start = parseInteger(args[2]);
  let end = parseInteger(args[3]);
  if (start === undefined || end === undefined) return NOT_INTEGER;
  const value = stringAt(context, args[1], true);
  if (value instanceof ErrorReply) return value;
  const text = value ?? '';
  if (start < 0 && end < 0 && start > end) return '';
  const size = text.length;
  if (start < 0) start = size + start;
  if (end < 0) end = size + end;
  if (start < 0) start = 0;
  if (end < 0) end = 0;
  if (end >= size) end = size - 1;
  if (start > end || size === 0) return '';
  return text.slice(start, end + 1);
}

export function setRange(context: CommandContext, args: readonly ByteString[]): Reply {
  const offset = parseInteger(args[2]);
  if (offset === undefined) return NOT_INTEGER;
  if (offset < 0) return OFFSET_OUT_OF_RANGE;
  const current = stringAt(context, args[1], false);
  if (current instanceof ErrorReply) return current;
  const patch = args[3];
  if (patch.length === 0) return current?.length ?? 0;
  const tooLong = checkStringSize(context, offset + patch.length);
  if (tooLong) return tooLong;
  const base = current ?? '';
  const padded = base.length < offset ? base + '\x00'.repeat(offset - base.length) : base;
  const next = padded.slice(0, offset) + patch + padded.slice(offset + patch.length);
  context.db.set(args[1], next, true);
  context.notify(NOTIFY_STRING, 'setrange', args[1]);
  return next.length;
}
