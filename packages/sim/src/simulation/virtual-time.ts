/**
 * VirtualTime: a Clock whose time the checker sets by hand, for the reference engine that
 * re-runs a read at the moment it first ran. Its timers never fire: the reference engine is
 * never started, so nothing in it waits on one.
 */
import type { Clock, TimerHandle } from '@ballast/core';

const NEVER: TimerHandle = { cancel: () => undefined };

export class VirtualTime implements Clock {
  nowMs = 0;

  now(): number {
    return this.nowMs;
  }

  monotonic(): number {
    return this.nowMs;
  }

  schedule(): TimerHandle {
    return NEVER;
  }
}
