/**
 * What the sorted set commands share: metadata defaults, the listpack limits behind the
 * `compact` flag, and the shapes of replies that carry scores (flat pairs in RESP2, nested
 * [member, score] pairs in RESP3, as Redis 7.0 answers ZRANGE … WITHSCORES).
 */
import type { EngineServices } from '../services.js';
import { SortedSetValue } from '../../keyspace/sorted-set.js';
import type { ByteString } from '../../resp/byte-string.js';
import { DoubleReply, type Reply } from '../../resp/reply.js';
import { NOTIFY_GENERIC, NOTIFY_ZSET } from '../../config/keyspace-event-classes.js';
import type { CommandContext } from '../types.js';
import { keyedSpecs } from '../spec.js';

/** Defaults for a sorted set command: one key at position 1. */
export const sortedSetSpec = keyedSpecs('sorted-set');

/** zset-max-listpack-entries and zset-max-listpack-value, read once per command. */
export interface ListpackLimits {
  readonly entries: number;
  readonly valueBytes: number;
}

export function listpackLimits(engine: EngineServices): ListpackLimits {
  return {
    entries: engine.config.integer('zset-max-listpack-entries'),
    valueBytes: engine.config.integer('zset-max-listpack-value'),
  };
}

/** Whether a new set whose first member is `member` starts compact (Redis 7.0's ZADD rule). */
export function startsCompact(member: ByteString, limits: ListpackLimits): boolean {
  return limits.entries !== 0 && member.length <= limits.valueBytes;
}

/**
 * Called before `member` is inserted as a new member: clears `compact` for good when the
 * insertion would cross a limit (zsetAdd's check, made before the insert as Redis makes it).
 */
export function prepareNewMember(value: SortedSetValue, member: ByteString, limits: ListpackLimits): void {
  if (value.compact && (value.size + 1 > limits.entries || member.length > limits.valueBytes)) value.compact = false;
}

/** A member with its score, as range and pop commands collect them. */
export type ScoredMember = readonly [ByteString, number];

/** Whether replies with scores nest [member, score] pairs: RESP3 does, RESP2 stays flat. */
export function nestsPairs(context: CommandContext): boolean {
  return context.client.protocol === 3;
}

/** Members, or members with scores: flat, or as [member, score] pairs when `nested`. */
export function scoredReply(items: readonly ScoredMember[], withScores: boolean, nested: boolean): Reply[] {
  if (!withScores) return items.map(([member]) => member);
  if (nested) return items.map(([member, score]) => [member, new DoubleReply(score)]);
  const flat: Reply[] = [];
  for (const [member, score] of items) flat.push(member, new DoubleReply(score));
  return flat;
}

/**
 * Stores `items` (distinct members) as a new sorted set under `destination`, replacing any value
 * and its TTL (and waking clients blocked in BZPOPMIN on it) and notifying `event`, or deletes
 * `destination` (notifying `del`) when there are none; returns the new size. The result
 * is compact when it fits the listpack limits, as Redis converts a stored result.
 */
export function storeScored(context: CommandContext, destination: ByteString, items: readonly ScoredMember[], event: string): number {
  if (items.length === 0) {
    if (context.db.delete(destination)) context.notify(NOTIFY_GENERIC, 'del', destination);
    return 0;
  }
  const limits = listpackLimits(context.engine);
  const set = new SortedSetValue();
  set.compact = items.length <= limits.entries && items.every(([member]) => member.length <= limits.valueBytes);
  for (const [member, score] of items) set.set(member, score);
  context.db.set(destination, set);
  context.db.signalReady(destination);
  context.notify(NOTIFY_ZSET, event, destination);
  return set.size;
}
