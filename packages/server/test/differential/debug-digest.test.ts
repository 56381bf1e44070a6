/**
 * DEBUG DIGEST and DEBUG DIGEST-VALUE against redis-server 7.0.15: two servers holding the same
 * data must answer the same 40 hex digits, so that a dataset can be compared across servers (a
 * replica with its primary) by one line each.
 *
 * - The RDB interop dataset (../rdb/dataset.ts: every type in its small and large encodings,
 *   streams with groups and deletions, HyperLogLogs, four databases, expiry times) loaded on
 *   redis-server and on ballast-server with 1 and 4 shards: the same DIGEST, and the same
 *   DIGEST-VALUE for every key of every database.
 * - Generated command sequences of every family (./generators.ts, whose final state is
 *   deterministic) run on the three: the same DIGEST and DIGEST-VALUEs after each sequence.
 * - An empty dataset digests to 40 zeros; a missing key too; DEBUG DIGEST with an argument,
 *   and DEBUG refused by enable-debug-command, answer redis-server's errors.
 */
import fc from 'fast-check';
import { SimpleString, type Reply } from '@ballast/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient } from '../support/raw-client.js';
import { startBallast, type RunningBallast } from '../support/ballast-server.js';
import { startRedis, type RunningRedis } from '../support/redis-server.js';
import { DATABASES, DATASET, loadDataset } from '../rdb/dataset.js';
import { FAMILIES } from './generators.js';

const RUNS = Number(process.env.DIFFERENTIAL_RUNS ?? 40);
const SERVER_NAMES = ['redis-server', 'ballast (1 shard)', 'ballast (4 shards)'];
const KEYS = ['a', 'b', 'c', '{t}x', '{t}y', 'k\x00\xff'];
const DEBUG_ON = ['--enable-debug-command', 'yes'];
const ZEROS = new SimpleString('0'.repeat(40));

describe('DEBUG DIGEST against redis-server', () => {
  let redis: RunningRedis | undefined;
  const ballasts: RunningBallast[] = [];
  const clients: RawClient[] = [];

  beforeAll(async () => {
    redis = await startRedis(DEBUG_ON);
    ballasts.push(await startBallast({ shards: 1, args: DEBUG_ON }), await startBallast({ shards: 4, args: DEBUG_ON }));
    for (const port of [redis.port, ...ballasts.map((ballast) => ballast.port)]) clients.push(await RawClient.connect(port));
  }, 60_000);

  afterAll(async () => {
    for (const client of clients) client.close();
    await Promise.all([redis?.stop(), ...ballasts.map((ballast) => ballast.stop())]);
  });

  async function emptyAll(): Promise<void> {
    for (const client of clients) {
      await client.call('RESET');
      expect(await client.call('FLUSHALL')).toEqual(new SimpleString('OK'));
      expect(await client.call('FUNCTION', 'FLUSH')).toEqual(new SimpleString('OK'));
    }
  }

  /** Every server's answers to `commands`, which must equal redis-server's. */
  async function expectSameAnswers(commands: readonly string[][], label: string): Promise<void> {
    const answers: Reply[][] = [];
    for (const client of clients) {
      const replies: Reply[] = [];
      for (const command of commands) replies.push(await client.call(...command));
      answers.push(replies);
    }
    for (let server = 1; server < clients.length; server++) {
      commands.forEach((command, index) => {
        expect(answers[server][index], `${label}, ${SERVER_NAMES[server]}: ${command.join(' ')}`).toEqual(answers[0][index]);
      });
    }
  }

  it('an empty dataset and a missing key digest to zeros; errors are Redis\'s', async () => {
    await emptyAll();
    await expectSameAnswers([
      ['DEBUG', 'DIGEST'], ['DEBUG', 'DIGEST-VALUE', 'missing'], ['DEBUG', 'DIGEST-VALUE'], ['DEBUG', 'DIGEST', 'extra'],
      ['DEBUG', 'nosuchsubcommand'], ['DEBUG'], ['DEBUG', 'PROTOCOL', 'nope'], ['DEBUG', 'RELOAD', 'FAST'],
      ['DEBUG', 'QUICKLIST-PACKED-THRESHOLD', '5gb'], ['DEBUG', 'OBJECT', 'missing'],
    ], 'empty');
    expect(await clients[1].call('DEBUG', 'DIGEST')).toEqual(ZEROS);
  });

  it('the RDB interop dataset (every type and encoding, four databases, expiry) has the same digests', async () => {
    await emptyAll();
    for (const client of clients) await loadDataset((...args) => client.call(...args), DATASET);
    const reference = clients[0];
    const commands: string[][] = [['DEBUG', 'DIGEST']];
    for (let database = 0; database < DATABASES; database++) {
      await reference.call('SELECT', String(database));
      const keys = ((await reference.call('KEYS', '*')) as string[]).sort();
      await reference.call('SELECT', '0');
      if (keys.length === 0) continue;
      commands.push(['SELECT', String(database)], ...keys.map((key) => ['DEBUG', 'DIGEST-VALUE', key]), ['DEBUG', 'DIGEST-VALUE', ...keys]);
    }
    commands.push(['SELECT', '0']);
    expect(commands.length).toBeGreaterThan(50);
    await expectSameAnswers(commands, 'dataset');
    expect(await clients[2].call('DEBUG', 'DIGEST')).not.toEqual(ZEROS);
  });

  it('generated command sequences of every family leave the same digests', async () => {
    const sequence = fc.array(fc.oneof(...Object.values(FAMILIES)), { minLength: 5, maxLength: 40 });
    await fc.assert(fc.asyncProperty(sequence, async (commands) => {
      await emptyAll();
      for (const client of clients) for (const command of commands) await client.call(...command);
      const digests: string[][] = [['DEBUG', 'DIGEST']];
      for (const database of ['0', '1']) digests.push(['SELECT', database], ['DEBUG', 'DIGEST-VALUE', ...KEYS]);
      digests.push(['SELECT', '0']);
      await expectSameAnswers(digests, commands.map((command) => command.join(' ')).join(' | ').slice(0, 400));
    }), { numRuns: RUNS });
  }, 120_000);
});

describe('DEBUG refused by enable-debug-command', () => {
  it('answers redis-server\'s error under no, the default of both', async () => {
    const redis = await startRedis();
    const ballast = await startBallast();
    const clients = [await RawClient.connect(redis.port), await RawClient.connect(ballast.port)];
    try {
      const [expected, actual] = await Promise.all(clients.map((client) => client.call('DEBUG', 'DIGEST')));
      expect(actual).toEqual(expected);
      expect(String((actual as { message: string }).message)).toMatch(/^ERR DEBUG command not allowed/);
    } finally {
      for (const client of clients) client.close();
      await Promise.all([redis.stop(), ballast.stop()]);
    }
  }, 60_000);
});
