/**
 * A file cut off inside its last batch — the trace a crash leaves — at several points: inside
 * the last entry's header, inside its payload, inside the seal's padding, one byte short.
 * ballast-check-aof reports TORN TAIL (exit 1) without touching anything; --fix truncates it
 * with a sidecar and then reports OK; ballast-server truncates it by itself at start, logs it,
 * keeps the cut bytes in `<file>.torn-<offset>` and counts them in INFO persistence.
 */
import { readFileSync, statSync, truncateSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aofFiles, copyDirectory, firstIncrementalFile, infoField, makeDirectory, must, removeDirectory, runCheckAof, startServer } from './support.js';

/** The cases run side by side: each may wait for the others' processes on a small machine. */
const CONCURRENT_TEST_TIMEOUT_MS = 60_000;

const WRITES = 10;
const BLOCK_BYTES = 4096;
const directories: string[] = [];
let pristine: string;
let fileBytes: number;

beforeAll(async () => {
  pristine = makeDirectory();
  directories.push(pristine);
  const server = await startServer(pristine, ['--appendfsync', 'always']);
  const client = await server.connect();
  for (let index = 0; index < WRITES; index++) await must(client, 'SET', `key:${index}`, `value ${index}`);
  client.close();
  await server.kill();
  fileBytes = statSync(firstIncrementalFile(pristine)).size;
  expect(fileBytes % BLOCK_BYTES).toBe(0);
});

afterAll(() => {
  for (const directory of directories) removeDirectory(directory);
});

/** A copy of the data with its file cut `keepFromLastBlock` bytes into its last block. */
function tornCopy(keepFromLastBlock: number): { directory: string; file: string; tornAt: number } {
  const directory = copyDirectory(pristine);
  directories.push(directory);
  const file = firstIncrementalFile(directory);
  const tornAt = fileBytes - BLOCK_BYTES;
  truncateSync(file, tornAt + keepFromLastBlock);
  return { directory, file, tornAt };
}

describe.concurrent('a torn tail', () => {
  const points = [
    { where: 'inside the last entry header', keep: 10 },
    { where: 'inside the last entry payload', keep: 40 },
    { where: 'inside the seal padding', keep: BLOCK_BYTES - 100 },
    { where: 'one byte short', keep: BLOCK_BYTES - 1 },
  ];

  it.each(points)('cut $where: check-aof says TORN TAIL, --fix makes it OK', async ({ keep }) => {
    const { directory, file, tornAt } = tornCopy(keep);
    const before = readFileSync(file);
    const check = await runCheckAof([directory]);
    expect(check.output).toContain(`Verdict: TORN TAIL (recoverable: ballast-server will truncate ${keep} bytes at start; or run --fix)`);
    expect(check.code).toBe(1);
    expect(readFileSync(file)).toEqual(before);
    expect(aofFiles(directory)).toEqual(['incr-1.aof']);

    const fix = await runCheckAof(['--fix', directory]);
    expect(fix.output).toMatch(/After --fix:[\s\S]*Verdict: OK/);
    expect(fix.code).toBe(0);
    expect(aofFiles(directory)).toContain(`incr-1.aof.torn-${tornAt}`);
  }, CONCURRENT_TEST_TIMEOUT_MS);

  it.each(points)('cut $where: the server truncates at start and keeps every earlier write', async ({ keep }) => {
    const { directory, tornAt } = tornCopy(keep);
    const server = await startServer(directory);
    expect(server.output()).toContain('AOF torn tail: shard-0/incr-1.aof at offset');
    expect(server.output()).toContain(`Truncated shard-0/incr-1.aof from ${tornAt + keep} to ${tornAt} bytes`);
    expect(aofFiles(directory)).toContain(`incr-1.aof.torn-${tornAt}`);
    const client = await server.connect();
    expect(Number(await infoField(client, 'aof_recovery_bytes_truncated'))).toBe(keep);
    // The cut batch held the last write: every write before it is back, and only that one is gone.
    for (let index = 0; index < WRITES - 1; index++) expect(await client.call('GET', `key:${index}`)).toBe(`value ${index}`);
    expect(await client.call('GET', `key:${WRITES - 1}`)).toBe(null);
    client.close();
    expect(await server.stop()).toBe(0);
  }, CONCURRENT_TEST_TIMEOUT_MS);
});
