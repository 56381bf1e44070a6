/**
 * BlockingRegistry: clients parked by BLPOP, BRPOP, BLMOVE… on list keys, in arrival order,
 * and the keys signalled ready since the last command. After each command the engine drains
 * the ready keys and offers each key to its blocked clients first come, first served — Redis's
 * fairness rule.
 */
import type { ByteString } from '../resp/byte-string.js';

export interface BlockedClient {
  readonly blockedDatabase: number;
  readonly blockedKeys: readonly ByteString[];
}

const NONE_READY: Array<{ database: number; key: ByteString }> = [];

export class BlockingRegistry<C extends BlockedClient> {
  private readonly byDatabase = new Map<number, Map<ByteString, C[]>>();
  private readyKeys: Array<{ database: number; key: ByteString }> = [];
  private readonly readySet = new Set<string>();
  private blockedCount = 0;

  get size(): number {
    return this.blockedCount;
  }

  block(client: C): void {
    let keys = this.byDatabase.get(client.blockedDatabase);
    if (!keys) this.byDatabase.set(client.blockedDatabase, (keys = new Map()));
    for (const key of new Set(client.blockedKeys)) {
      const queue = keys.get(key);
      if (queue) queue.push(client);
      else keys.set(key, [client]);
    }
    this.blockedCount++;
  }

  unblock(client: C): void {
    const keys = this.byDatabase.get(client.blockedDatabase);
    if (!keys) return;
    for (const key of new Set(client.blockedKeys)) {
      const queue = keys.get(key);
      if (!queue) continue;
      const position = queue.indexOf(client);
      if (position !== -1) queue.splice(position, 1);
      if (queue.length === 0) keys.delete(key);
    }
    if (keys.size === 0) this.byDatabase.delete(client.blockedDatabase);
    this.blockedCount--;
  }

  /** Notes that `key` got elements; ignored when nobody blocks on it. */
  signalReady(database: number, key: ByteString): void {
    if (this.blockedCount === 0 || !this.byDatabase.get(database)?.has(key)) return;
    const id = `${database}:${key}`;
    if (this.readySet.has(id)) return;
    this.readySet.add(id);
    this.readyKeys.push({ database, key });
  }

  /** Notes that every key blocked on in `database` may have changed (FLUSHDB, SWAPDB). */
  signalDatabase(database: number): void {
    const keys = this.byDatabase.get(database);
    if (keys !== undefined) for (const key of keys.keys()) this.signalReady(database, key);
  }

  /** Keys were signalled ready since the last takeReadyKeys. */
  get hasReadyKeys(): boolean {
    return this.readyKeys.length > 0;
  }

  /** Takes the keys signalled since the last call, in signal order. */
  takeReadyKeys(): Array<{ database: number; key: ByteString }> {
    if (this.readyKeys.length === 0) return NONE_READY;
    const ready = this.readyKeys;
    this.readyKeys = [];
    this.readySet.clear();
    return ready;
  }

  /** The clients blocked on a key, oldest first (a copy: serving one may unblock others). */
  clientsBlockedOn(database: number, key: ByteString): C[] {
    return [...(this.byDatabase.get(database)?.get(key) ?? [])];
  }

  /**
   * Offers every key signalled ready to the clients blocked on it, oldest first (Redis's
   * fairness), until no key is left — serving one client may signal more keys.
   */
  offerReadyKeys(offer: (client: C) => void): void {
    for (let ready = this.takeReadyKeys(); ready.length > 0; ready = this.takeReadyKeys()) {
      for (const { database, key } of ready) {
        for (const client of this.clientsBlockedOn(database, key)) offer(client);
      }
    }
  }
}
