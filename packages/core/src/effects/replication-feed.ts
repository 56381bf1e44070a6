/**
 * The replication stream as the engine sees it (the primary's side of replication, implemented
 * above the engine). The engine hands it every logged unit's effects in the order they ran, and
 * the local commit progress; the feed decides what replicas receive and when (only committed
 * units are shipped).
 */
import type { Effect } from '../aof/effect.js';

export interface ReplicationFeed {
  /**
   * A unit was logged under `lsn`; `effects` are its effects in execution order; `transaction`:
   * several effects are sent between MULTI and EXEC. Returns the stream offset at its end.
   */
  unitLogged(lsn: number, effects: readonly Effect[], transaction: boolean): number;
  /**
   * A unit that logged nothing still has commands for replicas (PUBLISH outside a write): they
   * follow everything logged before them. Returns the stream offset at their end.
   */
  unitReplicated(effects: readonly Effect[], transaction: boolean): number;
  /** Local commit progress (fsync) reached `lsn`. */
  committed(lsn: number): void;
  /** The log wrote everything through `lsn` to the OS (what `appendfsync no` promises). */
  written(lsn: number): void;
}
