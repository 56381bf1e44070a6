/**
 * npm run bench -w @ballast/sdk: @ballast/sdk, ioredis and node-redis against the same server in
 * the same run, as operations per second and as the SDK's ratio to each.
 *
 * - sequential: SET then GET, each awaited before the next is sent (round-trip bound).
 * - burst: 100k SETs issued at once, awaited together, then 100k GETs (auto-pipelining).
 *
 * Each line is the median of the measured rounds, after one warm-up round; the clients take
 * turns inside each round so that drift of the machine hits all of them alike. A run that does
 * not finish within --deadline-s (default 60 s) is dropped and reported as timed out: a hung
 * client (or server) must not hang the bench. Servers: redis-server (the fastest server, so the
 * client is what is measured) and ballast-server with no log, each started fresh on a free port.
 *
 * Results print as lines and are written to bench/results/<date>.json (<date>-quick.json for
 * --quick); the docs page "SDK performance" is generated from those files (results-file.ts has
 * their shape), so no number is typed by hand.
 *
 *   npm run bench -w @ballast/sdk                          # both servers, 3 rounds
 *   npm run bench -w @ballast/sdk -- --quick               # 1 round, 2,000 sequential, 20 s deadline
 *   npm run bench -w @ballast/sdk -- --servers redis --rounds 5 --sequential 20000 --burst 100000
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createClient } from '../src/index.js';
import { startServer, type Target } from '../test/support/servers.js';
import { CLIENT_NAMES, openClient, type BenchClient, type ClientName } from './clients.js';
import type { ClientResult, ResultRow, ResultsFile, Scenario } from './results-file.js';

const argv = process.argv.slice(2);
const flag = (name: string, fallback: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
const QUICK = argv.includes('--quick');
const ROUNDS = Number(flag('--rounds', QUICK ? '1' : '3'));
const SEQUENTIAL_OPERATIONS = Number(flag('--sequential', QUICK ? '2000' : '20000'));
/** Kept at 100k in a quick run too: it is the size at which ioredis hangs against ballast-server. */
const BURST_OPERATIONS = Number(flag('--burst', '100000'));
const SERVERS = flag('--servers', 'redis,ballast').split(',') as Target[];
const DEADLINE_MS = Number(flag('--deadline-s', QUICK ? '20' : '60')) * 1000;
const VALUE = 'v'.repeat(32);
const BALLAST_ARGS = ['--appendonly', 'no'];

/** Runs `work` on a fresh client; resolves with ops/s, or NaN when it missed the deadline. */
async function timed(name: ClientName, port: number, burst: boolean, operations: number, work: (client: BenchClient) => Promise<void>): Promise<number> {
  const client = await openClient(name, port, burst);
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), DEADLINE_MS)));
  const outcome = await Promise.race([work(client), deadline]);
  clearTimeout(timer);
  if (outcome === 'late') {
    client.destroy();
    return NaN;
  }
  const elapsedMs = performance.now() - started;
  await client.close();
  return operations / (elapsedMs / 1000);
}

async function sequential(name: ClientName, port: number): Promise<number> {
  return timed(name, port, false, SEQUENTIAL_OPERATIONS, async (client) => {
    for (let i = 0; i < SEQUENTIAL_OPERATIONS / 2; i++) {
      await client.set(`seq:${i}`, VALUE);
      await client.get(`seq:${i}`);
    }
  });
}

async function burst(name: ClientName, port: number): Promise<number> {
  return timed(name, port, true, 2 * BURST_OPERATIONS, async (client) => {
    const sets: Promise<unknown>[] = [];
    for (let i = 0; i < BURST_OPERATIONS; i++) sets.push(client.set(`burst:${i}`, VALUE));
    await Promise.all(sets);
    const gets: Promise<unknown>[] = [];
    for (let i = 0; i < BURST_OPERATIONS; i++) gets.push(client.get(`burst:${i}`));
    await Promise.all(gets);
  });
}

/** The median of the finished runs (null when none finished) and how many timed out. */
function summarize(samples: readonly number[]): ClientResult {
  const sorted = samples.filter((value) => !Number.isNaN(value)).sort((a, b) => a - b);
  const timedOut = samples.length - sorted.length;
  if (sorted.length === 0) return { opsPerSecond: null, runs: samples.length, timedOut };
  const middle = Math.floor(sorted.length / 2);
  const opsPerSecond = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { opsPerSecond: Math.round(opsPerSecond * 10) / 10, runs: samples.length, timedOut };
}

async function measure(port: number, scenario: Scenario): Promise<Record<ClientName, ClientResult>> {
  const run = scenario === 'sequential' ? sequential : burst;
  const samples = new Map<ClientName, number[]>(CLIENT_NAMES.map((name) => [name, []]));
  for (let round = 0; round <= ROUNDS; round++) {
    for (const name of CLIENT_NAMES) {
      const opsPerSecond = await run(name, port);
      if (round > 0) samples.get(name)!.push(opsPerSecond);
    }
  }
  return Object.fromEntries(CLIENT_NAMES.map((name) => [name, summarize(samples.get(name)!)])) as Record<ClientName, ClientResult>;
}

function ratio(sdk: ClientResult, other: ClientResult): string {
  return sdk.opsPerSecond === null || other.opsPerSecond === null ? '-' : `${(sdk.opsPerSecond / other.opsPerSecond).toFixed(2)}x`;
}

function report(row: ResultRow): void {
  const cells = CLIENT_NAMES.map((name) => {
    const { opsPerSecond, runs, timedOut } = row.clients[name];
    if (opsPerSecond === null) return `${name} timed out (${timedOut} of ${runs} runs, ${DEADLINE_MS / 1000} s deadline)`;
    return `${name} ${Math.round(opsPerSecond).toLocaleString('en-US')} ops/s${timedOut > 0 ? ` (${timedOut} of ${runs} runs timed out)` : ''}`;
  });
  const sdk = row.clients['@ballast/sdk'];
  console.log(`${row.server.padEnd(8)} ${row.scenario.padEnd(10)} ${cells.join(' | ')} | sdk/ioredis ${ratio(sdk, row.clients.ioredis)} | sdk/node-redis ${ratio(sdk, row.clients['node-redis'])}`);
}

/** What the server says it is, for the results file. */
async function describeServer(target: Target, port: number): Promise<string> {
  const client = createClient({ port });
  const info = String(await client.call('INFO', 'server'));
  await client.quit();
  const field = (name: string) => new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1].trim() ?? '?';
  return target === 'redis' ? `redis-server ${field('redis_version')}` : `ballast-server ${field('ballast_version')} ${BALLAST_ARGS.join(' ')}`;
}

async function main(): Promise<void> {
  console.log(`rounds ${ROUNDS} (+1 warm-up), sequential ${SEQUENTIAL_OPERATIONS} ops, burst 2 x ${BURST_OPERATIONS} ops, median per line${QUICK ? ' (quick)' : ''}`);
  const rows: ResultRow[] = [];
  const servers: Partial<Record<Target, string>> = {};
  for (const target of SERVERS) {
    const server = await startServer(target, target === 'ballast' ? BALLAST_ARGS : []);
    try {
      servers[target] = await describeServer(target, server.port);
      for (const scenario of ['sequential', 'burst'] as const) {
        const row: ResultRow = { server: target, scenario, clients: await measure(server.port, scenario) };
        report(row);
        rows.push(row);
      }
    } finally {
      await server.stop();
    }
  }
  const results: ResultsFile = {
    quick: QUICK, rounds: ROUNDS, sequentialOperations: SEQUENTIAL_OPERATIONS, burstOperations: BURST_OPERATIONS,
    valueBytes: VALUE.length, deadlineSeconds: DEADLINE_MS / 1000, node: process.version, cores: os.cpus().length, servers, rows,
  };
  const directory = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
  mkdirSync(directory, { recursive: true });
  const file = path.join(directory, `${new Date().toISOString().slice(0, 10)}${QUICK ? '-quick' : ''}.json`);
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  console.log(`written to ${file}`);
}

await main();
