/**
 * Starts a real redis-server (Debian's package) on a free port for differential tests and
 * benchmarks: no persistence, a temporary directory, stopped by the caller.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './ballast-server.js';

export const REDIS_SERVER = '/usr/bin/redis-server';

export interface RunningRedis {
  readonly port: number;
  /** The server's --dir (removed by stop). */
  readonly directory: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

export async function startRedis(extraArgs: string[] = []): Promise<RunningRedis> {
  if (!existsSync(REDIS_SERVER)) {
    throw new Error(`${REDIS_SERVER} is missing: install it with 'apt-get install redis-server' (npm test's pretest does)`);
  }
  const port = await freePort();
  const directory = mkdtempSync(path.join(os.tmpdir(), 'redis-test-'));
  const child = spawn(REDIS_SERVER, ['--port', String(port), '--save', '', '--appendonly', 'no', '--dir', directory,
    '--protected-mode', 'yes', '--bind', '127.0.0.1', ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${output}`)), 10_000);
    child.stdout!.on('data', () => {
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return {
    port,
    directory,
    process: child,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
