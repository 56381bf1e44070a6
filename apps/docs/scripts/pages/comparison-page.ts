/**
 * The comparison with Redis, only where measured: every result file `npm run bench` wrote to
 * packages/server/bench/results/ (quick runs left out) — throughput against redis-server in the
 * same run, and, where the file has them, GET latency under write load, recovery speed,
 * memory per key, throughput over TLS and start-up time. Older files call the throughput rows `results`, newer ones `throughput` (with
 * a durability column). Nothing here is typed by hand.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { code, escape, table } from '../markdown.js';

interface ThroughputRow {
  readonly test: string;
  readonly pipeline: number;
  readonly ballast: number;
  readonly redis: number;
  readonly ratio: number;
  readonly [descriptor: string]: unknown;
}

type PerServer<T> = Record<'ballast' | 'redis', T>;

interface ResultFile {
  readonly shards: number;
  readonly clients?: number;
  readonly requests?: number;
  readonly rounds?: number;
  readonly results?: readonly ThroughputRow[];
  readonly throughput?: readonly ThroughputRow[];
  readonly latency?: PerServer<{ p50Ms: number; p99Ms: number }>;
  readonly recovery?: PerServer<{ bytes: number; seconds: number; megabytesPerSecond: number }>;
  readonly memory?: PerServer<{ usedBytesPerKey: number; rssBytesPerKey: number }>;
  readonly memoryKeys?: number;
  readonly tls?: readonly ThroughputRow[];
  readonly startup?: ReadonlyArray<{ server: string; medianMs: number; samplesMs: readonly number[] }>;
}

const MEASURED = new Set(['test', 'pipeline', 'ballast', 'redis', 'ratio', 'target']);
const SERVERS = [['ballast', 'Ballast'], ['redis', 'redis-server']] as const;

function thousands(value: number): string {
  return `${(value / 1000).toFixed(0)}k`;
}

function throughputTable(rows: readonly ThroughputRow[]): string {
  const descriptors = [...new Set(rows.flatMap((row) => Object.keys(row).filter((key) => !MEASURED.has(key))))];
  return table(['test', 'pipeline (-P)', ...descriptors, 'Ballast req/s', 'redis-server req/s', 'Ballast / Redis'], rows.map((row) => [
    code(row.test), String(row.pipeline), ...descriptors.map((key) => escape(String(row[key] ?? ''))),
    thousands(row.ballast), thousands(row.redis), `${row.ratio.toFixed(2)}×`,
  ]));
}

function perServerTable<T>(header: readonly string[], values: PerServer<T>, cells: (value: T) => string[]): string {
  return table(['server', ...header], SERVERS.map(([key, name]) => [name, ...cells(values[key])]));
}

function conditions(name: string, file: ResultFile): string {
  const parts = [`${file.shards} shard(s) for Ballast`];
  if (file.clients !== undefined) parts.push(`${file.clients} clients`);
  if (file.requests !== undefined) parts.push(`${file.requests} requests per test`);
  if (file.rounds !== undefined) parts.push(`median of ${file.rounds} alternating round(s)`);
  return `${parts.join(', ')}; from \`packages/server/bench/results/${name}\`.`;
}

function section(name: string, file: ResultFile): string {
  const lines = [`## ${escape(name.replace(/\.json$/, ''))}`, '', conditions(name, file), ''];
  const rows = file.throughput ?? file.results;
  if (rows !== undefined && rows.length > 0) lines.push('Throughput (`redis-benchmark`):', '', throughputTable(rows), '');
  if (file.latency !== undefined) {
    lines.push('GET latency while 50 clients run SET, `appendfsync always`:', '',
      perServerTable(['p50', 'p99'], file.latency, (value) => [`${value.p50Ms.toFixed(3)} ms`, `${value.p99Ms.toFixed(3)} ms`]), '');
  }
  if (file.recovery !== undefined) {
    lines.push('Recovery at start (AOF replayed, `appendfsync everysec`):', '',
      perServerTable(['AOF size', 'time', 'speed'], file.recovery, (value) => [
        `${(value.bytes / 1e6).toFixed(1)} MB`, `${value.seconds.toFixed(2)} s`, `${value.megabytesPerSecond.toFixed(1)} MB/s`]), '');
  }
  if (file.memory !== undefined) {
    lines.push(`Memory per key${file.memoryKeys === undefined ? '' : ` with ${file.memoryKeys} small keys`}:`, '',
      perServerTable(['used_memory per key', 'RSS per key'], file.memory, (value) => [
        `${value.usedBytesPerKey.toFixed(1)} B`, `${value.rssBytesPerKey.toFixed(1)} B`]), '');
  }
  if (file.tls !== undefined && file.tls.length > 0) {
    lines.push('Throughput over TLS (`redis-benchmark --tls` with client certificates, no log):', '', throughputTable(file.tls), '');
  }
  if (file.startup !== undefined) {
    lines.push('Start-up, from spawning the process to the first PONG, on an empty data directory:', '',
      table(['server', 'median', 'starts'], file.startup.map((row) => [escape(row.server), `${row.medianMs.toFixed(0)} ms`, String(row.samplesMs.length)])), '');
  }
  return lines.join('\n');
}

export function comparisonPage(resultsDirectory: string): string {
  const names = readdirSync(resultsDirectory).filter((name) => name.endsWith('.json') && !name.includes('-quick')).sort();
  const sections = names.map((name) => section(name, JSON.parse(readFileSync(path.join(resultsDirectory, name), 'utf8')) as ResultFile));
  return [
    '# Comparison with Redis',
    '',
    '::: info Generated',
    'This page is generated at every build from the result files of `npm run bench` in `packages/server/bench/results/`.',
    'Only what was measured is shown: there are no Valkey runs, and no figures from elsewhere.',
    ':::',
    '',
    '`npm run bench` runs `redis-benchmark` against `ballast-server` and a real `redis-server` side by side on the same',
    'machine, alternating the order of rounds, and reports the ratio of requests per second; both servers run with the same',
    '`appendfsync` setting (or both without a log). On a shared 2-core machine single ratios moved by up to ±0.2× between',
    'runs, so read them as rough and rerun on your own hardware: `npm run bench` (`-- --shards 4`, `-- --quick`).',
    '',
    sections.length === 0 ? 'No benchmark results are stored yet.' : sections.join('\n'),
  ].join('\n');
}
