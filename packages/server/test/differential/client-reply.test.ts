/**
 * CLIENT REPLY ON | OFF | SKIP against redis-server: each case pipelines its commands on one raw
 * connection, ends with `CLIENT REPLY ON` and an ECHO, and compares every byte received up to the
 * ECHO's reply — so a reply sent where Redis sends none (or the reverse) shows as a difference.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBallast, type RunningBallast } from '../support/ballast-server.js';
import { echoTranscript } from '../support/echo-transcript.js';
import { startRedis, type RunningRedis } from '../support/redis-server.js';

/** What came back for `commands`, with replies switched on again before the closing ECHO. */
function transcript(port: number, commands: readonly string[][]): Promise<string> {
  return echoTranscript(port, [...commands, ['CLIENT', 'REPLY', 'ON']]);
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
