/**
 * A client that pipelines large replies and never reads them is paused, not buffered without
 * bound: the server stops running its commands once its unsent output passes the pause limit,
 * holding the rest of its input unparsed, while other clients are served. Asserted on state the
 * server reports (CLIENT LIST, INFO memory), not on how long anything took.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimpleString } from '@ballast/core';
import { RawClient } from './support/raw-client.js';
import { startBallast, type RunningBallast } from './support/ballast-server.js';

const GET_BIG = 'GET big\r\n';
const REQUESTS = 2000;
/** Well above what any partial read of one request leaves unparsed, and below all of them. */
const HELD_BYTES_MIN = 100 * GET_BIG.length;
/** A failure bound for the wait, not a speed requirement. */
const WAIT_DEADLINE_MS = 15_000;

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

/** The CLIENT LIST line of the client whose address ends in `:port`, as field → value. */
async function clientFields(observer: RawClient, port: number): Promise<Map<string, string> | undefined> {
  const list = String(await observer.call('CLIENT', 'LIST'));
  const line = list.split('\n').find((entry) => entry.includes(`addr=127.0.0.1:${port} `));
  return line === undefined ? undefined : new Map(line.trim().split(' ').map((field) => field.split('=', 2) as [string, string]));
}

describe('a client that pipelines and never reads', () => {
  it('is paused with its input held unparsed instead of buffering gigabytes, and others are still served', async () => {
    const observer = await RawClient.connect(server.port);
    expect(await observer.call('SET', 'big', 'x'.repeat(1024 * 1024))).toEqual(new SimpleString('OK'));
    const before = rssBytes(await observer.call('INFO', 'memory'));
    const hostile = net.createConnection({ port: server.port, host: '127.0.0.1' });
    hostile.pause();
    await new Promise((resolve) => hostile.once('connect', resolve));
    hostile.write(GET_BIG.repeat(REQUESTS));

    // Paused: the server holds requests unparsed while replies wait to be sent. A server that
    // ran every complete request it received would never show more than part of one request
    // held between two events (and would buffer 2 GiB of output).
    let fields = await clientFields(observer, hostile.localPort!);
    const deadline = Date.now() + WAIT_DEADLINE_MS;
    while (Number(fields?.get('qbuf') ?? 0) < HELD_BYTES_MIN) {
      if (Date.now() > deadline) throw new Error(`the client was never seen paused: ${JSON.stringify(fields && Object.fromEntries(fields))}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
      fields = await clientFields(observer, hostile.localPort!);
    }
    expect(Number(fields!.get('qbuf'))).toBeLessThan(REQUESTS * GET_BIG.length);
    expect(fields!.get('cmd')).toBe('get');

    expect(await observer.call('PING')).toEqual(new SimpleString('PONG'));
    const after = rssBytes(await observer.call('INFO', 'memory'));
    // 2000 replies of 1 MiB would be 2 GiB; the paused client holds a few MiB at most.
    expect(after - before).toBeLessThan(256 * 1024 * 1024);
    hostile.destroy();
    observer.close();
  });
});
