/**
 * npm run bench -w @ballast/sdk: @ballast/sdk, ioredis and node-redis against the same server in
 * the same run, as operations per second and as the SDK's ratio to each.
 *
 * - sequential: SET then GET, each awaited before the next is sent (round-trip bound).
 * - burst: 100k SETs issued at once, awaited together, then 100k GETs (auto-pipelining).
 *
 * Each line is the median of the measured rounds, after one warm-up round; the clients take
 * turns inside each round so that drift of the machine hits all of them alike. Servers:
 * redis-server (the fastest server, so the client is what is measured) and ballast-server with
 * no log, each started fresh on a free port.
 *
 *   npm run bench -w @ballast/sdk                          # both servers, 3 rounds
 *   npm run bench -w @ballast/sdk -- --servers redis --rounds 5 --sequential 20000 --burst 100000
 */
import { performance } from 'node:perf_hooks';
import { startServer, type Target } from '../test/support/servers.js';
import { CLIENT_NAMES, openClient, type ClientName } from './clients.js';

const argv = process.argv.slice(2);
const flag = (name: string, fallback: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : fallback);
const ROUNDS = Number(flag('--rounds', '3'));
const SEQUENTIAL_OPERATIONS = Number(flag('--sequential', '20000'));
const BURST_OPERATIONS = Number(flag('--burst', '100000'));
const SERVERS = flag('--servers', 'redis,ballast').split(',') as Target[];
const VALUE = 'v'.repeat(32);

type Scenario = 'sequential' | 'burst';

async function sequential(name: ClientName, port: number): Promise<number> {
  const client = await openClient(name, port, false);
  const started = performance.now();
  for (let i = 0; i < SEQUENTIAL_OPERATIONS / 2; i++) {
    await client.set(`seq:${i}`, VALUE);
    await client.get(`seq:${i}`);
  }
  const elapsedMs = performance.now() - started;
  await client.close();
  return SEQUENTIAL_OPERATIONS / (elapsedMs / 1000);
}

async function burst(name: ClientName, port: number): Promise<number> {
  const client = await openClient(name, port, true);
  const started = performance.now();
  const sets: Promise<unknown>[] = [];
  for (let i = 0; i < BURST_OPERATIONS; i++) sets.push(client.set(`burst:${i}`, VALUE));
  await Promise.all(sets);
  const gets: Promise<unknown>[] = [];
  for (let i = 0; i < BURST_OPERATIONS; i++) gets.push(client.get(`burst:${i}`));
  await Promise.all(gets);
  const elapsedMs = performance.now() - started;
  await client.close();
  return (2 * BURST_OPERATIONS) / (elapsedMs / 1000);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
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
  const cells = CLIENT_NAMES.map((name) => `${name} ${Math.round(results.get(name)!).toLocaleString('en-US')} ops/s`);
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
