/** Reconnection backoff: doubling ceilings, capped, drawn from the upper half. */
import { describe, expect, it } from 'vitest';
import { backoffDelayMs, RECONNECT_DEFAULTS } from '../src/backoff.js';

describe('backoffDelayMs', () => {
  const options = { ...RECONNECT_DEFAULTS, initialDelayMs: 100, maxDelayMs: 1000 };

  it('doubles the ceiling per attempt up to the cap', () => {
    expect([1, 2, 3, 4, 5, 50].map((attempt) => backoffDelayMs(attempt, options, () => 1))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('jitters within the upper half of the ceiling', () => {
    expect(backoffDelayMs(3, options, () => 0)).toBe(200);
    for (let i = 0; i < 100; i++) {
      const delayMs = backoffDelayMs(3, options);
      expect(delayMs).toBeGreaterThanOrEqual(200);
      expect(delayMs).toBeLessThanOrEqual(400);
    }
  });

  it('refuses attempt numbers below 1', () => {
    expect(() => backoffDelayMs(0, options)).toThrow(/at least 1/);
  });
});
