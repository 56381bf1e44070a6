/**
 * DUMP and RESTORE with Redis 7.0's payloads (RDB type + value + RDB version + CRC-64), so a
 * payload moves between Ballast and redis-server in either direction. RESTORE checks in Redis's
 * order — options, BUSYKEY, the TTL, the payload's version and checksum, its contents — and
 * validates the value deeply whatever sanitize-dump-payload says: a bad payload is refused with
 * "Bad data format", never half-restored. It is logged as the key's resulting state.
 */
import { isKeyword, parseInteger } from '../arguments.js';
import { NOT_INTEGER, SYNTAX_ERROR } from '../errors.js';
import type { CommandContext } from '../types.js';
import type { ByteString } from '../../resp/byte-string.js';
import { ErrorReply, OK, type Reply } from '../../resp/reply.js';
import { decodeDumpPayload, encodeDumpPayload } from '../../rdb/dump-payload.js';
import { encodingLimitsOf } from '../../rdb/encoding-limits.js';
import { NOTIFY_GENERIC } from '../../config/keyspace-event-classes.js';
import { alreadyExpired } from '../already-expired.js';

const BUSY_KEY = new ErrorReply('BUSYKEY Target key name already exists.');
/** Redis's LFU counter is one byte. */
const FREQUENCY_MAX = 255;

/** DUMP key → the payload, or nil. */
export function dump(context: CommandContext, args: readonly ByteString[]): Reply {
  const value = context.db.lookupRead(args[1]);
  if (value === undefined) return null;
  const config = context.engine.config;
  return encodeDumpPayload(value, { compression: config.boolean('rdbcompression'), limits: encodingLimitsOf(config) });
}

interface RestoreOptions {
  readonly replace: boolean;
  readonly absoluteTtl: boolean;
  /** IDLETIME seconds, or -1. */
  readonly idleSeconds: number;
  /** FREQ counter, or -1. */
  readonly frequency: number;
}

/** RESTORE's options after the payload, or the error reply Redis gives for them. */
function restoreOptions(args: readonly ByteString[]): RestoreOptions | ErrorReply {
  let replace = false;
  let absoluteTtl = false;
  let idleSeconds = -1;
  let frequency = -1;
  for (let i = 4; i < args.length; i++) {
    const more = args.length - i - 1;
    if (isKeyword(args[i], 'REPLACE')) {
      replace = true;
    } else if (isKeyword(args[i], 'ABSTTL')) {
      absoluteTtl = true;
    } else if (isKeyword(args[i], 'IDLETIME') && more >= 1 && frequency < 0) {
      const seconds = parseInteger(args[++i]);
      if (seconds === undefined) return NOT_INTEGER;
      if (seconds < 0) return new ErrorReply('ERR Invalid IDLETIME value, must be >= 0');
      idleSeconds = seconds;
    } else if (isKeyword(args[i], 'FREQ') && more >= 1 && idleSeconds < 0) {
      const count = parseInteger(args[++i]);
      if (count === undefined) return NOT_INTEGER;
      if (count < 0 || count > FREQUENCY_MAX) return new ErrorReply('ERR Invalid FREQ value, must be >= 0 and <= 255');
      frequency = count;
    } else {
      return SYNTAX_ERROR;
    }
  }
  return { replace, absoluteTtl, idleSeconds, frequency };
}

/**
 * RESTORE key ttl serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency].
 * IDLETIME sets the key's LRU clock (under a non-LFU policy) and FREQ its LFU counter (under an
 * LFU policy), as Redis's objectSetLRUOrLFU; the other is ignored. Neither is logged: like Redis's
 * AOF, the log keeps the value, not its access history.
 */
export function restore(context: CommandContext, args: readonly ByteString[]): Reply {
  const options = restoreOptions(args);
  if (options instanceof ErrorReply) return options;
  const key = args[1];
  const { db } = context;
  if (!options.replace && db.exists(key)) return BUSY_KEY;
  const ttl = parseInteger(args[2]);
  if (ttl === undefined) return NOT_INTEGER;
  if (ttl < 0) return new ErrorReply('ERR Invalid TTL value, must be >= 0');
  const decoded = decodeDumpPayload(args[3], encodingLimitsOf(context.engine.config));
  if ('error' in decoded) return new ErrorReply(`ERR ${decoded.error}`);
  const deleted = options.replace && db.delete(key);
  const expireAtMs = ttl === 0 ? 0 : options.absoluteTtl ? ttl : ttl + context.nowMs;
  // Already expired: the key is not created (and a replaced one stays deleted, as a DEL).
  if (expireAtMs !== 0 && alreadyExpired(context, expireAtMs)) {
    if (deleted) context.notify(NOTIFY_GENERIC, 'del', key);
    return OK;
  }
  db.set(key, decoded.value);
  if (expireAtMs !== 0) db.setExpire(key, expireAtMs);
  const database = db.of(key);
  if (database.keyAccess.lfu && options.frequency >= 0) database.setAccessField(key, database.keyAccess.frequencyField(options.frequency));
  else if (!database.keyAccess.lfu && options.idleSeconds >= 0) database.setAccessField(key, database.keyAccess.idleField(options.idleSeconds));
  context.notify(NOTIFY_GENERIC, 'restore', key);
  return OK;
}
