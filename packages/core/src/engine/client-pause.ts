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
 * expire as before until then (Redis's client_pause_in_transaction). Pauses are kept per purpose,
 * as Redis's pause_purpose: CLIENT PAUSE's, and FAILOVER's (which CLIENT UNPAUSE does not end). A
 * pause given for a purpose already paused keeps the more restrictive mode and the later end; the
 * pause in force is the most restrictive of them. Each ends on its unpause (CLIENT UNPAUSE, the
 * failover's end) or once the clock passes its end (a timer on the engine's clock). Pausing
 * changes no data: nothing is logged.
 */
import type { Clock, TimerHandle } from '../io/clock.js';

export type PauseMode = 'write' | 'all';

/** Who paused: CLIENT PAUSE, or FAILOVER (Redis's PAUSE_BY_CLIENT_COMMAND, PAUSE_DURING_FAILOVER). */
export type PausePurpose = 'client-command' | 'failover';

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
  /** The pause of each purpose in force: its mode and its end (wall ms, inclusive). */
  private readonly pauses = new Map<PausePurpose, { mode: PauseMode; endMs: number }>();
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
   * Pauses `mode` for `purpose` until `endMs` (wall ms, inclusive), merged with that purpose's
   * pause in force. An end already past pauses nothing. `inTransaction`: EXEC runs it (see
   * holdsKeyspace).
   */
  pause(mode: PauseMode, endMs: number, nowMs: number, inTransaction: boolean, purpose: PausePurpose = 'client-command'): void {
    const existing = this.pauses.get(purpose);
    if (existing !== undefined) {
      if (existing.mode === 'all') mode = 'all';
      endMs = Math.max(endMs, existing.endMs);
    } else if (endMs < nowMs) {
      return;
    }
    this.pauses.set(purpose, { mode, endMs });
    if (inTransaction) this.beganInTransaction = true;
    this.update(nowMs);
  }

  /** Ends `purpose`'s pause (CLIENT UNPAUSE, a failover's end); with no pause left, postponed clients run again, in order. */
  unpause(purpose: PausePurpose = 'client-command'): void {
    if (!this.pauses.delete(purpose)) return;
    this.update(this.clock.now());
  }

  /**
   * The pause in force is the most restrictive of the purposes'. When it ends or becomes less
   * restrictive, postponed clients are admitted again (those still paused are postponed again).
   */
  private update(nowMs: number): void {
    const before = this.current;
    let mode: PauseMode | null = null;
    for (const pause of this.pauses.values()) if (mode !== 'all') mode = pause.mode;
    this.current = mode;
    this.timer?.cancel();
    this.timer = null;
    if (mode !== null) this.scheduleEnd(nowMs);
    else this.beganInTransaction = false;
    if (mode === null || (before === 'all' && mode === 'write')) this.resumeAll();
  }

  private resumeAll(): void {
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

  /** Ends each pause on the first timer after its end (Redis's `end < now`), re-arming while one is left. */
  private scheduleEnd(nowMs: number): void {
    const endMs = Math.min(...[...this.pauses.values()].map((pause) => pause.endMs));
    this.timer = this.clock.schedule(Math.min(endMs - nowMs + 1, TIMER_DELAY_MAX_MS), () => this.runEvent(() => {
      this.timer = null;
      const now = this.clock.now();
      for (const [purpose, pause] of this.pauses) if (now > pause.endMs) this.pauses.delete(purpose);
      this.update(now);
    }));
  }
}
