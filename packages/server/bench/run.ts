/**
 * npm run bench: redis-benchmark against ballast-server and redis-server in the same run,
 * alternating which goes first, reporting requests/s for both and the ratio (median of rounds),
 * then memory per key after loading 1M small keys into each. Results are printed as a table
 * and written to bench/results/<date>.json.
 *
 *   npm run bench                 # full run
 *   npm run bench -- --quick      # a short run to see that it works
 *   npm run bench -- --shards 4   # ballast with 4 shards
 */
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startBallast } from '../test/support/ballast-server.js';
import { startRedis } from '../test/support/redis-server.js';

const run = promisify(execFile);
const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const shards = Number(argv[argv.indexOf('--shards') + 1] ?? 1) || 1;
const TESTS = ['set', 'get', 'incr', 'lpush', 'rpop', 'sadd', 'hset', 'zadd', 'mset'];
const CLIENTS = 50;
const REQUESTS = quick ? 20_000 : 200_000;
const ROUNDS = quick ? 1 : 3;
const MEMORY_KEYS = quick ? 100_000 : 1_000_000;
const TARGET_RATIO: Record<number, number> = { 1: 0.8, 16: 0.6 };

interface Target {
  readonly name: 'ballast' | 'redis';
  readonly port: number;
}

async function benchmark(port: number, pipeline: number): Promise<Map<string, number>> {
  const { stdout } = await run('redis-benchmark', ['-p', String(port), '-c', String(CLIENTS), '-n', String(REQUESTS),
    '-P', String(pipeline), '-t', TESTS.join(','), '-r', '100000', '--csv'], { maxBuffer: 1 << 24 });
  const rates = new Map<string, number>();
  for (const line of stdout.split('\n').slice(1)) {
    const cells = line.split(',').map((cell) => cell.replace(/"/g, ''));
    if (cells.length < 2 || !cells[1]) continue;
    const name = cells[0].toLowerCase().split(' ')[0];
    rates.set(name === 'mset' ? 'mset' : name, Number(cells[1]));
  }
  return rates;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function infoField(port: number, section: string, field: string): Promise<number> {
  const { stdout } = await run('redis-cli', ['-p', String(port), 'INFO', section]);
  const match = new RegExp(`^${field}:(\\d+)`, 'm').exec(stdout);
  if (!match) throw new Error(`INFO ${section} has no ${field}`);
  return Number(match[1]);
}

async function loadKeys(port: number, count: number): Promise<void> {
  const child = spawn('redis-cli', ['-p', String(port), '--pipe'], { stdio: ['pipe', 'ignore', 'inherit'] });
  const batch: string[] = [];
  for (let i = 0; i < count; i++) {
    const key = `memory:${i}`;
    const value = `v${i % 1000}`;
    batch.push(`*3\r\n$3\r\nSET\r\n$${key.length}\r\n${key}\r\n$${value.length}\r\n${value}\r\n`);
    if (batch.length === 10_000) {
      if (!child.stdin.write(batch.join(''))) await new Promise((resolve) => child.stdin.once('drain', resolve));
      batch.length = 0;
    }
  }
  child.stdin.end(batch.join(''));
  await new Promise((resolve) => child.once('exit', resolve));
}

async function memoryPerKey(target: Target): Promise<{ usedBytesPerKey: number; rssBytesPerKey: number }> {
  await run('redis-cli', ['-p', String(target.port), 'FLUSHALL']);
  const usedBefore = await infoField(target.port, 'memory', 'used_memory');
  const rssBefore = await infoField(target.port, 'memory', 'used_memory_rss');
  await loadKeys(target.port, MEMORY_KEYS);
  const keys = Number((await run('redis-cli', ['-p', String(target.port), 'DBSIZE'])).stdout.trim());
  if (keys !== MEMORY_KEYS) throw new Error(`${target.name} holds ${keys} keys, expected ${MEMORY_KEYS}`);
  const usedAfter = await infoField(target.port, 'memory', 'used_memory');
  const rssAfter = await infoField(target.port, 'memory', 'used_memory_rss');
  return { usedBytesPerKey: (usedAfter - usedBefore) / keys, rssBytesPerKey: (rssAfter - rssBefore) / keys };
}

async function main(): Promise<void> {
  const redis = await startRedis();
  const ballast = await startBallast({ shards, env: { NODE_OPTIONS: '--expose-gc' } });
  const targets: Target[] = [{ name: 'ballast', port: ballast.port }, { name: 'redis', port: redis.port }];
  const results: Array<{ pipeline: number; test: string; ballast: number; redis: number; ratio: number; target: number }> = [];
  try {
    for (const pipeline of [1, 16]) {
      const samples = { ballast: new Map<string, number[]>(), redis: new Map<string, number[]>() };
      for (let round = 0; round < ROUNDS; round++) {
        const order = round % 2 === 0 ? targets : [...targets].reverse();
        for (const target of order) {
          for (const [test, rate] of await benchmark(target.port, pipeline)) {
            samples[target.name].set(test, [...(samples[target.name].get(test) ?? []), rate]);
          }
        }
      }
      for (const test of TESTS) {
        const ballastRate = median(samples.ballast.get(test) ?? [0]);
        const redisRate = median(samples.redis.get(test) ?? [0]);
        results.push({ pipeline, test, ballast: ballastRate, redis: redisRate, ratio: ballastRate / redisRate, target: TARGET_RATIO[pipeline] });
      }
    }
    console.log(`\nredis-benchmark -c ${CLIENTS} -n ${REQUESTS}, median of ${ROUNDS} round(s), ballast --shards ${shards}\n`);
    console.log('pipeline  test     ballast req/s   redis req/s   ratio   target');
    for (const row of results) {
      const verdict = row.ratio >= row.target ? 'PASS' : 'BELOW';
      console.log(`-P ${String(row.pipeline).padEnd(6)} ${row.test.padEnd(8)} ${row.ballast.toFixed(0).padStart(13)} ${row.redis.toFixed(0).padStart(13)}   ${row.ratio.toFixed(2)}x   ${row.target}x ${verdict}`);
    }
    const memory = { ballast: await memoryPerKey(targets[0]), redis: await memoryPerKey(targets[1]) };
    console.log(`\nmemory for ${MEMORY_KEYS} small keys (SET key:i v<n>), bytes per key:`);
    console.log(`  ballast used_memory ${memory.ballast.usedBytesPerKey.toFixed(1)}, rss ${memory.ballast.rssBytesPerKey.toFixed(1)}`);
    console.log(`  redis   used_memory ${memory.redis.usedBytesPerKey.toFixed(1)}, rss ${memory.redis.rssBytesPerKey.toFixed(1)}`);
    console.log(`  ratio (used_memory) ${(memory.ballast.usedBytesPerKey / memory.redis.usedBytesPerKey).toFixed(2)}x`);
    const directory = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
    mkdirSync(directory, { recursive: true });
    const file = path.join(directory, `${new Date().toISOString().slice(0, 10)}-shards${shards}${quick ? '-quick' : ''}.json`);
    writeFileSync(file, JSON.stringify({ shards, clients: CLIENTS, requests: REQUESTS, rounds: ROUNDS, results, memory, memoryKeys: MEMORY_KEYS }, null, 2) + '\n');
    console.log(`\nwritten to ${file}`);
  } finally {
    await ballast.stop();
    await redis.stop();
  }
}

await main();
