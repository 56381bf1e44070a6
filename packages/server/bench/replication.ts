/**
 * Replication (issue 16), both servers in the same run, appendfsync always on every node:
 *
 * - durable writes: CLIENTS clients each write in a loop for WRITE_MS. Ballast's primary runs with
 *   min-replicas-durable 1 and a Ballast replica, so a reply means the write is fsynced on the
 *   primary and on the replica; redis-server's clients send SET then WAIT 1 0 (the replica applied
 *   it; redis-server 7.0 has no way to wait for a replica's fsync). Writes per second, as a ratio.
 * - lag: a redis-benchmark SET load (-P 16) on the primary of a plain pair (no min-replicas), while
 *   a probe writes a marker every LAG_PROBE_MS and times how long until the replica serves it; the
 *   median and p99 of those delays.
 */
import { Redis } from 'ioredis';
import { startBallast, type RunningBallast } from '../test/support/ballast-server.js';
import { startRedis, type RunningRedis } from '../test/support/redis-server.js';
import { median, run } from './tools.js';

const CLIENTS = 16;
const WRITE_MS = 5000;
const LAG_PROBE_MS = 50;
const LAG_LOAD_REQUESTS = 300_000;

export interface ReplicationRow {
  readonly measure: string;
  readonly ballast: number;
  readonly redis: number;
  readonly unit: string;
}

interface Pair {
  readonly primary: number;
  readonly replica: number;
  stop(): Promise<void>;
}

async function until(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the replica');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function linked(replicaPort: number): Promise<void> {
  const replica = new Redis(replicaPort);
  try {
    await until(async () => /master_link_status:up/.test(await replica.info('replication')));
  } finally {
    replica.disconnect();
  }
}

async function ballastPair(durable: boolean): Promise<Pair> {
  const primary: RunningBallast = await startBallast({ args: ['--appendfsync', 'always', ...(durable ? ['--min-replicas-durable', '1'] : [])] });
  const replica: RunningBallast = await startBallast({ args: ['--appendfsync', 'always', '--replicaof', `127.0.0.1 ${primary.port}`] });
  await linked(replica.port);
  return { primary: primary.port, replica: replica.port, stop: async () => { await replica.stop(); await primary.stop(); } };
}

async function redisPair(): Promise<Pair> {
  const always = ['--appendonly', 'yes', '--appendfsync', 'always'];
  const primary: RunningRedis = await startRedis([...always, '--repl-diskless-sync-delay', '0']);
  const replica: RunningRedis = await startRedis([...always, '--replicaof', '127.0.0.1', String(primary.port)]);
  await linked(replica.port);
  return { primary: primary.port, replica: replica.port, stop: async () => { await replica.stop(); await primary.stop(); } };
}

/** Writes per second over WRITE_MS from CLIENTS clients, each waiting for its previous write. */
async function durableWrites(port: number, waitForReplica: boolean): Promise<number> {
  const clients = Array.from({ length: CLIENTS }, () => new Redis(port));
  let writes = 0;
  const endMs = Date.now() + WRITE_MS;
  await Promise.all(clients.map(async (client, index) => {
    for (let n = 0; Date.now() < endMs; n++) {
      if (waitForReplica) await client.pipeline().set(`d:${index}:${n % 1000}`, 'v').call('WAIT', '1', '0').exec();
      else await client.set(`d:${index}:${n % 1000}`, 'v');
      writes++;
    }
  }));
  for (const client of clients) client.disconnect();
  return writes / (WRITE_MS / 1000);
}

/** Delays (ms) from a marker write's reply on the primary until the replica serves it, under a SET load. */
async function lagUnderLoad(pair: Pair): Promise<number[]> {
  const primary = new Redis(pair.primary);
  const replica = new Redis(pair.replica);
  const delays: number[] = [];
  let loading = true;
  const load = run('redis-benchmark', ['-p', String(pair.primary), '-c', '50', '-P', '16', '-n', String(LAG_LOAD_REQUESTS), '-t', 'set', '-r', '100000', '-q'])
    .finally(() => (loading = false));
  for (let n = 0; loading; n++) {
    await primary.set('marker', String(n));
    const writtenMs = performance.now();
    await until(async () => (await replica.get('marker')) === String(n));
    delays.push(performance.now() - writtenMs);
    await new Promise((resolve) => setTimeout(resolve, LAG_PROBE_MS));
  }
  await load;
  primary.disconnect();
  replica.disconnect();
  return delays;
}

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))];
}

export async function compareReplication(): Promise<ReplicationRow[]> {
  const rows: ReplicationRow[] = [];
  const ballastDurable = await ballastPair(true);
  const ballastRate = await durableWrites(ballastDurable.primary, false).finally(() => ballastDurable.stop());
  const redisWaiting = await redisPair();
  const redisRate = await durableWrites(redisWaiting.primary, true).finally(() => redisWaiting.stop());
  rows.push({ measure: `writes/s, ${CLIENTS} clients (Ballast: min-replicas-durable 1; redis-server: SET + WAIT 1 0)`, ballast: ballastRate, redis: redisRate, unit: 'writes/s' });
  const ballastPlain = await ballastPair(false);
  const ballastLag = await lagUnderLoad(ballastPlain).finally(() => ballastPlain.stop());
  const redisPlain = await redisPair();
  const redisLag = await lagUnderLoad(redisPlain).finally(() => redisPlain.stop());
  rows.push({ measure: 'replica lag under a -P 16 SET load, median', ballast: median(ballastLag), redis: median(redisLag), unit: 'ms' });
  rows.push({ measure: 'replica lag under a -P 16 SET load, p99', ballast: percentile(ballastLag, 0.99), redis: percentile(redisLag, 0.99), unit: 'ms' });
  return rows;
}

export function printReplication(rows: readonly ReplicationRow[]): void {
  console.log('\nreplication, appendfsync always on every node\n');
  for (const row of rows) {
    console.log(`${row.measure.padEnd(92)} ballast ${row.ballast.toFixed(1).padStart(9)} ${row.unit}  redis ${row.redis.toFixed(1).padStart(9)} ${row.unit}  ratio ${(row.ballast / row.redis).toFixed(2)}`);
  }
}
