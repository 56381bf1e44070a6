/**
 * min-replicas-durable-timeout: the deadline of every unit logged under min-replicas-durable.
 * A unit not durable on k Ballast replicas by its deadline is given up by the replica-fsync
 * commit source (ReplyGate.giveUp): its writer is answered NOTDURABLE — applied and logged here,
 * not known durable on k replicas, so it may or may not survive a failover — never OK; a read of
 * its keys gets NOTDURABLE too until replicas acknowledge it (Ballast serves no value a failover
 * may take back). Units are dropped once durable or given up. Every unit is kept (as
 * ReplicationPrimary keeps it until durable), so a timeout set while writes wait applies to them,
 * counted from when each was logged.
 */
import type { Engine } from '../engine/engine.js';
import type { TimerHandle } from '../io/clock.js';
import { ErrorReply } from '../resp/reply.js';

export class DurableDeadlines {
  /** Units not yet known durable, in log order, with the wall ms they were logged at. */
  private readonly units: Array<{ readonly lsn: number; readonly atMs: number }> = [];
  private head = 0;
  private timer: TimerHandle | null = null;
  private timeoutMs = 0;

  constructor(private readonly engine: Engine, private readonly source: string, private readonly required: number) {
    engine.config.observe('min-replicas-durable-timeout', (value) => {
      this.timeoutMs = value as number;
      this.arm();
    });
  }

  /** A unit was logged under `lsn`: it must be durable on the replicas within the timeout. */
  logged(lsn: number): void {
    this.units.push({ lsn, atMs: this.engine.clock.now() });
    if (this.timer === null) this.arm();
  }

  /** The units through `lsn` are durable on the replicas. */
  durable(lsn: number): void {
    while (this.head < this.units.length && this.units[this.head].lsn <= lsn) this.head++;
    this.compact();
  }

  /** This node follows another: nothing it logs waits for its own replicas. */
  clear(): void {
    this.units.length = 0;
    this.head = 0;
    this.timer?.cancel();
    this.timer = null;
  }

  private arm(): void {
    this.timer?.cancel();
    this.timer = null;
    if (this.timeoutMs === 0 || this.head === this.units.length) return;
    const delayMs = Math.max(0, this.units[this.head].atMs + this.timeoutMs - this.engine.clock.now());
    this.timer = this.engine.clock.schedule(delayMs, () => this.engine.runEvent(() => {
      this.timer = null;
      this.expire();
    }));
  }

  private expire(): void {
    const nowMs = this.engine.clock.now();
    let throughLsn = 0;
    while (this.head < this.units.length && this.units[this.head].atMs + this.timeoutMs <= nowMs) throughLsn = this.units[this.head++].lsn;
    this.compact();
    if (throughLsn > 0) {
      const replicas = `${this.required} ${this.required === 1 ? 'replica' : 'replicas'}`;
      const waited = `after ${this.timeoutMs} ms (min-replicas-durable-timeout)`;
      this.engine.giveUpCommit({
        source: this.source, throughLsn,
        writeError: new ErrorReply(`NOTDURABLE the write was applied and logged here but is not known durable on ${replicas} ${waited}: it may or may not survive a failover`),
        readError: new ErrorReply(`NOTDURABLE the read depends on a write that is not known durable on ${replicas} ${waited}: it may or may not survive a failover`),
      });
    }
    this.arm();
  }

  private compact(): void {
    if (this.head < 1024 && this.head < this.units.length) return;
    this.units.splice(0, this.head);
    this.head = 0;
  }
}
