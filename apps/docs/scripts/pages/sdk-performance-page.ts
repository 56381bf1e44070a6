/**
 * The SDK's performance next to ioredis and node-redis, only where measured: every result file
 * `npm run bench -w @ballast/sdk` wrote to packages/sdk/bench/results/ (the shape is
 * packages/sdk/bench/results-file.ts), newest first, quick runs marked as such. A client whose
 * runs all missed the bench's deadline is shown as timed out, and a ratio to it as "—": a case
 * that hangs is never given a number. Nothing here is typed by hand.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ClientName } from '../../../../packages/sdk/bench/clients.js';
import type { ClientResult, ResultRow, ResultsFile as SdkResultsFile } from '../../../../packages/sdk/bench/results-file.js';

export type { SdkResultsFile };
import { code, escape, table } from '../markdown.js';

const CLIENTS = ['@ballast/sdk', 'ioredis', 'node-redis'] as const satisfies readonly ClientName[];

/** Reads one results file, refusing one that lacks what the page shows (a stale format). */
function readResults(file: string): SdkResultsFile {
  const results = JSON.parse(readFileSync(file, 'utf8')) as SdkResultsFile;
  const complete = Array.isArray(results.rows) && typeof results.deadlineSeconds === 'number' && results.rows.every((row) =>
    CLIENTS.every((name) => row.clients?.[name] !== undefined && (row.clients[name].opsPerSecond === null || typeof row.clients[name].opsPerSecond === 'number')));
  if (!complete) throw new Error(`${file} is not a results file of the SDK bench (see packages/sdk/bench/results-file.ts)`);
  return results;
}

function opsCell(result: ClientResult, deadlineSeconds: number): string {
  if (result.opsPerSecond === null) return `**timed out** (${result.timedOut} of ${result.runs} runs, ${deadlineSeconds} s deadline)`;
  const value = `${Math.round(result.opsPerSecond).toLocaleString('en-US')} ops/s`;
  return result.timedOut === 0 ? value : `${value} (${result.timedOut} of ${result.runs} runs timed out)`;
}

function ratioCell(sdk: ClientResult, other: ClientResult): string {
  return sdk.opsPerSecond === null || other.opsPerSecond === null ? '—' : `${(sdk.opsPerSecond / other.opsPerSecond).toFixed(2)}×`;
}

function caseName(row: ResultRow, results: SdkResultsFile): string {
  return row.scenario === 'sequential' ? 'one at a time' : `${(results.burstOperations / 1000).toLocaleString('en-US')}k at once`;
}

export function resultsTable(results: SdkResultsFile): string {
  return table(['server', 'case', ...CLIENTS, 'sdk/ioredis', 'sdk/node-redis'], results.rows.map((row) => {
    const sdk = row.clients['@ballast/sdk'];
    return [
      code(results.servers[row.server] ?? row.server), caseName(row, results),
      ...CLIENTS.map((name) => opsCell(row.clients[name], results.deadlineSeconds)),
      ratioCell(sdk, row.clients.ioredis), ratioCell(sdk, row.clients['node-redis']),
    ];
  }));
}

function section(name: string, results: SdkResultsFile): string {
  const kind = results.quick ? ' (quick run)' : '';
  const conditions = [
    `${results.rounds} measured round(s) after a warm-up, median per cell`,
    `${results.sequentialOperations.toLocaleString('en-US')} sequential operations`,
    `bursts of ${results.burstOperations.toLocaleString('en-US')} SETs then as many GETs`,
    `${results.valueBytes}-byte values`,
    `a ${results.deadlineSeconds} s deadline per run`,
    `Node ${results.node} on ${results.cores} core(s)`,
  ];
  return [
    `## ${escape(name.replace(/\.json$/, ''))}${kind}`, '',
    `${conditions.join(', ')}; from \`packages/sdk/bench/results/${name}\`.`, '',
    resultsTable(results), '',
  ].join('\n');
}

export function sdkPerformancePage(resultsDirectory: string): string {
  const names = readdirSync(resultsDirectory, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.json')).map((entry) => entry.name).sort().reverse();
  const sections = names.map((name) => section(name, readResults(path.join(resultsDirectory, name))));
  return [
    '# SDK performance',
    '',
    '::: info Generated',
    'This page is generated at every build from the result files of `npm run bench -w @ballast/sdk` in',
    '`packages/sdk/bench/results/`. Nothing on it is typed by hand.',
    ':::',
    '',
    'The bench runs `@ballast/sdk`, ioredis and node-redis against the same `redis-server` and `ballast-server` (no log) in',
    'one run: SET then GET one at a time, and bursts issued at once (auto-pipelining). The clients take turns inside each',
    'round so that drift of the machine hits them alike. A run that does not finish within the deadline is dropped and the',
    'cell says **timed out**; a ratio to a client that timed out is shown as —. On a shared machine read the ratios rather',
    'than the absolute numbers, and rerun on your own hardware: `npm run bench -w @ballast/sdk` (`-- --quick` for a short run).',
    '',
    sections.length === 0 ? 'No benchmark results are stored yet.' : sections.join('\n'),
  ].join('\n');
}
