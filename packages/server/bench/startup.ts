/**
 * Start-up time: from spawning the process to the first PONG, on an empty data directory (AOF on,
 * so the manifest and the first files are created), for the compiled ballast-server, for the same
 * server run from its TypeScript sources through tsx (as the binary did before it was compiled),
 * and for redis-server. The median of several starts each.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BALLAST_BINARY, freePort } from '../test/support/ballast-server.js';
import { median } from './tools.js';

const PACKAGE_DIRECTORY = fileURLToPath(new URL('..', import.meta.url));

/** How each server is started: the command and its arguments before the port and directory. */
const STARTERS = {
  compiled: { command: BALLAST_BINARY, args: (port: number, dir: string) => ['--port', String(port), '--dir', dir] },
  'from sources (tsx)': {
    command: path.join(PACKAGE_DIRECTORY, '..', '..', 'node_modules', '.bin', 'tsx'),
    args: (port: number, dir: string) => ['--conditions=ballast-source', path.join(PACKAGE_DIRECTORY, 'scripts', 'run-from-source.ts'), '--port', String(port), '--dir', dir],
  },
  'redis-server': { command: 'redis-server', args: (port: number, dir: string) => ['--port', String(port), '--dir', dir, '--appendonly', 'yes', '--save', ''] },
} as const;

export type StartupRow = { server: keyof typeof STARTERS; medianMs: number; samplesMs: number[] };

/** Resolves once a PING on `port` is answered with PONG. */
async function waitForPong(port: number): Promise<void> {
  for (;;) {
    const answered = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('error', () => resolve(false));
      socket.once('connect', () => socket.write('PING\r\n'));
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString() === '+PONG\r\n');
      });
    });
    if (answered) return;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

async function startOnce(server: keyof typeof STARTERS): Promise<number> {
  const port = await freePort();
  const directory = mkdtempSync(path.join(os.tmpdir(), 'ballast-startup-'));
  const starter = STARTERS[server];
  const started = performance.now();
  const child = spawn(starter.command, starter.args(port, directory), { stdio: 'ignore' });
  try {
    await waitForPong(port);
    return performance.now() - started;
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    rmSync(directory, { recursive: true, force: true });
  }
}

export async function measureStartup(rounds: number): Promise<StartupRow[]> {
  const samples = new Map<keyof typeof STARTERS, number[]>(Object.keys(STARTERS).map((name) => [name as keyof typeof STARTERS, []]));
  for (let round = 0; round < rounds; round++) {
    for (const [server, list] of samples) list.push(await startOnce(server));
  }
  return [...samples].map(([server, samplesMs]) => ({ server, medianMs: median(samplesMs), samplesMs }));
}

export function printStartup(rows: StartupRow[]): void {
  console.log('\nstart-up, spawn to first PONG on an empty data directory (median ms):');
  for (const row of rows) console.log(`  ${row.server.padEnd(20)} ${row.medianMs.toFixed(0)} ms`);
}
