/**
 * The SDK performance page says only what the SDK bench's result files hold: every file in
 * packages/sdk/bench/results/ has its section, every number on the page is one of theirs, and
 * a client whose runs all missed the deadline is shown as timed out — never as a number, and
 * with no ratio to it. Runs in process on the generator; no build needed.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { sdkPerformancePage, type SdkResultsFile } from '../scripts/pages/sdk-performance-page.js';

const RESULTS = fileURLToPath(new URL('../../../packages/sdk/bench/results/', import.meta.url));
const scratch = mkdtempSync(path.join(os.tmpdir(), 'sdk-performance-page-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const finished = (opsPerSecond: number) => ({ opsPerSecond, runs: 3, timedOut: 0 });

const FIXTURE: SdkResultsFile = {
  quick: false, rounds: 3, sequentialOperations: 20_000, burstOperations: 100_000, valueBytes: 32, deadlineSeconds: 60,
  node: 'v20.0.0', cores: 2, servers: { ballast: 'ballast-server 0.0.0 --appendonly no' },
  rows: [
    { server: 'ballast', scenario: 'sequential', clients: { '@ballast/sdk': finished(9509.4), ioredis: finished(8988), 'node-redis': finished(8195) } },
    { server: 'ballast', scenario: 'burst', clients: {
      '@ballast/sdk': { opsPerSecond: 102_156, runs: 3, timedOut: 1 }, ioredis: { opsPerSecond: null, runs: 3, timedOut: 3 }, 'node-redis': finished(73_455) } },
  ],
};

function rowsOf(page: string): string[][] {
  return page.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| server') && !line.startsWith('| ---'))
    .map((line) => line.slice(2, -2).split(' | '));
}

describe('the SDK performance page', () => {
  it('shows a client that timed out as timed out, with no number and no ratio', () => {
    writeFileSync(path.join(scratch, '2026-01-02.json'), JSON.stringify(FIXTURE));
    const page = sdkPerformancePage(scratch);
    const [sequential, burst] = rowsOf(page);
    expect(sequential.slice(1)).toEqual(['one at a time', '9,509 ops/s', '8,988 ops/s', '8,195 ops/s', '1.06×', '1.16×']);
    expect(burst.slice(1)).toEqual(['100k at once', '102,156 ops/s (1 of 3 runs timed out)', '**timed out** (3 of 3 runs, 60 s deadline)',
      '73,455 ops/s', '—', '1.39×']);
    expect(page).toContain('from `packages/sdk/bench/results/2026-01-02.json`');
    expect(page).not.toMatch(/NaN|null|undefined/);
  });

  it('refuses a file that is not the SDK bench\'s', () => {
    writeFileSync(path.join(scratch, '2026-01-03.json'), JSON.stringify({ rows: [{ server: 'ballast', scenario: 'burst', clients: {} }] }));
    expect(() => sdkPerformancePage(scratch)).toThrow(/not a results file of the SDK bench/);
  });

  it('has a section for every stored results file, and a timed-out cell for every client that timed out', () => {
    const names = readdirSync(RESULTS).filter((name) => name.endsWith('.json'));
    expect(names.length).toBeGreaterThan(0);
    const page = sdkPerformancePage(RESULTS);
    let timedOut = 0;
    for (const name of names) {
      expect(page).toContain(`from \`packages/sdk/bench/results/${name}\``);
      const results = JSON.parse(readFileSync(path.join(RESULTS, name), 'utf8')) as SdkResultsFile;
      for (const row of results.rows) timedOut += Object.values(row.clients).filter((client) => client.opsPerSecond === null).length;
    }
    expect(rowsOf(page).flat().filter((cell) => cell.startsWith('**timed out**')).length).toBe(timedOut);
  });
});
