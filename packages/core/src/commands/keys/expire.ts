/**
 * EXPIRE PEXPIRE EXPIREAT PEXPIREAT (with NX XX GT LT), TTL PTTL EXPIRETIME PEXPIRETIME and
 * PERSIST, as Redis 7.0's expireGenericCommand: times become absolute ms; a time already past
 * deletes the key.
 */
import type { ByteString } from '../../resp/byte-string.js';
import { ErrorReply, type Reply } from '../../resp/reply.js';
import { parseInt64 } from '../arguments.js';
import { NOT_INTEGER, invalidExpireTime } from '../errors.js';
import type { CommandContext } from '../types.js';
import { NOTIFY_GENERIC } from '../../config/keyspace-event-classes.js';
import { alreadyExpired } from '../already-expired.js';

const MS_MAX = 9223372036854775807n;

type Condition = 'NX' | 'XX' | 'GT' | 'LT';

function parseConditions(args: readonly ByteString[]): Set<Condition> | ErrorReply {
  const conditions = new Set<Condition>();
  for (let i = 3; i < args.length; i++) {
    const word = args[i].toUpperCase();
    if (word !== 'NX' && word !== 'XX' && word !== 'GT' && word !== 'LT') return new ErrorReply(`ERR Unsupported option ${args[i]}`);
    conditions.add(word);
  }
  if (conditions.has('NX') && (conditions.has('XX') || conditions.has('GT') || conditions.has('LT'))) {
    return new ErrorReply('ERR NX and XX, GT or LT options at the same time are not compatible');
  }
  if (conditions.has('GT') && conditions.has('LT')) return new ErrorReply('ERR GT and LT options at the same time are not compatible');
  return conditions;
}

/** EXPIRE and friends: `seconds` when the argument is in seconds, `relative` when from now. */
export function expire(seconds: boolean, relative: boolean) {
  return (context: CommandContext, args: readonly ByteString[]): Reply => {
    const conditions = parseConditions(args);
    if (conditions instanceof ErrorReply) return conditions;
    const parsed = parseInt64(args[2]);
    if (parsed === undefined) return NOT_INTEGER;
    const name = args[0].toLowerCase();
    let when = seconds ? parsed * 1000n : parsed;
    if (when > MS_MAX || when < -MS_MAX) return invalidExpireTime(name);
    if (relative) when += BigInt(context.nowMs);
    if (when > MS_MAX || when < -MS_MAX) return invalidExpireTime(name);
    const key = args[1];
    // Redis's lookupKeyWrite: the key counts as accessed.
    if (context.db.lookupWrite(key) === undefined) return 0;
    const current = context.db.getExpire(key);
    const target = Number(when);
    if (conditions.has('NX') && current !== undefined) return 0;
    if (conditions.has('XX') && current === undefined) return 0;
    if (conditions.has('GT') && (current === undefined || target <= current)) return 0;
    if (conditions.has('LT') && current !== undefined && target >= current) return 0;
    if (alreadyExpired(context, target)) {
      context.db.delete(key);
      context.notify(NOTIFY_GENERIC, 'del', key);
    } else {
      context.db.setExpire(key, target);
      context.notify(NOTIFY_GENERIC, 'expire', key);
    }
    return 1;
  };
}

/** TTL PTTL EXPIRETIME PEXPIRETIME: -2 without the key, -1 without an expiry. */
export function timeToLive(seconds: boolean, absolute: boolean) {
  return (context: CommandContext, args: readonly ByteString[]): Reply => {
    if (context.db.lookupRead(args[1], true) === undefined) return -2;
    const atMs = context.db.getExpire(args[1]);
    if (atMs === undefined) return -1;
    if (absolute) return seconds ? Math.floor(atMs / 1000) : atMs;
    const remaining = Math.max(0, atMs - context.nowMs);
    return seconds ? Math.floor((remaining + 500) / 1000) : remaining;
  };
}

export function persist(context: CommandContext, args: readonly ByteString[]): Reply {
  if (context.db.lookupWrite(args[1]) === undefined || !context.db.persist(args[1])) return 0;
  context.notify(NOTIFY_GENERIC, 'persist', args[1]);
  return 1;
}

