/**
 * The fixture of hand-written differential tests: one redis-server and two ballast-servers
 * (1 and 4 shards) started for the test file, and `compare`, which runs commands on each from
 * an empty database and expects identical (normalised) transcripts.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { SimpleString } from '@ballast/core';
import { RawClient } from '../support/raw-client.js';
import { startBallast, type RunningBallast } from '../support/ballast-server.js';
import { startRedis, type RunningRedis } from '../support/redis-server.js';
import { normalize } from './normalize.js';

/** Registers the servers with the calling test file and returns its compare function. */
export function useComparedServers(): (commands: string[][], protocol?: 2 | 3) => Promise<void> {
  let redis: RunningRedis | undefined;
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

  return async (commands, protocol = 2) => {
    const transcripts = [];
    for (const client of clients) {
      await client.call('RESET');
      expect(await client.call('FLUSHALL')).toEqual(new SimpleString('OK'));
      if (protocol === 3) await client.call('HELLO', '3');
      const replies = [];
      for (const command of commands) replies.push([command.join(' ').slice(0, 60), normalize(command, await client.call(...command))]);
      transcripts.push(replies);
    }
    expect(transcripts[1]).toEqual(transcripts[0]);
    expect(transcripts[2]).toEqual(transcripts[0]);
  };
}
