/**
 * PubSubRegistry: channel and pattern subscriptions. Publishing delivers a `message` push to
 * every subscriber of the channel and a `pmessage` push to every client whose pattern matches,
 * in subscription order, as Redis does. Shard channels (SSUBSCRIBE, SPUBLISH) are a second
 * namespace of channels with no patterns: an `smessage` push goes to their subscribers only, as
 * Redis 7.0 does with cluster mode off. Messages go through each subscriber's `deliver`, which
 * (under appendfsync always) holds them until the unit being run, if it wrote, is committed.
 */
import type { PubSubServices, ServerStats } from '../commands/services.js';
import { matchGlob } from '../keyspace/glob.js';
import type { ByteString } from '../resp/byte-string.js';
import { PushReply } from '../resp/reply.js';

export interface Subscriber {
  readonly channels: Set<ByteString>;
  readonly patterns: Set<ByteString>;
  readonly shardChannels: Set<ByteString>;
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

  /** The names with at least one subscriber that match an optional glob. */
  names(pattern: ByteString | null): ByteString[] {
    const out: ByteString[] = [];
    for (const name of this.byName.keys()) {
      if (pattern === null || matchGlob(pattern, name)) out.push(name);
    }
    return out;
  }

  /** Delivers `reply` to every subscriber of `name`; returns how many there were. */
  deliver(name: ByteString, reply: () => PushReply): number {
    const subscribers = this.byName.get(name);
    if (!subscribers) return 0;
    for (const subscriber of subscribers) subscriber.deliver(reply());
    return subscribers.size;
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
      spublish: (channel, message) => {
        stats.pubsubMessages++;
        return this.spublish(channel, message);
      },
      shardChannels: (pattern) => this.shardChannelIndex.names(pattern),
      shardSubscriberCount: (channel) => this.shardChannelIndex.byName.get(channel)?.size ?? 0,
    };
  }

  private readonly channelIndex = new SubscriptionIndex((subscriber) => subscriber.channels);
  private readonly patternIndex = new SubscriptionIndex((subscriber) => subscriber.patterns);
  private readonly shardChannelIndex = new SubscriptionIndex((subscriber) => subscriber.shardChannels);

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

  ssubscribe(subscriber: Subscriber, channel: ByteString): boolean {
    return this.shardChannelIndex.add(subscriber, channel);
  }

  sunsubscribe(subscriber: Subscriber, channel: ByteString): boolean {
    return this.shardChannelIndex.remove(subscriber, channel);
  }

  /** Drops every subscription of a client (disconnect, RESET). */
  unsubscribeAll(subscriber: Subscriber): void {
    for (const channel of [...subscriber.channels]) this.channelIndex.remove(subscriber, channel);
    for (const pattern of [...subscriber.patterns]) this.patternIndex.remove(subscriber, pattern);
    for (const channel of [...subscriber.shardChannels]) this.shardChannelIndex.remove(subscriber, channel);
  }

  publish(channel: ByteString, message: ByteString): number {
    let receivers = this.channelIndex.deliver(channel, () => new PushReply(['message', channel, message]));
    for (const [pattern, patternSubscribers] of this.patternIndex.byName) {
      if (!matchGlob(pattern, channel)) continue;
      for (const subscriber of patternSubscribers) {
        subscriber.deliver(new PushReply(['pmessage', pattern, channel, message]));
        receivers++;
      }
    }
    return receivers;
  }

  /** SPUBLISH: shard channel subscribers only; patterns never match shard channels. */
  spublish(channel: ByteString, message: ByteString): number {
    return this.shardChannelIndex.deliver(channel, () => new PushReply(['smessage', channel, message]));
  }

  channels(pattern: ByteString | null): ByteString[] {
    return this.channelIndex.names(pattern);
  }

  subscriberCount(channel: ByteString): number {
    return this.channelIndex.byName.get(channel)?.size ?? 0;
  }

  patternCount(): number {
    return this.patternIndex.byName.size;
  }
}
