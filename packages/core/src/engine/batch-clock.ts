/**
 * BatchClock: the clock as a batch of one client's pipelined commands reads it (one call of
 * ClientConnection.processInput). A clock reading costs 60–100 ns on a virtual machine, as much
 * as a small command, so a batch takes one wall time — its commands share it, as Redis's
 * commands share its cached time — and reads the monotonic clock once per command: a top-level
 * command's duration runs from the end of the previous command of the batch (so it includes
 * parsing it and encoding the previous reply; SLOWLOG and INFO commandstats see that), the
 * first one's from the batch's first reading.
 *
 * The wall clock itself is read once per I/O turn (until the engine flushes, or SYNC_AGE_MS_MAX
 * at most), together with the monotonic clock; a later batch of the turn derives its wall time
 * from its first monotonic reading. So at -P 1, where every batch is one command, a command
 * costs two readings instead of three. The derived time lags the wall clock by less than a
 * millisecond (Date.now's truncation) plus the clocks' drift over the turn. Outside a batch
 * (timers, commit progress) every reading goes to the clock. Readings only come from the Clock,
 * so a simulated run stays deterministic (its clocks stand still within an event).
 */
import type { Clock } from '../io/clock.js';

/** The longest a wall reading serves later batches: the clocks drift apart by at most ~0.5 ms/s. */
const SYNC_AGE_MS_MAX = 100;

export class BatchClock {
  /** Batches open now (a batch inside a batch shares the outer one's readings). */
  private depth = 0;
  /** Both clocks as read together at the turn's first batch, when `synced`. */
  private synced = false;
  private syncWallMs = 0;
  private syncMonotonicMs = 0;
  private wallRead = false;
  private wallMs = 0;
  /** The monotonic time the previous top-level command of the batch ended, when `marked`. */
  private marked = false;
  private markMs = 0;

  constructor(private readonly clock: Clock) {}

  begin(): void {
    this.depth++;
  }

  end(): void {
    if (--this.depth > 0) return;
    this.wallRead = false;
    this.marked = false;
  }

  /** Wall time in ms: the batch's, taken at its first use. */
  now(): number {
    if (this.depth === 0) return this.clock.now();
    if (!this.wallRead) {
      this.wallMs = this.batchWallMs();
      this.wallRead = true;
    }
    return this.wallMs;
  }

  /** The engine flushed (an I/O turn ended): the next batch reads the wall clock again. */
  endTurn(): void {
    this.synced = false;
  }

  /** The batch's wall time, from its first monotonic reading, which also starts its first command. */
  private batchWallMs(): number {
    const monotonicMs = this.clock.monotonic();
    this.markMs = monotonicMs;
    this.marked = true;
    if (!this.synced || monotonicMs - this.syncMonotonicMs > SYNC_AGE_MS_MAX) {
      this.syncWallMs = this.clock.now();
      this.syncMonotonicMs = monotonicMs;
      this.synced = true;
      return this.syncWallMs;
    }
    // Whole milliseconds added to the reading: with clocks that stand still (the simulator's) this is the reading itself.
    return this.syncWallMs + Math.floor(monotonicMs - this.syncMonotonicMs);
  }

  /** Monotonic start of a top-level command: where the previous one of the batch ended. */
  commandStart(): number {
    return this.marked ? this.markMs : this.clock.monotonic();
  }

  /** Monotonic end of a top-level command; the next command of the batch starts there. */
  commandEnd(): number {
    const endedMs = this.clock.monotonic();
    if (this.depth > 0) {
      this.markMs = endedMs;
      this.marked = true;
    }
    return endedMs;
  }

  /** Work that is not the batch's commands ran (a blocked client was served): the next command reads its own start. */
  interrupt(): void {
    this.marked = false;
  }
}
