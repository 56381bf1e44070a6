import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBallast, type RunningBallast } from './support/ballast-server.js';

const run = promisify(execFile);
let server: RunningBallast;

beforeAll(async () => {
  server = await startBallast({ shards: 4 });
});

afterAll(async () => {
  await server.stop();
});

const cli = async (...args: string[]) => (await run('redis-cli', ['-p', String(server.port), '--no-raw', ...args])).stdout;

describe('redis-cli', () => {
  it('runs commands in RESP2 and RESP3', async () => {
    expect(await cli('SET', 'cli:greeting', 'hello')).toBe('OK\n');
    expect(await cli('GET', 'cli:greeting')).toBe('"hello"\n');
    expect(await cli('-3', 'HELLO', '3')).toContain('proto');
    expect(await cli('-3', 'HSET', 'cli:h', 'f', 'v')).toBe('(integer) 1\n');
    expect(await cli('-3', 'HGETALL', 'cli:h')).toContain('1# "f" => "v"');
  });

  it('mass-inserts 100k keys with --pipe', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 100_000; i++) {
      const key = `pipe:${i}`;
      const value = `value-${i}`;
      lines.push(`*3\r\n$3\r\nSET\r\n$${key.length}\r\n${key}\r\n$${value.length}\r\n${value}\r\n`);
    }
    const child = spawn('redis-cli', ['-p', String(server.port), '--pipe'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stdin.end(lines.join(''));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    expect(output).toContain('errors: 0, replies: 100000');
    expect(await cli('GET', 'pipe:99999')).toBe('"value-99999"\n');
  }, 60_000);
});

describe('ioredis', () => {
  it('runs commands, pipelines, transactions and pub/sub', async () => {
    const client = new Redis({ port: server.port, lazyConnect: true });
    await client.connect();
    expect(await client.set('io:k', 'v')).toBe('OK');
    expect(await client.get('io:k')).toBe('v');
    const binary = Buffer.from([0, 255, 13, 10, 128]);
    await client.set('io:bin', binary);
    expect(await client.getBuffer('io:bin')).toEqual(binary);
    const results = await client.pipeline().incr('io:n').incr('io:n').get('io:n').exec();
    expect(results?.map(([, value]) => value)).toEqual([1, 2, '2']);
    expect(await client.multi().set('{io}a', '1').set('{io}b', '2').mget('{io}a', '{io}b').exec())
      .toEqual([[null, 'OK'], [null, 'OK'], [null, ['1', '2']]]);
    const subscriber = client.duplicate();
    const received = new Promise<string>((resolve) => subscriber.on('message', (_channel, message) => resolve(message)));
    await subscriber.subscribe('io:news');
    await client.publish('io:news', 'hello');
    expect(await received).toBe('hello');
    subscriber.disconnect();
    client.disconnect();
  });

  it('wakes BLPOP from another client', async () => {
    const waiting = new Redis({ port: server.port });
    const pusher = new Redis({ port: server.port });
    const popped = waiting.blpop('io:queue', 0);
    // Push only once the server reports the BLPOP blocked: a push that came first would be
    // popped at once, and the test would show no wake-up.
    while (!/^blocked_clients:1\r?$/m.test(await pusher.info('clients'))) await new Promise((resolve) => setTimeout(resolve, 5));
    await pusher.rpush('io:queue', 'job');
    expect(await popped).toEqual(['io:queue', 'job']);
    waiting.disconnect();
    pusher.disconnect();
  });
});

describe('node-redis', () => {
  it('runs commands over RESP2 with multi-key commands across shards', async () => {
    const client = createClient({ socket: { port: server.port } });
    await client.connect();
    await client.mSet({ 'nr:a': '1', 'nr:b': '2', 'nr:c': '3' });
    expect(await client.mGet(['nr:a', 'nr:b', 'nr:c'])).toEqual(['1', '2', '3']);
    expect(await client.zAdd('nr:z', [{ score: 1, value: 'one' }, { score: 2, value: 'two' }])).toBe(2);
    expect(await client.zRangeWithScores('nr:z', 0, -1)).toEqual([{ value: 'one', score: 1 }, { value: 'two', score: 2 }]);
    expect(await client.sAdd('nr:s', ['x', 'y'])).toBe(2);
    expect((await client.sMembers('nr:s')).sort()).toEqual(['x', 'y']);
    await client.quit();
  });
});
