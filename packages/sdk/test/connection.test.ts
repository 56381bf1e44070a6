/**
 * The connection against real servers (ballast-server and redis-server): reconnection while
 * commands are in flight (the server is SIGKILLed and restarted on the same port), timeouts,
 * AbortSignal, the bounded offline queue, quit/disconnect, 100k commands in one go, and the
 * handshake (AUTH or HELLO AUTH, SETNAME, SELECT) replayed on each connection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbortError, ConnectionError, createClient, TimeoutError } from '../src/index.js';
import { freePort, serverFor, startServer, TARGETS, type RunningServer } from './support/servers.js';

const FAST_RECONNECT = { initialDelayMs: 20, maxDelayMs: 200 };

/** Resolves once the server on `port` reports `count` blocked clients (asked on a connection of its own). */
async function untilBlocked(port: number, count: number): Promise<void> {
  const observer = createClient({ port });
  while (!new RegExp(`^blocked_clients:${count}\r?$`, 'm').test(String(await observer.call('INFO', 'clients')))) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await observer.quit();
}

describe.each(TARGETS)('connection against %s', (target) => {
  const server = serverFor(target);

  it('fails commands in flight when the server dies, queues new ones, and resumes after a restart', async () => {
    const client = createClient({ port: server.port, reconnect: FAST_RECONNECT });
    const events: string[] = [];
    client.on('ready', () => events.push('ready')).on('reconnecting', () => events.push('reconnecting')).on('error', () => undefined);
    await client.ready();
    await client.set('r:counter', '0');
    expect(await Promise.all(Array.from({ length: 1000 }, () => client.incr('r:counter')))).toContain(1000);
    const inFlight = [client.blpop('r:never', 0), ...Array.from({ length: 100 }, () => client.incr('r:counter'))];
    const outcomes = Promise.allSettled(inFlight);
    // In flight for certain: the server holds the BLPOP (the INCRs went in the same write).
    await untilBlocked(server.port, 1);
    await server.kill();
    for (const outcome of await outcomes) {
      expect(outcome.status).toBe('rejected');
      expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(ConnectionError);
    }
    const queued = [client.set('r:after', 'queued'), client.get('r:after')];
    await server.restart();
    expect(await Promise.all(queued)).toEqual(['OK', 'queued']);
    expect(await client.ping()).toBe('PONG');
    expect(events[0]).toBe('ready');
    expect(events).toContain('reconnecting');
    expect(events.at(-1)).toBe('ready');
    await client.quit();
  });

  it('times a command out without disturbing the order of later replies', async () => {
    const client = createClient({ port: server.port });
    const pusher = createClient({ port: server.port });
    await client.set('t:key', 'value');
    // BLPOP without a server-side timeout: only the client's deadline can end the wait, so the
    // TimeoutError cannot be a reply that came in time.
    await expect(client.with({ timeoutMs: 50 }).blpop('t:list', 0)).rejects.toBeInstanceOf(TimeoutError);
    // GET waits behind the BLPOP on the same connection. The push makes the server answer the
    // abandoned BLPOP first (it pops the element): that reply is dropped and GET gets its own.
    const later = client.get('t:key');
    await pusher.rpush('t:list', 'late');
    expect(await later).toBe('value');
    expect(await pusher.llen('t:list')).toBe(0);

    const defaulted = createClient({ port: server.port, commandTimeoutMs: 30 });
    await expect(defaulted.brpop('t:other', 0)).rejects.toThrow(/no reply within 30 ms/);
    await pusher.rpush('t:other', 'late');
    await Promise.all([client.quit(), defaulted.quit()]);
    expect(await pusher.llen('t:other')).toBe(0);
    await pusher.quit();
  });

  it('rejects with AbortError when the signal fires, before or after sending', async () => {
    const client = createClient({ port: server.port });
    const controller = new AbortController();
    const pending = client.with({ signal: controller.signal }).blpop('a:none', 0.2);
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(AbortError);
    await expect(client.with({ signal: AbortSignal.abort() }).ping()).rejects.toBeInstanceOf(AbortError);
    expect(await client.echo('after')).toBe('after');
    await client.quit();
  });

  it('pipelines 100k commands, issued at once and as one explicit pipeline', async () => {
    const client = createClient({ port: server.port });
    const replies = await Promise.all(Array.from({ length: 100_000 }, (_, i) => client.set(`p:${i}`, String(i))));
    expect(replies.every((reply) => reply === 'OK')).toBe(true);
    let pipeline = client.pipeline();
    for (let i = 0; i < 100_000; i++) pipeline = pipeline.incr(`p:${i}`) as unknown as typeof pipeline;
    const results = (await pipeline.exec()) as unknown as number[];
    expect(results.length).toBe(100_000);
    expect(results[0]).toBe(1);
    expect(results[99_999]).toBe(100_000);
    await client.quit();
  });

  it('quit() answers every command issued before it, then ends', async () => {
    const client = createClient({ port: server.port });
    let ended = false;
    client.on('end', () => (ended = true));
    const last = client.set('q:key', 'v');
    await client.quit();
    expect(await last).toBe('OK');
    expect(ended).toBe(true);
    expect(client.status).toBe('ended');
    await expect(client.ping()).rejects.toBeInstanceOf(ConnectionError);
  });

  it('disconnect() fails what is still waiting', async () => {
    const client = createClient({ port: server.port });
    await client.ready();
    const waiting = client.blpop('d:none', 0);
    await client.disconnect();
    await expect(waiting).rejects.toBeInstanceOf(ConnectionError);
  });
});

describe('connection without a server', () => {
  it('bounds the offline queue and fails it on disconnect', async () => {
    const port = await freePort();
    const client = createClient({ port, offlineQueueMax: 2, reconnect: FAST_RECONNECT });
    let attempts = 0;
    client.on('reconnecting', () => attempts++).on('error', () => undefined);
    const retried = new Promise<void>((resolve) => client.on('reconnecting', () => attempts >= 2 && resolve()));
    const held = [client.ping(), client.ping()];
    await expect(client.ping()).rejects.toThrow(/offline queue is full/);
    // It keeps trying while holding the queue: a second attempt comes, and the queue is still full.
    await retried;
    await expect(client.ping()).rejects.toThrow(/offline queue is full/);
    await client.disconnect();
    for (const command of held) await expect(command).rejects.toBeInstanceOf(ConnectionError);
  });

  it('gives up after attemptsMax failed reconnections and fails what it held', async () => {
    const client = createClient({ port: await freePort(), reconnect: { ...FAST_RECONNECT, attemptsMax: 2 } });
    const delays: number[] = [];
    client.on('reconnecting', ({ delayMs }) => delays.push(delayMs)).on('error', () => undefined);
    const ended = new Promise<void>((resolve) => client.once('end', resolve));
    const held = client.ping();
    await ended;
    await expect(held).rejects.toBeInstanceOf(ConnectionError);
    expect(delays.length).toBe(2);
    expect(client.status).toBe('ended');
  });

  it('ends after a failed connection when reconnecting is off', async () => {
    const client = createClient({ port: await freePort(), reconnect: false });
    const errors: Error[] = [];
    client.on('error', (error) => errors.push(error));
    const command = client.ping();
    await expect(client.ready()).rejects.toBeInstanceOf(ConnectionError);
    await expect(command).rejects.toBeInstanceOf(ConnectionError);
    expect(errors[0]?.message).toMatch(/ECONNREFUSED/);
  });
});

describe.each(TARGETS)('handshake against %s with a password', (target) => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(target, ['--requirepass', 's3cret']);
  });
  afterAll(async () => {
    await server.stop();
  });

  it.each([2, 3] as const)('RESP%i: authenticates, names the connection and selects the database', async (protocol) => {
    const client = createClient({ url: `redis://:s3cret@127.0.0.1:${server.port}/4`, protocol, name: 'sdk-test' });
    expect(await client.clientGetname()).toBe('sdk-test');
    await client.set('hs:key', 'in 4');
    expect(await client.call('SELECT', 0)).toBe('OK');
    expect(await client.get('hs:key')).toBeNull();
    await client.quit();
  });

  it('reports a wrong password as an error event and keeps commands queued', async () => {
    const client = createClient({ port: server.port, password: 'wrong', reconnect: FAST_RECONNECT });
    const error = await new Promise<Error>((resolve) => client.once('error', resolve));
    expect(error).toMatchObject({ code: expect.stringMatching(/WRONGPASS|ERR/) });
    const queued = client.ping();
    await client.disconnect();
    await expect(queued).rejects.toBeInstanceOf(ConnectionError);
  });
});
