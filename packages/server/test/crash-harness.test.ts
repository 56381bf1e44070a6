/**
 * The crash harness (crash/) in CI: a few quick iterations of SIGKILL-and-restart against
 * redis-server and against ballast-server with its AOF on, two of the replication mode (a primary
 * under min-replicas-durable 1 killed, the replica promoted by the rule read back), plus a canary: a data directory
 * emptied between the kill and the restart must fail the durability check. Nothing is skipped:
 * a ballast-server that does not start with `--appendonly yes` is a 'start' violation here.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCrashHarness } from '../crash/harness.js';
import { runIteration } from '../crash/iteration.js';
import type { CrashOptions } from '../crash/options.js';

/** Its first three iterations kill four times in all, one of them twice in a row. */
const SEED = 12;
const TIMEOUT_MS = 60_000;

async function expectNoViolation(options: CrashOptions): Promise<void> {
  const lines: string[] = [];
  const totals = await runCrashHarness(options, (line) => lines.push(line));
  expect(totals.failed, lines.join('\n')).toEqual([]);
  expect(totals.kills).toBeGreaterThanOrEqual(options.iterations);
  expect(totals.acknowledged).toBeGreaterThan(0);
}

describe('crash harness', () => {
  it('redis-server with appendfsync always keeps every acknowledged write', async () => {
    await expectNoViolation({ iterations: 3, shards: 1, appendfsync: 'always', seed: SEED, target: 'redis', replicas: 0, durable: 1 });
  }, TIMEOUT_MS);

  it('ballast-server with 4 shards and appendfsync always keeps every acknowledged write', async () => {
    await expectNoViolation({ iterations: 3, shards: 4, appendfsync: 'always', seed: SEED, target: 'ballast', replicas: 0, durable: 1 });
  }, TIMEOUT_MS);

  it('a primary with two replicas under min-replicas-durable 1, killed: the replica promoted by the rule holds every acknowledged write', async () => {
    await expectNoViolation({ iterations: 2, shards: 2, appendfsync: 'always', seed: SEED, target: 'ballast', replicas: 2, durable: 1 });
  }, TIMEOUT_MS);

  it('fails the durability check when the log is lost between kill and restart', async () => {
    const result = await runIteration({
      target: 'redis', appendfsync: 'always', shards: 1, seed: SEED,
      afterKill: (directory) => rmSync(path.join(directory, 'appendonlydir'), { recursive: true, force: true }),
    });
    try {
      expect(result.violations.map((violation) => violation.check)).toContain('durability');
    } finally {
      rmSync(result.directory, { recursive: true, force: true });
    }
  }, TIMEOUT_MS);
});
