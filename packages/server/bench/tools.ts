/**
 * Small helpers shared by the benchmarks: run a command, read an INFO field, median, and start
 * both servers with the same durability setting.
 */
import { execFile } from 'node:child_process';
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
