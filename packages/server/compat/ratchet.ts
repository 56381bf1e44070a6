/**
 * The ratchet: compat/ratchet.json lists units of Redis's suite and the fewest tests
 * ballast-server must pass in each. CI (test/compat-ratchet.test.ts) runs those units and fails
 * when a count falls below its value; a count above it is printed so that the next change
 * raises the value. Values only go up.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { COMPAT_DIRECTORY } from './suite.js';

export const RATCHET_FILE = path.join(COMPAT_DIRECTORY, 'ratchet.json');

export interface Ratchet {
  /** Per unit, the fewest passing tests accepted. */
  readonly units: Readonly<Record<string, number>>;
  /** Wall-clock limit per unit in CI. */
  readonly unitTimeoutSeconds: number;
  /**
   * runtest's `--timeout` in CI: seconds without a test finishing before the unit is given up.
   * Far above the slowest single test of the listed units (about 15 s, a wait in unit/dump), far
   * below the unit's limit, so a test that hangs the server costs seconds, not the CI budget.
   */
  readonly progressTimeoutSeconds: number;
}

export function readRatchet(file = RATCHET_FILE): Ratchet {
  const ratchet = JSON.parse(readFileSync(file, 'utf8')) as Ratchet;
  if (typeof ratchet.unitTimeoutSeconds !== 'number' || typeof ratchet.progressTimeoutSeconds !== 'number' || typeof ratchet.units !== 'object'
    || !Object.values(ratchet.units).every((value) => Number.isInteger(value) && value >= 0)) {
    throw new Error(`${file}: expected { unitTimeoutSeconds, progressTimeoutSeconds, units: { "<unit>": <passed at least> } }`);
  }
  return ratchet;
}

export type RatchetVerdict =
  | { readonly kind: 'held'; readonly message: string }
  | { readonly kind: 'raised'; readonly message: string }
  | { readonly kind: 'fell'; readonly message: string };

/** Compares one unit's pass count with its ratchet value. */
export function judge(unit: string, passed: number, minimum: number): RatchetVerdict {
  if (passed < minimum) {
    return { kind: 'fell', message: `${unit}: ballast-server passes ${passed} tests, fewer than the ratchet's ${minimum} (packages/server/compat/ratchet.json)` };
  }
  if (passed > minimum) {
    return { kind: 'raised', message: `${unit}: ballast-server passes ${passed} tests, more than the ratchet's ${minimum}: raise it to ${passed} in packages/server/compat/ratchet.json` };
  }
  return { kind: 'held', message: `${unit}: ballast-server passes ${passed} tests, as the ratchet says` };
}
