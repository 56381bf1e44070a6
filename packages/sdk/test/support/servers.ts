/**
 * The real servers the SDK suite runs against: the ballast-server binary (packages/server/bin)
 * and Debian's redis-server, each on a free port with a temporary directory. `restart()` brings
 * a killed server back on the same port (and, for Ballast, the same data directory).
 */
import { afterAll, beforeAll } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BALLAST_BINARY = fileURLToPath(new URL('../../../server/bin/ballast-server.mjs', import.meta.url));
export const REDIS_SERVER = '/usr/bin/redis-server';
const START_TIMEOUT_MS = 15_000;

export type Target = 'ballast' | 'redis';

export interface RunningServer {
  readonly target: Target;
  readonly port: number;
  /** SIGKILL: no shutdown, connections drop at once. */
  kill(): Promise<void>;
  /** Starts the server again on the same port and directory. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function launch(target: Target, port: number, directory: string, extraArgs: readonly string[]): ChildProcess {
  if (target === 'ballast') {
    return spawn(BALLAST_BINARY, ['--port', String(port), '--dir', directory, ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  }
  if (!existsSync(REDIS_SERVER)) throw new Error(`${REDIS_SERVER} is missing: install it with 'apt-get install redis-server' (npm test's pretest does)`);
  return spawn(REDIS_SERVER, ['--port', String(port), '--save', '', '--appendonly', 'no', '--dir', directory,
    '--bind', '127.0.0.1', ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
}

async function ready(child: ChildProcess, target: Target): Promise<void> {
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${target} did not start:\n${output}`)), START_TIMEOUT_MS);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${target} exited with ${code} before it was ready:\n${output}`));
    });
  });
}

async function ended(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => child.once('exit', () => resolve()));
}

/** Starts `target`; `extraArgs` are server flags (e.g. `--appendfsync always`). */
export async function startServer(target: Target, extraArgs: readonly string[] = []): Promise<RunningServer> {
  const port = await freePort();
  const directory = mkdtempSync(path.join(os.tmpdir(), `sdk-${target}-`));
  let child = launch(target, port, directory, extraArgs);
  let stopped = false;
  await ready(child, target);
  return {
    target,
    port,
    async kill() {
      child.kill('SIGKILL');
      await ended(child);
    },
    async restart() {
      // A test that timed out may still run on; it must not bring a stopped server back.
      if (stopped) throw new Error(`${target} on port ${port} was stopped`);
      child = launch(target, port, directory, extraArgs);
      await ready(child, target);
    },
    async stop() {
      stopped = true;
      child.kill('SIGTERM');
      await ended(child);
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** The targets every shared test runs against. */
export const TARGETS: readonly Target[] = ['ballast', 'redis'];

/**
 * A server of `target` for the enclosing describe block: started before its tests, stopped
 * after them. The handle forwards to the running server.
 */
export function serverFor(target: Target): RunningServer {
  let running: RunningServer | undefined;
  beforeAll(async () => {
    running = await startServer(target);
  });
  afterAll(async () => {
    await running?.stop();
  });
  const current = (): RunningServer => {
    if (running === undefined) throw new Error(`the ${target} server is not started yet`);
    return running;
  };
  return {
    target,
    get port() {
      return current().port;
    },
    kill: () => current().kill(),
    restart: () => current().restart(),
    stop: () => current().stop(),
  };
}
