/**
 * The analytics and location types (issue 13): PFADD, PFCOUNT, SETBIT, GEOADD and GEOSEARCH
 * with redis-benchmark's custom commands against both servers, as ratios; and memory per
 * HyperLogLog (used_memory after creating N HLLs, per HLL) for a sparse one (100 elements) and
 * a dense one (5,000 elements, past hll-sparse-max-bytes).
 */
import { allocatedBytes, compareCommands, pipeCommands as pipe, run, type CommandRow } from './tools.js';

export const DATA_TYPE_TESTS = {
  pfadd: ['PFADD', 'bench:hll:__rand_int__', 'element:__rand_int__'],
  pfcount: ['PFCOUNT', 'bench:hll:dense'],
  setbit: ['SETBIT', 'bench:bits:__rand_int__', '1000', '1'],
  geoadd: ['GEOADD', 'bench:geo', '13.361389', '38.115556', 'member:__rand_int__'],
  geosearch: ['GEOSEARCH', 'bench:places', 'FROMLONLAT', '15', '37', 'BYRADIUS', '5', 'km', 'ASC', 'COUNT', '10'],
} as const;

export interface HllMemory {
  readonly sparseBytes: number;
  readonly denseBytes: number;
}

/** A dense HLL to count and 10,000 places around Sicily to search, the same on both servers. */
async function prepare(port: number): Promise<void> {
  await run('redis-cli', ['-p', String(port), 'FLUSHALL']);
  await pipe(port, 50, (i) => ['PFADD', 'bench:hll:dense', ...Array.from({ length: 1000 }, (_, j) => `e${i * 1000 + j}`)]);
  await pipe(port, 10_000, (i) => ['GEOADD', 'bench:places', String(12 + (i % 100) * 0.04), String(36.7 + Math.floor(i / 100) * 0.02), `place:${i}`]);
}

export function compareDataTypes(options: { ports: { ballast: number; redis: number }; pipelines: number[]; rounds: number; requests: number }): Promise<CommandRow[]> {
  return compareCommands({ ...options, tests: DATA_TYPE_TESTS, prepare, randomKeys: 100_000 });
}

/** used_memory per HLL after creating `count` HLLs of `elements` elements each. */
async function memoryPerHll(port: number, count: number, elements: number): Promise<number> {
  await run('redis-cli', ['-p', String(port), 'FLUSHALL']);
  const before = await allocatedBytes(port);
  await pipe(port, count, (i) => ['PFADD', `hll:${i}`, ...Array.from({ length: elements }, (_, j) => `element:${j}`)]);
  return ((await allocatedBytes(port)) - before) / count;
}

export async function hllMemory(port: number, count: number): Promise<HllMemory> {
  return { sparseBytes: await memoryPerHll(port, count, 100), denseBytes: await memoryPerHll(port, Math.ceil(count / 10), 5000) };
}

export function printDataTypes(rows: readonly CommandRow[], memory: { count: number; ballast: HllMemory; redis: HllMemory }): void {
  console.log('\nanalytics and geo: redis-benchmark -c 50 custom commands, no log, target 0.7x');
  console.log('test        pipeline  ballast req/s   redis req/s   ratio');
  for (const row of rows) {
    console.log(`${row.test.padEnd(11)} -P ${String(row.pipeline).padEnd(6)} ${row.ballast.toFixed(0).padStart(13)} ${row.redis.toFixed(0).padStart(13)}   ${row.ratio.toFixed(2)}x${row.ratio >= 0.7 ? '' : ' BELOW'}`);
  }
  const { ballast, redis } = memory;
  console.log(`memory per HLL (${memory.count} sparse of 100 elements; ${Math.ceil(memory.count / 10)} dense of 5000), used_memory bytes:`);
  console.log(`  sparse: ballast ${ballast.sparseBytes.toFixed(0)}, redis ${redis.sparseBytes.toFixed(0)} (${(ballast.sparseBytes / redis.sparseBytes).toFixed(2)}x)`);
  console.log(`  dense:  ballast ${ballast.denseBytes.toFixed(0)}, redis ${redis.denseBytes.toFixed(0)} (${(ballast.denseBytes / redis.denseBytes).toFixed(2)}x)`);
}
