/**
 * Streams: XADD, XRANGE of 100 entries and XREADGROUP (COUNT 1 of new entries, each becoming
 * pending) with redis-benchmark's custom commands against both servers, as ratios; and memory
 * per stream entry (used_memory after adding N small entries to one stream, per entry).
 */
import { spawn } from 'node:child_process';
import { infoField, median, run } from './tools.js';

export const STREAM_TESTS = {
  xadd: ['XADD', 'bench:stream', 'MAXLEN', '~', '1000000', '*', 'field', 'value'],
  xrange100: ['XRANGE', 'bench:range', '-', '+', 'COUNT', '100'],
  xreadgroup: ['XREADGROUP', 'GROUP', 'g', 'c', 'COUNT', '1', 'STREAMS', 'bench:group', '>'],
} as const;

export interface StreamRow {
  readonly pipeline: number;
  readonly test: string;
  readonly ballast: number;
  readonly redis: number;
  readonly ratio: number;
}

function resp(args: readonly string[]): string {
  return `*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`;
}

/** Sends `count` commands made by `command(i)` through redis-cli --pipe. */
async function pipe(port: number, count: number, command: (index: number) => string[]): Promise<void> {
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

/** Fresh keys for one round: 1000 entries to range over, and `requests` new entries for the group to read. */
async function prepare(port: number, requests: number): Promise<void> {
  await run('redis-cli', ['-p', String(port), 'FLUSHALL']);
  await pipe(port, 1000, (i) => ['XADD', 'bench:range', '*', 'field', `value${i}`]);
  await pipe(port, requests, (i) => ['XADD', 'bench:group', '*', 'field', `value${i}`]);
  await run('redis-cli', ['-p', String(port), 'XGROUP', 'CREATE', 'bench:group', 'g', '0']);
}

async function rate(port: number, pipeline: number, requests: number, command: readonly string[]): Promise<number> {
  const { stdout } = await run('redis-benchmark', ['-p', String(port), '-c', '50', '-n', String(requests), '-P', String(pipeline), '--csv', ...command],
    { maxBuffer: 1 << 24 });
  const line = stdout.split('\n').slice(1).find((row) => row.trim() !== '');
  return Number(line?.split(',')[1]?.replace(/"/g, '') ?? 0);
}

export async function compareStreams(options: { ports: { ballast: number; redis: number }; pipelines: number[]; rounds: number; requests: number }): Promise<StreamRow[]> {
  const rows: StreamRow[] = [];
  for (const pipeline of options.pipelines) {
    const samples: Record<'ballast' | 'redis', Map<string, number[]>> = { ballast: new Map(), redis: new Map() };
    for (let round = 0; round < options.rounds; round++) {
      const order: Array<'ballast' | 'redis'> = round % 2 === 0 ? ['ballast', 'redis'] : ['redis', 'ballast'];
      for (const name of order) {
        await prepare(options.ports[name], options.requests);
        for (const [test, command] of Object.entries(STREAM_TESTS)) {
          const value = await rate(options.ports[name], pipeline, options.requests, command);
          samples[name].set(test, [...(samples[name].get(test) ?? []), value]);
        }
      }
    }
    for (const test of Object.keys(STREAM_TESTS)) {
      const ballast = median(samples.ballast.get(test) ?? [0]);
      const redis = median(samples.redis.get(test) ?? [0]);
      rows.push({ pipeline, test, ballast, redis, ratio: ballast / redis });
    }
  }
  return rows;
}

/** used_memory per entry after adding `entries` entries (`field value<i % 1000>`) to one stream. */
export async function memoryPerStreamEntry(port: number, entries: number): Promise<number> {
  await run('redis-cli', ['-p', String(port), 'FLUSHALL']);
  const before = await infoField(port, 'memory', 'used_memory');
  await pipe(port, entries, (i) => ['XADD', 'memory:stream', '*', 'field', `value${i % 1000}`]);
  const length = Number((await run('redis-cli', ['-p', String(port), 'XLEN', 'memory:stream'])).stdout.trim());
  if (length !== entries) throw new Error(`the stream holds ${length} entries, expected ${entries}`);
  return ((await infoField(port, 'memory', 'used_memory')) - before) / entries;
}

export function printStreams(rows: readonly StreamRow[], memory: { ballast: number; redis: number; entries: number }): void {
  console.log('\nstreams, appendonly no (redis-benchmark -c 50, custom commands), target 0.7x');
  console.log('pipeline  test         ballast req/s   redis req/s   ratio');
  for (const row of rows) {
    console.log(`-P ${String(row.pipeline).padEnd(6)} ${row.test.padEnd(11)} ${row.ballast.toFixed(0).padStart(13)} ${row.redis.toFixed(0).padStart(13)}   ${row.ratio.toFixed(2)}x${row.ratio >= 0.7 ? '' : ' BELOW'}`);
  }
  console.log(`memory per stream entry (${memory.entries} entries): ballast ${memory.ballast.toFixed(1)} B, redis ${memory.redis.toFixed(1)} B, ratio ${(memory.ballast / memory.redis).toFixed(2)}x`);
}
