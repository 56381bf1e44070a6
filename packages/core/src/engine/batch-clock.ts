/**
 * BatchClock: the clock as a batch of one client's pipelined commands reads it (one call of
 * ClientConnection.processInput). A clock reading costs 60–100 ns on a virtual machine, as much
 * as a small command, so a batch reads the wall clock once — its commands share that time, as
 * Redis's commands share its cached time — and the monotonic clock once per command: a
 * top-level command's duration runs from the end of the previous command of the batch (so it
 * includes parsing it and encoding the previous reply; SLOWLOG and INFO commandstats see that),
 * the first one's from its own start. Outside a batch (timers, commit progress, nested calls
 * through commandStart's caller) every reading goes to the clock. Readings only come from the
 * Clock, so a simulated run stays deterministic.
 */
import type { Clock } from '../io/clock.js';

export class BatchClock {
  /** Batches open now (a batch inside a batch shares the outer one's readings). */
  private depth = 0;
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

  /** Wall time in ms: the batch's, read at its first use. */
  now(): number {
    if (this.depth === 0) return this.clock.now();
    if (!this.wallRead) {
      this.wallMs = this.clock.now();
      this.wallRead = true;
    }
    return this.wallMs;
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
