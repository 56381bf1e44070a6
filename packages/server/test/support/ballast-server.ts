/**
 * Starts the real ballast-server binary for a test: a free port, a temporary data directory,
 * and a promise that resolves once it logs that it accepts connections (on stdout, or in the
 * log file given as `logFile`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BALLAST_BINARY = fileURLToPath(new URL('../../bin/ballast-server.mjs', import.meta.url));

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

export interface RunningBallast {
  readonly port: number;
  readonly process: ChildProcess;
  readonly directory: string;
  /** Everything the server printed so far, then what its log file holds. */
  output(): string;
  /** Resolves with the exit code once the process ends. */
  readonly exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): void;
  stop(): Promise<void>;
}

export async function startBallast(options: { args?: string[]; shards?: number; env?: NodeJS.ProcessEnv; logFile?: string } = {}): Promise<RunningBallast> {
  const port = await freePort();
  const directory = mkdtempSync(path.join(os.tmpdir(), 'ballast-test-'));
  const logFile = options.logFile;
  const args = [
    '--port', String(port), '--dir', directory, '--shards', String(options.shards ?? 1),
    ...(logFile === undefined ? [] : ['--logfile', logFile]), ...(options.args ?? []),
  ];
  const child = spawn(BALLAST_BINARY, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
  let printed = '';
  child.stdout!.on('data', (chunk) => (printed += chunk));
  child.stderr!.on('data', (chunk) => (printed += chunk));
  const output = () => printed + (logFile !== undefined && existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`ballast-server did not start:\n${output()}`)), 15_000);
    // A log file is read until the line appears; stdout is checked as it arrives.
    const poll = logFile === undefined ? undefined : setInterval(() => check(), 25);
    const check = () => {
      if (output().includes('Ready to accept connections')) {
        clearTimeout(timer);
        clearInterval(poll);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      clearInterval(poll);
      reject(new Error(`ballast-server exited with ${code} before it was ready:\n${output()}`));
    });
  });
  return {
    port,
    process: child,
    directory,
    output,
    exited,
    kill: (signal = 'SIGKILL') => void child.kill(signal),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** Runs ballast-server to completion (for argument errors): exit code and output. */
export async function runBallast(args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(BALLAST_BINARY, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));
  return { code, output };
}
