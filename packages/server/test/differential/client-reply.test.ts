/**
 * CLIENT REPLY ON | OFF | SKIP against redis-server: each case pipelines its commands on one raw
 * connection, ends with `CLIENT REPLY ON` and an ECHO, and compares every byte received up to the
 * ECHO's reply — so a reply sent where Redis sends none (or the reverse) shows as a difference.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBallast, type RunningBallast } from '../support/ballast-server.js';
import { startRedis, type RunningRedis } from '../support/redis-server.js';

const END = 'end-of-transcript';
const END_REPLY = `$${END.length}\r\n${END}\r\n`;

function encode(args: readonly string[]): string {
  return `*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg, 'latin1')}\r\n${arg}\r\n`).join('')}`;
}

/** Sends `commands` in one write and returns what came back up to the closing ECHO's reply. */
function transcript(port: number, commands: readonly string[][]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection({ port, host: '127.0.0.1' });
    let received = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no closing ECHO reply; received ${JSON.stringify(received)}`));
    }, 10_000);
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      if (!received.endsWith(END_REPLY)) return;
      clearTimeout(timer);
      socket.destroy();
      resolve(received);
    });
    socket.on('error', reject);
    const all = [...commands, ['CLIENT', 'REPLY', 'ON'], ['ECHO', END]];
    socket.write(Buffer.from(all.map(encode).join(''), 'latin1'));
  });
}

const split = (lines: string) => lines.split(';').map((line) => line.trim().split(' '));

describe('CLIENT REPLY against redis-server', () => {
  let redis: RunningRedis;
  let ballast: RunningBallast;

  beforeAll(async () => {
    [redis, ballast] = await Promise.all([startRedis(), startBallast()]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([redis?.stop(), ballast?.stop()]);
  });

  it.each([
    ['SKIP drops the next reply only', 'FLUSHALL; CLIENT REPLY SKIP; SET a 1; GET a; CLIENT REPLY SKIP; CLIENT REPLY SKIP; PING; PING'],
    ['OFF drops every reply, errors included, until ON', 'FLUSHALL; CLIENT REPLY OFF; SET b 2; GET b; NOSUCH; CLIENT REPLY BAD; CLIENT REPLY SKIP; CLIENT REPLY ON; GET b; PING'],
    ['ON answers OK, even right after SKIP', 'CLIENT REPLY SKIP; CLIENT REPLY ON; PING'],
    ['a bad mode and a bad arity', 'CLIENT REPLY BAD; CLIENT REPLY; CLIENT REPLY ON ON'],
    ['a blocking command that times out under SKIP', 'FLUSHALL; CLIENT REPLY SKIP; BLPOP nolist 0.01; PING'],
    ['RESET turns replies back on', 'CLIENT REPLY OFF; PING; RESET; PING'],
    ['a transaction under SKIP and OFF', 'FLUSHALL; CLIENT REPLY SKIP; MULTI; SET m 1; EXEC; CLIENT REPLY OFF; MULTI; INCR m; EXEC; CLIENT REPLY ON; GET m'],
    ['RESP3 pushes still arrive with replies off', 'CLIENT REPLY OFF; HELLO 3; SUBSCRIBE ch; PUBLISH ch hi; PSUBSCRIBE c*; PUBLISH ch two; UNSUBSCRIBE ch; PUNSUBSCRIBE; HELLO 2'],
    // UNSUBSCRIBE names its channels: without them Redis answers in its dict's order, which a random hash seed changes per process.
    ['RESP2 subscription confirmations under SKIP', 'CLIENT REPLY SKIP; SUBSCRIBE a b; UNSUBSCRIBE b a'],
  ])('%s', async (_name, lines) => {
    const commands = split(lines);
    const expected = await transcript(redis.port, commands);
    expect(await transcript(ballast.port, commands)).toBe(expected);
  });
});
