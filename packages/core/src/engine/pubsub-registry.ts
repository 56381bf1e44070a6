/**
 * PubSubRegistry: channel and pattern subscriptions. Publishing delivers a `message` push to
 * every subscriber of the channel and a `pmessage` push to every client whose pattern matches,
 * in subscription order, as Redis does. Messages go through each subscriber's `deliver`, which
 * (under appendfsync always) holds them until the unit being run, if it wrote, is committed.
 */
import type { PubSubServices, ServerStats } from '../commands/services.js';
import { matchGlob } from '../keyspace/glob.js';
import type { ByteString } from '../resp/byte-string.js';
import { PushReply } from '../resp/reply.js';

export interface Subscriber {
  readonly channels: Set<ByteString>;
  readonly patterns: Set<ByteString>;
  /** Queues a published message for the client (behind the unit running now, see ReplyGate.sendPublished). */
  deliver(reply: PushReply): void;
}

/** One side of the registry: names (channels or patterns) → subscribers, in arrival order. */
class SubscriptionIndex {
  readonly byName = new Map<ByteString, Set<Subscriber>>();

  constructor(private readonly namesOf: (subscriber: Subscriber) => Set<ByteString>) {}

  /** Returns true when the subscriber was not subscribed to `name` yet. */
  add(subscriber: Subscriber, name: ByteString): boolean {
    const names = this.namesOf(subscriber);
    if (names.has(name)) return false;
    names.add(name);
    let set = this.byName.get(name);
    if (!set) this.byName.set(name, (set = new Set()));
    set.add(subscriber);
    return true;
  }

  remove(subscriber: Subscriber, name: ByteString): boolean {
    if (!this.namesOf(subscriber).delete(name)) return false;
    const set = this.byName.get(name);
    set?.delete(subscriber);
    if (set?.size === 0) this.byName.delete(name);
    return true;
  }
}

export class PubSubRegistry {
  /** What commands see of the registry (PUBLISH, PUBSUB); publishing counts into `stats`. */
  services(stats: ServerStats): PubSubServices {
    return {
      publish: (channel, message) => {
        stats.pubsubMessages++;
        return this.publish(channel, message);
      },
      channels: (pattern) => this.channels(pattern),
      subscriberCount: (channel) => this.subscriberCount(channel),
      patternCount: () => this.patternCount(),
    };
  }

  private readonly channelIndex = new SubscriptionIndex((subscriber) => subscriber.channels);
  private readonly patternIndex = new SubscriptionIndex((subscriber) => subscriber.patterns);

  /** Returns true when the subscriber was not yet subscribed to `channel`. */
  subscribe(subscriber: Subscriber, channel: ByteString): boolean {
    return this.channelIndex.add(subscriber, channel);
  }

  unsubscribe(subscriber: Subscriber, channel: ByteString): boolean {
    return this.channelIndex.remove(subscriber, channel);
  }

  psubscribe(subscriber: Subscriber, pattern: ByteString): boolean {
    return this.patternIndex.add(subscriber, pattern);
  }

  punsubscribe(subscriber: Subscriber, pattern: ByteString): boolean {
    return this.patternIndex.remove(subscriber, pattern);
  }

  publish(channel: ByteString, message: ByteString): number {
    let receivers = 0;
    const subscribers = this.channelIndex.byName.get(channel);
    if (subscribers) {
      for (const subscriber of subscribers) subscriber.deliver(new PushReply(['message', channel, message]));
      receivers += subscribers.size;
    }
    for (const [pattern, patternSubscribers] of this.patternIndex.byName) {
      if (!matchGlob(pattern, channel)) continue;
      for (const subscriber of patternSubscribers) {
        subscriber.deliver(new PushReply(['pmessage', pattern, channel, message]));
        receivers++;
      }
    }
    return receivers;
  }

  channels(pattern: ByteString | null): ByteString[] {
    const out: ByteString[] = [];
    for (const channel of this.channelIndex.byName.keys()) {
      if (pattern === null || matchGlob(pattern, channel)) out.push(channel);
    }
    return out;
  }

  subscriberCount(channel: ByteString): number {
    return this.channelIndex.byName.get(channel)?.size ?? 0;
  }

  patternCount(): number {
    return this.patternIndex.byName.size;
  }
}
