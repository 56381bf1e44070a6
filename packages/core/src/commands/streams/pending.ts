/**
 * XPENDING, XCLAIM and XAUTOCLAIM (Redis 7.0's xpendingCommand, xclaimCommand and
 * xautoclaimCommand): inspect a group's pending entries and move them between consumers.
 *
 * Reported to the log: each claimed entry with its new owner, delivery time and count
 * (XGROUP SETPENDING — the delivery time is absolute, so IDLE needs no clock on replay), a
 * pending entry whose stream entry was deleted and is dropped as XACK, the claiming consumer's
 * seen time (XGROUP SETCONSUMER) and a LASTID that moved the group (XGROUP SETID).
 */
import type { Consumer, ConsumerGroup } from '../../keyspace/stream/pending-list.js';
import { formatId, incrementId, decrementId, MIN_ID, MAX_ID, type StreamId } from '../../keyspace/stream/stream-id.js';
import type { StreamValue } from '../../keyspace/values.js';
import type { ByteString } from '../../resp/byte-string.js';
import { ErrorReply, NULL_ARRAY, type Reply } from '../../resp/reply.js';
import { isKeyword } from '../arguments.js';
import { SYNTAX_ERROR } from '../errors.js';
import { NOTIFY_STREAM } from '../../config/keyspace-event-classes.js';
import type { CommandContext } from '../types.js';
import {
  entryReply, INVALID_END, INVALID_START, longArgument, rangeBound, readStream, reportConsumer, reportGroupPosition, reportPending,
  streamGroup, strictId, writeStream,
} from './stream-access.js';
import { parseId } from '../../keyspace/stream/stream-id.js';

/** XPENDING key group [[IDLE min-idle-time] start end count [consumer]] */
export function xpending(context: CommandContext, args: readonly ByteString[]): Reply {
  if (args.length !== 3 && (args.length < 6 || args.length > 9)) return SYNTAX_ERROR;
  let minIdle = 0;
  let start = MIN_ID;
  let end = MAX_ID;
  let count = 0;
  let consumerName: ByteString | null = null;
  if (args.length >= 6) {
    let from = 3;
    if (isKeyword(args[3], 'IDLE')) {
      const parsed = longArgument(args[4]);
      if (parsed instanceof ErrorReply) return parsed;
      if (args.length < 8) return SYNTAX_ERROR;
      minIdle = parsed;
      from += 2;
    }
    const parsedCount = longArgument(args[from + 2]);
    if (parsedCount instanceof ErrorReply) return parsedCount;
    count = Math.max(parsedCount, 0);
    const startBound = rangeBound(args[from], 'min');
    if (startBound instanceof ErrorReply) return startBound;
    const startId = startBound.exclusive ? incrementId(startBound.id) : startBound.id;
    if (startId === undefined) return INVALID_START;
    const endBound = rangeBound(args[from + 1], 'max');
    if (endBound instanceof ErrorReply) return endBound;
    const endId = endBound.exclusive ? decrementId(endBound.id) : endBound.id;
    if (endId === undefined) return INVALID_END;
    start = startId;
    end = endId;
    if (from + 3 < args.length) consumerName = args[from + 3];
  }
  const found = streamGroup(readStream(context.db, args[1]), args[1], args[2]);
  if (found instanceof ErrorReply) return found;
  const { group } = found;
  if (args.length === 3) return pendingSummary(group);
  let pending = group.pending;
  if (consumerName !== null) {
    const consumer = group.consumers.get(consumerName);
    if (consumer === undefined) return [];
    pending = consumer.pending;
  }
  const rows: Reply[] = [];
  for (const id of pending.idsBetween(start, end)) {
    if (rows.length >= count) break;
    const entry = pending.get(id)!;
    const idleMs = context.nowMs - entry.deliveryTimeMs;
    if (minIdle > 0 && idleMs < minIdle) continue;
    rows.push([formatId(id), entry.consumer.name, Math.max(idleMs, 0), entry.deliveryCount]);
  }
  return rows;
}

function pendingSummary(group: ConsumerGroup): Reply {
  if (group.pending.size === 0) return [0, null, null, NULL_ARRAY];
  const consumers: Reply[] = [];
  for (const consumer of group.sortedConsumers()) {
    if (consumer.pending.size > 0) consumers.push([consumer.name, String(consumer.pending.size)]);
  }
  return [group.pending.size, formatId(group.pending.first()!), formatId(group.pending.last()!), consumers];
}

interface ClaimOptions {
  deliveryTimeMs: number;
  retryCount: number;
  force: boolean;
  justId: boolean;
  lastId: StreamId;
}

/** XCLAIM's options after its IDs (from `from`), as xclaimCommand reads them. */
function claimOptions(context: CommandContext, args: readonly ByteString[], from: number): ClaimOptions | ErrorReply {
  const options: ClaimOptions = { deliveryTimeMs: -1, retryCount: -1, force: false, justId: false, lastId: MIN_ID };
  for (let index = from; index < args.length; index++) {
    const more = args.length - 1 - index;
    const option = args[index];
    if (isKeyword(option, 'FORCE')) options.force = true;
    else if (isKeyword(option, 'JUSTID')) options.justId = true;
    else if (isKeyword(option, 'IDLE') && more > 0) {
      const parsed = longArgument(args[++index], new ErrorReply('ERR Invalid IDLE option argument for XCLAIM'));
      if (parsed instanceof ErrorReply) return parsed;
      options.deliveryTimeMs = context.nowMs - parsed;
    } else if (isKeyword(option, 'TIME') && more > 0) {
      const parsed = longArgument(args[++index], new ErrorReply('ERR Invalid TIME option argument for XCLAIM'));
      if (parsed instanceof ErrorReply) return parsed;
      options.deliveryTimeMs = parsed;
    } else if (isKeyword(option, 'RETRYCOUNT') && more > 0) {
      const parsed = longArgument(args[++index], new ErrorReply('ERR Invalid RETRYCOUNT option argument for XCLAIM'));
      if (parsed instanceof ErrorReply) return parsed;
      options.retryCount = parsed;
    } else if (isKeyword(option, 'LASTID') && more > 0) {
      const parsed = strictId(args[++index]);
      if (parsed instanceof ErrorReply) return parsed;
      options.lastId = parsed;
    } else {
      return new ErrorReply(`ERR Unrecognized XCLAIM option '${option}'`);
    }
  }
  if (options.deliveryTimeMs < 0 || options.deliveryTimeMs > context.nowMs) options.deliveryTimeMs = context.nowMs;
  return options;
}

/** Tracks what a claim changed, and reports it once at the end. */
class ClaimLog {
  consumer: Consumer | null = null;
  readonly claimed: StreamId[] = [];
  readonly dropped: StreamId[] = [];

  constructor(
    private readonly context: CommandContext,
    private readonly key: ByteString,
    private readonly groupName: ByteString,
    private readonly group: ConsumerGroup,
  ) {}

  /** The claiming consumer: looked up (seen now) or created at the first claim. */
  claimer(name: ByteString): Consumer {
    if (this.consumer === null) {
      const { consumer, created } = this.group.consumer(name, this.context.nowMs);
      consumer.seenTimeMs = this.context.nowMs;
      if (created) this.context.notify(NOTIFY_STREAM, 'xgroup-createconsumer', this.key);
      this.consumer = consumer;
    }
    return this.consumer;
  }

  report(movedLastId: boolean): void {
    const { context, key, groupName } = this;
    if (this.dropped.length === 0 && this.consumer === null && !movedLastId) return;
    context.db.touch(key);
    if (this.dropped.length > 0) context.db.logEffect(key, ['XACK', key, groupName, ...this.dropped.map(formatId)]);
    if (this.consumer !== null) {
      reportPending(context.db, key, groupName, this.consumer, this.claimed);
      reportConsumer(context.db, key, groupName, this.consumer);
    }
    if (movedLastId) reportGroupPosition(context.db, key, groupName, this.group);
  }
}

/** XCLAIM key group consumer min-idle-time id [id …] [IDLE ms] [TIME unix-time-ms] [RETRYCOUNT count] [FORCE] [JUSTID] [LASTID lastid] */
export function xclaim(context: CommandContext, args: readonly ByteString[]): Reply {
  const key = args[1];
  const found = streamGroup(writeStream(context.db, key), key, args[2]);
  if (found instanceof ErrorReply) return found;
  const { stream, group } = found;
  let minIdle = longArgument(args[4], new ErrorReply('ERR Invalid min-idle-time argument for XCLAIM'));
  if (minIdle instanceof ErrorReply) return minIdle;
  minIdle = Math.max(minIdle, 0);
  const ids: StreamId[] = [];
  let index = 5;
  for (; index < args.length; index++) {
    const parsed = parseId(args[index], { strict: true, missingSeq: 'min' });
    if (parsed === undefined) break;
    ids.push(parsed.id);
  }
  const options = claimOptions(context, args, index);
  if (options instanceof ErrorReply) return options;
  const movedLastId = options.lastId > group.lastId;
  if (movedLastId) group.lastId = options.lastId;
  const log = new ClaimLog(context, key, args[2], group);
  const replies: Reply[] = [];
  for (const id of ids) {
    let entry = group.pending.get(id);
    const fields = stream.get(id);
    if (fields === undefined) {
      if (entry !== undefined) {
        group.acknowledge(id);
        log.dropped.push(id);
      }
      continue;
    }
    const forced = entry === undefined && options.force;
    if (entry === undefined && !forced) continue;
    if (!forced && minIdle > 0 && context.nowMs - entry!.deliveryTimeMs < minIdle) continue;
    const consumer = log.claimer(args[3]);
    const previousCount = entry?.deliveryCount ?? 1;
    const deliveryCount = options.retryCount >= 0 ? options.retryCount : options.justId ? previousCount : previousCount + 1;
    entry = group.assign(id, consumer, options.deliveryTimeMs, deliveryCount);
    log.claimed.push(id);
    replies.push(options.justId ? formatId(id) : entryReply(id, fields));
  }
  log.report(movedLastId);
  return replies;
}

/** LONG_MAX / sizeof(streamID): the largest COUNT xautoclaimCommand accepts. */
const AUTOCLAIM_COUNT_MAX = Number((2n ** 63n - 1n) / 16n);

/** XAUTOCLAIM key group consumer min-idle-time start [COUNT count] [JUSTID] */
export function xautoclaim(context: CommandContext, args: readonly ByteString[]): Reply {
  let minIdle = longArgument(args[4], new ErrorReply('ERR Invalid min-idle-time argument for XAUTOCLAIM'));
  if (minIdle instanceof ErrorReply) return minIdle;
  minIdle = Math.max(minIdle, 0);
  const startBound = rangeBound(args[5], 'min');
  if (startBound instanceof ErrorReply) return startBound;
  const start = startBound.exclusive ? incrementId(startBound.id) : startBound.id;
  if (start === undefined) return INVALID_START;
  let count = 100;
  let justId = false;
  for (let index = 6; index < args.length; index++) {
    const more = args.length - 1 - index;
    if (isKeyword(args[index], 'COUNT') && more > 0) {
      const parsed = longArgument(args[++index], new ErrorReply('ERR COUNT must be > 0'));
      if (parsed instanceof ErrorReply || parsed < 1 || parsed > AUTOCLAIM_COUNT_MAX) return new ErrorReply('ERR COUNT must be > 0');
      count = parsed;
    } else if (isKeyword(args[index], 'JUSTID')) {
      justId = true;
    } else {
      return SYNTAX_ERROR;
    }
  }
  const key = args[1];
  const found = streamGroup(writeStream(context.db, key), key, args[2]);
  if (found instanceof ErrorReply) return found;
  return autoclaim(context, key, args, found, { minIdle, start, count, justId });
}

function autoclaim(context: CommandContext, key: ByteString, args: readonly ByteString[], found: { stream: StreamValue; group: ConsumerGroup },
  request: { minIdle: number; start: StreamId; count: number; justId: boolean }): Reply {
  const { stream, group } = found;
  const log = new ClaimLog(context, key, args[2], group);
  let attempts = request.count * 10;
  let count = request.count;
  const candidates = group.pending.idsBetween(request.start, MAX_ID, Math.min(attempts, group.pending.size) + 1);
  let examined = 0;
  const replies: Reply[] = [];
  while (attempts-- > 0 && count > 0 && examined < candidates.length) {
    const id = candidates[examined++];
    const entry = group.pending.get(id)!;
    const fields = stream.get(id);
    if (fields === undefined) {
      group.acknowledge(id);
      log.dropped.push(id);
      count--;
      continue;
    }
    if (request.minIdle > 0 && context.nowMs - entry.deliveryTimeMs < request.minIdle) continue;
    const consumer = log.claimer(args[3]);
    group.assign(id, consumer, context.nowMs, request.justId ? entry.deliveryCount : entry.deliveryCount + 1);
    log.claimed.push(id);
    replies.push(request.justId ? formatId(id) : entryReply(id, fields));
    count--;
  }
  log.report(false);
  const next = candidates[examined];
  return [next === undefined ? formatId(MIN_ID) : formatId(next), replies, log.dropped.map(formatId)];
}
