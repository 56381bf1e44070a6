/**
 * Pub/Sub against ballast-server and redis-server over RESP2 and RESP3: channel and pattern
 * subscriptions, unsubscribing, binary payloads, and subscriptions restored after the server is
 * SIGKILLed and restarted on the same port.
 */
import { describe, expect, it } from 'vitest';
import { createClient } from '../src/index.js';
import { serverFor, TARGETS } from './support/servers.js';

const FAST_RECONNECT = { initialDelayMs: 20, maxDelayMs: 200 };

function until(check: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const poll = () => (check() ? resolve() : setTimeout(poll, 5));
    poll();
  });
}

async function untilAsync(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe.each(TARGETS)('pub/sub against %s', (target) => {
  const server = serverFor(target);

  describe.each([2, 3] as const)('RESP%i', (protocol) => {
    it('delivers channel and pattern messages, and stops after unsubscribe', async () => {
      const subscriber = createClient({ port: server.port, protocol });
      const publisher = createClient({ port: server.port, protocol });
      const received: string[] = [];
      await subscriber.subscribe(['news', 'sport'], (message, channel) => received.push(`${channel}:${message}`));
      await subscriber.psubscribe('log.*', (message, channel, pattern) => received.push(`${pattern}:${channel}:${message}`));
      expect(await publisher.publish('news', 'héllo')).toBe(1);
      await publisher.publish('sport', 'goal');
      await publisher.publish('log.error', 'disk');
      await until(() => received.length === 3);
      expect(received).toEqual(['news:héllo', 'sport:goal', 'log.*:log.error:disk']);
      await subscriber.unsubscribe('news');
      expect(await publisher.publish('news', 'gone')).toBe(0);
      await subscriber.unsubscribe();
      await subscriber.punsubscribe();
      expect(await publisher.publish('sport', 'gone')).toBe(0);
      if (protocol === 3) expect(await subscriber.ping()).toBe('PONG');
      await Promise.all([subscriber.quit(), publisher.quit()]);
    });

    it('delivers binary payloads as Buffers to a buffers() subscriber', async () => {
      const subscriber = createClient({ port: server.port, protocol });
      const publisher = createClient({ port: server.port, protocol });
      const payload = Buffer.from([0, 1, 254, 255, 13, 10]);
      const received: Buffer[] = [];
      await subscriber.buffers().subscribe('bin', (message) => received.push(message));
      await publisher.publish('bin', payload);
      await until(() => received.length === 1);
      expect(received[0].equals(payload)).toBe(true);
      await Promise.all([subscriber.quit(), publisher.quit()]);
    });

    it('restores subscriptions after the server is killed and restarted', async () => {
      const subscriber = createClient({ port: server.port, protocol, reconnect: FAST_RECONNECT });
      const publisher = createClient({ port: server.port, protocol, reconnect: FAST_RECONNECT });
      subscriber.on('error', () => undefined);
      publisher.on('error', () => undefined);
      const received: string[] = [];
      await subscriber.subscribe('events', (message) => received.push(message));
      await subscriber.psubscribe('events.*', (message) => received.push(`pattern ${message}`));
      await publisher.publish('events', 'before');
      await until(() => received.length === 1);
      await server.kill();
      await server.restart();
      await until(() => subscriber.status === 'ready' && publisher.status === 'ready');
      // The server forgot every subscription when it was killed: wait until the restored ones
      // are registered again, as the server itself counts them.
      await untilAsync(async () => {
        const [numsub, numpat] = await Promise.all([publisher.call('PUBSUB', 'NUMSUB', 'events'), publisher.call('PUBSUB', 'NUMPAT')]);
        return JSON.stringify(numsub) === JSON.stringify(['events', 1]) && numpat === 1;
      });
      expect(await publisher.publish('events', 'after')).toBe(1);
      expect(await publisher.publish('events.x', 'after')).toBe(1);
      await until(() => received.length === 3);
      expect(received).toEqual(['before', 'after', 'pattern after']);
      await Promise.all([subscriber.quit(), publisher.quit()]);
    });
  });
});
