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
import { ALL_COMMANDS } from './engine-commands.js';
import { keyPositions } from '../commands/key-positions.js';
import type { CommandDefinition } from '../commands/types.js';
import { UncommittedKeys } from '../effects/uncommitted-keys.js';
import { BlockRequest } from '../commands/types.js';
import type { Clock, TimerHandle } from '../io/clock.js';
import type { Random } from '../io/random.js';
import { Database, type KeyspaceEvents, type SnapshotGuard } from '../keyspace/database.js';
import { DatabaseView } from '../keyspace/database-view.js';
import type { ByteString } from '../resp/byte-string.js';
import { encodeReply } from '../resp/encoder.js';
import { ErrorReply, NO_REPLY, QUEUED, type Reply } from '../resp/reply.js';
import { SlotTable } from '../routing/slot-table.js';
import { BlockingRegistry } from './blocking-registry.js';
import { resolveCommand } from './command-resolver.js';
import { Connection } from './connection.js';
import type { ConnectionHost } from './connection-host.js';
import { PubSubRegistry } from './pubsub-registry.js';
import type { EngineServices, HostInfo, PersistenceServices, PubSubServices, ServerStats } from '../commands/services.js';
import { countCommand, countError, countRejected, createStats } from '../commands/stats.js';
import { WatchRegistry } from './watch-registry.js';
import { EffectRecorder } from '../effects/effect-recorder.js';
import type { UnitEffects } from '../aof/effect.js';
import { REPLAY_TIME_MS, ShardReplayContext } from '../effects/replay-context.js';
import { NO_PLANTED_DEFECTS, type PlantedDefects } from '../testing/planted-defects.js';

/** Where closed units of effects go (the AOF): each gets the next global LSN. */
export interface EffectLog {
  /** Logs one unit's effects; returns the LSN it was given. */
  appendUnit(unit: UnitEffects): number;
  /** The end of an event loop turn: a good moment to cut a batch. */
  endOfEvent(): void;
}

/** Keyless reads that see the whole database: they wait for every uncommitted write in it. */
const DATABASE_WIDE_READS = new Set(['keys', 'scan', 'randomkey', 'dbsize']);

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
  /** Called after every command that ran (not one refused before it ran), with its time in µs. */
  readonly observeCommand?: (definition: CommandDefinition, usec: number, failed: boolean) => void;
  /** Deliberate bugs for the simulator's mutant runs; none by default. */
  readonly defects?: PlantedDefects;
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
  /** Collects the effects of writes for the AOF (idle until a log is attached). */
  readonly effects: EffectRecorder;
  /** Copy-on-write switch for AOF rewrite snapshots, shared by every database. */
  readonly snapshotGuard: SnapshotGuard = { activeEpoch: 0 };
  /** LSN of the last unit logged by this process (0: none yet). */
  lastUnitLsn = 0;

  private readonly table = new CommandTable(ALL_COMMANDS);
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
  private readonly observeCommand: EngineOptions['observeCommand'];
  private readonly defects: PlantedDefects;
  private flushScheduled = false;
  /** Units were logged since the last flush: the AOF has a batch to cut. */
  private unitsSinceFlush = false;
  private effectLog: EffectLog | null = null;
  persistence: PersistenceServices | null = null;
  /** Under appendfsync always: keys whose last write is not committed yet (else null). */
  private uncommitted: UncommittedKeys | null = null;
  /** Highest LSN known durable on every shard. */
  committedLsn = 0;
  /** Set when the AOF failed: writes are refused with it. */
  private durabilityError: ErrorReply | null = null;
  /** The LSN the running top-level command's reply must wait for. */
  private replyBarrier = 0;
  /** WAITAOF: the running command's reply waits for this LSN to be committed. */
  private durableBarrier = 0;
  private readonly heldConnections = new Set<Connection>();
  private replayContexts: ShardReplayContext[] | null = null;

  constructor(options: EngineOptions) {
    this.config = options.config;
    this.clock = options.clock;
    this.random = options.random;
    this.host = options.host;
    this.logSink = options.log ?? (() => undefined);
    this.onShutdown = options.onShutdown ?? (() => undefined);
    this.scheduleFlush = options.scheduleFlush;
    this.observeCommand = options.observeCommand;
    this.databaseCount = this.config.integer('databases');
    this.shardCount = this.config.integer('shards');
    this.slots = SlotTable.balanced(this.shardCount);
    this.startedAtMs = this.clock.now();
    this.commandTimeMs = this.startedAtMs;
    const commandTime = () => this.commandTimeMs;
    this.shards = Array.from({ length: this.shardCount }, (_, shard) => {
      const events = this.keyspaceEvents(shard);
      return Array.from({ length: this.databaseCount }, (_, index) => new Database(index, events, commandTime, this.snapshotGuard));
    });
    this.defects = options.defects ?? NO_PLANTED_DEFECTS;
    this.effects = new EffectRecorder(this.shards, this.slots, this.defects);
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

  /** From now on every write's effects go to `log` (recovery has replayed what was there). */
  attachLog(log: EffectLog & Partial<PersistenceServices>, committedLsn: number): void {
    this.effectLog = log;
    if (log.infoLines !== undefined) this.persistence = log as PersistenceServices;
    this.committedLsn = committedLsn;
    this.effects.enabled = true;
  }

  /**
   * Turns the reply gate on or off (appendfsync always): when on, a reply is released only once
   * committedLsn covers the writes it depends on — its own, and the last write of every key it
   * read.
   */
  gateReplies(on: boolean): void {
    if (on && this.uncommitted === null) {
      this.uncommitted = new UncommittedKeys(this.databaseCount, this.committedLsn < this.lastUnitLsn ? this.lastUnitLsn : 0);
    }
    if (!on && this.uncommitted !== null) {
      this.uncommitted = null;
      this.releaseHeld();
    }
  }

  /** The LSN below which replies are released (everything, when replies are not gated). */
  get releasedLsn(): number {
    return this.uncommitted === null ? Number.MAX_SAFE_INTEGER : this.committedLsn;
  }

  get durabilityFailure(): ErrorReply | null {
    return this.durabilityError;
  }

  /** committedLsn advanced: release the replies and reads waiting for it. */
  onCommitted(lsn: number): void {
    this.committedLsn = lsn;
    this.uncommitted?.committed(lsn);
    this.runEvent(() => this.releaseHeld());
  }

  /**
   * The AOF failed (write or fsync error): from now on writes are refused with MISCONF, reads of
   * committed data are still served, and replies that waited for a commit that will never come
   * get the error instead.
   */
  onDurabilityFailure(message: string): void {
    this.durabilityError = new ErrorReply(`MISCONF Errors writing to the AOF file: ${message}`);
    this.log('warning', `Error writing to the AOF file: ${message}. Refusing writes until the server is restarted.`);
    this.runEvent(() => this.releaseHeld());
  }

  holdReplyUntilCommitted(lsn: number): void {
    this.durableBarrier = Math.max(this.durableBarrier, lsn);
  }

  markHeld(connection: Connection): void {
    this.heldConnections.add(connection);
  }

  private releaseHeld(): void {
    for (const connection of this.heldConnections) {
      if (connection.releaseHeld(this.releasedLsn, this.committedLsn, this.durabilityError)) this.heldConnections.delete(connection);
    }
  }

  /**
   * Replays one logged effect on one shard (recovery, or loading a base snapshot). Returns the
   * reply; an error reply means the log and the code disagree.
   */
  replayEffect(shard: number, database: number, args: readonly ByteString[]): Reply {
    this.replayContexts ??= this.shards.map((databases) => new ShardReplayContext(this, databases, this.slots, this.random));
    const context = this.replayContexts[shard];
    context.databaseIndex = database;
    const resolved = resolveCommand(this.table, args);
    if (resolved instanceof ErrorReply) return resolved;
    this.commandTimeMs = REPLAY_TIME_MS;
    const reply = resolved.definition.handler(context, args);
    return reply instanceof BlockRequest ? new ErrorReply('ERR replayed command would block') : reply;
  }

  /**
   * Closes the open unit of effects: logs it under the next LSN and returns that LSN, or 0
   * when the unit changed nothing.
   */
  closeUnit(): number {
    const unit = this.effects.takeUnit();
    const logged = unit !== null && this.effectLog !== null && this.durabilityError === null;
    const lsn = logged ? this.effectLog!.appendUnit(unit) : 0;
    if (lsn > 0) {
      this.lastUnitLsn = lsn;
      this.unitsSinceFlush = true;
    }
    this.uncommitted?.stamp(lsn);
    return lsn;
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
    this.closeUnit();
    this.eventDepth++;
    try {
      for (let connection = this.resumeQueue.shift(); connection; connection = this.resumeQueue.shift()) {
        connection.processInput();
      }
    } finally {
      this.eventDepth--;
    }
    if (this.scheduleFlush === undefined) this.flushPending();
    else if (!this.flushScheduled && (this.pendingOutput.size > 0 || this.unitsSinceFlush)) {
      this.flushScheduled = true;
      this.scheduleFlush(() => {
        this.flushScheduled = false;
        this.flushPending();
      });
    }
  }

  /** Writes every connection's buffered replies to its host. */
  flushPending(): void {
    this.unitsSinceFlush = false;
    this.effectLog?.endOfEvent();
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
    this.replyBarrier = 0;
    this.durableBarrier = 0;
    const reply = this.call(connection, args, false);
    const lsn = this.closeUnit();
    if (lsn > 0) connection.lastWriteLsn = lsn;
    if (reply instanceof BlockRequest) connection.block(reply);
    else if (this.durableBarrier > 0) connection.writeReply(reply, this.durableBarrier, true);
    else connection.writeReply(reply, Math.max(lsn, this.replyBarrier));
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
    if (this.durabilityError !== null && definition.flags.includes('write')) {
      if (queueing) connection.multiFailed = true;
      return this.reject(this.durabilityError, fullName);
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
    const database = connection.databaseIndex;
    this.effects.beginCommand();
    if (this.defects.entriesOnHomeShard) this.effects.homeShard = connection.id % this.shardCount;
    const reply = definition.handler(connection, args);
    if (reply instanceof BlockRequest) {
      reply.command = { spec: definition, name, args };
      this.effects.endCommand(definition, name, args, NO_REPLY, database);
    } else {
      this.effects.endCommand(definition, name, args, reply, database);
    }
    if (this.uncommitted !== null) this.raiseReplyBarrier(definition, args, database);
    const failed = reply instanceof ErrorReply;
    const usec = Math.round((this.clock.monotonic() - startedMs) * 1000);
    countCommand(this.stats, fullName, usec, failed);
    this.observeCommand?.(definition, usec, failed);
    this.stats.totalCommandsProcessed++;
    if (failed) countError(this.stats, reply.code);
    return reply;
  }

  /** The reply waits for the last uncommitted write of every key the command read. */
  private raiseReplyBarrier(definition: CommandDefinition, args: readonly ByteString[], database: number): void {
    const uncommitted = this.uncommitted!;
    let lsn = DATABASE_WIDE_READS.has(definition.name) ? uncommitted.lsnOfDatabase(database) : 0;
    for (const position of keyPositions(definition, args)) lsn = Math.max(lsn, uncommitted.lsnOf(database, args[position]));
    if (lsn > this.replyBarrier) this.replyBarrier = lsn;
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
          const command = request.command;
          if (command === undefined) throw new Error('a blocked client without its command');
          this.effects.beginCommand();
          const reply = request.retry(client);
          this.effects.endCommand(command.spec, command.name, command.args, reply ?? NO_REPLY, client.blockedDatabase);
          const lsn = this.closeUnit();
          if (lsn > 0) client.lastWriteLsn = lsn;
          if (reply !== undefined) client.unblock(reply, lsn);
        }
      }
    }
  }

  private keyspaceEvents(shard: number): KeyspaceEvents {
    const effects = () => this.effects;
    return {
      modified: (database, key) => {
        this.stats.dirty++;
        this.watches.touchKey(database, key);
        effects().keyModified(shard, database, key);
        this.uncommitted?.noteWrite(database, key);
      },
      ready: (database, key) => this.blocking.signalReady(database, key),
      expired: (database, key) => {
        this.stats.expiredKeys++;
        effects().keyExpired(shard, database, key);
        this.uncommitted?.noteWrite(database, key);
      },
      flushed: (database, existed) => {
        this.watches.touchDatabase(database, existed);
        effects().databaseFlushed(shard, database);
        this.uncommitted?.noteFlush(database);
      },
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
    this.closeUnit();
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
