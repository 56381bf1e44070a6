/**
 * CONFIG SET of options Redis changes at run time but Ballast takes only at start (port, bind,
 * tls-port): setting the running value is a no-op answered OK on both servers (Redis's test
 * suite sets every option to what CONFIG GET gave); options immutable in Redis keep Redis's
 * error for any value, the running one included, and the protected ones (dir, dbfilename) Redis's
 * "can't set protected config".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorReply, SimpleString, type Reply } from '@ballast/core';
import { startBallast, type RunningBallast } from '../support/ballast-server.js';
import { RawClient } from '../support/raw-client.js';
import { startRedis, type RunningRedis } from '../support/redis-server.js';

let redis: RunningRedis;
let ballast: RunningBallast;
const clients: RawClient[] = [];

beforeAll(async () => {
  redis = await startRedis(['--unixsocketperm', '0700']);
  ballast = await startBallast({ args: ['--bind', '127.0.0.1', '--unixsocketperm', '0700'] });
  clients.push(await RawClient.connect(redis.port), await RawClient.connect(ballast.port));
}, 30_000);

afterAll(async () => {
  for (const client of clients) client.close();
  await Promise.all([redis.stop(), ballast.stop()]);
});

/** The same command on both servers, with `{value}` replaced by each one's CONFIG GET of `option`. */
async function onBoth(option: string, command: (value: string) => string[]): Promise<Reply[]> {
  const replies: Reply[] = [];
  for (const client of clients) {
    const [, value] = await client.call('CONFIG', 'GET', option) as string[];
    replies.push(await client.call(...command(value)));
  }
  return replies;
}

describe('CONFIG SET of a start-only option (against redis-server)', () => {
  it('accepts the running value of port, bind and tls-port, alone and beside other options', async () => {
    for (const option of ['port', 'bind', 'tls-port']) {
      expect(await onBoth(option, (value) => ['CONFIG', 'SET', option, value])).toEqual([new SimpleString('OK'), new SimpleString('OK')]);
    }
    const [redisReply, ballastReply] = await onBoth('port', (value) => ['CONFIG', 'SET', 'maxmemory-samples', '6', 'port', value]);
    expect(ballastReply).toEqual(redisReply);
    expect(await onBoth('maxmemory-samples', (value) => ['ECHO', value])).toEqual(['6', '6']);
  });

  it('keeps refusing options immutable in Redis, at their running value too', async () => {
    for (const option of ['databases', 'daemonize', 'appenddirname']) {
      const replies = await onBoth(option, (value) => ['CONFIG', 'SET', option, value]);
      expect(replies[1]).toEqual(replies[0]);
      expect(replies[0]).toEqual(new ErrorReply(`ERR CONFIG SET failed (possibly related to argument '${option}') - can't set immutable config`));
    }
  });

  it('refuses dir and dbfilename as protected, at their running value too (as Redis under enable-protected-configs no)', async () => {
    for (const option of ['dir', 'dbfilename']) {
      for (const command of [(value: string) => ['CONFIG', 'SET', option, value], () => ['CONFIG', 'SET', 'timeout', '0', option, 'elsewhere']]) {
        const replies = await onBoth(option, command);
        expect(replies[1]).toEqual(replies[0]);
        expect(replies[0]).toEqual(new ErrorReply(`ERR CONFIG SET failed (possibly related to argument '${option}') - can't set protected config`));
      }
    }
  });

  it('shows unixsocketperm in octal without leading zeros, as Redis', async () => {
    expect(await onBoth('unixsocketperm', (value) => ['ECHO', value])).toEqual(['700', '700']);
  });

  it('refuses a duplicate start-only option as Redis does', async () => {
    const replies = await onBoth('port', (value) => ['CONFIG', 'SET', 'port', value, 'port', value]);
    expect(replies[1]).toEqual(replies[0]);
  });
});
