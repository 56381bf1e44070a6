/**
 * BGREWRITEAOF while clients keep writing, on 2 shards under `always`: the rewrite finishes
 * (INFO aof_rewrites goes from 0 to 1), the server is SIGKILLed after the last acknowledged
 * write, and the restart — from the base snapshots plus the new incremental files — brings back
 * exactly the keyspace as it was.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SimpleString } from '@ballast/core';
import type { RawClient } from '../support/raw-client.js';
import { dumpKeyspace, infoField, makeDirectory, must, removeDirectory, runCheckAof, startServer } from './support.js';

const WRITERS = 4;
const ARGS = ['--appendfsync', 'always', '--shards', '2', '--auto-aof-rewrite-percentage', '0'];
const REWRITE_WAIT_MS = 15_000;
const directory = makeDirectory();

afterAll(() => removeDirectory(directory));

/** Rounds each writer has had acknowledged so far. */
const progress: number[] = Array.from({ length: WRITERS }, () => 0);

/** Writes until `running()` turns false; returns how many rounds were acknowledged. */
async function writeLoop(client: RawClient, writer: number, running: () => boolean): Promise<number> {
  while (running()) {
    const round = progress[writer];
    await must(client, 'SET', `writer:${writer}:${round}`, `value ${round}`);
    await must(client, 'RPUSH', `list:${writer}`, String(round));
    await must(client, 'HINCRBY', `hash:${writer % 2}`, `field:${writer}`, '1');
    progress[writer] = round + 1;
  }
  return progress[writer];
}

/** Waits until every writer has had `rounds` more rounds acknowledged than in `from`. */
async function untilEveryWriterAdvanced(from: readonly number[], rounds: number): Promise<void> {
  while (progress.some((done, writer) => done < from[writer] + rounds)) await new Promise((resolve) => setTimeout(resolve, 5));
}

async function waitForRewrite(client: RawClient): Promise<void> {
  const deadline = Date.now() + REWRITE_WAIT_MS;
  while ((await infoField(client, 'aof_rewrites')) !== '1' || (await infoField(client, 'aof_rewrite_in_progress')) !== '0') {
    if (Date.now() > deadline) throw new Error('the rewrite did not finish');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('BGREWRITEAOF', () => {
  it('under concurrent writes, then SIGKILL and restart: every write is there', async () => {
    const server = await startServer(directory, ARGS);
    const control = await server.connect();
    for (let index = 0; index < 300; index++) await must(control, 'SET', `seed:${index}`, `seed value ${index}`);
    await must(control, 'ZADD', 'zset', '1', 'a', '2', 'b');
    expect(await infoField(control, 'aof_rewrites')).toBe('0');

    let running = true;
    const clients = await Promise.all(Array.from({ length: WRITERS }, () => server.connect()));
    const writers = clients.map((client, writer) => writeLoop(client, writer, () => running));
    // Every writer is writing before the rewrite starts, and goes on after it finished: the new
    // incremental files must hold what the snapshot does not.
    await untilEveryWriterAdvanced(progress.map(() => 0), 5);
    expect(await control.call('BGREWRITEAOF')).toEqual(new SimpleString('Background append only file rewriting started'));
    await waitForRewrite(control);
    await untilEveryWriterAdvanced([...progress], 5);
    running = false;
    const rounds = await Promise.all(writers);
    expect(Math.min(...rounds)).toBeGreaterThanOrEqual(10);
    expect(await infoField(control, 'aof_last_bgrewrite_status')).toBe('ok');
    await must(control, 'SET', 'last-acknowledged', 'yes');
    const before = await dumpKeyspace(control);
    await server.kill();
    for (const client of [control, ...clients]) client.close();

    const again = await startServer(directory, ARGS);
    const client = await again.connect();
    expect(await dumpKeyspace(client)).toEqual(before);
    for (let writer = 0; writer < WRITERS; writer++) expect(await client.call('LLEN', `list:${writer}`)).toBe(rounds[writer]);
    client.close();
    expect(await again.stop()).toBe(0);

    // Leftovers of an interrupted manifest replace and an unnamed file are reported, not loaded.
    writeFileSync(path.join(directory, 'appendonlydir', 'ballast.manifest.tmp'), 'partial');
    writeFileSync(path.join(directory, 'appendonlydir', 'shard-1', 'incr-999.aof'), '');
    const check = await runCheckAof([directory]);
    expect(check.output).toMatch(/shard-0\/base-\d+\.aof \(base\)/);
    expect(check.output).toContain('Leftover temp files (an interrupted manifest replace or base write; ignored, overwritten): ballast.manifest.tmp (7 bytes)');
    expect(check.output).toContain('AOF files not named by the manifest (not loaded): shard-1/incr-999.aof (0 bytes)');
    expect(check.output).toContain('Verdict: OK');
    expect(check.code).toBe(0);
  });
});
