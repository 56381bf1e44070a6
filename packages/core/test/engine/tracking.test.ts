/**
 * Client-side caching (CLIENT TRACKING) in the engine: what the tracking table remembers and
 * forgets, who gets which invalidation and when (after the client's own reply, RESP2 through a
 * redirection, BCAST per prefix, FLUSHALL's null once, expiry, tracking-table-max-keys), and the
 * durability rule: under appendfsync always an invalidation leaves only once the write that
 * caused it is committed, in order with the subscriber's other output. redis-server's replies and
 * message streams are compared byte for byte in server's differential/client-tracking.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { LOCAL_FSYNC } from '../../src/engine/reply-gate.js';
import { ErrorReply, MapReply, OK, PushReply, SetReply, VerbatimString } from '../../src/resp/reply.js';
import { createTestEngine, durabilityPort, type TestClient } from '../support/test-engine.js';

function invalidate(keys: string[] | null): PushReply {
  return new PushReply(['invalidate', keys]);
}

/** A RESP2 redirection's invalidation, as a RESP2 client reads it (an array). */
function message(keys: string[] | null): unknown[] {
  return ['message', '__redis__:invalidate', keys];
}

function resp3(client: TestClient): TestClient {
  expect(client.call('HELLO', '3')).toBeInstanceOf(MapReply);
  return client;
}

function infoField(client: TestClient, name: string): string {
  const text = (client.call('INFO') as VerbatimString | string);
  const body = typeof text === 'string' ? text : text.text;
  return new RegExp(`\r\n${name}:([^\r]*)\r\n`).exec(body)![1];
}

describe('CLIENT TRACKING: default mode', () => {
  it('sends one invalidation to a RESP3 client for a key it read, then forgets the key', () => {
    const { client } = createTestEngine();
    const reader = resp3(client());
    const writer = client();
    expect(reader.call('CLIENT', 'TRACKING', 'on')).toEqual(OK);
    writer.call('SET', 'k', '1');
    expect(reader.call('GET', 'k')).toBe('1');
    writer.call('SET', 'k', '2');
    writer.call('SET', 'k', '3');
    expect(reader.take()).toEqual([invalidate(['k'])]);
    expect(infoField(writer, 'tracking_total_keys')).toBe('0');
  });

  it('sends the client\'s own invalidation right after its reply, and nothing under NOLOOP', () => {
    const { client } = createTestEngine();
    const reader = resp3(client());
    reader.call('CLIENT', 'TRACKING', 'on');
    reader.call('HSET', 'h', 'f', '1');
    reader.call('HGET', 'h', 'f');
    expect(reader.call('HDEL', 'h', 'f')).toBe(1);
    expect(reader.take()).toEqual([invalidate(['h'])]);
    reader.call('CLIENT', 'TRACKING', 'on', 'NOLOOP');
    reader.call('GET', 'k');
    reader.call('SET', 'k', 'v');
    expect(reader.take()).toEqual([]);
  });

  it('sends a transaction\'s invalidations after EXEC\'s reply', () => {
    const { client } = createTestEngine({ shards: 4 });
    const reader = resp3(client());
    reader.call('CLIENT', 'TRACKING', 'on');
    reader.call('MSET', 'a', '1', 'b', '2');
    reader.call('GET', 'a');
    reader.call('MULTI');
    reader.call('INCR', 'a');
    reader.call('GET', 'b');
    expect(reader.call('EXEC')).toEqual([2, '2']);
    expect(reader.take()).toEqual([invalidate(['a'])]);
  });

  it('redirects to a RESP2 client subscribed to anything as a message on __redis__:invalidate, and to nobody when not subscribed', () => {
    const { client } = createTestEngine();
    const redirection = client();
    const id = redirection.call('CLIENT', 'ID') as number;
    const reader = client();
    const writer = client();
    reader.call('CLIENT', 'TRACKING', 'on', 'REDIRECT', String(id));
    reader.call('GET', 'k');
    writer.call('SET', 'k', '1');
    expect(redirection.take()).toEqual([]);
    redirection.call('SUBSCRIBE', 'elsewhere');
    reader.call('GET', 'k');
    writer.call('SET', 'k', '2');
    expect(redirection.take()).toEqual([message(['k'])]);
    expect(reader.take()).toEqual([]);
  });

  it('reports a redirection whose client is gone with tracking-redir-broken, flag R and broken_redirect', () => {
    const { client } = createTestEngine();
    const redirection = client();
    const id = redirection.call('CLIENT', 'ID') as number;
    const reader = resp3(client());
    const writer = client();
    reader.call('CLIENT', 'TRACKING', 'on', 'REDIRECT', String(id));
    reader.call('GET', 'k');
    redirection.connection.disconnected();
    writer.call('SET', 'k', '1');
    expect(reader.take()).toEqual([new PushReply(['tracking-redir-broken', id])]);
    expect(reader.call('CLIENT', 'TRACKINGINFO')).toEqual(new MapReply([
      ['flags', new SetReply(['on', 'broken_redirect'])], ['redirect', id], ['prefixes', []],
    ]));
    expect((reader.call('CLIENT', 'INFO') as VerbatimString).text).toMatch(new RegExp(` flags=tR .* redir=${id} resp=3\n$`));
  });

  it('remembers keys under OPTIN only after CLIENT CACHING yes, and under OPTOUT unless CLIENT CACHING no, for the next command only', () => {
    const { client } = createTestEngine();
    const reader = resp3(client());
    const writer = client();
    reader.call('CLIENT', 'TRACKING', 'on', 'OPTIN');
    reader.call('GET', 'a');
    reader.call('CLIENT', 'CACHING', 'yes');
    reader.call('GET', 'b');
    reader.call('GET', 'c');
    writer.call('MSET', 'a', '1', 'b', '1', 'c', '1');
    expect(reader.take()).toEqual([invalidate(['b'])]);
    reader.call('CLIENT', 'TRACKING', 'off');
    reader.call('CLIENT', 'TRACKING', 'on', 'OPTOUT');
    reader.call('CLIENT', 'CACHING', 'no');
    reader.call('GET', 'a');
    reader.call('GET', 'b');
    writer.call('MSET', 'a', '2', 'b', '2');
    expect(reader.take()).toEqual([invalidate(['b'])]);
  });

  it('tracks a script\'s declared keys for its caller only when the script runs a read-only command', () => {
    const { client } = createTestEngine({ shards: 2 });
    const reader = resp3(client());
    const writer = client();
    reader.call('CLIENT', 'TRACKING', 'on');
    reader.call('EVAL', "redis.call('set', 'k3{t}', 'bar')", '2', 'k1{t}', 'k2{t}');
    writer.call('MSET', 'k2{t}', '2', 'k1{t}', '2');
    expect(reader.take()).toEqual([]);
    reader.call('EVAL', "redis.call('get', 'k3{t}')", '2', 'k1{t}', 'k2{t}');
    writer.call('MSET', 'k2{t}', '2', 'k1{t}', '2');
    expect(reader.take()).toEqual([invalidate(['k2{t}']), invalidate(['k1{t}'])]);
    reader.call('EVAL_RO', "redis.call('ping')", '2', 'k1{t}', 'k2{t}');
    writer.call('MSET', 'k2{t}', '2', 'k1{t}', '2');
    expect(reader.take()).toEqual([]);
    reader.call('EVAL_RO', "redis.call('get', 'k1{t}')", '2', 'k1{t}', 'k2{t}');
    writer.call('MSET', 'k2{t}', '3', 'k1{t}', '3');
    expect(reader.take()).toEqual([invalidate(['k2{t}']), invalidate(['k1{t}'])]);
  });

  it('invalidates keys the active cycle and lazy expiry delete', () => {
    const { client, clock, engine } = createTestEngine();
    engine.start();
    const reader = resp3(client());
    reader.call('CLIENT', 'TRACKING', 'on');
    reader.call('SET', 'active', 'v', 'PX', '10');
    reader.call('SET', 'lazy', 'v', 'PX', '10');
    reader.call('MGET', 'active', 'lazy');
    reader.call('DEBUG', 'SET-ACTIVE-EXPIRE', '0');
    clock.advanceMs(20);
    expect(reader.call('MGET', 'active', 'lazy')).toEqual([null, null]);
    expect(reader.take()).toEqual([invalidate(['active']), invalidate(['lazy'])]);
    reader.call('GET', 'gone');
    reader.call('SET', 'gone', 'v', 'PX', '10');
    reader.call('GET', 'gone');
    reader.call('DEBUG', 'SET-ACTIVE-EXPIRE', '1');
    reader.take();
    clock.advanceMs(200);
    expect(reader.take()).toEqual([invalidate(['gone'])]);
    engine.stop();
  });

  it('sends FLUSHALL\'s null once per tracking client whatever the shards and databases, and empties the table; SWAPDB sends nothing, as in Redis 7.0', () => {
    const { client } = createTestEngine({ shards: 4 });
    const reader = resp3(client());
    const broadcast = resp3(client());
    const writer = client();
    reader.call('CLIENT', 'TRACKING', 'on');
    broadcast.call('CLIENT', 'TRACKING', 'on', 'BCAST');
    reader.call('MGET', 'a', 'b', 'c');
    expect(infoField(writer, 'tracking_total_keys')).toBe('3');
    writer.call('FLUSHALL');
    expect(reader.take()).toEqual([invalidate(null)]);
    expect(broadcast.take()).toEqual([invalidate(null)]);
    expect(infoField(writer, 'tracking_total_keys')).toBe('0');
    reader.call('GET', 'a');
    writer.call('SWAPDB', '0', '1');
    expect(reader.take()).toEqual([]);
    writer.call('SET', 'a', '1');
    expect(reader.take()).toEqual([invalidate(['a'])]);
  });
});

describe('CLIENT TRACKING: BCAST', () => {
  it('sends each prefix\'s changed keys once per turn, in byte order, leaving out NOLOOP\'s own', () => {
    const { client } = createTestEngine({ shards: 2 });
    const redirection = client();
    const id = redirection.call('CLIENT', 'ID') as number;
    redirection.call('SUBSCRIBE', '__redis__:invalidate');
    const tracker = client();
    const other = client();
    expect(tracker.call('CLIENT', 'TRACKING', 'on', 'BCAST', 'REDIRECT', String(id), 'PREFIX', 'b:', 'PREFIX', 'a:', 'NOLOOP')).toEqual(OK);
    tracker.call('MULTI');
    tracker.call('INCR', 'a:2');
    tracker.call('INCR', 'b:1');
    tracker.call('INCR', 'c:1');
    tracker.call('EXEC');
    expect(redirection.take()).toEqual([]);
    other.call('MSET', 'b:2', '1', 'a:9', '1', 'a:1', '1', 'c:2', '1');
    expect(redirection.take()).toEqual([message(['a:1', 'a:9']), message(['b:2'])]);
    expect(tracker.call('CLIENT', 'TRACKINGINFO')).toEqual(['flags', ['on', 'bcast', 'noloop'], 'redirect', id, 'prefixes', ['a:', 'b:']]);
    expect(infoField(other, 'tracking_total_prefixes')).toBe('2');
    tracker.call('CLIENT', 'TRACKING', 'off');
    expect(infoField(other, 'tracking_total_prefixes')).toBe('0');
  });
});

describe('CLIENT TRACKING: arguments', () => {
  it('answers Redis\'s errors', () => {
    const { client } = createTestEngine();
    const c = client();
    const error = (...args: string[]) => (c.call('CLIENT', ...args) as ErrorReply).message;
    expect(error('TRACKING', 'on', 'REDIRECT', '9999')).toBe('ERR The client ID you want redirect to does not exist');
    expect(error('TRACKING', 'on', 'REDIRECT', 'x')).toBe('ERR value is not an integer or out of range');
    expect(error('TRACKING', 'maybe')).toBe('ERR syntax error');
    expect(error('TRACKING', 'on', 'PREFIX', 'a')).toBe('ERR PREFIX option requires BCAST mode to be enabled');
    expect(error('TRACKING', 'on', 'BCAST', 'OPTIN')).toBe('ERR OPTIN and OPTOUT are not compatible with BCAST');
    expect(error('TRACKING', 'on', 'OPTIN', 'OPTOUT')).toBe("ERR You can't specify both OPTIN mode and OPTOUT mode");
    expect(error('TRACKING', 'on', 'BCAST', 'PREFIX', 'FOOBAR', 'PREFIX', 'FOO')).toBe(
      "ERR Prefix 'FOOBAR' overlaps with another provided prefix 'FOO'. Prefixes for a single client must not overlap.");
    expect(error('CACHING', 'yes')).toBe('ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled');
    expect(c.call('CLIENT', 'TRACKING', 'on', 'OPTIN')).toEqual(OK);
    expect(error('TRACKING', 'on', 'OPTOUT')).toBe(
      "ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, and then re-enabling it with a different mode.");
    expect(error('TRACKING', 'on', 'BCAST')).toBe(
      "ERR You can't switch BCAST mode on/off before disabling tracking for this client, and then re-enabling it with a different mode.");
    expect(error('CACHING', 'no')).toBe('ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.');
    expect(c.call('CLIENT', 'GETREDIR')).toBe(0);
    c.call('CLIENT', 'TRACKING', 'off');
    expect(c.call('CLIENT', 'GETREDIR')).toBe(-1);
    c.call('CLIENT', 'TRACKING', 'on', 'BCAST', 'PREFIX', 'FOO');
    expect(error('TRACKING', 'on', 'BCAST', 'PREFIX', 'FO')).toBe(
      "ERR Prefix 'FO' overlaps with an existing prefix 'FOO'. Prefixes for a single client must not overlap.");
  });
});

describe('CLIENT TRACKING: tracking-table-max-keys', () => {
  it('forgets random keys over the limit before the next command, sending their invalidations', () => {
    const { client } = createTestEngine();
    const reader = resp3(client());
    const writer = client();
    reader.call('CLIENT', 'TRACKING', 'on');
    for (let i = 0; i < 250; i++) reader.call('GET', `key${i}`);
    writer.call('CONFIG', 'SET', 'tracking-table-max-keys', '1');
    expect(writer.call('PING')).toBeDefined();
    // 100 keys at the first pass, 200 at the second: the limit is reached at the second command.
    expect(reader.take()).toHaveLength(100);
    writer.call('PING');
    expect(reader.take()).toHaveLength(149);
    expect(infoField(writer, 'tracking_total_keys')).toBe('1');
  });
});

describe('CLIENT TRACKING: durability (appendfsync always)', () => {
  function gatedEngine(config: Record<string, string> = {}) {
    let lastLsn = 0;
    const setup = createTestEngine({ shards: 2, config, durability: durabilityPort(() => ++lastLsn) });
    setup.engine.beginLogging(0);
    setup.engine.gateReplies(true);
    return setup;
  }

  it('delivers an invalidation only once the write that caused it is committed', () => {
    const { engine, client } = gatedEngine();
    const reader = resp3(client());
    const writer = client();
    reader.call('CLIENT', 'TRACKING', 'on');
    reader.call('GET', 'k');
    expect(writer.call('SET', 'k', 'v')).toBeUndefined();
    expect(reader.take()).toEqual([]);
    engine.commitProgress(LOCAL_FSYNC, 1);
    expect(reader.take()).toEqual([invalidate(['k'])]);
    expect(writer.take()).toEqual([OK]);
  });

  it('holds a client\'s own invalidation behind its held reply, and a broadcast until every write before it is committed', () => {
    const { engine, client } = gatedEngine();
    const reader = resp3(client());
    const broadcast = resp3(client());
    reader.call('CLIENT', 'TRACKING', 'on');
    broadcast.call('CLIENT', 'TRACKING', 'on', 'BCAST');
    reader.call('GET', 'k');
    expect(reader.call('SET', 'k', 'v')).toBeUndefined();
    expect(broadcast.take()).toEqual([]);
    engine.commitProgress(LOCAL_FSYNC, 1);
    expect(reader.take()).toEqual([OK, invalidate(['k'])]);
    expect(broadcast.take()).toEqual([invalidate(['k'])]);
  });

  it('keeps a subscriber\'s order between keyspace notifications, messages and invalidations', () => {
    const { engine, client } = gatedEngine({ 'notify-keyspace-events': 'E$' });
    const redirection = client();
    const id = redirection.call('CLIENT', 'ID') as number;
    redirection.call('SUBSCRIBE', '__keyevent@0__:set', 'news');
    redirection.take();
    const reader = client();
    const writer = client();
    reader.call('CLIENT', 'TRACKING', 'on', 'REDIRECT', String(id));
    reader.call('MGET', 'a', 'b');
    writer.call('SET', 'a', '1');
    writer.call('PUBLISH', 'news', 'hello');
    writer.call('MULTI');
    writer.call('SET', 'b', '1');
    writer.call('PUBLISH', 'news', 'again');
    writer.call('EXEC');
    expect(redirection.take()).toEqual([]);
    engine.commitProgress(LOCAL_FSYNC, 1);
    expect(redirection.take()).toEqual([
      message(['a']), ['message', '__keyevent@0__:set', 'a'], ['message', 'news', 'hello'],
    ]);
    engine.commitProgress(LOCAL_FSYNC, 2);
    expect(redirection.take()).toEqual([
      message(['b']), ['message', '__keyevent@0__:set', 'b'], ['message', 'news', 'again'],
    ]);
  });

  it('sends nothing for writes replayed from the log', () => {
    const { engine, client } = gatedEngine();
    const reader = resp3(client());
    reader.call('CLIENT', 'TRACKING', 'on');
    reader.call('GET', 'k');
    engine.replayEffect(engine.slots.shardOfKey('k'), 0, ['SET', 'k', 'v']);
    engine.commitProgress(LOCAL_FSYNC, 5);
    expect(reader.take()).toEqual([]);
    expect(infoField(reader, 'tracking_total_keys')).toBe('1');
  });
});

