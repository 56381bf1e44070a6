/**
 * Streams: XADD, XRANGE of 100 entries and XREADGROUP (COUNT 1 of new entries, each becoming
 * pending) with redis-benchmark's custom commands against both servers, as ratios; and memory
 * per stream entry (used_memory after adding N small entries to one stream, per entry).
 */
import { allocatedBytes, compareCommands, pipeCommands as pipe, run, type CommandRow } from './tools.js';

export const STREAM_TESTS = {
  xadd: ['XADD', 'bench:stream', 'MAXLEN', '~', '1000000', '*', 'field', 'value'],
  xrange100: ['XRANGE', 'bench:range', '-', '+', 'COUNT', '100'],
  xreadgroup: ['XREADGROUP', 'GROUP', 'g', 'c', 'COUNT', '1', 'STREAMS', 'bench:group', '>'],
} as const;

/** Fresh keys for one round: 1000 entries to range over, and `requests` new entries for the group to read. */
async function prepare(port: number, requests: number): Promise<void> {
  await run('redis-cli', ['-p', String(port), 'FLUSHALL']);
  await pipe(port, 1000, (i) => ['XADD', 'bench:range', '*', 'field', `value${i}`]);
  await pipe(port, requests, (i) => ['XADD', 'bench:group', '*', 'field', `value${i}`]);
  await run('redis-cli', ['-p', String(port), 'XGROUP', 'CREATE', 'bench:group', 'g', '0']);
}

export function compareStreams(options: { ports: { ballast: number; redis: number }; pipelines: number[]; rounds: number; requests: number }): Promise<CommandRow[]> {
  return compareCommands({ ...options, tests: STREAM_TESTS, prepare: (port) => prepare(port, options.requests) });
}

/** used_memory per entry after adding `entries` entries (`field value<i % 1000>`) to one stream. */
export async function memoryPerStreamEntry(port: number, entries: number): Promise<number> {
  await run('redis-cli', ['-p', String(port), 'FLUSHALL']);
  const before = await allocatedBytes(port);
  await pipe(port, entries, (i) => ['XADD', 'memory:stream', '*', 'field', `value${i % 1000}`]);
  const length = Number((await run('redis-cli', ['-p', String(port), 'XLEN', 'memory:stream'])).stdout.trim());
  if (length !== entries) throw new Error(`the stream holds ${length} entries, expected ${entries}`);
  return ((await allocatedBytes(port)) - before) / entries;
}

export function printStreams(rows: readonly CommandRow[], memory: { ballast: number; redis: number; entries: number }): void {
  console.log('\nstreams, appendonly no (redis-benchmark -c 50, custom commands), target 0.7x');
  console.log('pipeline  test         ballast req/s   redis req/s   ratio');
  for (const row of rows) {
    console.log(`-P ${String(row.pipeline).padEnd(6)} ${row.test.padEnd(11)} ${row.ballast.toFixed(0).padStart(13)} ${row.redis.toFixed(0).padStart(13)}   ${row.ratio.toFixed(2)}x${row.ratio >= 0.7 ? '' : ' BELOW'}`);
  }
  console.log(`memory per stream entry (${memory.entries} entries): ballast ${memory.ballast.toFixed(1)} B, redis ${memory.redis.toFixed(1)} B, ratio ${(memory.ballast / memory.redis).toFixed(2)}x`);
}
