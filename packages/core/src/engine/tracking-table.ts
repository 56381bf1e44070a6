/**
 * TrackingTable: client-side caching's server side, as Redis 7.0.15's tracking.c. One table per
 * process (a key is a key, whatever its shard or database): the keys tracking clients read, each
 * with the ids of the clients that may cache it, and the BCAST prefixes with their subscribers and
 * the keys changed under them since the last broadcast.
 *
 * - A read-only command of a tracking client remembers its keys (OPTIN after CLIENT CACHING yes,
 *   OPTOUT unless CLIENT CACHING no); a change to a key sends `invalidate [key]` once to every
 *   client that read it, and forgets it. FLUSHALL/FLUSHDB send `invalidate null` to every tracking
 *   client and empty the table. BCAST keys go out per prefix when the event loop turns
 *   (`broadcast`, Redis's beforeSleep).
 * - An invalidation goes as a RESP3 push to the client, or to its REDIRECT client (a RESP3 push,
 *   or a `message` on `__redis__:invalidate` when that RESP2 client is subscribed); a redirection
 *   whose client is gone is reported with `tracking-redir-broken` (RESP3).
 * - Durability: every invalidation goes through the reply gate. One due to the running command's
 *   own client waits for that command's reply and leaves right behind it (Redis's pending keys);
 *   one to another client leaves behind the open unit (`deliver`), like a keyspace notification;
 *   a broadcast waits for everything logged so far. Under appendfsync always no client learns of
 *   a write a crash could take back, and its output keeps its order.
 * - While logged effects are replayed (recovery) nothing is invalidated or remembered.
 */
import type { TrackedClient, TrackingModes, TrackingServices, TrackingState } from '../commands/server/client-tracking.js';
import type { CommandSpec } from '../commands/types.js';
import { keyPositions } from '../commands/key-positions.js';
import type { Random } from '../io/random.js';
import { DenseMap } from '../keyspace/dense-map.js';
import type { ByteString } from '../resp/byte-string.js';
import { PushReply, type Reply } from '../resp/reply.js';
import type { ReplyWait } from './reply-gate.js';

/** The pub/sub channel a RESP2 redirection receives invalidations on. */
export const INVALIDATION_CHANNEL = '__redis__:invalidate';

/** A client as the table sees it. */
export interface TrackingClient {
  readonly id: number;
  readonly tracking: TrackingState;
  readonly protocol: 2 | 3;
  /** Subscribed to something (Redis's CLIENT_PUBSUB): a RESP2 redirection receives `message`s then. */
  readonly subscribed: boolean;
  /** Sends an invalidation behind the unit being run (ReplyGate.sendPublished). */
  deliverInvalidation(reply: PushReply): void;
  /** Sends an invalidation behind the running command's reply, waiting as it does. */
  deliverAfterReply(reply: PushReply, wait: ReplyWait): void;
}

export interface TrackingTableOptions {
  readonly lookup: (id: number) => TrackingClient | undefined;
  /** Every connected client, in connection order (a flush tells each tracking one). */
  readonly clients: () => Iterable<TrackingClient>;
  readonly random: Random;
  /** True while logged effects are replayed (recovery): they are not news. */
  readonly replaying: () => boolean;
  /** What a broadcast waits for: everything logged so far. */
  readonly broadcastWait: () => ReplyWait;
  /** Keys wait for a broadcast: the next flush (the event loop's turn) must come. */
  readonly broadcastDue: () => void;
}

/** A BCAST prefix: its subscribers (ids, in the order they subscribed) and the keys changed under it, each with who changed it last (0: no client). */
interface PrefixState {
  readonly clients: Set<number>;
  readonly keys: Map<ByteString, number>;
}

/** Redis's radix tree keys client ids by their 8 bytes in memory (little-endian): its iteration order. */
function compareIdBytes(first: number, second: number): number {
  for (let a = first, b = second; a > 0 || b > 0; a = Math.floor(a / 256), b = Math.floor(b / 256)) {
    const difference = (a % 256) - (b % 256);
    if (difference !== 0) return difference;
  }
  return 0;
}

function byteOrder(first: ByteString, second: ByteString): number {
  return first < second ? -1 : first > second ? 1 : 0;
}

/** Read-only commands whose own run remembers nothing: the read-only script forms (their keys are remembered when the script reads). */
const UNTRACKED_READS: ReadonlySet<string> = new Set(['eval_ro', 'evalsha_ro', 'fcall_ro']);

export class TrackingTable implements TrackingServices {
  /** Key → ids of the clients that may cache it; dense for the random picks of the key limit. */
  private readonly keys = new DenseMap<ByteString, Set<number>>();
  private items = 0;
  private readonly prefixes = new Map<ByteString, PrefixState>();
  /** Prefixes with keys waiting for the next broadcast. */
  private broadcastDue = false;
  private trackingClients = 0;
  /** tracking-table-max-keys (0: no limit). */
  maxKeys = 1_000_000;
  /** How many limit passes in a row ended still over the limit (Redis's timeout_counter). */
  private limitRounds = 0;
  /** The client whose command runs (Redis's current_client), between beginCommand and endCommand. */
  private current: TrackingClient | null = null;
  /** Invalidations for `current`, sent after its reply (Redis's tracking_pending_keys); null: a flush. */
  private pending: (ByteString | null)[] = [];
  /** A database was emptied by the running handler: one `invalidate null` when it returns. */
  private flushSeen = false;
  /** A key being deleted by expiry: its `modified` event that follows has no modifying client. */
  private expiringKey: ByteString | null = null;

  constructor(private readonly options: TrackingTableOptions) {}

  get clientCount(): number {
    return this.trackingClients;
  }

  get keyCount(): number {
    return this.keys.size;
  }

  get itemCount(): number {
    return this.items;
  }

  get prefixCount(): number {
    return this.prefixes.size;
  }

  hasClient(id: number): boolean {
    return this.options.lookup(id) !== undefined;
  }

  enable(client: TrackedClient, redirect: number, modes: TrackingModes, prefixes: readonly ByteString[]): void {
    const state = client.tracking;
    if (!state.on) this.trackingClients++;
    state.on = true;
    state.brokenRedirect = false;
    state.redirect = redirect;
    state.bcast = modes.bcast;
    state.optin = modes.optin;
    state.optout = modes.optout;
    state.noloop = modes.noloop;
    if (!modes.bcast) return;
    if (prefixes.length === 0) this.subscribePrefix(client.id, state, '');
    for (const prefix of prefixes) this.subscribePrefix(client.id, state, prefix);
  }

  private subscribePrefix(id: number, state: TrackingState, prefix: ByteString): void {
    let entry = this.prefixes.get(prefix);
    if (entry === undefined) this.prefixes.set(prefix, (entry = { clients: new Set(), keys: new Map() }));
    if (entry.clients.has(id)) return;
    entry.clients.add(id);
    state.prefixes.push(prefix);
    state.prefixes.sort(byteOrder);
  }

  disable(client: TrackedClient): void {
    const state = client.tracking;
    for (const prefix of state.prefixes) {
      const entry = this.prefixes.get(prefix);
      entry?.clients.delete(client.id);
      if (entry?.clients.size === 0) this.prefixes.delete(prefix);
    }
    state.prefixes = [];
    if (!state.on) return;
    this.trackingClients--;
    Object.assign(state, { on: false, bcast: false, optin: false, optout: false, caching: false, noloop: false, brokenRedirect: false });
  }

  /** A top-level command of `client` starts: invalidations due to it wait for its reply. */
  beginCommand(client: TrackingClient): TrackingClient | null {
    const outer = this.current;
    this.current = client;
    return outer;
  }

  /** The command's reply was written with `wait`: its client's invalidations follow it. */
  endCommand(wait: ReplyWait, outer: TrackingClient | null): void {
    const client = this.current;
    this.current = outer;
    if (client === null || this.pending.length === 0) return;
    const keys = this.pending;
    this.pending = [];
    for (const key of keys) this.send(client, key === null ? null : [key], (target, reply) => target.deliverAfterReply(reply, wait));
  }

  /** Sends the running command's pending invalidations now, before its reply (keys maxmemory evicted before it ran). */
  sendPendingNow(): void {
    const client = this.current;
    if (client === null || this.pending.length === 0) return;
    const keys = this.pending;
    this.pending = [];
    for (const key of keys) this.send(client, key === null ? null : [key], deliverNow);
  }

  /** Whether running `spec` makes a tracking client remember keys (Redis's call(): read-only, not EVAL_RO, EVALSHA_RO or FCALL_RO). */
  remembersReadsOf(spec: CommandSpec): boolean {
    return this.trackingClients > 0 && spec.flags.includes('readonly') && !UNTRACKED_READS.has(spec.name);
  }

  /**
   * A read-only command ran for `caller` (a script's caller when a script ran it, with the
   * script's command line): remember its keys, as Redis's trackingRememberKeys.
   */
  rememberRead(caller: TrackingClient, spec: CommandSpec, args: readonly ByteString[]): void {
    const state = caller.tracking;
    if (!state.on || state.bcast || this.options.replaying()) return;
    if ((state.optin && !state.caching) || (state.optout && state.caching)) return;
    if (spec.flags.includes('pubsub')) return;
    for (const position of keyPositions(spec, args)) {
      const key = args[position];
      let ids = this.keys.get(key);
      if (ids === undefined) this.keys.set(key, (ids = new Set()));
      if (ids.has(caller.id)) continue;
      ids.add(caller.id);
      this.items++;
    }
  }

  /** Redis resets CLIENT CACHING after each command, except CLIENT's own and inside MULTI. */
  commandDone(client: TrackingClient, fullName: string, inMulti: boolean): void {
    if (!client.tracking.caching || inMulti || fullName === 'client' || fullName.startsWith('client|')) return;
    client.tracking.caching = false;
  }

  /** Some key is remembered or some prefix watched: otherwise a change costs two size checks. */
  private get watching(): boolean {
    return this.keys.size > 0 || this.prefixes.size > 0;
  }

  /** The next `modified` event of `key` is its expiry's: no client changed it. */
  keyExpiring(key: ByteString): void {
    if (this.watching) this.expiringKey = key;
  }

  /** `key` changed (written, deleted, expired, evicted); `modifier`: the id of the client whose handler changed it, 0 for none. */
  keyModified(key: ByteString, modifier: number): void {
    if (!this.watching) return;
    if (key === this.expiringKey) {
      this.expiringKey = null;
      modifier = 0;
    }
    if (this.options.replaying()) return;
    this.invalidate(key, modifier, true, true);
  }

  /** Redis's trackingInvalidateKey. `broadcast`: note it for the BCAST prefixes; `deferOwn`: the running command's client gets it after the reply. */
  private invalidate(key: ByteString, modifier: number, broadcast: boolean, deferOwn: boolean): void {
    if (broadcast && this.prefixes.size > 0) this.noteForBroadcast(key, modifier);
    const ids = this.keys.get(key);
    if (ids === undefined) return;
    const order = ids.size > 1 ? [...ids].sort(compareIdBytes) : ids;
    for (const id of order) {
      const target = this.options.lookup(id);
      if (target === undefined || !target.tracking.on || target.tracking.bcast) continue;
      if (target.tracking.noloop && target === this.current) continue;
      if (target === this.current && deferOwn) this.pending.push(key);
      else this.send(target, [key], deliverNow);
    }
    this.items -= ids.size;
    this.keys.delete(key);
  }

  private noteForBroadcast(key: ByteString, modifier: number): void {
    for (const [prefix, entry] of this.prefixes) {
      if (!key.startsWith(prefix)) continue;
      entry.keys.set(key, modifier);
      if (!this.broadcastDue) this.options.broadcastDue();
      this.broadcastDue = true;
    }
  }

  /** A database was emptied (FLUSHDB, FLUSHALL, a reload): told once per handler by settleFlush. */
  databaseFlushed(): void {
    if (!this.options.replaying()) this.flushSeen = true;
  }

  /** Redis's trackingInvalidateKeysOnFlush, once for the flushes of the handler that just ran. */
  settleFlush(): void {
    if (!this.flushSeen) return;
    this.flushSeen = false;
    if (this.trackingClients > 0) {
      for (const client of this.options.clients()) {
        if (!client.tracking.on) continue;
        if (client === this.current) this.pending.push(null);
        else this.send(client, null, deliverNow);
      }
    }
    this.keys.clear();
    this.items = 0;
  }

  /** Redis's trackingLimitUsedSlots: over tracking-table-max-keys, invalidate random keys, with more effort each pass that stays over. */
  enforceLimit(): void {
    if (this.trackingClients === 0 || this.maxKeys === 0) return;
    if (this.keys.size <= this.maxKeys) {
      this.limitRounds = 0;
      return;
    }
    for (let effort = 100 * (this.limitRounds + 1); effort > 0 && this.keys.size > 0; effort--) {
      this.invalidate(this.keys.keyAt(this.keys.randomPosition(this.options.random)), 0, false, false);
      if (this.keys.size <= this.maxKeys) {
        this.limitRounds = 0;
        return;
      }
    }
    this.limitRounds++;
  }

  /** Redis's trackingBroadcastInvalidationMessages (beforeSleep): each prefix's changed keys to its subscribers, in byte order. */
  broadcast(): void {
    if (!this.broadcastDue) return;
    this.broadcastDue = false;
    if (this.trackingClients === 0) {
      for (const entry of this.prefixes.values()) entry.keys.clear();
      return;
    }
    const wait = this.options.broadcastWait();
    const deliver = (target: TrackingClient, reply: PushReply): void => target.deliverAfterReply(reply, wait);
    for (const prefix of [...this.prefixes.keys()].sort(byteOrder)) {
      const entry = this.prefixes.get(prefix)!;
      if (entry.keys.size === 0) continue;
      const changed = [...entry.keys].sort(([first], [second]) => byteOrder(first, second));
      entry.keys.clear();
      for (const id of entry.clients) {
        const client = this.options.lookup(id);
        if (client === undefined) continue;
        const keys = client.tracking.noloop ? changed.filter(([, modifier]) => modifier !== id) : changed;
        if (keys.length > 0) this.send(client, keys.map(([key]) => key), deliver);
      }
    }
  }

  /** Redis's sendTrackingMessage: to the client or its redirection, as a RESP3 push or a RESP2 `message`; `keys` null: everything. */
  private send(client: TrackingClient, keys: ByteString[] | null, deliver: (target: TrackingClient, reply: PushReply) => void): void {
    const state = client.tracking;
    let target = client;
    const redirected = state.redirect !== 0;
    if (redirected) {
      const receiver = this.options.lookup(state.redirect);
      if (receiver === undefined) {
        state.brokenRedirect = true;
        if (client.protocol === 3) deliver(client, new PushReply(['tracking-redir-broken', state.redirect]));
        return;
      }
      target = receiver;
    }
    const payload: Reply = keys;
    if (target.protocol === 3) deliver(target, new PushReply(['invalidate', payload]));
    else if (redirected && target.subscribed) deliver(target, new PushReply(['message', INVALIDATION_CHANNEL, payload]));
  }
}

function deliverNow(target: TrackingClient, reply: PushReply): void {
  target.deliverInvalidation(reply);
}
