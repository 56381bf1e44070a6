/**
 * PausableClock: one node's view of the scheduler, which can be paused as SIGSTOP pauses a
 * process. Time goes on (the wall clock does not stop), but nothing scheduled through this clock
 * runs while the node is paused — its timers, its disk completions, its clients' deliveries — and
 * everything that came due meanwhile runs, in order, once it resumes.
 */
import type { Clock, TimerHandle } from '@ballast/core';
import type { Scheduler } from '../scheduler.js';

export class PausableClock implements Clock {
  private paused = false;
  private deferred: Array<() => void> = [];

  constructor(private readonly scheduler: Scheduler) {}

  get isPaused(): boolean {
    return this.paused;
  }

  now(): number {
    return this.scheduler.now();
  }

  monotonic(): number {
    return this.scheduler.monotonic();
  }

  schedule(delayMs: number, callback: () => void): TimerHandle {
    let cancelled = false;
    const run = () => {
      if (!cancelled) callback();
    };
    const handle = this.scheduler.schedule(delayMs, () => {
      if (this.paused) this.deferred.push(run);
      else run();
    });
    return {
      cancel: () => {
        cancelled = true;
        handle.cancel();
      },
    };
  }

  pause(): void {
    this.paused = true;
  }

  /** Runs what came due while paused, in the order it came due, then carries on. */
  resume(): void {
    this.paused = false;
    for (const run of this.deferred.splice(0)) this.scheduler.schedule(0, run);
  }
}
