/**
 * Tests that need something of the machine — root for `mount` or for a network namespace. A
 * skip must never keep CI green while testing nothing: CI (the CI variable set, as the gate and
 * turbo pass it) runs as root, so there a missing precondition fails the test with its reason.
 * Outside CI the test is skipped, and the reason is printed on stderr in a box that is hard to
 * miss.
 */
import { it } from 'vitest';

/** True when the CI variable says so (any value but empty, `0` or `false`). */
export function inContinuousIntegration(): boolean {
  const value = process.env.CI ?? '';
  return value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

function announceSkip(name: string, missing: string): void {
  const lines = [`SKIPPED: ${name}`, `because: ${missing}`, 'in CI (CI=true) this fails instead; run as root to test it here'];
  const width = Math.max(...lines.map((line) => line.length));
  const rule = `+${'-'.repeat(width + 2)}+`;
  process.stderr.write(`\n${rule}\n${lines.map((line) => `| ${line.padEnd(width)} |`).join('\n')}\n${rule}\n\n`);
}

/**
 * `it(name, test)` when `missing` is null; otherwise a test that fails in CI and a loudly
 * announced skip elsewhere. `missing` says what the machine lacks (e.g. the error of `mount`).
 */
export function itNeeds(missing: string | null, name: string, test: () => Promise<void>, timeoutMs?: number): void {
  if (missing === null) {
    it(name, test, timeoutMs);
  } else if (inContinuousIntegration()) {
    it(name, () => {
      throw new Error(`CI must be able to run this test, but ${missing}`);
    });
  } else {
    announceSkip(name, missing);
    it.skip(name, test);
  }
}
