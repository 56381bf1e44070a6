/**
 * Damage a crash cannot cause is refused with exit code 2 and a message an operator can act
 * on: a flipped byte inside durable frames (ballast-check-aof says CORRUPT; --aof-repair starts
 * with the data before the damage), a missing or damaged manifest, and a shard count that
 * differs from the AOF's (the message names the reshard tool).
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CORRUPTION_RUNBOOK } from '@ballast/core';
import { aofFiles, copyDirectory, firstIncrementalFile, makeDirectory, must, removeDirectory, runCheckAof, runServer, startServer } from './support.js';

const WRITES = 12;
/** Each write under `always` is its own batch, padded to a 4 KiB block: frame n starts at n × 4096. */
const BLOCK_BYTES = 4096;
const DAMAGED_WRITE = 2;
const directories: string[] = [];
let pristine: string;

function copy(): string {
  const directory = copyDirectory(pristine);
  directories.push(directory);
  return directory;
}

beforeAll(async () => {
  pristine = makeDirectory();
  directories.push(pristine);
  const server = await startServer(pristine, ['--appendfsync', 'always']);
  const client = await server.connect();
  for (let index = 0; index < WRITES; index++) await must(client, 'SET', `key:${index}`, `value ${index}`);
  client.close();
  expect(await server.stop()).toBe(0);
});

afterAll(() => {
  for (const directory of directories) removeDirectory(directory);
});

describe('refusals', () => {
  it('a byte flipped in an early frame: exit 2 naming file, offset and runbook; check-aof CORRUPT; --aof-repair keeps the data before it', async () => {
    const directory = copy();
    const file = firstIncrementalFile(directory);
    const offset = DAMAGED_WRITE * BLOCK_BYTES;
    const bytes = readFileSync(file);
    bytes[offset + 30] ^= 0xff;
    writeFileSync(file, bytes);

    const refused = await runServer(directory);
    expect(refused.code).toBe(2);
    expect(refused.output).toContain(`shard-0/incr-1.aof at offset ${offset}`);
    expect(refused.output).toContain(CORRUPTION_RUNBOOK);

    const check = await runCheckAof([directory]);
    expect(check.code).toBe(2);
    expect(check.output).toContain(`first problem at offset ${offset}: CRC mismatch`);
    expect(check.output).toMatch(/Verdict: CORRUPT \(ballast-server will refuse to start; see the runbook .*; --aof-repair truncates at the damage and loses \d+ bytes\)/);
    expect(readFileSync(file)).toEqual(bytes);
    const fix = await runCheckAof(['--fix', directory]);
    expect(fix.code).toBe(2);
    expect(fix.output).toContain('refusing to touch corruption');
    expect(readFileSync(file)).toEqual(bytes);

    const repaired = await startServer(directory, ['--aof-repair', 'yes']);
    const client = await repaired.connect();
    for (let index = 0; index < WRITES; index++) {
      expect(await client.call('GET', `key:${index}`)).toBe(index < DAMAGED_WRITE ? `value ${index}` : null);
    }
    client.close();
    expect(await repaired.stop()).toBe(0);
    expect(repaired.output()).toContain('--aof-repair:');
    expect(aofFiles(directory)).toContain(`incr-1.aof.torn-${offset}`);
    const after = await runCheckAof([directory]);
    expect(after.output).toContain('Verdict: OK');
    expect(after.code).toBe(0);
  });

  it('shard folders without a manifest: exit 2', async () => {
    const directory = copy();
    rmSync(path.join(directory, 'appendonlydir', 'ballast.manifest'));
    const refused = await runServer(directory);
    expect(refused.code).toBe(2);
    expect(refused.output).toContain('no ballast.manifest');
    const check = await runCheckAof([directory]);
    expect(check.output).toContain('Manifest: MISSING');
    expect(check.code).toBe(2);
  });

  it('a damaged manifest: exit 2', async () => {
    const directory = copy();
    const manifest = path.join(directory, 'appendonlydir', 'ballast.manifest');
    writeFileSync(manifest, readFileSync(manifest, 'latin1').replace('shards 1', 'shards 2'), 'latin1');
    const refused = await runServer(directory);
    expect(refused.code).toBe(2);
    expect(refused.output).toContain('manifest');
    expect(refused.output).toContain('damaged');
    const check = await runCheckAof([path.join(directory, 'appendonlydir')]);
    expect(check.output).toContain('Manifest: DAMAGED (checksum mismatch');
    expect(check.code).toBe(2);
  });

  it('--shards 2 on a 1-shard AOF: exit 2 naming reshard', async () => {
    const directory = copy();
    const refused = await runServer(directory, ['--shards', '2']);
    expect(refused.code).toBe(2);
    expect(refused.output).toContain('reshard');
    expect(existsSync(path.join(directory, 'appendonlydir', 'shard-1'))).toBe(false);
  });
});
