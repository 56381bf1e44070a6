/**
 * ManualClock: a Clock for unit tests whose time moves only when the test says so. Timers fire
 * in (time, scheduling order) during advanceMs. (The simulator has its own, fuller scheduler.)
 */
import type { Clock, TimerHandle } from '../../src/io/clock.js';

interface Timer {
  atMs: number;
  sequence: number;
  callback: () => void;
  cancelled: boolean;
}

export class ManualClock implements Clock {
  private timeMs: number;
  private sequence = 0;
  private timers: Timer[] = [];

  constructor(startMs = 1_700_000_000_000) {
    this.timeMs = startMs;
  }

  now(): number {
    return this.timeMs;
  }

  monotonic(): number {
    return this.timeMs;
  }

  schedule(delayMs: number, callback: () => void): TimerHandle {
    const timer: Timer = { atMs: this.timeMs + delayMs, sequence: this.sequence++, callback, cancelled: false };
    this.timers.push(timer);
    return { cancel: () => void (timer.cancelled = true) };
  }

  /** Moves time forward by `deltaMs`, firing due timers in order. */
  advanceMs(deltaMs: number): void {
    const targetMs = this.timeMs + deltaMs;
    for (;;) {
      const due = this.timers
        .filter((timer) => !timer.cancelled && timer.atMs <= targetMs)
        .sort((a, b) => a.atMs - b.atMs || a.sequence - b.sequence)[0];
      if (!due) break;
      this.timers = this.timers.filter((timer) => timer !== due);
      this.timeMs = Math.max(this.timeMs, due.atMs);
      due.callback();
    }
    this.timeMs = targetMs;
  }
}
