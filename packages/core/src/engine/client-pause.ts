/**
 * ClientPause: CLIENT PAUSE and CLIENT UNPAUSE, as Redis 7.0's pauseClients. While clients are
 * paused, a command that admission would run or queue is postponed instead (Redis's
 * BLOCKED_POSTPONE): under ALL every command, under WRITE those that may write or propagate
 * (write and may_replicate commands, scripts that do not declare no-writes, EXEC of a queue
 * holding such commands). A postponed client reads on but runs nothing, counts as blocked, and
 * runs its command again — admitted afresh, so it may be postponed again — when the pause ends,
 * clients in the order they were postponed. Keys are neither expired nor evicted meanwhile: an
 * expired key reads as missing but stays (Redis keeps the dataset still for a failover).
 *
 * A pause starts at once, but a transaction that paused clients runs to its end and its keys
 * expire as before until then (Redis's client_pause_in_transaction). A pause given while one is in
 * force keeps the more restrictive mode and the later end. It ends on CLIENT UNPAUSE or once the
 * clock passes its end (a timer on the engine's clock). Pausing changes no data: nothing is logged.
 */
import type { Clock, TimerHandle } from '../io/clock.js';

export type PauseMode = 'write' | 'all';

/** The longest timer a host can arm (Node's setTimeout fires at once past 2^31 − 1 ms): a longer pause re-arms. */
const TIMER_DELAY_MAX_MS = 2 ** 31 - 1;

/** A client whose command waits for the pause to end. */
export interface PostponedClient {
  readonly closed: boolean;
  /** The pause ended: admit the postponed command again, then read on. */
  resumePostponed(): void;
}

export class ClientPause {
  private current: PauseMode | null = null;
  private endMs = 0;
  private timer: TimerHandle | null = null;
  private postponed: PostponedClient[] = [];
  private beganInTransaction = false;

  /** `runEvent` runs the timer's end of the pause as an engine event. */
  constructor(private readonly clock: Clock, private readonly runEvent: (event: () => void) => void) {}

  /** The pause in force, or null. */
  get mode(): PauseMode | null {
    return this.current;
  }

  /** Keys must neither expire nor be evicted: clients are paused, and not by the transaction running now. */
  get holdsKeyspace(): boolean {
    return this.current !== null && !this.beganInTransaction;
  }

  /** Clients waiting for the end of the pause. */
  get postponedCount(): number {
    return this.postponed.length;
  }

  /**
   * CLIENT PAUSE: pauses `mode` until `endMs` (wall ms, inclusive), merged with a pause in force.
   * An end already past pauses nothing. `inTransaction`: EXEC runs it (see holdsKeyspace).
   */
  pause(mode: PauseMode, endMs: number, nowMs: number, inTransaction: boolean): void {
    if (this.current !== null) {
      if (this.current === 'all') mode = 'all';
      endMs = Math.max(endMs, this.endMs);
    } else if (endMs < nowMs) {
      return;
    }
    this.current = mode;
    this.endMs = endMs;
    if (inTransaction) this.beganInTransaction = true;
    this.timer?.cancel();
    this.scheduleEnd(nowMs);
  }

  /** CLIENT UNPAUSE, or the end time passed: postponed clients run again, in order. */
  unpause(): void {
    this.timer?.cancel();
    this.timer = null;
    if (this.current === null) return;
    this.current = null;
    this.beganInTransaction = false;
    const clients = this.postponed;
    this.postponed = [];
    for (const client of clients) if (!client.closed) client.resumePostponed();
  }

  postpone(client: PostponedClient): void {
    this.postponed.push(client);
  }

  /** A postponed client went away. */
  forget(client: PostponedClient): void {
    const position = this.postponed.indexOf(client);
    if (position !== -1) this.postponed.splice(position, 1);
  }

  /** A top-level command ended: a pause its transaction began holds the keyspace from now on. */
  commandEnded(): void {
    this.beganInTransaction = false;
  }

  /** Ends the pause on the first timer after endMs (Redis's `end < now`), re-arming if the clock is not there yet. */
  private scheduleEnd(nowMs: number): void {
    this.timer = this.clock.schedule(Math.min(this.endMs - nowMs + 1, TIMER_DELAY_MAX_MS), () => this.runEvent(() => {
      const now = this.clock.now();
      if (now > this.endMs) this.unpause();
      else this.scheduleEnd(now);
    }));
  }
}
