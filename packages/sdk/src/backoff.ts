/**
 * Reconnection delays: exponential backoff with jitter. The ceiling doubles from
 * `initialDelayMs` up to `maxDelayMs`; the delay is drawn from the upper half of it ("equal
 * jitter"), so clients that lost the same server spread out instead of returning in lockstep,
 * yet none retries almost at once.
 */

export interface ReconnectOptions {
  /** Ceiling of the first delay (default 50 ms, ioredis's first step). */
  initialDelayMs?: number;
  /** Largest delay between attempts (default 2000 ms, ioredis's cap). */
  maxDelayMs?: number;
  /** Give up after this many failed attempts in a row (default: never). */
  attemptsMax?: number;
}

export const RECONNECT_DEFAULTS: Required<ReconnectOptions> = { initialDelayMs: 50, maxDelayMs: 2000, attemptsMax: Infinity };

/** The delay before reconnection attempt `attempt` (1-based). */
export function backoffDelayMs(attempt: number, options: Required<ReconnectOptions>, random: () => number = Math.random): number {
  if (attempt < 1) throw new Error(`attempt must be at least 1, got ${attempt}`);
  const ceilingMs = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** Math.min(attempt - 1, 30));
  return Math.round(ceilingMs / 2 + (random() * ceilingMs) / 2);
}
