/**
 * Time as core sees it. The host (server: the real clock; sim: a virtual one) passes a Clock in;
 * core never reads time any other way, so a simulated run replays bit for bit.
 */

/** A scheduled callback that can be cancelled before it fires. */
export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  /** Wall-clock time in milliseconds since the Unix epoch; used for expiry and TIME. */
  now(): number;
  /** Monotonic milliseconds (any origin); used for durations such as idle time and latency. */
  monotonic(): number;
  /** Runs `callback` once, `delayMs` milliseconds from now. */
  schedule(delayMs: number, callback: () => void): TimerHandle;
}
