/**
 * NodeClock: core's Clock on the real wall clock, the monotonic high-resolution timer and
 * Node's timers. Timers are unref'd: a pending expiry never keeps a stopping process alive.
 */
import type { Clock, TimerHandle } from '@ballast/core';

export class NodeClock implements Clock {
  now(): number {
    return Date.now();
  }

  monotonic(): number {
    return performance.now();
  }

  schedule(delayMs: number, callback: () => void): TimerHandle {
    const timer = setTimeout(callback, delayMs);
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  }
}
