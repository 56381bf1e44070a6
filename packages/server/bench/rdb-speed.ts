/**
 * RDB save and load speed (issue 15): the same 1M-key dataset (70% strings of 16–100 bytes, the
 * rest hashes, lists, sets and sorted sets of 10 elements) is piped into each server with
 * appendonly no; SAVE is timed (median of three) and the dump's size gives MB/s; then each
 * server restarts on its own dump and the time to ready, minus a start on an empty directory,
 * gives load MB/s. Peak memory during a BGSAVE under a concurrent SET load: Ballast's RSS peak
 * over its RSS before (copy-on-write of the snapshot happens inside the process), Redis's
 * rdb_last_cow_size (its forked child's copy-on-write). Targets: load ≥ 1.0×, save ≥ 0.7×.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BALLAST_BINARY, freePort } from '../test/support/ballast-server.js';
import { REDIS_SERVER } from '../test/support/redis-server.js';
import { timeToReady, waitReady } from './recovery-speed.js';
import { infoField, median, run } from './tools.js';

export interface RdbSpeedRow {
  readonly keys: number;
  readonly dumpBytes: number;
  readonly saveSeconds: number;
  readonly saveMegabytesPerSecond: number;
  readonly loadSeconds: number;
  readonly loadMegabytesPerSecond: number;
  readonly rssBeforeBytes: number;
  /** Ballast: RSS peak during BGSAVE minus RSS before; Redis: the child's copy-on-write (rdb_last_cow_size). */
  readonly bgsaveExtraBytes: number;
}

function bulk(text: string): string {
  return `$${Buffer.byteLength(text)}\r\n${text}\r\n`;
}

function command(args: readonly string[]): string {
  return `*${args.length}\r\n${args.map(bulk).join('')}`;
}

/** The dataset as RESP commands for redis-cli --pipe, the same bytes for both servers. */
export function datasetCommands(keys: number): Buffer {
  const parts: string[] = [];
  let state = 12345;
  const next = (): number => (state = (Math.imul(state, 1103515245) + 12345) >>> 0);
  for (let i = 0; i < keys; i++) {
    const kind = i % 20;
    const items = Array.from({ length: 10 }, (_, item) => `item-${item}-${next() % 1000}`);
    if (kind < 14) parts.push(command(['SET', `key:${i}`, 'v'.repeat(16 + (next() % 85))]));
    else if (kind < 16) parts.push(command(['HSET', `hash:${i}`, ...items.flatMap((item, index) => [`field${index}`, item])]));
    else if (kind < 18) parts.push(command(['RPUSH', `list:${i}`, ...items]));
    else if (kind < 19) parts.push(command(['SADD', `set:${i}`, ...items.map((item, index) => `${item}-${index}`)]));
    else parts.push(command(['ZADD', `zset:${i}`, ...items.flatMap((item, index) => [String(next() % 10_000), `${item}-${index}`])]));
  }
  return Buffer.from(parts.join(''));
}

function serverCommand(kind: 'ballast' | 'redis', directory: string, port: number, shards: number): [string, string[]] {
  const common = ['--port', String(port), '--dir', directory, '--appendonly', 'no', '--save', ''];
  return kind === 'ballast' ? [BALLAST_BINARY, [...common, '--shards', String(shards)]] : [REDIS_SERVER, common];
}

async function pipe(port: number, data: Buffer): Promise<void> {
  const child = spawn('redis-cli', ['-p', String(port), '--pipe'], { stdio: ['pipe', 'ignore', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.stdin.end(data);
  await exited;
}

/** Seconds of one `redis-cli SAVE`. */
async function timedSave(port: number): Promise<number> {
  const started = process.hrtime.bigint();
  await run('redis-cli', ['-p', String(port), 'SAVE']);
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** BGSAVE under a SET load; Ballast's RSS peak over the RSS before, or Redis's child copy-on-write. */
async function bgsaveExtraBytes(kind: 'ballast' | 'redis', port: number, keys: number, rssBefore: number): Promise<number> {
  const load = run('redis-benchmark', ['-p', String(port), '-t', 'set', '-n', '200000', '-r', String(keys), '-P', '16', '-q']);
  await run('redis-cli', ['-p', String(port), 'BGSAVE']);
  let peak = rssBefore;
  while ((await infoField(port, 'persistence', 'rdb_bgsave_in_progress')) === 1) {
    peak = Math.max(peak, await infoField(port, 'memory', 'used_memory_rss'));
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await load;
  return kind === 'ballast' ? peak - rssBefore : infoField(port, 'persistence', 'rdb_last_cow_size');
}

export async function measureRdbSpeed(kind: 'ballast' | 'redis', shards: number, keys: number, data: Buffer): Promise<RdbSpeedRow> {
  const port = await freePort();
  const empty = mkdtempSync(path.join(os.tmpdir(), `rdb-empty-${kind}-`));
  const full = mkdtempSync(path.join(os.tmpdir(), `rdb-${kind}-`));
  try {
    const baseline = await timeToReady(...serverCommand(kind, empty, port, shards));
    const [binary, args] = serverCommand(kind, full, port, shards);
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    await waitReady(child);
    await pipe(port, data);
    const saves = [await timedSave(port), await timedSave(port), await timedSave(port)];
    const dumpBytes = statSync(path.join(full, 'dump.rdb')).size;
    const rssBeforeBytes = await infoField(port, 'memory', 'used_memory_rss');
    const extra = await bgsaveExtraBytes(kind, port, keys, rssBeforeBytes);
    await run('redis-cli', ['-p', String(port), 'SAVE']);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await run('redis-cli', ['-p', String(port), 'SHUTDOWN', 'NOSAVE']).catch(() => undefined);
    await exited;
    const loadSeconds = Math.max(1e-3, (await timeToReady(binary, args)) - baseline);
    const saveSeconds = median(saves);
    return {
      keys, dumpBytes, saveSeconds, saveMegabytesPerSecond: dumpBytes / 1e6 / saveSeconds,
      loadSeconds, loadMegabytesPerSecond: dumpBytes / 1e6 / loadSeconds, rssBeforeBytes, bgsaveExtraBytes: extra,
    };
  } finally {
    rmSync(empty, { recursive: true, force: true });
    rmSync(full, { recursive: true, force: true });
  }
}

export function printRdbSpeed(rows: { ballast: RdbSpeedRow; redis: RdbSpeedRow }): void {
  const { ballast, redis } = rows;
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
  console.log(`\nRDB: ${ballast.keys} keys (70% strings, 30% 10-element hashes/lists/sets/zsets), appendonly no`);
  for (const [name, row] of Object.entries(rows)) {
    console.log(`  ${name.padEnd(7)} dump ${mb(row.dumpBytes)}; SAVE ${row.saveSeconds.toFixed(2)} s = ${row.saveMegabytesPerSecond.toFixed(1)} MB/s; `
      + `load ${row.loadSeconds.toFixed(2)} s = ${row.loadMegabytesPerSecond.toFixed(1)} MB/s; RSS ${mb(row.rssBeforeBytes)}, BGSAVE extra ${mb(row.bgsaveExtraBytes)}`);
  }
  const save = ballast.saveMegabytesPerSecond / redis.saveMegabytesPerSecond;
  const load = ballast.loadMegabytesPerSecond / redis.loadMegabytesPerSecond;
  console.log(`  ratio ballast/redis: save ${save.toFixed(2)}x (target 0.7x)${save >= 0.7 ? '' : ' BELOW'}, load ${load.toFixed(2)}x (target 1.0x)${load >= 1 ? '' : ' BELOW'}`);
}
