/**
 * Keyspace notifications (notify-keyspace-events): the option's letters parsed and rendered as
 * Redis 7.0 does, the events each command family publishes (redis-server's streams are compared
 * message for message in server's differential/keyspace-events.test.ts), and delivery: as
 * ordinary pub/sub messages, held under appendfsync always until the write is committed, never
 * published by replay, never logged.
 */
import { describe, expect, it } from 'vitest';
import type { UnitEffects } from '../../src/aof/effect.js';
import {
  NOTIFY_ALL, NOTIFY_KEYEVENT, NOTIFY_KEYSPACE, NOTIFY_KEY_MISS, NOTIFY_NEW, formatKeyspaceEventClasses, parseKeyspaceEventClasses,
} from '../../src/config/keyspace-event-classes.js';
import { LOCAL_FSYNC } from '../../src/engine/reply-gate.js';
import { ErrorReply, OK, SimpleString, type Reply } from '../../src/resp/reply.js';
import { createTestEngine, durabilityPort, type TestClient } from '../support/test-engine.js';

/** A subscriber to every notification, and a function that returns what it received since, as `channel message`. */
function listen(subscriber: TestClient): () => string[] {
  subscriber.call('PSUBSCRIBE', '__key*__:*');
  return () => subscriber.take().map((push) => {
    const [, , channel, message] = push as Reply[];
    return `${String(channel)} ${String(message)}`;
  });
}

function notifyingEngine(classes: string, shards = 1) {
  const setup = createTestEngine({ shards, config: { 'notify-keyspace-events': classes } });
  const received = listen(setup.client());
  const writer = setup.client();
  return { ...setup, writer, received };
}

/** The key events (E) the commands published, as `event key`. */
function keyEvents(commands: string[][], shards = 1): string[] {
  const { writer, received } = notifyingEngine('EA', shards);
  for (const command of commands) writer.call(...command);
  return received().map((line) => line.replace(/^__keyevent@0__:/, ''));
}

describe('notify-keyspace-events: the classes', () => {
  it('parses every letter and renders them back in Redis\'s order', () => {
    expect(parseKeyspaceEventClasses('')).toBe(0);
    expect(parseKeyspaceEventClasses('KEA')).toBe(NOTIFY_KEYSPACE | NOTIFY_KEYEVENT | NOTIFY_ALL);
    expect(parseKeyspaceEventClasses('mn')).toBe(NOTIFY_KEY_MISS | NOTIFY_NEW);
    expect(parseKeyspaceEventClasses('Kq')).toBeUndefined();
    expect(formatKeyspaceEventClasses(parseKeyspaceEventClasses('KEA')!)).toBe('AKE');
    expect(formatKeyspaceEventClasses(parseKeyspaceEventClasses('gKE')!)).toBe('gKE');
    expect(formatKeyspaceEventClasses(parseKeyspaceEventClasses('$lshzxeKE')!)).toBe('$lshzxeKE');
    expect(formatKeyspaceEventClasses(parseKeyspaceEventClasses('ndtxEmK')!)).toBe('xtdnKEm');
    expect(formatKeyspaceEventClasses(parseKeyspaceEventClasses('g$lshzxetdKE')!)).toBe('AKE');
  });

  it('answers CONFIG GET as redis-server, and refuses a bad letter with Redis\'s error, changing nothing', () => {
    const { client } = createTestEngine();
    const admin = client();
    expect(admin.call('CONFIG', 'GET', 'notify-keyspace-events')).toEqual(['notify-keyspace-events', '']);
    for (const [set, shown] of [['KA', 'AK'], ['EA', 'AE'], ['gKE', 'gKE'], ['$lshzxeKE', '$lshzxeKE'], ['KEA', 'AKE'], ['Elm', 'lEm']]) {
      expect(admin.call('CONFIG', 'SET', 'notify-keyspace-events', set)).toEqual(OK);
      expect(admin.call('CONFIG', 'GET', 'notify-keyspace-events')).toEqual(['notify-keyspace-events', shown]);
    }
    expect(admin.call('CONFIG', 'SET', 'notify-keyspace-events', 'KEw')).toEqual(new ErrorReply(
      "ERR CONFIG SET failed (possibly related to argument 'notify-keyspace-events') - Invalid event class character. Use 'Ag$lshzxeKEtmdn'."));
    expect(admin.call('CONFIG', 'GET', 'notify-keyspace-events')).toEqual(['notify-keyspace-events', 'lEm']);
  });

  it('publishes on the keyspace channel, the keyevent channel, or both, only for the classes enabled', () => {
    const { writer, received, client } = notifyingEngine('Kl');
    writer.call('SET', 'foo', 'bar');
    writer.call('LPUSH', 'list', 'a');
    expect(received()).toEqual(['__keyspace@0__:list lpush']);
    writer.call('CONFIG', 'SET', 'notify-keyspace-events', 'KE$');
    writer.call('SELECT', '5');
    writer.call('SET', 'foo', 'bar');
    expect(received()).toEqual(['__keyspace@5__:foo set', '__keyevent@5__:set foo']);
    writer.call('CONFIG', 'SET', 'notify-keyspace-events', '');
    writer.call('SET', 'foo', 'baz');
    expect(received()).toEqual([]);
    // A channel subscriber gets the same message as any PUBLISH.
    const direct = client();
    direct.call('CONFIG', 'SET', 'notify-keyspace-events', 'E$');
    direct.call('SUBSCRIBE', '__keyevent@0__:set');
    direct.take();
    writer.call('SELECT', '0');
    writer.call('SET', 'k', 'v');
    expect(direct.take()).toEqual([['message', '__keyevent@0__:set', 'k']]);
  });
});

describe('notify-keyspace-events: the events of each family', () => {
  it('strings and generic commands', () => {
    expect(keyEvents([
      ['SET', 'a', '1', 'EX', '100'], ['INCRBY', 'a', '2'], ['APPEND', 'a', 'x'], ['SETRANGE', 'a', '0', 'y'], ['PERSIST', 'a'],
      ['RENAME', 'a', 'b'], ['COPY', 'b', 'c'], ['MOVE', 'c', '1'], ['EXPIRE', 'b', '0'], ['DEL', 'b', 'missing'],
    ])).toEqual([
      'set a', 'expire a', 'incrby a', 'append a', 'setrange a', 'persist a',
      'rename_from a', 'rename_to b', 'copy_to c', 'move_from c', '__keyevent@1__:move_to c', 'del b',
    ]);
  });

  it('lists, with del when a pop empties one, and LMOVE pushing before it pops', () => {
    expect(keyEvents([
      ['RPUSH', 'l', 'a', 'b'], ['LSET', 'l', '0', 'z'], ['LMOVE', 'l', 'm', 'LEFT', 'RIGHT'], ['RPOP', 'l'], ['LTRIM', 'm', '1', '0'],
    ])).toEqual(['rpush l', 'lset l', 'rpush m', 'lpop l', 'rpop l', 'del l', 'ltrim m', 'del m']);
  });

  it('sets, hashes and sorted sets', () => {
    expect(keyEvents([
      ['SADD', 's', 'a', 'b'], ['SADD', 's', 'a'], ['SREM', 's', 'a', 'b'],
      ['HSET', 'h', 'f', '1'], ['HINCRBY', 'h', 'f', '1'], ['HDEL', 'h', 'f'],
      ['ZADD', 'z', '1', 'a'], ['ZINCRBY', 'z', '1', 'a'], ['ZUNIONSTORE', 'u', '1', 'z'], ['ZPOPMIN', 'z'],
    ])).toEqual([
      'sadd s', 'srem s', 'del s', 'hset h', 'hincrby h', 'hdel h', 'del h', 'zadd z', 'zincr z', 'zunionstore u', 'zpopmin z', 'del z',
    ]);
  });

  it('streams, bitmaps, HyperLogLog, geo and SORT STORE', () => {
    expect(keyEvents([
      ['XADD', 'x', 'MAXLEN', '1', '1-1', 'f', 'v'], ['XADD', 'x', 'MAXLEN', '1', '2-1', 'f', 'v'], ['XGROUP', 'CREATE', 'x', 'g', '0'],
      ['XREADGROUP', 'GROUP', 'g', 'alice', 'STREAMS', 'x', '>'], ['XDEL', 'x', '2-1'], ['XSETID', 'x', '5-0'],
      ['SETBIT', 'b', '1', '1'], ['PFADD', 'p', 'a'], ['GEOADD', 'g', '13', '38', 'm'], ['RPUSH', 'q', '2', '1'], ['SORT', 'q', 'STORE', 'r'],
    ])).toEqual([
      'xadd x', 'xadd x', 'xtrim x', 'xgroup-create x', 'xgroup-createconsumer x', 'xdel x', 'xsetid x',
      'setbit b', 'pfadd p', 'zadd g', 'rpush q', 'sortstore r',
    ]);
  });

  it('new keys (n), key misses (m) and expiry, lazy and active (x)', () => {
    const { writer, received, clock, engine } = notifyingEngine('Enmx');
    writer.call('SET', 'a', '1');
    writer.call('SET', 'a', '2');
    writer.call('GET', 'missing');
    writer.call('SET', 'short', 'v', 'PX', '10');
    writer.call('SET', 'other', 'v', 'PX', '10');
    clock.advanceMs(20);
    writer.call('GET', 'short');
    engine.start();
    clock.advanceMs(200);
    engine.stop();
    expect(received()).toEqual([
      '__keyevent@0__:new a', '__keyevent@0__:keymiss missing', '__keyevent@0__:new short', '__keyevent@0__:new other',
      '__keyevent@0__:expired short', '__keyevent@0__:keymiss short', '__keyevent@0__:expired other',
    ]);
  });

  it('a blocked pop served by a push, a transaction and a script publish their commands\' events, in order', () => {
    const { writer, received, client } = notifyingEngine('EA', 3);
    const blocked = client();
    expect(blocked.call('BLPOP', 'queue', '0')).toBeUndefined();
    writer.call('RPUSH', 'queue', 'job');
    expect(blocked.take()).toEqual([['queue', 'job']]);
    writer.call('MULTI');
    writer.call('SET', 'k1', 'v');
    writer.call('HSET', 'k2', 'f', 'v');
    writer.call('EXEC');
    writer.call('EVAL', "redis.call('incr', KEYS[1]); redis.call('del', KEYS[1])", '1', 'k3');
    expect(received().map((line) => line.replace('__keyevent@0__:', ''))).toEqual([
      'rpush queue', 'lpop queue', 'del queue', 'set k1', 'hset k2', 'incrby k3', 'del k3',
    ]);
  });

  it('FLUSHDB, FLUSHALL and SWAPDB publish nothing per key', () => {
    expect(keyEvents([['SET', 'a', '1'], ['FLUSHDB'], ['SET', 'b', '1'], ['SWAPDB', '0', '1'], ['FLUSHALL']])).toEqual(['set a', 'set b']);
  });
});

describe('notify-keyspace-events: delivery', () => {
  function gatedEngine(classes: string) {
    let lastLsn = 0;
    const units: UnitEffects[] = [];
    const setup = createTestEngine({
      shards: 2, config: { 'notify-keyspace-events': classes }, durability: durabilityPort((unit) => {
        units.push(unit);
        return ++lastLsn;
      }),
    });
    setup.engine.beginLogging(0);
    setup.engine.gateReplies(true);
    return { ...setup, units };
  }

  it('under appendfsync always, delivers a notification only once the write that caused it is committed', () => {
    const { engine, client } = gatedEngine('KE$');
    const subscriber = client();
    const received = listen(subscriber);
    const writer = client();
    expect(writer.call('SET', 'k', 'v')).toBeUndefined();
    expect(received()).toEqual([]);
    engine.commitProgress(LOCAL_FSYNC, 1);
    expect(received()).toEqual(['__keyspace@0__:k set', '__keyevent@0__:set k']);
    expect(writer.take()).toEqual([OK]);
  });

  it('holds a key miss on a key whose deletion is not committed yet, as the reader\'s own reply', () => {
    const { engine, client } = gatedEngine('Em');
    const received = listen(client());
    const writer = client();
    writer.call('SET', 'k', 'v');
    engine.commitProgress(LOCAL_FSYNC, 1);
    writer.call('DEL', 'k');
    const reader = client();
    expect(reader.call('GET', 'k')).toBeUndefined();
    expect(received()).toEqual([]);
    engine.commitProgress(LOCAL_FSYNC, 2);
    expect(received()).toEqual(['__keyevent@0__:keymiss k']);
    expect(reader.take()).toEqual([null]);
  });

  it('keeps a subscriber\'s messages in order: a later PUBLISH waits behind a held notification', () => {
    const { engine, client } = gatedEngine('E$');
    const subscriber = client();
    subscriber.call('PSUBSCRIBE', '*');
    subscriber.take();
    const writer = client();
    writer.call('SET', 'k', 'v');
    expect(client().call('PUBLISH', 'plain', 'hello')).toBe(1);
    expect(subscriber.take()).toEqual([]);
    engine.commitProgress(LOCAL_FSYNC, 1);
    expect(subscriber.take()).toEqual([['pmessage', '*', '__keyevent@0__:set', 'k'], ['pmessage', '*', 'plain', 'hello']]);
    // A PUBLISH that follows no held message, by a command that wrote nothing, is delivered at once.
    client().call('PUBLISH', 'plain', 'again');
    expect(subscriber.take()).toEqual([['pmessage', '*', 'plain', 'again']]);
  });

  it('holds a message published inside a transaction or a script that wrote until the unit commits', () => {
    const { engine, client } = gatedEngine('');
    const subscriber = client();
    subscriber.call('SUBSCRIBE', 'c');
    subscriber.take();
    const writer = client();
    writer.call('MULTI');
    writer.call('SET', 'k', 'v');
    writer.call('PUBLISH', 'c', 'in-multi');
    expect(writer.call('EXEC')).toBeUndefined();
    writer.call('EVAL', "redis.call('set', KEYS[1], 'w'); return redis.call('publish', 'c', 'in-script')", '1', 'k');
    expect(subscriber.take()).toEqual([]);
    engine.commitProgress(LOCAL_FSYNC, 1);
    expect(subscriber.take()).toEqual([['message', 'c', 'in-multi']]);
    engine.commitProgress(LOCAL_FSYNC, 2);
    expect(subscriber.take()).toEqual([['message', 'c', 'in-script']]);
  });

  it('holds an SPUBLISH smessage inside a transaction or a script that wrote until the unit commits, as PUBLISH', () => {
    const { engine, client } = gatedEngine('');
    const subscriber = client();
    subscriber.call('SSUBSCRIBE', 'c');
    subscriber.take();
    const writer = client();
    writer.call('MULTI');
    writer.call('SET', 'k', 'v');
    writer.call('SPUBLISH', 'c', 'in-multi');
    expect(writer.call('EXEC')).toBeUndefined();
    writer.call('EVAL', "redis.call('set', KEYS[1], 'w'); return redis.call('spublish', 'c', 'in-script')", '1', 'k');
    expect(subscriber.take()).toEqual([]);
    engine.commitProgress(LOCAL_FSYNC, 1);
    expect(subscriber.take()).toEqual([['smessage', 'c', 'in-multi']]);
    engine.commitProgress(LOCAL_FSYNC, 2);
    expect(subscriber.take()).toEqual([['smessage', 'c', 'in-script']]);
    // A command that wrote nothing publishes at once.
    expect(client().call('SPUBLISH', 'c', 'now')).toBe(1);
    expect(subscriber.take()).toEqual([['smessage', 'c', 'now']]);
  });

  it('drops held notifications that can never be committed, instead of sending an error to the subscriber', () => {
    const { engine, client } = gatedEngine('E$');
    const subscriber = client();
    subscriber.call('HELLO', '3');
    subscriber.call('PSUBSCRIBE', '*');
    subscriber.take();
    client().call('SET', 'k', 'v');
    engine.onDurabilityFailure('EIO: fsync');
    expect(subscriber.take()).toEqual([]);
    expect(subscriber.call('PING')).toEqual(new SimpleString('PONG'));
  });

  it('logs the same effects whether notifications are on or off, and replay publishes nothing', () => {
    const commands = [['SET', 'a', '1'], ['RPUSH', 'l', 'x', 'y'], ['LPOP', 'l'], ['SADD', 's', 'm'], ['RENAME', 'a', 'b'], ['DEL', 's']];
    const run = (classes: string) => {
      const { client, units } = gatedEngine(classes);
      listen(client());
      const writer = client();
      for (const command of commands) writer.call(...command);
      return units;
    };
    const logged = run('KEA');
    expect(logged).toEqual(run(''));
    const { engine, client } = createTestEngine({ shards: 2, config: { 'notify-keyspace-events': 'KEAnmx' } });
    const received = listen(client());
    for (const unit of logged) unit.forEach((effects, shard) => effects.forEach((effect) => engine.replayEffect(shard, effect.database, effect.args)));
    expect(received()).toEqual([]);
    expect(client().call('EXISTS', 'b', 'l')).toBe(2);
  });
});
