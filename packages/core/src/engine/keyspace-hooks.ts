/**
 * What the engine does when a shard's databases report a change: count it, dirty the WATCHes
 * on it, invalidate it for tracking clients, record it for the log, note it for the reply gate,
 * signal blocked clients, and publish the keyspace notifications the keyspace itself raises (new,
 * expired, evicted, keymiss). One
 * hook set per shard, so the recorder knows which shard's log an effect belongs to.
 */
import type { ServerStats } from '../commands/services.js';
import { NOTIFY_EVICTED, NOTIFY_EXPIRED, NOTIFY_KEY_MISS, NOTIFY_NEW } from '../config/keyspace-event-classes.js';
import type { KeyspaceNotifications } from '../commands/types.js';
import type { EffectRecorder } from '../effects/effect-recorder.js';
import type { KeyspaceEvents } from '../keyspace/database.js';
import type { ByteString } from '../resp/byte-string.js';
import type { BlockedClient, BlockingRegistry } from './blocking-registry.js';
import type { ReplyGate } from './reply-gate.js';
import type { ClientPause } from './client-pause.js';
import type { WatchRegistry } from './watch-registry.js';
import type { TrackingTable } from './tracking-table.js';

export interface KeyspaceListeners {
  readonly stats: ServerStats;
  readonly watches: WatchRegistry;
  readonly blocking: Pick<BlockingRegistry<BlockedClient>, 'signalReady' | 'signalDatabase'>;
  readonly gate: ReplyGate;
  readonly notifications: KeyspaceNotifications;
  readonly tracking: Pick<TrackingTable, 'keyModified' | 'keyExpiring' | 'databaseFlushed'>;
  /** The id of the client whose handler runs now (the script client's inside a script), 0 for none: BCAST's NOLOOP. */
  modifier(): number;
  /** The recorder, read at each event (it is created after the databases). */
  effects(): EffectRecorder;
  /** CLIENT PAUSE: while it holds the keyspace, expired keys read as missing but stay. */
  readonly pause: Pick<ClientPause, 'holdsKeyspace'>;
  /**
   * A replica, as Redis 7.0's: while it follows a primary it deletes no expired key (the
   * primary's DEL arrives in the stream), and the primary's own commands see expired keys as live.
   */
  readonly replica: { following(): boolean; servingPrimary(): boolean };
  /** Whether `key` is stored in database `database` of shard `shard` (a touched WATCH needs to know). */
  stored(shard: number, database: number, key: ByteString): boolean;
}

export function keyspaceHooks(shard: number, listeners: KeyspaceListeners): KeyspaceEvents {
  const { stats, watches, blocking, gate, notifications, pause, tracking } = listeners;
  return {
    modified: (database, key) => {
      stats.dirty++;
      if (watches.active) watches.touchKey(database, key, listeners.stored(shard, database, key));
      tracking.keyModified(key, listeners.modifier());
      listeners.effects().keyModified(shard, database, key);
      gate.noteWrite(database, key);
      // A client blocked on the key is offered the change too: a consumer group's reader is
      // answered -NOGROUP once its stream is deleted or replaced, as in Redis 7.0.
      blocking.signalReady(database, key);
    },
    added: (database, key) => notifications.notify(NOTIFY_NEW, 'new', key, database),
    ready: (database, key) => blocking.signalReady(database, key),
    expired: (database, key) => {
      stats.expiredKeys++;
      // The `modified` event that follows is the expiry's: no client changed the key (Redis passes none).
      tracking.keyExpiring(key);
      listeners.effects().keyExpired(shard, database, key);
      gate.noteWrite(database, key);
      notifications.notify(NOTIFY_EXPIRED, 'expired', key, database);
    },
    // An eviction is logged as DEL into the open unit (the command's it ran before, or the
    // eviction event's), dirties WATCH and is published as `evicted`, as in Redis.
    evicted: (database, key) => {
      stats.evictedKeys++;
      // The key is gone: it is not stored any more.
      if (watches.active) watches.touchKey(database, key, false);
      tracking.keyModified(key, 0);
      listeners.effects().keyEvicted(shard, database, key);
      gate.noteWrite(database, key);
      blocking.signalReady(database, key);
      notifications.notify(NOTIFY_EVICTED, 'evicted', key, database);
    },
    // After a durability failure a deletion can no longer be logged, while clients are paused the
    // dataset holds still, and a replica waits for its primary's DEL (Redis's expireIfNeeded): expired keys stay.
    mayDeleteExpired: () => gate.durabilityFailure === null && !pause.holdsKeyspace && !listeners.replica.following(),
    expiredLive: () => listeners.replica.servingPrimary(),
    flushed: (database, before, after) => {
      watches.touchDatabase(database, before, after);
      // Emptied, not swapped: Redis 7.0's SWAPDB tells tracking clients nothing.
      if (after === null) tracking.databaseFlushed();
      listeners.effects().databaseFlushed(shard, database);
      gate.noteFlush(database);
      blocking.signalDatabase(database);
    },
    effect: (database, key, args) => listeners.effects().keyEffect(shard, database, key, args),
    lookup: (database, key, hit) => {
      if (hit) stats.keyspaceHits++;
      else {
        stats.keyspaceMisses++;
        notifications.notify(NOTIFY_KEY_MISS, 'keymiss', key, database);
      }
    },
  };
}
