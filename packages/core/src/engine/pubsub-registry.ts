/**
 * PubSubRegistry: channel and pattern subscriptions. Publishing delivers a `message` push to
 * every subscriber of the channel and a `pmessage` push to every client whose pattern matches,
 * in subscription order, as Redis does.
 */
import { matchGlob } from '../keyspace/glob.js';
import type { ByteString } from '../resp/byte-string.js';
import { PushReply } from '../resp/reply.js';

export interface Subscriber {
  readonly channels: Set<ByteString>;
  readonly patterns: Set<ByteString>;
  /** Queues an out-of-band message for the client. */
  deliver(reply: PushReply): void;
}

export class PubSubRegistry {
  private readonly channelSubscribers = new Map<ByteString, Set<Subscriber>>();
  private readonly patternSubscribers = new Map<ByteString, Set<Subscriber>>();

  /** Returns true when the subscriber was not yet subscribed to `channel`. */
  subscribe(subscriber: Subscriber, channel: ByteString): boolean {
    if (subscriber.channels.has(channel)) return false;
    subscriber.channels.add(channel);
    let set = this.channelSubscribers.get(channel);
    if (!set) this.channelSubscribers.set(channel, (set = new Set()));
    set.add(subscriber);
    return true;
  }

  unsubscribe(subscriber: Subscriber, channel: ByteString): boolean {
    if (!subscriber.channels.delete(channel)) return false;
    const set = this.channelSubscribers.get(channel);
    set?.delete(subscriber);
    if (set?.size === 0) this.channelSubscribers.delete(channel);
    return true;
  }

  psubscribe(subscriber: Subscriber, pattern: ByteString): boolean {
    if (subscriber.patterns.has(pattern)) return false;
    subscriber.patterns.add(pattern);
    let set = this.patternSubscribers.get(pattern);
    if (!set) this.patternSubscribers.set(pattern, (set = new Set()));
    set.add(subscriber);
    return true;
  }

  punsubscribe(subscriber: Subscriber, pattern: ByteString): boolean {
    if (!subscriber.patterns.delete(pattern)) return false;
    const set = this.patternSubscribers.get(pattern);
    set?.delete(subscriber);
    if (set?.size === 0) this.patternSubscribers.delete(pattern);
    return true;
  }

  publish(channel: ByteString, message: ByteString): number {
    let receivers = 0;
    const subscribers = this.channelSubscribers.get(channel);
    if (subscribers) {
      for (const subscriber of subscribers) subscriber.deliver(new PushReply(['message', channel, message]));
      receivers += subscribers.size;
    }
    for (const [pattern, patternSubscribers] of this.patternSubscribers) {
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
    for (const channel of this.channelSubscribers.keys()) {
      if (pattern === null || matchGlob(pattern, channel)) out.push(channel);
    }
    return out;
  }

  subscriberCount(channel: ByteString): number {
    return this.channelSubscribers.get(channel)?.size ?? 0;
  }

  patternCount(): number {
    return this.patternSubscribers.size;
  }
}
