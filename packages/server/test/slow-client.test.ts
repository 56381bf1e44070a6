import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimpleString } from '@ballast/core';
import { RawClient } from './support/raw-client.js';
import { startBallast, type RunningBallast } from './support/ballast-server.js';

let server: RunningBallast;

beforeAll(async () => {
  server = await startBallast();
});

afterAll(async () => {
  await server.stop();
});

function rssBytes(info: unknown): number {
  const match = /used_memory_rss:(\d+)/.exec(String((info as { text?: string }).text ?? info));
  return Number(match?.[1] ?? NaN);
}

describe('a client that pipelines and never reads', () => {
  it('is paused instead of buffering gigabytes, and others are still served', async () => {
    const setup = await RawClient.connect(server.port);
    expect(await setup.call('SET', 'big', 'x'.repeat(1024 * 1024))).toEqual(new SimpleString('OK'));
    const before = rssBytes(await setup.call('INFO', 'memory'));
    const hostile = net.createConnection({ port: server.port, host: '127.0.0.1' });
    hostile.pause();
    await new Promise((resolve) => hostile.once('connect', resolve));
    hostile.write('GET big\r\n'.repeat(2000));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const started = Date.now();
    expect(await setup.call('PING')).toEqual(new SimpleString('PONG'));
    expect(Date.now() - started).toBeLessThan(1000);
    const after = rssBytes(await setup.call('INFO', 'memory'));
    // 2000 replies of 1 MiB would be 2 GiB; the paused client holds a few MiB at most.
    expect(after - before).toBeLessThan(256 * 1024 * 1024);
    hostile.destroy();
    setup.close();
  });
});
