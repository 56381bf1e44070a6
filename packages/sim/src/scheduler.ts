/**
 * Scheduler: the simulator's virtual clock and event queue. It implements core's Clock, so core
 * timers, simulated disk completions and simulated clients all wait in one queue ordered by
 * (time, scheduling order). Time moves only when an event fires; nothing real (timers, Date) is
 * read, so a run replays bit for bit.
 *
 * `step` is synchronous. The async drivers (`runUntil`, `runUntilIdle`, `settle`) let every
 * promise continuation of an event run before the next event fires (see host-yield.ts).
 */
import type { Clock, TimerHandle } from '@ballast/core';
import { EventQueue } from './event-queue.js';
import { yieldToHost } from './host-yield.js';

/** Wall-clock origin of a simulated run unless told otherwise (2023-11-14T22:13:20Z). */
export const START_EPOCH_MS_DEFAULT = 1_700_000_000_000;
/** Events one driver call may fire before it gives up (a periodic timer never goes idle). */
export const EVENTS_PER_RUN_MAX_DEFAULT = 10_000_000;

export interface SchedulerOptions {
  /** What `now()` returns before any time has passed. */
  readonly startEpochMs?: number;
  /** Events one `runUntil`, `runUntilIdle` or `settle` call may fire before it throws. */
  readonly eventsPerRunMax?: number;
}

/** Scheduler.settle gave up: the promise did not settle within its simulated time limit. */
export class StalledError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StalledError';
  }
}

export class Scheduler implements Clock {
  private readonly queue = new EventQueue();
  private readonly startEpochMs: number;
  private readonly eventsPerRunMax: number;
  private elapsedMs = 0;
  private interrupted = false;

  constructor(options: SchedulerOptions = {}) {
    this.startEpochMs = options.startEpochMs ?? START_EPOCH_MS_DEFAULT;
    this.eventsPerRunMax = options.eventsPerRunMax ?? EVENTS_PER_RUN_MAX_DEFAULT;
    if (!Number.isFinite(this.startEpochMs)) throw new Error(`Scheduler: bad startEpochMs ${this.startEpochMs}`);
    if (!(this.eventsPerRunMax > 0)) throw new Error(`Scheduler: bad eventsPerRunMax ${this.eventsPerRunMax}`);
  }

  /** Simulated wall-clock milliseconds. */
  now(): number {
    return this.startEpochMs + this.elapsedMs;
  }

  /** Simulated milliseconds since the run started. */
  monotonic(): number {
    return this.elapsedMs;
  }

  /** Events waiting to fire. */
  get pendingEvents(): number {
    return this.queue.size;
  }

  schedule(delayMs: number, callback: () => void): TimerHandle {
    if (!(delayMs >= 0 && Number.isFinite(delayMs))) throw new Error(`Scheduler: bad delay ${delayMs} ms`);
    const event = this.queue.push(this.elapsedMs + delayMs, callback);
    return { cancel: () => this.queue.cancel(event) };
  }

  /** Fires the earliest event, moving time to it. False when no event is waiting. */
  step(): boolean {
    const event = this.queue.pop();
    if (event === undefined) return false;
    if (event.timeMs < this.elapsedMs) throw new Error(`Scheduler: event at ${event.timeMs} ms is in the past`);
    this.elapsedMs = event.timeMs;
    event.callback();
    return true;
  }

  /**
   * Makes the running `runUntil` return after the current event and its promise continuations,
   * with time left at that event (how the simulator crashes at an exact moment).
   */
  interrupt(): void {
    this.interrupted = true;
  }

  /**
   * Fires every event due at or before monotonic time `timeMs`, then moves time to `timeMs`;
   * after an interrupt(), returns early. True when it ran to `timeMs`.
   */
  async runUntil(timeMs: number): Promise<boolean> {
    if (!(timeMs >= this.elapsedMs)) throw new Error(`Scheduler: runUntil(${timeMs}) is before now (${this.elapsedMs})`);
    for (let fired = 0; ; fired++) {
      await yieldToHost();
      if (this.interrupted) {
        this.interrupted = false;
        return false;
      }
      const next = this.queue.peek();
      if (next === undefined || next.timeMs > timeMs) break;
      this.checkBudget(fired);
      this.step();
    }
    this.elapsedMs = timeMs;
    return true;
  }

  /** Fires events until none is waiting. */
  async runUntilIdle(): Promise<void> {
    for (let fired = 0; ; fired++) {
      await yieldToHost();
      this.checkBudget(fired);
      if (!this.step()) return;
    }
  }

  /**
   * Fires events until `promise` settles, then returns it. Throws when no event is left that
   * could settle it, or (with `limitMs`) a StalledError when it has not settled after that much
   * simulated time: the simulated program is stuck.
   */
  async settle<T>(promise: Promise<T>, limitMs = Number.POSITIVE_INFINITY): Promise<T> {
    const deadlineMs = this.elapsedMs + limitMs;
    let settled = false;
    promise.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (let fired = 0; ; fired++) {
      await yieldToHost();
      if (settled) return promise;
      if (this.elapsedMs > deadlineMs) throw new StalledError(`not settled after ${limitMs} ms of simulated time`);
      this.checkBudget(fired);
      if (!this.step()) throw new Error(`Scheduler: the promise can never settle (no event left at ${this.elapsedMs} ms)`);
    }
  }

  private checkBudget(fired: number): void {
    if (fired >= this.eventsPerRunMax) throw new Error(`Scheduler: more than ${this.eventsPerRunMax} events in one run`);
  }
}
