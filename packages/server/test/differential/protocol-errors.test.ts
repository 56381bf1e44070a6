/**
 * Protocol errors on raw sockets, redis-server against ballast-server: the same bytes must get
 * the same reply bytes, and the server must close the connection (every case ends in a close:
 * a request Redis keeps waiting on is followed by bytes that make it fail). Includes Redis's Tcl
 * unit/protocol 'Protocol desync regression test' #1–#3, where the peer never stops sending.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBallast, type RunningBallast } from '../support/ballast-server.js';
import { startRedis, type RunningRedis } from '../support/redis-server.js';

/** What a peer saw: the bytes received, and whether the server closed (not just half-closed) the socket. */
interface Exchange {
  readonly received: string;
  readonly closedByServer: boolean;
}

const DEADLINE_MS = 10_000;
const PAST_INLINE_LIMIT = 'x'.repeat(70 * 1024);

/**
 * Sends `chunks` one after another (each once the previous is flushed) on a socket that keeps
 * its own side open, and, when `keepSending`, goes on writing `payload` until a write fails, as
 * runtest's desync test does. Resolves once the server closes the connection.
 */
function exchange(port: number, chunks: readonly string[], keepSending = false): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection({ port, host: '127.0.0.1', allowHalfOpen: true });
    let received = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server did not close the connection; received ${JSON.stringify(received.slice(0, 200))}`));
    }, DEADLINE_MS);
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ received, closedByServer: true });
    };
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    socket.on('error', finish);
    socket.on('close', finish);
    // A half-close alone is not a close: a desync peer that keeps writing would go on forever.
    socket.on('end', () => {
      if (!keepSending) finish();
    });
    const send = (index: number) => {
      if (index < chunks.length) {
        socket.write(Buffer.from(chunks[index], 'latin1'), () => send(index + 1));
      } else if (keepSending && !socket.destroyed) {
        // A server that only half-closed still accepts these bytes: the deadline then fails the test.
        socket.write('payload', (error) => (error ? undefined : setImmediate(() => send(index))));
      }
    };
    socket.on('connect', () => send(0));
  });
}

const CASES: Array<[string, string[]]> = [
  ['a NUL in an inline request: no line end for strchr, then too big', ['PING\x00\r\n', PAST_INLINE_LIMIT]],
  ['a NUL in a count line', ['*1\x00\r\n', PAST_INLINE_LIMIT]],
  ['a NUL in a bulk count line', ['*1\r\n\x00\r\n', PAST_INLINE_LIMIT]],
  ['a count of INT_MAX waits for its arguments', ['*2147483647\r\n', 'x\r\n']],
  ['a count above INT_MAX', ['*2147483648\r\n']],
  ['minus zero as a count', ['*-0\r\nPING\r\n']],
  ['minus zero as a bulk length', ['*1\r\n$-0\r\n']],
  ['a leading zero', ['*01\r\n']],
  ['an empty bulk count line', ['*1\r\n\r\n']],
  ['unbalanced quotes after a good command', ['PING\r\nset """a""" b\r\n']],
  ['a pipelined command before a bad header', ['*1\r\n$4\r\nPING\r\n*1\r\nx\r\n']],
  ['a bulk over proto-max-bulk-len', ['*1\r\n$536870913\r\n']],
];

describe('protocol errors against redis-server', () => {
  let redis: RunningRedis;
  let ballast: RunningBallast;
  let redisWithPassword: RunningRedis;
  let ballastWithPassword: RunningBallast;

  beforeAll(async () => {
    [redis, ballast, redisWithPassword, ballastWithPassword] = await Promise.all([
      startRedis(), startBallast(), startRedis(['--requirepass', 'secret']), startBallast({ args: ['--requirepass', 'secret'] }),
    ]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([redis?.stop(), ballast?.stop(), redisWithPassword?.stop(), ballastWithPassword?.stop()]);
  });

  it.each(CASES)('%s', async (_name, chunks) => {
    const expected = await exchange(redis.port, chunks);
    expect(expected.received).toMatch(/-ERR Protocol error: /);
    expect(await exchange(ballast.port, chunks)).toEqual(expected);
  });

  /**
   * The desync exchange, again (up to 3 runs) while it received nothing: a server that closes a
   * socket with unread input sends a reset, and Linux drops the error reply queued before it when
   * the reset lands before this process read the reply (seen on a loaded machine, with redis-server).
   */
  async function desyncExchange(port: number, start: string): Promise<Exchange> {
    let result = await exchange(port, [start], true);
    for (let run = 1; run < 3 && result.received === ''; run++) result = await exchange(port, [start], true);
    return result;
  }

  it.each([['\x00'], ['*\x00'], ['$\x00']])('Protocol desync regression test: %j then payload until the server cuts the peer off', async (start) => {
    const expected = await desyncExchange(redis.port, start);
    expect(expected.received).toMatch(/^-ERR Protocol error: too big (inline request|mbulk count string)\r\n$/);
    expect(await desyncExchange(ballast.port, start)).toEqual(expected);
  });

  it.each([
    ['a count above 10 before AUTH', ['*11\r\n']],
    ['a bulk above 16 KiB before AUTH', ['*1\r\n$16385\r\n']],
    ['the limits up to them before AUTH', ['*10\r\n$16384\r\n', 'y'.repeat(16_384), '\r\n', 'x\r\n']],
    ['no such limits after AUTH', ['AUTH secret\r\n*11\r\n$16385\r\n', 'y'.repeat(16_385), '\r\n', 'x\r\n']],
  ])('%s', async (_name, chunks) => {
    const expected = await exchange(redisWithPassword.port, chunks);
    expect(expected.received).toMatch(/-ERR Protocol error: /);
    expect(await exchange(ballastWithPassword.port, chunks)).toEqual(expected);
  });

  // Last: it lowers client-query-buffer-limit on both servers.
  it('a query buffer over client-query-buffer-limit closes the connection without a reply', async () => {
    const bulk = 'v'.repeat(1024 * 1024 + 10);
    const chunks = ['CONFIG SET client-query-buffer-limit 1mb\r\n', `*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$${bulk.length}\r\n${bulk}\r\n`];
    const expected = await exchange(redis.port, chunks);
    expect(expected).toEqual({ received: '+OK\r\n', closedByServer: true });
    expect(await exchange(ballast.port, chunks)).toEqual(expected);
  });
});
