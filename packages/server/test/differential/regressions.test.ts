/**
 * Named regressions: shrunk counterexamples of the differential suite, each run against
 * redis-server and Ballast (1 and 4 shards) from an empty database. A case marked `it.fails`
 * is a Ballast bug still open: when it is fixed the case starts passing, vitest reports it,
 * and it becomes a plain `it`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimpleString } from '@ballast/core';
import { RawClient } from '../support/raw-client.js';
import { startBallast, type RunningBallast } from '../support/ballast-server.js';
import { startRedis, type RunningRedis } from '../support/redis-server.js';
import { normalize } from './normalize.js';

let redis: RunningRedis;
const ballasts: RunningBallast[] = [];
const clients: RawClient[] = [];

beforeAll(async () => {
  redis = await startRedis();
  ballasts.push(await startBallast({ shards: 1 }), await startBallast({ shards: 4 }));
  for (const port of [redis.port, ...ballasts.map((ballast) => ballast.port)]) clients.push(await RawClient.connect(port));
}, 60_000);

afterAll(async () => {
  for (const client of clients) client.close();
  await Promise.all([redis?.stop(), ...ballasts.map((ballast) => ballast.stop())]);
});

async function compare(commands: string[][]): Promise<void> {
  const transcripts = [];
  for (const client of clients) {
    await client.call('RESET');
    expect(await client.call('FLUSHALL')).toEqual(new SimpleString('OK'));
    const replies = [];
    for (const command of commands) replies.push([command.join(' '), normalize(command, await client.call(...command))]);
    transcripts.push(replies);
  }
  expect(transcripts[1]).toEqual(transcripts[0]);
  expect(transcripts[2]).toEqual(transcripts[0]);
}

describe('differential regressions', () => {
  // Seeds 788261014 and 2103867122 (transactions family): Redis 7.0's SWAPDB touches only
  // watched keys that exist in either database, so EXEC still runs and answers []; Ballast
  // used to abort the transaction (null array).
  it('SWAPDB does not abort a transaction watching a key missing from both databases', async () => {
    await compare([['WATCH', 'a'], ['SWAPDB', '0', '1'], ['MULTI'], ['EXEC']]);
  });

  it('SWAPDB aborts a transaction watching a key that exists', async () => {
    await compare([['SET', 'a', '1'], ['WATCH', 'a'], ['SWAPDB', '0', '1'], ['MULTI'], ['EXEC']]);
  });
});
