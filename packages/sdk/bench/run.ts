/**
 * npm run bench -w @ballast/sdk: @ballast/sdk, ioredis and node-redis against the same server in
 * the same run, as operations per second and as the SDK's ratio to each.
 *
 * - sequential: SET then GET, each awaited before the next is sent (round-trip bound).
 * - burst: 100k SETs issued at once, awaited together, then 100k GETs (auto-pipelining).
 *
 * Each line is the median of the measured rounds, after one warm-up round; the clients take
 * turns inside each round so that drift of the machine hits all of them alike. A run that does
 * not finish within --deadline-s (default 60 s) is dropped and reported as such: a hung client
 * (or server) must not hang the bench. Servers:
 * redis-server (the fastest server, so the client is what is measured) and ballast-server with
 * no log, each started fresh on a free port.
 *
 *   npm run bench -w @ballast/sdk                          # both servers, 3 rounds
 *   npm run bench -w @ballast/sdk -- --servers redis --rounds 5 --sequential 20000 --burst 100000
 */
import { performance } from 'node:perf_hooks';
import { startServer, type Target } from '../test/support/servers.js';
import { CLIENT_NAMES, openClient, type BenchClient, type ClientName } from './clients.js';

const argv = process.argv.slice(2);
const flag = (name: string, fallback: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
const ROUNDS = Number(flag('--rounds', '3'));
const SEQUENTIAL_OPERATIONS = Number(flag('--sequential', '20000'));
const BURST_OPERATIONS = Number(flag('--burst', '100000'));
const SERVERS = flag('--servers', 'redis,ballast').split(',') as Target[];
const DEADLINE_MS = Number(flag('--deadline-s', '60')) * 1000;
const VALUE = 'v'.repeat(32);

type Scenario = 'sequential' | 'burst';

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

/** The median of the finished runs; NaN when none finished. */
function median(values: readonly number[]): number {
  const sorted = values.filter((value) => !Number.isNaN(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function measure(port: number, scenario: Scenario): Promise<Map<ClientName, number>> {
  const run = scenario === 'sequential' ? sequential : burst;
  const samples = new Map<ClientName, number[]>(CLIENT_NAMES.map((name) => [name, []]));
  for (let round = 0; round <= ROUNDS; round++) {
    for (const name of CLIENT_NAMES) {
      const opsPerSecond = await run(name, port);
      if (round > 0) samples.get(name)!.push(opsPerSecond);
    }
  }
  return new Map(CLIENT_NAMES.map((name) => [name, median(samples.get(name)!)]));
}

function report(server: Target, scenario: Scenario, results: Map<ClientName, number>): void {
  const sdk = results.get('@ballast/sdk')!;
  const cells = CLIENT_NAMES.map((name) => {
    const opsPerSecond = results.get(name)!;
    return Number.isNaN(opsPerSecond) ? `${name} did not finish within ${DEADLINE_MS / 1000} s` : `${name} ${Math.round(opsPerSecond).toLocaleString('en-US')} ops/s`;
  });
  const ioredis = (sdk / results.get('ioredis')!).toFixed(2);
  const nodeRedis = (sdk / results.get('node-redis')!).toFixed(2);
  console.log(`${server.padEnd(8)} ${scenario.padEnd(10)} ${cells.join(' | ')} | sdk/ioredis ${ioredis}x | sdk/node-redis ${nodeRedis}x`);
}

console.log(`rounds ${ROUNDS} (+1 warm-up), sequential ${SEQUENTIAL_OPERATIONS} ops, burst 2 x ${BURST_OPERATIONS} ops, median per line`);
for (const target of SERVERS) {
  const server = await startServer(target, target === 'ballast' ? ['--appendonly', 'no'] : []);
  try {
    for (const scenario of ['sequential', 'burst'] as const) report(target, scenario, await measure(server.port, scenario));
  } finally {
    await server.stop();
  }
}
