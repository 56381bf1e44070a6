/**
 * Signals during a slow shutdown on the real ballast-server: a final RDB save made slow with
 * rdb-key-save-delay is under way when a second SIGTERM and a third signal (SIGINT) arrive. Each
 * is logged, neither kills the process, the shutdown completes with exit code 0, and both the
 * AOF and the dump hold every key. SIGHUP without a log file is logged and does not stop it; SIGUSR1 opens no debugger.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SimpleString } from '@ballast/core';
import { startBallast } from './support/ballast-server.js';
import { RawClient } from './support/raw-client.js';

const KEYS = 3000;
const KEY_SAVE_DELAY_US = 1000;
const directories: string[] = [];

afterAll(() => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function count(text: string, part: string): number {
  return text.split(part).length - 1;
}

/** DBSIZE and one value of a server started on `directory` with `args`. */
async function contents(directory: string, args: string[]): Promise<[unknown, string]> {
  const server = await startBallast({ args: ['--dir', directory, ...args] });
  const client = await RawClient.connect(server.port);
  const found: [unknown, string] = [await client.call('DBSIZE'), String(await client.call('GET', `key:${KEYS - 1}`))];
  client.close();
  await server.stop();
  return found;
}

describe('signals during shutdown', () => {
  it('a second SIGTERM and a SIGINT during the final save are logged; the shutdown completes with exit 0 and the data intact', async () => {
    const directory = mkdtempSync(path.join(os.tmpdir(), 'ballast-shutdown-'));
    directories.push(directory);
    const server = await startBallast({ args: ['--dir', directory, '--save', '3600 1', '--rdb-key-save-delay', String(KEY_SAVE_DELAY_US)] });
    const client = await RawClient.connect(server.port);
    for (let start = 0; start < KEYS; start += 500) {
      const pairs = Array.from({ length: 500 }, (_, index) => [`key:${start + index}`, `value ${start + index}`]).flat();
      expect(await client.call('MSET', ...pairs)).toEqual(new SimpleString('OK'));
    }
    client.close();
    server.kill('SIGTERM');
    await waitFor(() => server.output().includes('Saving the final RDB snapshot before exiting.'), 'the final save');
    server.kill('SIGTERM');
    await waitFor(() => count(server.output(), 'while shutting down') === 1, 'the second SIGTERM in the log');
    server.kill('SIGINT');
    await waitFor(() => count(server.output(), 'while shutting down') === 2, 'the SIGINT in the log');
    expect(await server.exited).toBe(0);
    const log = server.output();
    expect(log).toMatch(/# Received SIGTERM: shutting down\n.*Saving the final RDB snapshot before exiting\.\n/);
    expect(log).toContain('# Received SIGTERM while shutting down: ignored, the shutdown in progress completes (SIGKILL stops at once, as a crash would).');
    expect(log).toContain('# Received SIGINT while shutting down: ignored, the shutdown in progress completes (SIGKILL stops at once, as a crash would).');
    expect(log.indexOf('Received SIGINT while shutting down')).toBeLessThan(log.indexOf('DB saved on disk'));
    expect(log).toContain('The AOF is flushed and fsynced.');
    const lastValue = `value ${KEYS - 1}`;
    expect(await contents(directory, []), 'from the AOF').toEqual([KEYS, lastValue]);
    expect(await contents(directory, ['--appendonly', 'no']), 'from the dump').toEqual([KEYS, lastValue]);
  }, 60_000);

  it('SIGHUP without a log file is logged and the server keeps serving', async () => {
    const server = await startBallast();
    server.kill('SIGHUP');
    await waitFor(() => server.output().includes('Received SIGHUP: logging to standard output, no log file to reopen.'), 'the SIGHUP line');
    const client = await RawClient.connect(server.port);
    expect(await client.call('PING')).toEqual(new SimpleString('PONG'));
    client.close();
    await server.stop();
    expect(await server.exited).toBe(0);
  });

  it('SIGUSR1 is logged and opens no debugger', async () => {
    const server = await startBallast();
    server.kill('SIGUSR1');
    await waitFor(() => server.output().includes('Received SIGUSR1: ignored (Node.js would open its debugger).'), 'the SIGUSR1 line');
    expect(server.output()).not.toContain('Debugger listening');
    const client = await RawClient.connect(server.port);
    expect(await client.call('PING')).toEqual(new SimpleString('PONG'));
    client.close();
    await server.stop();
    expect(await server.exited).toBe(0);
  });
});
