/**
 * Read latency under write load: a background redis-benchmark SET load (50 clients) runs while
 * one client measures GET p50/p99 of keys written before the load started. Under appendfsync
 * always Ballast answers reads of committed keys without waiting for an fsync; redis-server's
 * single thread fsyncs before it serves the next read.
 */
import { spawn } from 'node:child_process';
import { run } from './tools.js';

export interface LatencyResult {
  readonly p50Ms: number;
  readonly p99Ms: number;
}

export async function readLatencyUnderWriteLoad(port: number, requests: number): Promise<LatencyResult> {
  await run('redis-benchmark', ['-p', String(port), '-t', 'set', '-n', '20000', '-r', '10000', '-c', '10', '-q']);
  const load = spawn('redis-benchmark', ['-p', String(port), '-t', 'set', '-n', '100000000', '-r', '1000000', '-c', '50', '-d', '64', '-q'],
    { stdio: 'ignore' });
  try {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const { stdout } = await run('redis-benchmark', ['-p', String(port), '-t', 'get', '-n', String(requests), '-r', '10000', '-c', '1', '--csv']);
    const cells = stdout.trim().split('\n')[1].split(',').map((cell) => Number(cell.replace(/"/g, '')));
    return { p50Ms: cells[4], p99Ms: cells[6] };
  } finally {
    load.kill('SIGKILL');
  }
}
