/**
 * KeyspaceNotifier: Redis's notifyKeyspaceEvent. Handlers (through their context) and the
 * keyspace hooks (new keys, expiry, misses) report events; when the event's class is enabled in
 * notify-keyspace-events it is published as an ordinary pub/sub message, on
 * `__keyspace@<db>__:<key>` (message: the event) and then `__keyevent@<db>__:<event>` (message:
 * the key), so PSUBSCRIBE, RESP3 pushes and CLIENT REPLY treat it as any PUBLISH.
 *
 * Guarantees: with the class off, a report costs one integer check; while effects are replayed
 * (recovery) nothing is published; delivery goes through the subscribers' `deliver`, which the
 * reply gate holds until the unit that caused it is committed (appendfsync always).
 */
import { NOTIFY_KEYEVENT, NOTIFY_KEYSPACE, parseKeyspaceEventClasses } from '../config/keyspace-event-classes.js';
import type { Config } from '../config/config.js';
import type { KeyspaceNotifications } from '../commands/types.js';
import type { ByteString } from '../resp/byte-string.js';
import type { PubSubRegistry } from './pubsub-registry.js';

export class KeyspaceNotifier implements KeyspaceNotifications {
  /** notify-keyspace-events as class bits (0: off), kept in step with the config. */
  private flags = 0;
  /**
   * @param replaying true while logged effects are replayed (recovery): they publish nothing,
   *   as they are not news.
   */
  constructor(config: Config, private readonly registry: PubSubRegistry, private readonly replaying: () => boolean) {
    config.observe('notify-keyspace-events', (text) => {
      this.flags = parseKeyspaceEventClasses(String(text)) ?? 0;
    });
  }

  notify(type: number, event: string, key: ByteString, database: number): void {
    if ((this.flags & type) === 0 || this.replaying()) return;
    if ((this.flags & NOTIFY_KEYSPACE) !== 0) this.registry.publish(`__keyspace@${database}__:${key}`, event);
    if ((this.flags & NOTIFY_KEYEVENT) !== 0) this.registry.publish(`__keyevent@${database}__:${event}`, key);
  }
}
