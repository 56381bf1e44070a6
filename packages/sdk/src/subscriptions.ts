/**
 * The client's pub/sub state: which channels and patterns it wants, and who listens to each.
 * It is the source of truth across reconnects — after a new connection is ready the client
 * subscribes to everything here again — and it routes `message`/`pmessage` pushes to listeners.
 */
import type { Argument } from './request-encoder.js';
import { byteStringToText } from './reply-value.js';

/** Called with each message: the payload (a string, or a Buffer when asked), the channel, and for a pattern subscription the pattern. */
export type MessageListener<M = string> = (message: M, channel: string, pattern?: string) => void;

interface Listener {
  readonly fn: MessageListener<string | Buffer>;
  readonly buffers: boolean;
}

export type SubscriptionKind = 'channel' | 'pattern';

const CONFIRMATIONS = new Set(['subscribe', 'unsubscribe', 'psubscribe', 'punsubscribe']);

export class Subscriptions {
  private readonly channels = new Map<string, Listener[]>();
  private readonly patterns = new Map<string, Listener[]>();

  private table(kind: SubscriptionKind): Map<string, Listener[]> {
    return kind === 'channel' ? this.channels : this.patterns;
  }

  get size(): number {
    return this.channels.size + this.patterns.size;
  }

  count(kind: SubscriptionKind): number {
    return this.table(kind).size;
  }

  names(kind: SubscriptionKind): string[] {
    return [...this.table(kind).keys()];
  }

  add(kind: SubscriptionKind, names: readonly string[], fn: MessageListener<string | Buffer>, buffers: boolean): void {
    const table = this.table(kind);
    for (const name of names) {
      const listeners = table.get(name);
      if (listeners === undefined) table.set(name, [{ fn, buffers }]);
      else listeners.push({ fn, buffers });
    }
  }

  /** Forgets the names given, or every name of the kind when none are given. */
  remove(kind: SubscriptionKind, names: readonly string[]): void {
    const table = this.table(kind);
    if (names.length === 0) table.clear();
    for (const name of names) table.delete(name);
  }

  /** The commands that restore every subscription on a fresh connection. */
  restoreCommands(): Argument[][] {
    const commands: Argument[][] = [];
    if (this.channels.size > 0) commands.push(['SUBSCRIBE', ...this.channels.keys()]);
    if (this.patterns.size > 0) commands.push(['PSUBSCRIBE', ...this.patterns.keys()]);
    return commands;
  }

  /**
   * Delivers a message push (`message`, `pmessage`) to its listeners. Items are core's byte
   * strings; returns false when the push is not a message.
   */
  deliver(items: readonly unknown[]): boolean {
    const kind = items[0];
    if (kind === 'message' && items.length === 3) {
      this.dispatch(this.channels.get(byteStringToText(items[1] as string)), items[2] as string, items[1] as string);
      return true;
    }
    if (kind === 'pmessage' && items.length === 4) {
      this.dispatch(this.patterns.get(byteStringToText(items[1] as string)), items[3] as string, items[2] as string, items[1] as string);
      return true;
    }
    return false;
  }

  private dispatch(listeners: Listener[] | undefined, payload: string, channel: string, pattern?: string): void {
    if (listeners === undefined) return;
    const channelText = byteStringToText(channel);
    const patternText = pattern === undefined ? undefined : byteStringToText(pattern);
    for (const { fn, buffers } of listeners) {
      fn(buffers ? Buffer.from(payload, 'latin1') : byteStringToText(payload), channelText, patternText);
    }
  }
}

/** True for the pushes that confirm a (P)SUBSCRIBE or (P)UNSUBSCRIBE, one per name. */
export function isConfirmation(items: readonly unknown[]): boolean {
  return items.length === 3 && typeof items[0] === 'string' && CONFIRMATIONS.has(items[0]);
}

/** True for a message push. */
export function isMessage(items: readonly unknown[]): boolean {
  return (items[0] === 'message' && items.length === 3) || (items[0] === 'pmessage' && items.length === 4);
}
