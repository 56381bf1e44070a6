import { describe, expect, it } from 'vitest';
import { ErrorReply, PushReply, VerbatimString } from '../../src/resp/reply.js';
import { createTestEngine } from '../support/test-engine.js';

describe('pub/sub', () => {
  it('delivers messages to channel and pattern subscribers', () => {
    const { client } = createTestEngine({ shards: 2 });
    const subscriber = client();
    const publisher = client();
    subscriber.call('SUBSCRIBE', 'news', 'sport');
    expect(subscriber.take()).toEqual([['subscribe', 'sport', 2]]);
    subscriber.call('PSUBSCRIBE', 'n*');
    subscriber.take();
    expect(publisher.call('PUBLISH', 'news', 'hello')).toBe(2);
    expect(subscriber.take()).toEqual([['message', 'news', 'hello'], ['pmessage', 'n*', 'news', 'hello']]);
    expect(publisher.call('PUBSUB', 'CHANNELS')).toEqual(['news', 'sport']);
    expect(publisher.call('PUBSUB', 'NUMSUB', 'news', 'none')).toEqual(['news', 1, 'none', 0]);
    expect(publisher.call('PUBSUB', 'NUMPAT')).toBe(1);
  });

  it('restricts a RESP2 subscriber to the subscribe commands and PING', () => {
    const { client } = createTestEngine();
    const subscriber = client();
    subscriber.call('SUBSCRIBE', 'c');
    expect(subscriber.call('GET', 'x')).toEqual(new ErrorReply(
      "ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context"));
    expect(subscriber.call('PING')).toEqual(['pong', '']);
    subscriber.call('UNSUBSCRIBE');
    expect(subscriber.take()).toEqual([]);
    expect(subscriber.call('UNSUBSCRIBE')).toEqual(['unsubscribe', null, 0]);
    expect(subscriber.call('GET', 'x')).toBe(null);
  });

  it('sends RESP3 pushes and allows other commands while subscribed', () => {
    const { client } = createTestEngine();
    const subscriber = client();
    subscriber.call('HELLO', '3');
    expect(subscriber.call('SUBSCRIBE', 'c')).toEqual(new PushReply(['subscribe', 'c', 1]));
    expect(subscriber.call('GET', 'x')).toBe(null);
    client().call('PUBLISH', 'c', 'm');
    expect(subscriber.take()).toEqual([new PushReply(['message', 'c', 'm'])]);
  });

  it('forgets subscriptions of a disconnected client', () => {
    const { client } = createTestEngine();
    const subscriber = client();
    subscriber.call('SUBSCRIBE', 'c');
    subscriber.connection.disconnected();
    expect(client().call('PUBLISH', 'c', 'm')).toBe(0);
  });
});

describe('sharded pub/sub (cluster mode off, as Redis 7.0.15)', () => {
  it('counts shard channels apart from channels and patterns, and publishes smessage to them only', () => {
    const { client } = createTestEngine({ shards: 2 });
    const subscriber = client();
    const publisher = client();
    expect(subscriber.call('SSUBSCRIBE', 'x', 'y')).toEqual(['ssubscribe', 'x', 1]);
    expect(subscriber.take()).toEqual([['ssubscribe', 'y', 2]]);
    expect(subscriber.call('SUBSCRIBE', 'x')).toEqual(['subscribe', 'x', 1]);
    expect(subscriber.call('PSUBSCRIBE', '*')).toEqual(['psubscribe', '*', 2]);
    expect(publisher.call('SPUBLISH', 'x', 'hi')).toBe(1);
    expect(subscriber.take()).toEqual([['smessage', 'x', 'hi']]);
    expect(publisher.call('PUBSUB', 'SHARDCHANNELS', 'x*')).toEqual(['x']);
    expect(publisher.call('PUBSUB', 'SHARDNUMSUB', 'x', 'q')).toEqual(['x', 1, 'q', 0]);
    expect(publisher.call('PUBSUB', 'CHANNELS')).toEqual(['x']);
    subscriber.call('UNSUBSCRIBE');
    subscriber.call('PUNSUBSCRIBE');
    subscriber.take();
    expect(subscriber.call('GET', 'k')).toBeInstanceOf(ErrorReply);
    expect(subscriber.call('SUNSUBSCRIBE')).toEqual(['sunsubscribe', 'x', 1]);
    expect(subscriber.take()).toEqual([['sunsubscribe', 'y', 0]]);
    expect(subscriber.call('SUNSUBSCRIBE')).toEqual(['sunsubscribe', null, 0]);
    expect(subscriber.call('GET', 'k')).toBe(null);
  });

  it('drops shard subscriptions on RESET and disconnect, and refuses SSUBSCRIBE inside EXEC', () => {
    const { client } = createTestEngine();
    const subscriber = client();
    const publisher = client();
    subscriber.call('SSUBSCRIBE', 's');
    subscriber.call('RESET');
    expect(publisher.call('PUBSUB', 'SHARDNUMSUB', 's')).toEqual(['s', 0]);
    subscriber.call('SSUBSCRIBE', 's');
    subscriber.connection.disconnected();
    expect(publisher.call('SPUBLISH', 's', 'm')).toBe(0);
    publisher.call('MULTI');
    publisher.call('SSUBSCRIBE', 'm');
    expect(publisher.call('EXEC')).toEqual([new ErrorReply("ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client")]);
  });

  it('sends RESP3 pushes, and treats shard channels as channels for ACL, not keys', () => {
    const { client } = createTestEngine();
    const admin = client();
    expect(admin.call('COMMAND', 'GETKEYS', 'SPUBLISH', 'a', 'b')).toEqual(new ErrorReply('ERR The command has no key arguments'));
    admin.call('ACL', 'SETUSER', 'u', 'on', 'nopass', '+@all', '&ch*');
    const subscriber = client();
    subscriber.call('HELLO', '3');
    subscriber.call('AUTH', 'u', 'x');
    expect(subscriber.call('SPUBLISH', 'other', 'm')).toEqual(new ErrorReply(
      'NOPERM this user has no permissions to access one of the channels used as arguments'));
    expect(subscriber.call('SSUBSCRIBE', 'ch1')).toEqual(new PushReply(['ssubscribe', 'ch1', 1]));
    expect(admin.call('SPUBLISH', 'ch1', 'v')).toBe(1);
    expect(subscriber.take()).toEqual([new PushReply(['smessage', 'ch1', 'v'])]);
    expect((subscriber.call('CLIENT', 'INFO') as VerbatimString).text).toMatch(/ sub=0 psub=0 ssub=1 /);
  });
});
