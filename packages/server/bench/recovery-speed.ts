/**
 * Recovery speed: load the same writes into both servers (appendfsync everysec), stop them
 * cleanly, restart each on its files and time start → ready, minus the time to start on an
 * empty directory. Reports MB/s of log replayed (AOF bytes on disk / load time) for both.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BALLAST_BINARY, freePort } from '../test/support/ballast-server.js';
import { REDIS_SERVER } from '../test/support/redis-server.js';
import { run } from './tools.js';

export interface RecoveryResult {
  readonly bytes: number;
  readonly seconds: number;
  readonly megabytesPerSecond: number;
}

function directoryBytes(directory: string): number {
  let total = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const full = path.join(directory, entry.name);
    total += entry.isDirectory() ? directoryBytes(full) : statSync(full).size;
  }
  return total;
}

/** Loads data with redis-benchmark (strings, lists, hashes, sets, sorted sets). */
export async function loadData(port: number, requests: number): Promise<void> {
  await run('redis-benchmark', ['-p', String(port), '-t', 'set,lpush,hset,sadd,zadd', '-n', String(requests), '-r', String(requests), '-P', '16', '-q']);
}

/** Resolves once `child` logs that it accepts connections. */
export function waitReady(child: ChildProcess): Promise<void> {
  let output = '';
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not become ready:\n${output}`)), 600_000);
    const onData = (chunk: Buffer) => {
      output += chunk;
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
  });
}

/** Starts `command` and resolves with the seconds until it logs that it is ready. */
export async function timeToReady(command: string, args: string[]): Promise<number> {
  const started = process.hrtime.bigint();
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  await waitReady(child);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  return seconds;
}

function serverCommand(kind: 'ballast' | 'redis', directory: string, port: number, shards: number): [string, string[]] {
  return kind === 'ballast'
    ? [BALLAST_BINARY, ['--port', String(port), '--dir', directory, '--shards', String(shards), '--appendfsync', 'everysec']]
    : [REDIS_SERVER, ['--port', String(port), '--dir', directory, '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '']];
}

/**
 * Loads `requests` writes into a fresh server of `kind`, shuts it down cleanly, and times a
 * restart on those files against a restart on an empty directory (the difference is the load).
 */
export async function measureRecovery(kind: 'ballast' | 'redis', shards: number, requests: number): Promise<RecoveryResult> {
  const port = await freePort();
  const empty = mkdtempSync(path.join(os.tmpdir(), `recovery-empty-${kind}-`));
  const full = mkdtempSync(path.join(os.tmpdir(), `recovery-${kind}-`));
  try {
    const baseline = await timeToReady(...serverCommand(kind, empty, port, shards));
    const [command, args] = serverCommand(kind, full, port, shards);
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    await waitReady(child);
    await loadData(port, requests);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await run('redis-cli', ['-p', String(port), 'SHUTDOWN']).catch(() => undefined);
    await exited;
    const bytes = directoryBytes(path.join(full, 'appendonlydir'));
    const seconds = Math.max(1e-3, (await timeToReady(command, args)) - baseline);
    return { bytes, seconds, megabytesPerSecond: bytes / 1e6 / seconds };
  } finally {
    rmSync(empty, { recursive: true, force: true });
    rmSync(full, { recursive: true, force: true });
  }
}
