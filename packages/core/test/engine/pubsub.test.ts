import { describe, expect, it } from 'vitest';
import { ErrorReply, PushReply } from '../../src/resp/reply.js';
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
