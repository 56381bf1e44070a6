/**
 * Small helpers shared by the benchmarks: run a command, read an INFO field, median, and start
 * both servers with the same durability setting.
 */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { startBallast, type RunningBallast } from '../test/support/ballast-server.js';
import { startRedis, type RunningRedis } from '../test/support/redis-server.js';

export const run = promisify(execFile);

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export async function infoField(port: number, section: string, field: string): Promise<number> {
  const { stdout } = await run('redis-cli', ['-p', String(port), 'INFO', section]);
  const match = new RegExp(`^${field}:([\\d.]+)`, 'm').exec(stdout);
  if (!match) throw new Error(`INFO ${section} has no ${field}`);
  return Number(match[1]);
}

/**
 * The bytes the server's allocator holds: redis-server's used_memory (jemalloc's count), and
 * ballast-server's allocator_allocated (V8's heap, collected first when the server runs with
 * --expose-gc). Ballast's used_memory is its memory model, what maxmemory bounds, not a reading.
 */
export async function allocatedBytes(port: number): Promise<number> {
  const { stdout } = await run('redis-cli', ['-p', String(port), 'INFO']);
  const field = /^ballast_version:/m.test(stdout) ? 'allocator_allocated' : 'used_memory';
  const match = new RegExp(`^${field}:(\\d+)`, 'm').exec(stdout);
  if (!match) throw new Error(`INFO has no ${field}`);
  return Number(match[1]);
}

/** 'memory' compares both without a log; otherwise both log with that appendfsync. */
export type Durability = 'memory' | 'always' | 'everysec' | 'no';

export function ballastArgs(durability: Durability): string[] {
  return durability === 'memory' ? ['--appendonly', 'no'] : ['--appendonly', 'yes', '--appendfsync', durability];
}

export function redisArgs(durability: Durability): string[] {
  return durability === 'memory' ? ['--appendonly', 'no'] : ['--appendonly', 'yes', '--appendfsync', durability];
}

export async function startPair(durability: Durability, shards: number): Promise<{ ballast: RunningBallast; redis: RunningRedis }> {
  const redis = await startRedis(redisArgs(durability));
  const ballast = await startBallast({ shards, args: ballastArgs(durability), env: { NODE_OPTIONS: '--expose-gc' } });
  return { ballast, redis };
}

/**
 * Requests per second of one custom command (redis-benchmark -c 50 … command args), from its
 * CSV; `__rand_int__` in the command is drawn from 0..randomKeys-1 when randomKeys is given
 * (redis-benchmark's -r, which must come before the command).
 */
export async function commandRate(port: number, pipeline: number, requests: number, command: readonly string[], randomKeys?: number): Promise<number> {
  const random = randomKeys === undefined ? [] : ['-r', String(randomKeys)];
  const { stdout } = await run('redis-benchmark', ['-p', String(port), '-c', '50', '-n', String(requests), '-P', String(pipeline), '--csv', ...random, ...command],
    { maxBuffer: 1 << 24 });
  const line = stdout.split('\n').slice(1).find((row) => row.trim() !== '');
  return Number(line?.split(',')[1]?.replace(/"/g, '') ?? 0);
}

function resp(args: readonly string[]): string {
  return `*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`;
}

/** Sends `count` commands made by `command(i)` through redis-cli --pipe. */
export async function pipeCommands(port: number, count: number, command: (index: number) => string[]): Promise<void> {
  const child = spawn('redis-cli', ['-p', String(port), '--pipe'], { stdio: ['pipe', 'ignore', 'inherit'] });
  let batch = '';
  for (let i = 0; i < count; i++) {
    batch += resp(command(i));
    if (batch.length > 1 << 20) {
      if (!child.stdin.write(batch)) await new Promise((resolve) => child.stdin.once('drain', resolve));
      batch = '';
    }
  }
  child.stdin.end(batch);
  await new Promise((resolve) => child.once('exit', resolve));
}

/** One custom command's rates on both servers at one pipeline depth, as a ratio. */
export interface CommandRow {
  readonly pipeline: number;
  readonly test: string;
  readonly ballast: number;
  readonly redis: number;
  readonly ratio: number;
}

/**
 * Rates of each of `tests` on both servers, `rounds` times per pipeline depth in alternating
 * order, each round on data `prepare` sets up afresh; medians as ratios.
 */
export async function compareCommands(options: {
  ports: { ballast: number; redis: number }; pipelines: number[]; rounds: number; requests: number;
  tests: Readonly<Record<string, readonly string[]>>; prepare: (port: number) => Promise<void>; randomKeys?: number;
}): Promise<CommandRow[]> {
  const rows: CommandRow[] = [];
  for (const pipeline of options.pipelines) {
    const samples: Record<'ballast' | 'redis', Map<string, number[]>> = { ballast: new Map(), redis: new Map() };
    for (let round = 0; round < options.rounds; round++) {
      const order: Array<'ballast' | 'redis'> = round % 2 === 0 ? ['ballast', 'redis'] : ['redis', 'ballast'];
      for (const name of order) {
        await options.prepare(options.ports[name]);
        for (const [test, command] of Object.entries(options.tests)) {
          const value = await commandRate(options.ports[name], pipeline, options.requests, command, options.randomKeys);
          samples[name].set(test, [...(samples[name].get(test) ?? []), value]);
        }
      }
    }
    for (const test of Object.keys(options.tests)) {
      const ballast = median(samples.ballast.get(test) ?? [0]);
      const redis = median(samples.redis.get(test) ?? [0]);
      rows.push({ pipeline, test, ballast, redis, ratio: ballast / redis });
    }
  }
  return rows;
}
