/**
 * Engine: the whole server without I/O. Owns the shards (each with its numbered databases),
 * the slot table, the command table, the clients and the registries for WATCH, blocking and
 * pub/sub. Hosts hand it connections and bytes; it answers through each ConnectionHost.
 *
 * Execution model: one command at a time, to completion. Every external event (bytes received,
 * a timer, a disconnect) runs through runEvent, which afterwards serves clients unblocked by the
 * event and flushes every connection that has output — so many replies leave in one write.
 */
import { Config } from '../config/config.js';
import { CommandTable } from '../commands/table.js';
import { BlockRequest } from '../commands/types.js';
import type { Clock, TimerHandle } from '../io/clock.js';
import type { Random } from '../io/random.js';
import { Database, type KeyspaceEvents } from '../keyspace/database.js';
import { DatabaseView } from '../keyspace/database-view.js';
import type { ByteString } from '../resp/byte-string.js';
import { encodeReply } from '../resp/encoder.js';
import { ErrorReply, QUEUED, type Reply } from '../resp/reply.js';
import { SlotTable } from '../routing/slot-table.js';
import { BlockingRegistry } from './blocking-registry.js';
import { resolveCommand } from './command-resolver.js';
import { Connection } from './connection.js';
import type { ConnectionHost } from './connection-host.js';
import { PubSubRegistry } from './pubsub-registry.js';
import type { EngineServices, HostInfo, PubSubServices, ServerStats } from './services.js';
import { countCommand, countError, countRejected, createStats } from './stats.js';
import { WatchRegistry } from './watch-registry.js';

export type LogLevel = 'debug' | 'verbose' | 'notice' | 'warning';

export interface EngineOptions {
  readonly config: Config;
  readonly clock: Clock;
  readonly random: Random;
  readonly host: HostInfo;
  readonly log?: (level: LogLevel, message: string) => void;
  /** SHUTDOWN was accepted: the host stops listening and exits after flushing. */
  readonly onShutdown?: () => void;
  /**
   * How replies are flushed after an event. By default at once. A host may defer the flush to
   * the end of its I/O batch (the server uses setImmediate), so that, as in Redis's beforeSleep,
   * every client served in one poll iteration is written to together.
   */
  readonly scheduleFlush?: (flush: () => void) => void;
}

/** Commands a client inside MULTI runs at once instead of queueing (Redis's list). */
const TRANSACTION_CONTROL = new Set(['exec', 'discard', 'multi', 'watch', 'quit', 'reset']);
/** The only commands a RESP2 client may send while subscribed. */
const SUBSCRIBED_ALLOWED = new Set(['subscribe', 'ssubscribe', 'unsubscribe', 'sunsubscribe', 'psubscribe',
  'punsubscribe', 'ping', 'quit', 'reset']);
/** Active expiry: keys sampled per database per round, and rounds at most per cycle. */
const EXPIRE_SAMPLES_PER_ROUND = 20;
const EXPIRE_ROUNDS_MAX = 16;
const MAX_CLIENTS_ERROR = new ErrorReply('ERR max number of clients reached');

export class Engine implements EngineServices {
  readonly config: Config;
  readonly clock: Clock;
  readonly random: Random;
  readonly host: HostInfo;
  readonly stats: ServerStats = createStats();
  readonly databaseCount: number;
  readonly shardCount: number;
  readonly startedAtMs: number;
  readonly slots: SlotTable;
  /** shards[s][d]: database d of shard s. */
  readonly shards: Database[][];
  readonly blocking = new BlockingRegistry<Connection>();
  readonly watches = new WatchRegistry();
  readonly subscriptions = new PubSubRegistry();
  readonly pubsub: PubSubServices;
  /** The running command's wall time: lazy expiry within one command agrees on "now". */
  commandTimeMs: number;

  private readonly table = new CommandTable();
  private readonly views: DatabaseView[];
  private readonly connections = new Map<number, Connection>();
  private readonly pendingOutput = new Set<Connection>();
  private readonly resumeQueue: Connection[] = [];
  private nextClientId = 1;
  private eventDepth = 0;
  private cronTimer: TimerHandle | null = null;
  private readonly logSink: (level: LogLevel, message: string) => void;
  private readonly onShutdown: () => void;
  private readonly scheduleFlush: ((flush: () => void) => void) | undefined;
  private flushScheduled = false;

  constructor(options: EngineOptions) {
    this.config = options.config;
    this.clock = options.clock;
    this.random = options.random;
    this.host = options.host;
    this.logSink = options.log ?? (() => undefined);
    this.onShutdown = options.onShutdown ?? (() => undefined);
    this.scheduleFlush = options.scheduleFlush;
    this.databaseCount = this.config.integer('databases');
    this.shardCount = this.config.integer('shards');
    this.slots = SlotTable.balanced(this.shardCount);
    this.startedAtMs = this.clock.now();
    this.commandTimeMs = this.startedAtMs;
    const events = this.keyspaceEvents();
    const commandTime = () => this.commandTimeMs;
    this.shards = Array.from({ length: this.shardCount }, () =>
      Array.from({ length: this.databaseCount }, (_, index) => new Database(index, events, commandTime)),
    );
    this.views = Array.from({ length: this.databaseCount }, (_, index) =>
      new DatabaseView(index, this.shards.map((databases) => databases[index]), this.slots),
    );
    const subscriptions = this.subscriptions;
    const stats = this.stats;
    this.pubsub = {
      publish(channel, message) {
        stats.pubsubMessages++;
        return subscriptions.publish(channel, message);
      },
      channels: (pattern) => subscriptions.channels(pattern),
      subscriberCount: (channel) => subscriptions.subscriberCount(channel),
      patternCount: () => subscriptions.patternCount(),
    };
  }

  /** Starts background work: active expiry and idle-client timeouts, `hz` times a second. */
  start(): void {
    this.scheduleCron();
  }

  /** Cancels background work. Connections stay as they are; the host closes its sockets. */
  stop(): void {
    this.cronTimer?.cancel();
    this.cronTimer = null;
  }

  /** Accepts a new client. Over `maxclients` it gets Redis's error and is closed. */
  connect(host: ConnectionHost): Connection {
    this.stats.totalConnectionsReceived++;
    const connection = new Connection(this, host, this.nextClientId++);
    if (this.connections.size >= this.config.integer('maxclients')) {
      this.stats.rejectedConnections++;
      host.write(encodeReply(MAX_CLIENTS_ERROR, 2));
      host.close();
      connection.closed = true;
      return connection;
    }
    this.connections.set(connection.id, connection);
    return connection;
  }

  log(level: LogLevel, message: string): void {
    this.logSink(level, message);
  }

  database(index: number): DatabaseView {
    return this.views[index];
  }

  swapDatabases(first: number, second: number): void {
    for (const databases of this.shards) databases[first].swapWith(databases[second]);
  }

  *clients(): Iterable<Connection> {
    yield* this.connections.values();
  }

  killClient(id: number): boolean {
    const connection = this.connections.get(id);
    if (connection === undefined) return false;
    connection.closeAfterReply();
    return true;
  }

  command(name: string) {
    return this.table.get(name);
  }

  commands() {
    return this.table.definitions;
  }

  requestShutdown(): void {
    this.log('warning', 'User requested shutdown...');
    this.onShutdown();
  }

  push(clientId: number, reply: Reply): void {
    this.connections.get(clientId)?.writeReply(reply);
  }

  /**
   * Runs one external event. When the outermost event ends, clients unblocked during it read
   * their next commands, and every connection with pending output is flushed.
   */
  runEvent(event: () => void): void {
    this.eventDepth++;
    try {
      event();
    } finally {
      this.eventDepth--;
    }
    if (this.eventDepth > 0) return;
    this.eventDepth++;
    try {
      for (let connection = this.resumeQueue.shift(); connection; connection = this.resumeQueue.shift()) {
        connection.processInput();
      }
    } finally {
      this.eventDepth--;
    }
    if (this.scheduleFlush === undefined) this.flushPending();
    else if (!this.flushScheduled && this.pendingOutput.size > 0) {
      this.flushScheduled = true;
      this.scheduleFlush(() => {
        this.flushScheduled = false;
        this.flushPending();
      });
    }
  }

  /** Writes every connection's buffered replies to its host. */
  flushPending(): void {
    for (const connection of this.pendingOutput) connection.flush();
    this.pendingOutput.clear();
  }

  markPendingOutput(connection: Connection): void {
    this.pendingOutput.add(connection);
  }

  resumeLater(connection: Connection): void {
    this.resumeQueue.push(connection);
  }

  /** A connection closed: drop its subscriptions, watches and registration. */
  forget(connection: Connection): void {
    this.watches.unwatchAll(connection);
    for (const channel of [...connection.channels]) this.subscriptions.unsubscribe(connection, channel);
    for (const pattern of [...connection.patterns]) this.subscriptions.punsubscribe(connection, pattern);
    this.connections.delete(connection.id);
    this.pendingOutput.delete(connection);
  }

  /** Runs one top-level command of `connection` and writes its reply (or parks the client). */
  execute(connection: Connection, args: ByteString[]): void {
    const reply = this.call(connection, args, false);
    if (reply instanceof BlockRequest) connection.block(reply);
    else connection.writeReply(reply);
    this.serveReadyKeys();
  }

  /**
   * Resolves, checks and runs one command. `insideExec` is true for the commands EXEC runs.
   * Returns the reply, or a BlockRequest for a blocking command that must wait.
   */
  call(connection: Connection, args: readonly ByteString[], insideExec: boolean): Reply | BlockRequest {
    const now = this.clock.now();
    connection.lastInteractionMs = now;
    const queueing = connection.multiQueue !== null && !insideExec;
    const resolved = resolveCommand(this.table, args);
    if (resolved instanceof ErrorReply) {
      if (queueing) connection.multiFailed = true;
      return this.reject(resolved, undefined);
    }
    const { definition, fullName, name } = resolved;
    if (!connection.authenticated && !definition.flags.includes('no_auth')) {
      if (queueing) connection.multiFailed = true;
      return this.reject(new ErrorReply('NOAUTH Authentication required.'), fullName);
    }
    if (connection.protocol === 2 && connection.subscribed && !SUBSCRIBED_ALLOWED.has(name)) {
      const error = `Can't execute '${fullName}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`;
      return this.reject(new ErrorReply(`ERR ${error}`), fullName);
    }
    if (queueing && !TRANSACTION_CONTROL.has(name)) {
      if (definition.flags.includes('no_multi')) {
        connection.multiFailed = true;
        return this.reject(new ErrorReply('ERR Command not allowed inside a transaction'), fullName);
      }
      connection.multiQueue!.push([...args]);
      return QUEUED;
    }
    connection.lastCommand = fullName;
    connection.nowMs = now;
    this.commandTimeMs = now;
    const startedMs = this.clock.monotonic();
    const reply = definition.handler(connection, args);
    const failed = reply instanceof ErrorReply;
    countCommand(this.stats, fullName, Math.round((this.clock.monotonic() - startedMs) * 1000), failed);
    this.stats.totalCommandsProcessed++;
    if (failed) countError(this.stats, reply.code);
    return reply;
  }

  private reject(error: ErrorReply, fullName: string | undefined): ErrorReply {
    countRejected(this.stats, fullName);
    countError(this.stats, error.code);
    return error;
  }

  /** Offers every key signalled ready to its blocked clients, oldest first, until none is left. */
  private serveReadyKeys(): void {
    for (let ready = this.blocking.takeReadyKeys(); ready.length > 0; ready = this.blocking.takeReadyKeys()) {
      for (const { database, key } of ready) {
        for (const client of this.blocking.clientsBlockedOn(database, key)) {
          const request = client.blockRequest;
          if (request === null) continue;
          const now = this.clock.now();
          client.nowMs = now;
          this.commandTimeMs = now;
          const reply = request.retry(client);
          if (reply !== undefined) client.unblock(reply);
        }
      }
    }
  }

  private keyspaceEvents(): KeyspaceEvents {
    return {
      modified: (database, key) => {
        this.stats.dirty++;
        this.watches.touchKey(database, key);
      },
      ready: (database, key) => this.blocking.signalReady(database, key),
      expired: () => {
        this.stats.expiredKeys++;
      },
      flushed: (database, existed) => this.watches.touchDatabase(database, existed),
      lookup: (hit) => {
        if (hit) this.stats.keyspaceHits++;
        else this.stats.keyspaceMisses++;
      },
    };
  }

  private scheduleCron(): void {
    const periodMs = Math.max(1, Math.floor(1000 / this.config.integer('hz')));
    this.cronTimer = this.clock.schedule(periodMs, () => {
      this.runEvent(() => this.cron());
      if (this.cronTimer !== null) this.scheduleCron();
    });
  }

  /** One background cycle: sample keys with a TTL and expire the dead; close idle clients. */
  private cron(): void {
    this.commandTimeMs = this.clock.now();
    for (const databases of this.shards) {
      for (const database of databases) {
        for (let round = 0; round < EXPIRE_ROUNDS_MAX; round++) {
          const expired = database.expireSample(this.random, EXPIRE_SAMPLES_PER_ROUND);
          if (expired * 4 <= EXPIRE_SAMPLES_PER_ROUND) break;
        }
      }
    }
    const timeoutMs = this.config.integer('timeout') * 1000;
    if (timeoutMs === 0) return;
    for (const connection of this.connections.values()) {
      if (connection.blocked || connection.subscribed) continue;
      if (this.commandTimeMs - connection.lastInteractionMs > timeoutMs) {
        this.log('verbose', `Closing idle client id=${connection.id} addr=${connection.address}`);
        connection.closeAfterReply();
      }
    }
  }
}
