import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorReply, SimpleString } from '@ballast/core';
import { RawClient } from './support/raw-client.js';
import { startBallast, type RunningBallast } from './support/ballast-server.js';

let server: RunningBallast;

beforeAll(async () => {
  server = await startBallast({ args: ['--proto-max-bulk-len', '1mb'] });
});

afterAll(async () => {
  await server.stop();
});

async function stillServing(): Promise<void> {
  const other = await RawClient.connect(server.port);
  expect(await other.call('PING')).toEqual(new SimpleString('PONG'));
  other.close();
}

describe('protocol abuse', () => {
  it.each([
    ['*x\r\n', 'ERR Protocol error: invalid multibulk length'],
    ['*1\r\n!3\r\n', "ERR Protocol error: expected '$', got '!'"],
    ['*1\r\n$2000000\r\n', 'ERR Protocol error: invalid bulk length'],
    ['*3000000000\r\n', 'ERR Protocol error: invalid multibulk length'],
    ['GET "open\r\n', 'ERR Protocol error: unbalanced quotes in request'],
    ['x'.repeat(1024 * 1024), 'ERR Protocol error: too big inline request'],
  ])('answers %j with an error, closes, and keeps serving others', async (input, message) => {
    const client = await RawClient.connect(server.port);
    client.write(input);
    expect(await client.read()).toEqual(new ErrorReply(message));
    await client.waitClosed();
    await stillServing();
  });

  it('closes on garbage bytes, and survives an unterminated bulk followed by a close', async () => {
    const garbage = await RawClient.connect(server.port);
    // It starts with a NUL byte, so (as in Redis) it is an inline request without a line end
    // until it passes the 64 KiB inline limit.
    garbage.write(Buffer.from(Array.from({ length: 70 * 1024 }, (_, i) => (i * 7919) % 256)));
    await garbage.waitClosed();
    const reply = await garbage.read();
    expect(reply).toBeInstanceOf(ErrorReply);
    expect((reply as ErrorReply).message).toMatch(/^ERR Protocol error: /);
    await stillServing();
    const partial = await RawClient.connect(server.port);
    partial.write('*2\r\n$3\r\nGET\r\n$100\r\nabc');
    partial.close();
    await stillServing();
  });

  it('answers a half-closed client that sent a command and ended its side', async () => {
    const socket = net.createConnection({ port: server.port, host: '127.0.0.1', allowHalfOpen: true });
    const received = await new Promise<string>((resolve) => {
      let data = '';
      socket.on('data', (chunk) => (data += chunk));
      socket.on('end', () => resolve(data));
      socket.on('close', () => resolve(data));
      socket.end('PING\r\n');
    });
    expect(received).toBe('+PONG\r\n');
    await stillServing();
  });
});
