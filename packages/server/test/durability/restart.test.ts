/**
 * A restart brings back every write, for every appendfsync mode and for 1 and 4 shards: under
 * `always` the server is SIGKILLed right after the last acknowledged write (nothing is flushed
 * at exit, so the write had been handed to the kernel before its reply was sent); under
 * `everysec` and `no` it stops with SIGTERM, which flushes and fsyncs.
 *
 * What this cannot show: that the reply waited for the fsync. SIGKILL ends the process, not the
 * kernel, whose page cache still holds every written byte, so a reply sent after write(2) but
 * before fsync(2) passes here too. Replies waiting for the fsync are checked against power loss
 * by the simulator (packages/sim), whose disk drops what was not synced.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { dumpKeyspace, expectWorkloadFacts, makeDirectory, removeDirectory, runCheckAof, startServer, writeWorkload } from './support.js';

/** The cases run side by side: each may wait for the others' processes on a small machine. */
const CONCURRENT_TEST_TIMEOUT_MS = 60_000;

const directories: string[] = [];

afterAll(() => {
  for (const directory of directories.splice(0)) removeDirectory(directory);
});

describe.concurrent('restart keeps every write', () => {
  const cases = (['always', 'everysec', 'no'] as const).flatMap((mode) => [1, 4].map((shards) => ({ mode, shards })));

  it.each(cases)('appendfsync $mode, $shards shard(s)', async ({ mode, shards }) => {
    const directory = makeDirectory();
    directories.push(directory);
    const args = ['--appendfsync', mode, '--shards', String(shards)];
    const first = await startServer(directory, args);
    const client = await first.connect();
    await writeWorkload(client);
    const before = await dumpKeyspace(client);
    expect(await expectWorkloadFacts(client)).toEqual([]);
    if (mode === 'always') {
      // The last write's reply came after the write reached the kernel: a SIGKILL right after it
      // must not lose it (the page cache survives SIGKILL, so this says nothing about fsync).
      await client.call('SET', 'last-acknowledged', 'yes');
      await first.kill();
      before['0:last-acknowledged'] = { type: 'string', expires: false, value: 'yes' };
    } else {
      expect(await first.stop()).toBe(0);
    }
    client.close();

    const second = await startServer(directory, args);
    const again = await second.connect();
    expect(await expectWorkloadFacts(again)).toEqual([]);
    expect(await dumpKeyspace(again)).toEqual(before);
    again.close();
    expect(await second.stop()).toBe(0);
    if (mode !== 'always') {
      // A clean shutdown leaves nothing to truncate.
      const check = await runCheckAof([directory]);
      expect(check.output).toContain('Verdict: OK');
      expect(check.code).toBe(0);
    }
  }, CONCURRENT_TEST_TIMEOUT_MS);
});
