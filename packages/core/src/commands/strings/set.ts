/**
 * SET and its relatives SETNX, SETEX, PSETEX, GETSET, MSET, MSETNX — setGeneric in Redis terms.
 * Relative expiries become absolute times in ms before anything is stored.
 */
import type { ByteString } from '../../resp/byte-string.js';
import { ErrorReply, OK, type Reply } from '../../resp/reply.js';
import { NOTIFY_EXPIRED, NOTIFY_GENERIC, NOTIFY_STRING } from '../../config/keyspace-event-classes.js';
import { isKeyword } from '../arguments.js';
import { SYNTAX_ERROR, wrongArity } from '../errors.js';
import type { CommandContext } from '../types.js';
import { absoluteExpiryMs, expiryUnit, type ExpiryUnit } from './expiry-options.js';
import { stringAt } from './string-access.js';
import { alreadyExpired } from '../already-expired.js';

interface SetOptions {
  condition: 'NX' | 'XX' | null;
  get: boolean;
  keepTtl: boolean;
  expiry: { unit: ExpiryUnit; value: ByteString } | null;
}

function parseSetOptions(args: readonly ByteString[]): SetOptions | ErrorReply {
  const options: SetOptions = { condition: null, get: false, keepTtl: false, expiry: null };
  for (let i = 3; i < args.length; i++) {
    const argument = args[i];
    const unit = expiryUnit(argument);
    if (unit !== undefined && i + 1 < args.length && options.expiry === null && !options.keepTtl) {
      options.expiry = { unit, value: args[++i] };
    } else if ((isKeyword(argument, 'NX') || isKeyword(argument, 'XX')) && options.condition === null) {
      options.condition = argument.toUpperCase() as 'NX' | 'XX';
    } else if (isKeyword(argument, 'GET') && !options.get) {
      options.get = true;
    } else if (isKeyword(argument, 'KEEPTTL') && options.expiry === null && !options.keepTtl) {
      options.keepTtl = true;
    } else {
      return SYNTAX_ERROR;
    }
  }
  return options;
}

/**
 * Stores `value` with an optional absolute expiry; a time already past leaves no key. Notifies
 * `set`, then `expire` (and `expired` for a time already past, which Redis reports at the next access).
 */
export function storeString(context: CommandContext, key: ByteString, value: ByteString, expiresAtMs: number | null, keepTtl: boolean): void {
  context.db.set(key, value, keepTtl);
  context.notify(NOTIFY_STRING, 'set', key);
  if (expiresAtMs === null) return;
  context.notify(NOTIFY_GENERIC, 'expire', key);
  if (alreadyExpired(context, expiresAtMs)) {
    context.db.delete(key);
    context.notify(NOTIFY_EXPIRED, 'expired', key);
  } else context.db.setExpire(key, expiresAtMs);
}

export function setCommand(context: CommandContext, args: readonly ByteString[]): Reply {
  const options = parseSetOptions(args);
  if (options instanceof ErrorReply) return options;
  let expiresAtMs: number | null = null;
  if (options.expiry !== null) {
    const absolute = absoluteExpiryMs(options.expiry.unit, options.expiry.value, context.nowMs, 'set');
    if (absolute instanceof ErrorReply) return absolute;
    expiresAtMs = absolute;
  }
  const [, key, value] = args;
  let previous: ByteString | undefined | null = null;
  if (options.get) {
    const found = stringAt(context, key, true);
    if (found instanceof ErrorReply) return found;
    previous = found;
  }
  if (options.condition !== null) {
    const exists = options.get ? previous !== undefined : context.db.exists(key);
    if ((options.condition === 'NX') === exists) return options.get ? previous ?? null : null;
  }
  storeString(context, key, value, expiresAtMs, options.keepTtl);
  return options.get ? previous ?? null : OK;
}

/** SETEX / PSETEX key time value. */
export function setWithExpiry(unit: 'EX' | 'PX') {
  return (context: CommandContext, args: readonly ByteString[]): Reply => {
    const absolute = absoluteExpiryMs(unit, args[2], context.nowMs, args[0].toLowerCase());
    if (absolute instanceof ErrorReply) return absolute;
    storeString(context, args[1], args[3], absolute, false);
    return OK;
  };
}

export function setIfMissing(context: CommandContext, args: readonly ByteString[]): Reply {
  if (context.db.exists(args[1])) return 0;
  context.db.set(args[1], args[2]);
  context.notify(NOTIFY_STRING, 'set', args[1]);
  return 1;
}

export function getSet(context: CommandContext, args: readonly ByteString[]): Reply {
  const previous = stringAt(context, args[1], false);
  if (previous instanceof ErrorReply) return previous;
  context.db.set(args[1], args[2]);
  context.notify(NOTIFY_STRING, 'set', args[1]);
  return previous ?? null;
}

export function setMany(onlyIfNoneExist: boolean) {
  return (context: CommandContext, args: readonly ByteString[]): Reply => {
    if (args.length % 2 === 0) return wrongArity(args[0].toLowerCase());
    if (onlyIfNoneExist) {
      for (let i = 1; i < args.length; i += 2) if (context.db.exists(args[i])) return 0;
    }
    for (let i = 1; i < args.length; i += 2) {
      context.db.set(args[i], args[i + 1]);
      context.notify(NOTIFY_STRING, 'set', args[i]);
    }
    return onlyIfNoneExist ? 1 : OK;
  };
}
