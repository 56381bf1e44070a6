/**
 * Keyspace notifications against redis-server: on each server a subscriber PSUBSCRIBEs to
 * `__key*__:*`, a client runs the same sequence of commands (every family, blocking pops served
 * by a push, expiry, MULTI and scripts), and the message streams must be identical, message for
 * message. Ballast runs twice: one shard under everysec, and four shards under appendfsync
 * always, where every notification waits for its write's commit and must still arrive, in order.
 */
import { describe, expect, it } from 'vitest';
import type { Reply } from '@ballast/core';
import { RawClient } from '../support/raw-client.js';
import { useGatedTrio } from '../support/server-trio.js';

/**
 * A step: a command run and awaited, or `@block …` (sent by a second client, which blocks),
 * `@served` (its reply), `@sleep ms`, `@until-dbsize n` (polls DBSIZE, which expires nothing
 * itself: waits for the background expiry cycle), `@dump-restore source key ttl [options…]`
 * (RESTOREs the server's own DUMP of source).
 */
type Step = readonly string[];

const split = (lines: string): Step[] => lines.split('\n').map((line) => line.trim()).filter((line) => line !== '').map((line) => line.split(' '));

const GENERIC_AND_STRINGS = split(`
  SET s1 v
  SET s1 w
  SETNX s1 x
  SETNX s2 x
  SET s3 v EX 100
  SET s3 v PXAT 1
  GET s3
  SETEX s4 100 v
  PSETEX s5 100000 v
  GETSET s4 w
  MSET m1 a m2 b
  MSETNX m1 a m3 c
  MSETNX m4 a m5 c
  INCR n
  DECRBY n 5
  INCRBYFLOAT n 1.5
  APPEND s1 more
  APPEND s9 new
  SETRANGE s1 2 xy
  GETEX s1 EX 100
  GETEX s1 PERSIST
  GETEX s1 PERSIST
  GETEX s1 PXAT 1
  GETDEL s2
  GETDEL s2
  EXPIRE m1 100
  PEXPIRE m1 200000 GT
  EXPIRE m1 10 GT
  PERSIST m1
  PERSIST m1
  EXPIREAT m2 1
  DEL m3 m4 nosuch
  UNLINK m5
  RENAME s4 r1
  SET r2 old
  RENAME r1 r2
  RENAMENX r2 s5
  RENAMENX r2 r3
  COPY r3 c1
  COPY r3 c1
  COPY r3 c1 REPLACE
  COPY r3 c2 DB 1
  @dump-restore r3 rs1 0
  @dump-restore r3 rs1 0 REPLACE
  @dump-restore r3 rs2 100000
  @dump-restore r3 rs1 1 ABSTTL REPLACE
  MOVE c1 2
  MOVE c2 2
  SET b1 x
  SETBIT b1 3 1
  SETBIT b1 3 1
  SETBIT b2 100 0
  BITFIELD b3 SET u8 0 255 INCRBY u8 0 1
  BITFIELD b3 OVERFLOW FAIL INCRBY u4 0 100
  BITOP OR b4 b1 b2
  BITOP AND b4 nosuch1 nosuch2
  PFADD h1 a b c
  PFADD h1 a
  PFADD h2
  PFMERGE h3 h1 h2
  PFCOUNT h3
  FLUSHDB
`);

const COLLECTIONS = split(`
  LPUSH l1 a b c
  RPUSH l1 d
  LPUSHX l2 a
  RPUSHX l1 e
  LPOP l1
  RPOP l1 2
  LSET l1 0 z
  LINSERT l1 BEFORE z y
  LINSERT l1 BEFORE nothere y
  LREM l1 0 nothere
  LREM l1 1 y
  LTRIM l1 0 -1
  RPUSH l3 x y
  LMOVE l3 l4 LEFT RIGHT
  LMOVE l3 l4 LEFT RIGHT
  RPUSH l5 one
  LMOVE l5 l5 LEFT RIGHT
  RPOPLPUSH l4 l6
  LMPOP 2 nolist l6 LEFT COUNT 5
  LTRIM l1 5 10
  RPUSH l7 a b a
  LREM l7 0 a
  LREM l7 0 b
  SADD st1 a b c
  SADD st1 a
  SREM st1 x
  SREM st1 a
  SMOVE st1 st2 b
  SMOVE st1 st2 c
  SADD st3 a b
  SINTERSTORE st4 st2 st3
  SUNIONSTORE st4 st2 st3
  SDIFFSTORE st4 st2 st2
  SDIFFSTORE st4 st2 st2
  SPOP st3 0
  SPOP st3 5
  HSET hs1 f1 v1 f2 v2
  HMSET hs1 f3 v3
  HSETNX hs1 f1 x
  HSETNX hs1 f9 x
  HINCRBY hs1 n 5
  HINCRBYFLOAT hs1 x 1.5
  HDEL hs1 nothere
  HDEL hs1 f1 f2
  HDEL hs2 f
  HSET hs2 a 1
  HDEL hs2 a
  ZADD z1 1 a 2 b 3 c
  ZADD z1 1 a
  ZADD z1 5 a
  ZADD z1 XX 1 nothere
  ZINCRBY z1 2 b
  ZADD z1 INCR 1 c
  ZREM z1 nothere
  ZREM z1 c
  ZREMRANGEBYSCORE z1 100 200
  ZREMRANGEBYSCORE z1 0 4
  ZADD z2 1 a 2 b 3 c 4 d
  ZREMRANGEBYRANK z2 0 0
  ZREMRANGEBYLEX z2 [b [b
  ZPOPMIN z2
  ZPOPMAX z2 5
  ZADD z3 1 a 2 b
  ZUNIONSTORE z4 2 z1 z3
  ZINTERSTORE z4 2 z1 z3
  ZDIFFSTORE z4 1 nosuch
  ZRANGESTORE z5 z3 0 0
  ZRANGESTORE z5 nosuch 0 -1
  ZMPOP 1 z3 MIN COUNT 10
  GEOADD g1 13.361389 38.115556 Palermo 15.087269 37.502669 Catania
  GEOADD g1 13.361389 38.115556 Palermo
  GEOSEARCHSTORE g2 g1 FROMLONLAT 15 37 BYRADIUS 200 km
  GEORADIUS g1 15 37 200 km STORE g3
  GEOSEARCHSTORE g2 g1 FROMLONLAT 0 0 BYRADIUS 1 km
  RPUSH so 3 1 2
  SORT so STORE so2
  SORT nosuch STORE so2
  FLUSHALL
`);

const STREAMS = split(`
  XADD x1 1-1 f v
  XADD x1 2-1 f v
  XADD x1 MAXLEN 1 3-1 f v
  XADD x2 NOMKSTREAM 1-1 f v
  XTRIM x1 MAXLEN 10
  XADD x1 4-1 f v
  XTRIM x1 MAXLEN 0
  XADD x1 5-1 f v
  XDEL x1 9-9
  XDEL x1 5-1
  XSETID x1 10-0
  XGROUP CREATE x3 g1 $ MKSTREAM
  XGROUP CREATE x1 g1 0
  XGROUP CREATECONSUMER x1 g1 alice
  XGROUP CREATECONSUMER x1 g1 alice
  XADD x1 11-1 f v
  XREADGROUP GROUP g1 bob COUNT 1 STREAMS x1 >
  XREADGROUP GROUP g1 bob COUNT 1 STREAMS x1 >
  XCLAIM x1 g1 carol 0 11-1
  XAUTOCLAIM x1 g1 dave 0 0
  XAUTOCLAIM x1 g1 dave 0 0
  XACK x1 g1 11-1
  XGROUP SETID x1 g1 0
  XGROUP DELCONSUMER x1 g1 nobody
  XGROUP DELCONSUMER x1 g1 bob
  XGROUP DESTROY x1 nogroup
  XGROUP DESTROY x1 g1
  FLUSHALL
`);

const READS = split(`
  GET nosuch
  SET s v
  GET s
  MGET s nosuch1 nosuch2
  STRLEN nosuch
  HGET nosuch f
  HGETALL nosuch
  LRANGE nosuch 0 -1
  LLEN nosuch
  SMEMBERS nosuch
  SISMEMBER nosuch m
  ZRANGE nosuch 0 -1
  ZSCORE nosuch m
  XRANGE nosuch - +
  TTL nosuch
  PTTL nosuch
  TYPE nosuch
  EXISTS nosuch s nosuch
  TOUCH nosuch
  GETRANGE nosuch 0 1
  GETBIT nosuch 1
  BITCOUNT nosuch
  PFCOUNT nosuch
  DUMP nosuch
  OBJECT ENCODING nosuch
  SET e v PX 1
  @sleep 20
  GET e
  SUNION nosuch1 nosuch2
  ZUNIONSTORE zdst 2 nosuch1 nosuch2
  SORT nosuch
  EVAL "return redis.call('get',KEYS[1])" 1 nosuch
  INCR counter
  LPUSH l a
  LPOP l
  LPOP l
  FLUSHALL
`);

const BLOCKING_EXPIRY_AND_UNITS = split(`
  @block BLPOP bl1 0
  RPUSH bl1 a
  @served
  @block BRPOP bl2 0
  RPUSH bl2 a b
  @served
  @block BLMOVE bl3 bl4 LEFT LEFT 0
  LPUSH bl3 a
  @served
  @block BZPOPMIN bz 0
  ZADD bz 1 a
  @served
  @block BLMPOP 0 1 bl5 RIGHT COUNT 2
  RPUSH bl5 a b c
  @served
  SET e1 v PX 20
  @sleep 60
  GET e1
  SET e2 v PX 20
  @until-dbsize 3
  MULTI
  SET t1 a
  LPUSH t2 b
  DEL t1
  EXEC
  EVAL "redis.call('set',KEYS[1],'x');redis.call('sadd',KEYS[2],'m');redis.call('del',KEYS[1]);return 1" 2 ev1 ev2
  SELECT 3
  SET d3 v
  HSET d3h f v
  MOVE d3 0
  SELECT 0
  SWAPDB 0 3
  FLUSHALL
`);

/** Parses `EVAL "…" n k…`: the script body is one quoted argument. */
function argumentsOf(step: Step): string[] {
  const line = step.join(' ');
  const quoted = /^EVAL "(.*)" (.*)$/.exec(line);
  return quoted === null ? [...step] : ['EVAL', quoted[1], ...quoted[2].split(' ')];
}

const END_CHANNEL = '__keyend__:end';

/** Runs `steps` on `port` with notify-keyspace-events `classes` and returns every notification a subscriber received, as `channel message`. */
async function notificationsOf(port: number, steps: readonly Step[], classes: string): Promise<string[]> {
  const [client, subscriber, blocker] = await Promise.all([RawClient.connect(port), RawClient.connect(port), RawClient.connect(port)]);
  try {
    await client.call('FLUSHALL');
    await client.call('CONFIG', 'SET', 'notify-keyspace-events', classes);
    expect(await subscriber.call('PSUBSCRIBE', '__key*__:*')).toEqual(['psubscribe', '__key*__:*', 1]);
    for (const step of steps) await runStep(step, client, blocker);
    await client.call('PUBLISH', END_CHANNEL, 'end');
    await client.call('CONFIG', 'SET', 'notify-keyspace-events', '');
    return await readUntilEnd(subscriber);
  } finally {
    for (const connection of [client, subscriber, blocker]) connection.close();
  }
}

async function runStep(step: Step, client: RawClient, blocker: RawClient): Promise<void> {
  if (step[0] === '@block') {
    blocker.write(`*${step.length - 1}\r\n${step.slice(1).map((arg) => `$${Buffer.byteLength(arg, 'latin1')}\r\n${arg}\r\n`).join('')}`);
    await waitBlocked(client);
  } else if (step[0] === '@served') {
    await blocker.read();
  } else if (step[0] === '@until-dbsize') {
    await waitFor(async () => (await client.call('DBSIZE')) === Number(step[1]), `DBSIZE ${step[1]}`);
  } else if (step[0] === '@dump-restore') {
    const payload = await client.call('DUMP', step[1]);
    await client.call('RESTORE', step[2], step[3], String(payload), ...step.slice(4));
  } else if (step[0] === '@sleep') {
    await new Promise((resolve) => setTimeout(resolve, Number(step[1])));
  } else {
    await client.call(...argumentsOf(step));
  }
}

async function waitBlocked(client: RawClient): Promise<void> {
  await waitFor(async () => /blocked_clients:1\r?\n/.test(String(await client.call('INFO', 'clients'))), 'a blocked client');
}

async function waitFor(condition: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`never reached: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function readUntilEnd(subscriber: RawClient): Promise<string[]> {
  const messages: string[] = [];
  for (;;) {
    const push = (await subscriber.read()) as Reply[];
    if (push[2] === END_CHANNEL) return messages;
    messages.push(`${String(push[2])} ${String(push[3])}`);
  }
}

describe('keyspace notifications against redis-server', () => {
  const servers = useGatedTrio();

  it.each([
    ['generic commands, strings, bitmaps and HyperLogLog', 'KEA', GENERIC_AND_STRINGS],
    ['lists, sets, hashes, sorted sets, geo and SORT STORE', 'KEA', COLLECTIONS],
    ['streams', 'KEA', STREAMS],
    ['blocking pops, expiry, MULTI, scripts and other databases', 'KEA', BLOCKING_EXPIRY_AND_UNITS],
    ['new keys only, as key events', 'En', GENERIC_AND_STRINGS],
    ['one class masks the others', 'Kl', COLLECTIONS],
    ['key misses of reads', 'KEmx', READS],
  ])('%s (%s)', async (_name, classes, steps) => {
    const expected = await notificationsOf(servers.redisPort(), steps, classes);
    expect(expected.length).toBeGreaterThan(0);
    for (const port of servers.ballastPorts) expect(await notificationsOf(port, steps, classes)).toEqual(expected);
  }, 60_000);
});
