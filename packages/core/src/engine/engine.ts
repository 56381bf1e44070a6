/**
 * Engine: the whole server without I/O. Owns the shards (each with its numbered databases),
 * the slot table, the command table, the clients and the registries for WATCH, blocking and
 * pub/sub. Hosts hand it connections and bytes; it answers through each ConnectionHost.
 *
 * Guarantees:
 * - One command at a time, to completion: every external event runs through runEvent
 *   (EventLoop), which then serves clients unblocked by it and flushes their replies together.
 * - Every write's effects form a unit with one LSN (EffectRecorder), handed to the durability
 *   port given at construction once it has recovered (beginLogging).
 * - No reply leaves before the ReplyGate allows it (appendfsync always, WAITAOF, MISCONF).
 */
import { assert } from '../assert.js';
import type {
  ConfigFileServices, DatasetReloader, DebugSettings, EngineServices, HostInfo, MemoryInfo, PersistenceServices, PubSubServices, ReplicationServices, ServerStats, SnapshotServices,
} from '../commands/services.js';
import { commandStatsOf, countCommand, countError, countRejected, createStats, trackLatency } from '../commands/stats.js';
import { CommandTable } from '../commands/table.js';
import { BlockRequest, type CommandDefinition, type CommandSpec } from '../commands/types.js';
import type { Config } from '../config/config.js';
import type { DurabilityPort } from '../effects/durability-port.js';
import { EffectRecorder } from '../effects/effect-recorder.js';
import type { ReplicationFeed } from '../effects/replication-feed.js';
import type { Clock, TimerHandle } from '../io/clock.js';
import type { Random } from '../io/random.js';
import { Database, type SnapshotGuard } from '../keyspace/database.js';
import { KeyAccess } from '../keyspace/key-access.js';
import type { KeyspaceMeter } from '../keyspace/keyspace-map.js';
import { EMPTY_DATABASE_BYTES } from '../keyspace/memory-model.js';
import { DatabaseView } from '../keyspace/database-view.js';
import type { ByteString } from '../resp/byte-string.js';
import { OutputPool } from '../resp/encoder.js';
import { ErrorReply, OK, QUEUED, type Reply } from '../resp/reply.js';
import { SlotTable } from '../routing/slot-table.js';
import { PLAIN_ELEMENT_BYTES } from '../rdb/value-encoder.js';
import { NO_PLANTED_DEFECTS, type PlantedDefects } from '../testing/planted-defects.js';
import { closeIdleClients, expireSampledKeys } from './background-cycle.js';
import { BatchClock } from './batch-clock.js';
import { BlockingRegistry } from './blocking-registry.js';
import { ClientRegistry } from './client-registry.js';
import { POSTPONE_IT, QUEUE_IT, Refusal, admitCommand, admitWhilePaused, type Admission, type MemoryCheck, type PermissionCheck } from './command-admission.js';
import { ClientPause, type PausePurpose } from './client-pause.js';
import { keyspaceAccess, type AccessContext } from './keyspace-access.js';
import { MonitorFeed } from './monitor-feed.js';
import { LatencyMonitor } from '../commands/server/latency-monitor.js';
import { Evictor, isLfuPolicy, type MaxmemoryPolicy } from './eviction.js';
import { OOM_ERROR, commandDeniesOom } from './memory-admission.js';
import { ArityRefusal, resolveCommand, type ResolvedCommand } from './command-resolver.js';
import { ClientConnection } from './client-connection.js';
import type { ConnectionHost } from './connection-host.js';
import { EffectReplayer } from './effect-replayer.js';
import { EventLoop } from './event-loop.js';
import { ALL_COMMANDS } from './engine-commands.js';
import { keyspaceHooks } from './keyspace-hooks.js';
import { KeyspaceNotifier } from './keyspace-notifier.js';
import { PubSubRegistry } from './pubsub-registry.js';
import { LOCAL_FSYNC, NO_WAIT, ReplyGate } from './reply-gate.js';
import { WatchRegistry } from './watch-registry.js';
import { TrackingTable } from './tracking-table.js';
import type { EngineOptions, LogLevel, ShutdownSave } from './engine-options.js';
import { scriptCallRefusal, type ActiveScript } from '../scripting/active-script.js';
import { Scripting, type ScriptHost } from '../scripting/scripting.js';
import { errorAlreadyCounted } from '../lua/index.js';
import { SCRIPT_CLIENT_HOST } from './script-client.js';
import type { GivenUp, ReplyWait, ReplyWaitState } from './reply-gate.js';
import { SlowLog } from '../commands/server/slowlog.js';
import { AccessControl } from '../commands/acl/access-control.js';
import { permissionRefusal } from '../commands/acl/acl-denial.js';

export type { EngineOptions, LogLevel, ShutdownSave };

/** Redis's refusal of writes after a failed background save with save points set (stop-writes-on-bgsave-error). */
/** Redis 7.0's CMD_TOUCHES_ARBITRARY_KEYS: run directly, their lazy expiries replicate as separate DELs. */
const TOUCHES_ARBITRARY_KEYS: ReadonlySet<string> = new Set(['scan', 'randomkey']);

const RDB_MISCONF = new ErrorReply("MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. "
  + 'Commands that may modify the data set are disabled, because this instance is configured to report errors during writes '
  + 'if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB error.');

/** What a client blocked by a blocking command gets from CLIENT UNBLOCK … ERROR. */
const UNBLOCKED = new ErrorReply('UNBLOCKED client unblocked via CLIENT UNBLOCK');

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
  readonly blocking = new BlockingRegistry<ClientConnection>();
  readonly watches = new WatchRegistry();
  readonly subscriptions = new PubSubRegistry();
  readonly pubsub: PubSubServices;
  /** Keyspace notifications (notify-keyspace-events), published through `subscriptions`. */
  readonly notifications: KeyspaceNotifier;
  /** Decides when each reply may leave. */
  readonly replies: ReplyGate;
  /** Client-side caching: the keys tracking clients read, the BCAST prefixes, the invalidations. */
  readonly tracking: TrackingTable;
  /** The running command's wall time: lazy expiry within one command agrees on "now". */
  commandTimeMs: number;
  /** Collects the effects of writes for the AOF (idle until logging begins). */
  readonly effects: EffectRecorder;
  /** Copy-on-write switch for AOF rewrite snapshots, shared by every database. */
  readonly snapshotGuard: SnapshotGuard = { activeEpoch: 0 };
  /** LSN of the last unit this process logged (0: none yet). */
  lastLoggedLsn = 0;
  /** The replication stream offset at the end of the last logged unit (0 before a replica attached). */
  private lastStreamOffset = 0;
  /** EVAL's script cache, FUNCTION's libraries and the running script. */
  readonly scripting: Scripting;
  /** SLOWLOG's entries (offerSlowLog). */
  readonly slowLog = new SlowLog();
  /** LATENCY's event samples: commands, serving blocked clients, the expiry cycle, the AOF's writes and fsyncs. */
  readonly latency: LatencyMonitor;
  /** CLIENT PAUSE: what is paused, until when, and the postponed clients. */
  readonly pause: ClientPause;
  /** The MONITOR clients and the lines waiting for the running command's reply. */
  readonly monitors = new MonitorFeed<ClientConnection>();
  /** ACL users, the permission check and ACL LOG (server state: never logged to the AOF). */
  readonly acl: AccessControl;
  /** The clock as a client's batch of commands reads it (ClientConnection.processInput opens the batch). */
  readonly batchClock: BatchClock;
  /**
   * proto-max-bulk-len and client-query-buffer-limit as every connection's request parser reads
   * them, per bulk and per read: kept current by CONFIG SET, so it applies to open connections.
   */
  readonly requestLimits = { maxBulkBytes: 0, queryBufferBytesMax: 0 };
  /** Where every connection's flushed output is copied to (one shared block, not an array per write). */
  readonly outputPool = new OutputPool();
  /** slowlog-log-slower-than and slowlog-max-len, read by every command (offerSlowLog). */
  private readonly slowLogLimits = { slowerThanUs: 0, maxLength: 0 };
  /** latency-tracking: every call's duration goes into its command's histogram. */
  private latencyTracking = true;
  /** What CLIENT PAUSE and MONITOR clients ask of a request (keyspace-access.ts). */
  private readonly accessContext: AccessContext = {
    resolve: (args) => resolveCommand(this.table, args),
    declaredScriptFlags: (target) => this.scripting.declaredFlags(target),
  };

  private readonly table = new CommandTable(ALL_COMMANDS);
  private readonly views: DatabaseView[];
  private readonly connections = new ClientRegistry((host, id) => new ClientConnection(this, host, id));
  private readonly events: EventLoop<ClientConnection>;
  private readonly replayer: EffectReplayer;
  private readonly durability: DurabilityPort | null;
  /** The durability port once it has recovered and asked for units (beginLogging). */
  private activeLog: DurabilityPort | null = null;
  private readonly defects: PlantedDefects;
  private readonly logSink: (level: LogLevel, message: string) => void;
  private readonly onShutdown: (save: ShutdownSave) => void;
  private readonly observeCommand: EngineOptions['observeCommand'];
  private cronTimer: TimerHandle | null = null;
  /** The background eviction event's next run, while one is scheduled. */
  private evictionTimer: TimerHandle | null = null;
  /** Commands running now, nested (EXEC's queue, a script's calls): a script may suspend only at depth 1. */
  private callDepth = 0;
  /** Replaying a logged effect (recovery, base snapshots). */
  private replayDepth = 0;
  /** EXEC is running queued commands: ACL refusals are worded for rules changed since queueing. */
  private execDepth = 0;
  /** Every command's ACL check (admitCommand), logging denials to ACL LOG. */
  private readonly permissions: PermissionCheck = {
    refusal: (client, resolved, args, queueing) => permissionRefusal(this, client as ClientConnection, client as ClientConnection, resolved, args,
      queueing ? 'multi' : this.execDepth > 0 ? 'exec' : 'toplevel'),
  };
  /** A protected command's option (enable-debug-command), as admission reads it. */
  private readonly protectedSetting = (option: 'enable-debug-command'): string => this.config.string(option);
  /** maxmemory at each client command (processCommand's step): evict, then refuse a command that may grow memory with -OOM. */
  private readonly memoryCheck: MemoryCheck = {
    refusal: (client, resolved, args) => this.memoryRefusal(client as ClientConnection, resolved, args),
  };
  /** Whether the last client command found memory full with nothing left to evict (Redis's pre_command_oom_state; scripts read it). */
  private preCommandOutOfMemory = false;
  /** The engine's total of the memory model's keyspace bytes (every shard and database). */
  readonly keyspaceMeter: KeyspaceMeter = { bytes: 0 };
  /** Each key's access field (LRU clock or LFU counter): clock, randomness and the LFU settings. */
  readonly keyAccess: KeyAccess;
  /** maxmemory's eviction (Redis's performEvictions and its pool). */
  readonly evictor: Evictor;
  /** used_memory_startup: the empty databases, as the memory model accounts them. */
  readonly startupMemoryBytes: number;
  /** used_memory_peak. */
  private peakMemoryBytes = 0;
  /** The client whose command is running (the caller a suspended script parks). */
  private runningConnection: ClientConnection | null = null;
  /** This node follows a primary (set by replication): it expires nothing itself, as a Redis replica. */
  followingPrimary = false;
  /** The innermost command a client (not the script client) runs: a script's reads are remembered for its caller's keys. */
  private clientCommand: { connection: ClientConnection; spec: CommandSpec; args: readonly ByteString[] } | null = null;
  /** A busy script suspended between slices: its caller, the next slice, and its reply's waits so far. */
  private parkedScript: { connection: ClientConnection; resume: () => Reply | undefined; waits: ReplyWaitState; slicesUs: number } | null = null;
  /** The AOF's error once it failed (scripts name it in their MISCONF refusal). */
  private aofError: string | null = null;
  /** The client redis.call runs as, created at the first script. */
  private scriptClient: ClientConnection | null = null;
  /** The script the script client was last set up for. */
  private scriptClientOwner: ActiveScript | null = null;
  /** The running command changed the function libraries; `librariesLsn`: the unit that last did. */
  private librariesChanging = false;
  private librariesLsn = 0;
  /**
   * DEBUG SLEEP and DEBUG RELOAD hold the engine still (Redis's main thread is busy then): while
   * any hold is on, no command runs — connections with input wait in `heldByPause` — and the
   * background cycle does nothing.
   */
  private pauseHolds = 0;
  private readonly heldByPause: ClientConnection[] = [];
  /** DEBUG SLEEP's time, counted in the running command's duration (SLOWLOG, commandstats) as Redis measures it. */
  private sleptUs = 0;

  constructor(options: EngineOptions) {
    ({ config: this.config, clock: this.clock, random: this.random, host: this.host } = options);
    this.batchClock = new BatchClock(this.clock);
    this.acl = new AccessControl(this.config, ALL_COMMANDS);
    this.config.observe('proto-max-bulk-len', (value) => (this.requestLimits.maxBulkBytes = value as number));
    this.config.observe('client-query-buffer-limit', (value) => (this.requestLimits.queryBufferBytesMax = value as number));
    this.config.observe('slowlog-log-slower-than', (value) => (this.slowLogLimits.slowerThanUs = value as number));
    this.config.observe('slowlog-max-len', (value) => (this.slowLogLimits.maxLength = value as number));
    this.latency = new LatencyMonitor(this.clock);
    this.config.observe('latency-monitor-threshold', (value) => (this.latency.thresholdMs = value as number));
    this.config.observe('latency-tracking', (value) => (this.latencyTracking = value as boolean));
    this.pause = new ClientPause(this.clock, (event) => this.runEvent(event));
    this.logSink = options.log ?? (() => undefined);
    this.onShutdown = options.onShutdown ?? (() => undefined);
    this.events = new EventLoop({
      closeUnit: () => this.closeUnit(), scheduleFlush: options.scheduleFlush,
      endOfEvent: () => {
        this.batchClock.endTurn();
        this.tracking.broadcast();
        this.activeLog?.endOfEvent();
      },
    });
    this.observeCommand = options.observeCommand;
    this.durability = options.durability ?? null;
    this.defects = options.defects ?? NO_PLANTED_DEFECTS;
    this.databaseCount = this.config.integer('databases');
    this.shardCount = this.config.integer('shards');
    this.slots = SlotTable.balanced(this.shardCount);
    this.startedAtMs = this.clock.now();
    this.commandTimeMs = this.startedAtMs;
    this.replies = new ReplyGate(this.databaseCount, this.defects);
    this.notifications = new KeyspaceNotifier(this.config, this.subscriptions, () => this.replayDepth > 0);
    const commandTime = () => this.commandTimeMs;
    this.keyAccess = new KeyAccess(commandTime, this.random);
    this.tracking = new TrackingTable({
      lookup: (id) => this.connections.get(id), clients: () => this.connections.all(), random: this.random,
      replaying: () => this.replayDepth > 0, broadcastWait: () => ({ lsn: this.lastLoggedLsn, until: 'released' }),
      broadcastDue: () => this.events.requestFlush(),
    });
    this.config.observe('tracking-table-max-keys', (value) => (this.tracking.maxKeys = value as number));
    const listeners = {
      stats: this.stats, watches: this.watches, blocking: this.blocking, gate: this.replies, notifications: this.notifications, effects: () => this.effects,
      tracking: this.tracking, modifier: () => this.runningConnection?.id ?? 0,
      pause: this.pause,
      replica: { following: () => this.followingPrimary, servingPrimary: () => this.followingPrimary && this.runningConnection?.fromPrimary === true },
      stored: (shard: number, database: number, key: ByteString) => this.shards[shard][database].entries.has(key),
    };
    this.shards = Array.from({ length: this.shardCount }, (_, shard) => {
      const events = keyspaceHooks(shard, listeners);
      return Array.from({ length: this.databaseCount }, (_, index) =>
        new Database(index, events, commandTime, this.snapshotGuard, { meter: this.keyspaceMeter, access: this.keyAccess }));
    });
    this.startupMemoryBytes = this.shardCount * this.databaseCount * EMPTY_DATABASE_BYTES;
    this.evictor = new Evictor({
      shards: this.shards, random: this.random, clock: this.clock, usedBytes: () => this.usedMemory(),
      startTimeProc: () => this.scheduleEviction(),
    }, { maxmemoryBytes: 0, policy: 'noeviction', samples: 5, tenacity: 10 });
    this.observeMemoryConfig();
    this.effects = new EffectRecorder(this.shards, this.slots, this.defects);
    this.views = Array.from({ length: this.databaseCount }, (_, index) =>
      new DatabaseView(index, this.shards.map((databases) => databases[index]), this.slots),
    );
    this.pubsub = this.subscriptions.services(this.stats);
    this.scripting = new Scripting(this.scriptHost());
    this.replayer = new EffectReplayer({
      services: this, shards: this.shards, slots: this.slots, random: this.random, table: this.table,
      setCommandTime: (ms) => (this.commandTimeMs = ms),
    });
  }

  /**
   * The durability port has recovered the log into this engine: from now on every unit goes to
   * it, and `committedLsn` (the recovered cut) is where local commit progress starts.
   */
  beginLogging(committedLsn: number): void {
    assert(this.durability !== null, 'beginLogging on an engine without a durability port');
    assert(this.activeLog === null, 'beginLogging called twice');
    this.activeLog = this.durability;
    this.replies.addCommitSource(LOCAL_FSYNC, committedLsn);
    this.effects.enabled = true;
  }

  /** RDB snapshots (SAVE, BGSAVE, INFO's rdb_* fields): given by the host after construction. */
  snapshots: SnapshotServices | null = null;

  /** Replication as commands see it (PSYNC, REPLCONF, WAIT, ROLE, INFO): given by the host after construction. */
  replication: ReplicationServices | null = null;

  private replicationFeed: ReplicationFeed | null = null;
  /** Told each local commit (a replica acknowledges what it made durable: FACK). */
  private localCommitListener: ((lsn: number) => void) | null = null;

  /** Another source of commit progress the reply gate waits for too (replicas' fsyncs under min-replicas-durable). */
  addCommitSource(source: string, lsn: number): void {
    this.replies.addCommitSource(source, lsn);
  }

  /**
   * Leaves a commit source out of what replies wait for (a primary's replica-fsync while this
   * node follows another) or counts it again, from the committed LSN on.
   */
  waiveCommitSource(source: string, waived: boolean): void {
    this.replies.waive(source, waived);
    this.runEvent(() => this.replies.release());
  }

  /** Every reply held by the gate and not yet covered gets `error` instead (see ReplyGate.abandonHeld). */
  abandonHeldReplies(error: ErrorReply): void {
    this.runEvent(() => this.replies.abandonHeld(error));
  }

  /** A commit source gives up on the LSNs through a point: replies waiting for them get its errors (reply-gate.ts). */
  giveUpCommit(givenUp: GivenUp): void {
    this.replies.giveUp(givenUp);
    this.runEvent(() => this.replies.release());
  }

  /** `listener` is told every local commit from now on (null: nobody). */
  onLocalCommit(listener: ((lsn: number) => void) | null): void {
    this.localCommitListener = listener;
  }

  /** PUBLISH, SPUBLISH: the command goes to replicas (in the running unit's place in the stream), not to the log. */
  replicateOnly(database: number, args: readonly ByteString[]): void {
    this.effects.replicateOnly(database, args);
  }

  /** The replication stream starts (the first replica attached): from now on every logged unit is fed to it. */
  feedReplication(feed: ReplicationFeed | null): void {
    assert(feed === null || this.activeLog !== null, 'replication needs the log (beginLogging) first');
    this.replicationFeed = feed;
    this.effects.streamEnabled = feed !== null;
  }

  /** DEBUG RELOAD's work (durability/dataset-reload.ts): given by the host after construction; null without one. */
  reloader: DatasetReloader | null = null;

  /** The config file CONFIG REWRITE replaces: given by the host after construction; null without one. */
  configFile: ConfigFileServices | null = null;

  /** DEBUG SET-ACTIVE-EXPIRE (the background cycle expires sampled keys only while it is on), QUICKLIST-PACKED-THRESHOLD, SET-DISABLE-DENY-SCRIPTS. */
  readonly debugSettings: DebugSettings = { activeExpire: true, quicklistPackedThresholdBytes: PLAIN_ELEMENT_BYTES, disableDenyScripts: false, pauseCron: false };

  /** True while DEBUG SLEEP or DEBUG RELOAD holds every command back. */
  get commandsPaused(): boolean {
    return this.pauseHolds > 0;
  }

  /** A connection with input while commands are paused: it runs its commands once the pause ends. */
  holdUntilResumed(connection: ClientConnection): void {
    if (!this.heldByPause.includes(connection)) this.heldByPause.push(connection);
  }

  /** Holds every command back until the returned release is called (inside an event). */
  private pauseCommands(): () => void {
    this.pauseHolds++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.pauseHolds--;
      if (this.pauseHolds > 0) return;
      for (const connection of this.heldByPause.splice(0)) this.resumeLater(connection);
    };
  }

  /**
   * DEBUG SLEEP: Redis blocks its one thread for `ms`; core cannot block, so the engine stops
   * running commands (every client's, and the background cycle) for `ms` on the clock's timer,
   * and the sleeping client's OK leaves when the time is up. Inside EXEC the transaction goes on
   * (time does not pass inside one command in Ballast) and the pause starts after it. Either way
   * the command's duration (SLOWLOG, commandstats) includes the sleep.
   */
  sleep(ms: number): Reply | BlockRequest {
    const connection = this.runningConnection;
    assert(connection !== null, 'sleep outside a command');
    const release = this.pauseCommands();
    this.sleptUs += Math.round(ms * 1000);
    if (this.callDepth > 1) {
      this.clock.schedule(ms, () => this.runEvent(release));
      return OK;
    }
    const request = new BlockRequest([], 0, () => undefined, OK);
    this.clock.schedule(ms, () => this.runEvent(() => {
      const command = request.command;
      if (connection.blockRequest === request && command !== undefined) {
        this.offerSlowLog(connection, command.spec, command.fullName, command.args, command.durationUs);
        connection.unblock(OK);
      }
      release();
    }));
    return request;
  }

  /**
   * Runs `work` while every command is held back (DEBUG RELOAD: the dataset is persisted and
   * replaced with no command in between); the caller's reply is what `work` settles to. Inside
   * EXEC it answers `whileQueued` instead.
   */
  pauseWhile(work: () => Promise<Reply>, whileQueued: Reply): Reply | BlockRequest {
    const connection = this.runningConnection;
    assert(connection !== null, 'pauseWhile outside a command');
    if (this.callDepth > 1) return whileQueued;
    const release = this.pauseCommands();
    const request = new BlockRequest([], 0, () => undefined, whileQueued);
    const finish = (reply: Reply): void => this.runEvent(() => {
      if (connection.blockRequest === request) connection.unblock(reply);
      release();
    });
    // Started on the next turn: the command that asked has then returned and its client is parked.
    this.clock.schedule(0, () => {
      work().then(finish, (error: unknown) => finish(new ErrorReply(`ERR ${error instanceof Error ? error.message : String(error)}`)));
    });
    return request;
  }

  /** The AOF as commands see it (INFO persistence, WAITAOF), once logging has begun. */
  get persistence(): PersistenceServices | null {
    return this.activeLog;
  }

  get committedLsn(): number {
    return this.replies.committedLsn;
  }

  get durabilityFailure(): ErrorReply | null {
    return this.replies.durabilityFailure;
  }

  /** appendfsync always turns the reply gate on; any other mode turns it off. */
  gateReplies(on: boolean): void {
    this.replies.setGating(on, this.lastLoggedLsn);
  }

  /** A source of commit progress (the AOF's fsyncs: LOCAL_FSYNC) reached `lsn`: release what waited. */
  commitProgress(source: string, lsn: number): void {
    this.replies.advance(source, lsn);
    if (source === LOCAL_FSYNC) {
      this.replicationFeed?.committed(lsn);
      this.localCommitListener?.(lsn);
    }
    if (!this.defects.lostWakeup) this.runEvent(() => this.replies.release());
  }

  /** The log wrote everything through `lsn` (not necessarily fsynced). */
  writeProgress(lsn: number): void {
    this.replicationFeed?.written(lsn);
  }

  /**
   * The AOF failed (write or fsync error): from now on writes are refused with MISCONF, reads of
   * committed data are still served, and replies that waited for a commit that will never come
   * get the error instead. Expired keys are no longer deleted (they read as missing): memory stays
   * what was logged, so no read sees a change that a crash takes back.
   */
  onDurabilityFailure(message: string): void {
    this.aofError = message;
    this.replies.fail(new ErrorReply(`MISCONF Errors writing to the AOF file: ${message}`));
    this.log('warning', `Error writing to the AOF file: ${message}. Refusing writes until the server is restarted.`);
    this.runEvent(() => this.replies.release());
  }

  holdReplyUntilCommitted(lsn: number): void {
    this.replies.holdUntilCommitted(lsn);
  }

  /** Replays one logged effect on one shard (recovery, base snapshots); an error reply means the log and the code disagree. */
  replayEffect(shard: number, database: number, args: readonly ByteString[]): Reply {
    this.replayDepth++;
    try {
      return this.replayer.replay(shard, database, args);
    } finally {
      this.replayDepth--;
    }
  }

  /**
   * Closes the open unit of effects: logs it under the next LSN and returns that LSN, or 0 when it
   * changed nothing. `transaction`: the replication stream wraps the unit's effects in MULTI/EXEC
   * when there are several — not for the active-expiry cycle, nor for SCAN and RANDOMKEY run
   * directly (their lazy expiries), as Redis 7.0 propagates them.
   */
  closeUnit(transaction = true): number {
    // A suspended script's unit stays open until the script ends: its effects are one unit.
    if (this.parkedScript !== null) return 0;
    // A flush outside any handler (a reload, a full sync's load) tells tracking clients once.
    this.tracking.settleFlush();
    const unit = this.effects.takeUnit();
    const log = this.activeLog;
    const lsn = unit !== null && log !== null && this.replies.durabilityFailure === null ? log.appendUnit(unit) : 0;
    if (lsn > 0) {
      assert(lsn > this.lastLoggedLsn, () => `unit logged under LSN ${lsn} after ${this.lastLoggedLsn}`);
      this.lastLoggedLsn = lsn;
      if (this.replicationFeed !== null) this.lastStreamOffset = this.replicationFeed.unitLogged(lsn, this.effects.takenStream, transaction);
      this.events.unitLogged();
    } else if (unit === null && this.replicationFeed !== null && this.effects.takenStream.length > 0) {
      this.lastStreamOffset = this.replicationFeed.unitReplicated(this.effects.takenStream, transaction);
    }
    if (this.librariesChanging) this.librariesLsn = Math.max(this.librariesLsn, lsn);
    this.librariesChanging = false;
    this.replies.unitClosed(lsn);
    return lsn;
  }

  /** Server state that is not keys, as the commands that rebuild it (base snapshots of shard 0): the function libraries. */
  serverStateCommands(): ByteString[][] {
    return this.scripting.libraryCodes().map((code) => ['FUNCTION', 'LOAD', code]);
  }

  /** Starts background work (active expiry, idle-client timeouts), `hz` times a second. */
  start(): void {
    this.scheduleCron();
  }

  /** Cancels background work (the cycle, a pending eviction event). Connections stay as they are; the host closes its sockets. */
  stop(): void {
    this.cronTimer?.cancel();
    this.cronTimer = null;
    this.evictionTimer?.cancel();
    this.evictionTimer = null;
    this.evictor.timeProcRunning = false;
  }

  /** Accepts a new client. Over `maxclients` it gets Redis's error and is closed. */
  connect(host: ConnectionHost): ClientConnection {
    this.stats.totalConnectionsReceived++;
    const { client, accepted } = this.connections.connect(host, this.config.integer('maxclients'));
    if (!accepted) this.stats.rejectedConnections++;
    return client;
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

  *clients(): Iterable<ClientConnection> {
    yield* this.connections.all();
  }

  killClient(id: number): boolean {
    const connection = this.connections.get(id);
    if (connection === undefined) return false;
    connection.closeAfterReply();
    return true;
  }

  unblockClient(id: number, how: 'timeout' | 'error', reason: ErrorReply = UNBLOCKED): boolean {
    const connection = this.connections.get(id);
    const request = connection?.blockRequest ?? null;
    if (connection === undefined || request === null || !request.unblockable) return false;
    const command = request.command;
    assert(command !== undefined, 'a blocked client without its command');
    // Its effects were settled when it blocked (endUnservedCommand): ending the wait logs nothing.
    // Redis's updateStatsOnUnblock(…, had_errors=1) counts the call as failed either way.
    const entry = this.stats.commands.get(command.spec.name);
    if (entry !== undefined) entry.failed++;
    if (how === 'error') countError(this.stats, UNBLOCKED.code);
    // Redis 7.0 frees the client's arguments (unblockClient) before it logs the call, so the entry has none.
    this.unblockedCallEnded(connection, command.spec, command.fullName, [], command.durationUs);
    connection.unblock(how === 'error' ? reason : request.timeoutReply);
    return true;
  }

  pauseClients(mode: 'write' | 'all', endMs: number, purpose: PausePurpose = 'client-command'): void {
    this.pause.pause(mode, endMs, this.commandTimeMs, this.execDepth > 0, purpose);
  }

  unpauseClients(purpose: PausePurpose = 'client-command'): void {
    this.pause.unpause(purpose);
  }

  command(name: string): CommandDefinition | undefined {
    return this.table.get(name);
  }

  commands(): readonly CommandDefinition[] {
    return this.table.definitions;
  }

  requestShutdown(save: ShutdownSave = 'default'): void {
    this.log('warning', 'User requested shutdown...');
    this.onShutdown(save);
  }

  replyWhenDone(work: Promise<Reply>, whileQueued: Reply): BlockRequest {
    const connection = this.runningConnection;
    assert(connection !== null, 'replyWhenDone outside a command');
    const request = new BlockRequest([], 0, () => undefined, whileQueued);
    const answer = (reply: Reply): void => {
      if (connection.blockRequest === request) this.runEvent(() => connection.unblock(reply));
    };
    work.then(answer, (error: unknown) => answer(new ErrorReply(`ERR ${error instanceof Error ? error.message : String(error)}`)));
    return request;
  }

  push(clientId: number, reply: Reply): void {
    this.connections.get(clientId)?.writeReply(reply);
  }

  /** Runs one external event (see EventLoop). */
  runEvent(event: () => void): void {
    this.events.run(event);
  }

  markPendingOutput(connection: ClientConnection): void {
    this.events.markPendingOutput(connection);
  }

  resumeLater(connection: ClientConnection): void {
    this.events.resumeLater(connection);
  }

  /** A connection paused on full output was flushed: it reads on once the flush is over. */
  resumeAfterFlush(connection: ClientConnection): void {
    this.events.resumeAfterFlush(connection);
  }

  /** A connection closed: drop its subscriptions, watches and registration. */
  forget(connection: ClientConnection): void {
    this.watches.unwatchAll(connection);
    this.subscriptions.unsubscribeAll(connection);
    this.tracking.disable(connection);
    if (connection.monitoring) this.monitors.remove(connection);
    this.pause.forget(connection);
    this.connections.remove(connection.id);
  }

  /** Runs one top-level command of `connection` and writes its reply (or parks the client, or postpones it while clients are paused). */
  execute(connection: ClientConnection, args: ByteString[]): void {
    this.replies.beginCommand();
    const outerTracked = this.tracking.beginCommand(connection);
    const streamOffsetBefore = this.lastStreamOffset;
    const reply = this.call(connection, args, connection.multiQueue !== null);
    if (reply === POSTPONE_IT) {
      this.tracking.endCommand(NO_WAIT, outerTracked);
      connection.postpone(args);
      this.pause.postpone(connection);
      return;
    }
    // Only the replication stream reads `transaction`: no set lookup without it.
    const logged = this.closeUnit(this.replicationFeed === null || !TOUCHES_ARBITRARY_KEYS.has(connection.lastCommand));
    const lsn = this.defects.replyGateOffByOne && logged > 0 ? logged - 1 : logged;
    if (lsn > 0) {
      connection.lastWriteLsn = lsn;
      connection.lastWriteStreamOffset = this.lastStreamOffset;
    } else if (this.lastStreamOffset !== streamOffsetBefore) {
      // It logged nothing but went to replicas (PUBLISH): WAIT waits for it, as Redis's woff.
      connection.lastWriteStreamOffset = this.lastStreamOffset;
    }
    // A blocked command's reply waits for its unit and reads too, whenever its wait ends (found by the simulator, seed 1138).
    const wait = this.replies.replyWait(lsn);
    if (reply instanceof BlockRequest) connection.block(reply, wait);
    else connection.writeReply(reply, wait);
    this.tracking.endCommand(wait, outerTracked);
    this.tracking.commandDone(connection, connection.lastCommand, connection.multiQueue !== null);
    this.deliverMonitorLines(wait);
    this.pause.commandEnded();
    this.serveReadyKeys();
  }

  /** Runs one command EXEC took from the MULTI queue: the reply, or a BlockRequest that EXEC turns into its timeout reply. */
  callQueued(connection: ClientConnection, args: readonly ByteString[]): Reply | BlockRequest {
    this.execDepth++;
    try {
      const reply = this.call(connection, args, false);
      assert(reply !== POSTPONE_IT, 'a queued command postponed inside EXEC');
      return reply;
    } finally {
      this.execDepth--;
    }
  }

  /** Resolves, admits and runs (or, when `queueing` inside MULTI, queues; or, while clients are paused, postpones) one command. */
  private call(connection: ClientConnection, args: readonly ByteString[], queueing: boolean): Reply | BlockRequest | typeof POSTPONE_IT {
    const now = this.batchClock.now();
    connection.lastInteractionMs = now;
    const writeRefusal = this.replies.durabilityFailure ?? (this.snapshots?.refusesWrites === true ? RDB_MISCONF : null);
    const admission = admitCommand(connection, resolveCommand(this.table, args), queueing, writeRefusal, this.scripting.busyError, this.permissions, args,
      this.replication === null || connection.fromPrimary ? null : this.replication.writeRefusal(),
      this.protectedSetting, this.evictor.settings.maxmemoryBytes > 0 ? this.memoryCheck : null);
    // Redis's processCommand keeps the tracking table within tracking-table-max-keys before each client command.
    if (this.execDepth === 0 && !(admission instanceof Refusal)) this.tracking.enforceLimit();
    // Inside EXEC neither applies: Redis checks queued commands as they are queued.
    const checked = (this.pause.mode !== null || connection.monitoring || connection.replica) && this.execDepth === 0
      ? this.admitWhilePaused(connection, admission, args, queueing) : admission;
    if (checked === POSTPONE_IT) return POSTPONE_IT;
    if (checked instanceof Refusal) {
      if (checked.abortsTransaction) connection.multiFailed = true;
      countRejected(this.stats, checked.fullName);
      countError(this.stats, checked.error.code);
      // A refused EXEC ends its transaction (Redis's execCommandAbort).
      if (checked.fullName === 'exec' && connection.multiQueue !== null) {
        connection.multiQueue = null;
        connection.multiFailed = false;
        connection.unwatchAll();
        return new ErrorReply(`EXECABORT Transaction discarded because of: ${checked.error.message}`);
      }
      return checked.error;
    }
    if (checked === QUEUE_IT) {
      connection.multiQueue!.push([...args]);
      return QUEUED;
    }
    return this.run(connection, checked, args, now);
  }

  /** admitWhilePaused for a command admitCommand let through (run or queue it). */
  private admitWhilePaused(connection: ClientConnection, admission: Admission, args: readonly ByteString[], queueing: boolean): Admission | typeof POSTPONE_IT {
    if (admission instanceof Refusal) return admission;
    const resolved = admission === QUEUE_IT ? resolveCommand(this.table, args) as ResolvedCommand : admission;
    const access = () => keyspaceAccess(resolved, args, connection.multiQueue, this.accessContext);
    const verdict = admitWhilePaused(connection, resolved, queueing, this.pause.mode, access);
    // CLIENT LIST names the command a postponed client waits to run, as Redis's lastcmd does.
    if (verdict === POSTPONE_IT) connection.lastCommand = resolved.fullName;
    return verdict ?? admission;
  }

  private run(connection: ClientConnection, resolved: ResolvedCommand, args: readonly ByteString[], now: number): Reply | BlockRequest {
    const outer = this.runningConnection;
    const outerClientCommand = this.clientCommand;
    this.runningConnection = connection;
    if (!connection.fromScript) this.clientCommand = { connection, spec: resolved.definition, args };
    this.callDepth++;
    try {
      return this.runResolved(connection, resolved, args, now);
    } finally {
      this.callDepth--;
      this.runningConnection = outer;
      this.clientCommand = outerClientCommand;
    }
  }

  /**
   * A read-only command ran: a tracking client remembers its keys (Redis's call()). Inside a
   * script the script's caller remembers the keys its command (EVAL, FCALL) declared.
   */
  private rememberRead(connection: ClientConnection, spec: CommandSpec, args: readonly ByteString[]): void {
    const frame = connection.fromScript ? this.clientCommand : { connection, spec, args };
    if (frame !== null) this.tracking.rememberRead(frame.connection, frame.spec, frame.args);
  }

  private runResolved(connection: ClientConnection, { definition, fullName }: ResolvedCommand, args: readonly ByteString[], now: number): Reply | BlockRequest {
    connection.lastCommand = fullName;
    connection.nowMs = now;
    this.commandTimeMs = now;
    // A top-level command's readings chain through its batch (BatchClock); nested ones read their own.
    const topLevel = this.callDepth === 1;
    const startedMs = topLevel ? this.batchClock.commandStart() : this.clock.monotonic();
    const database = connection.databaseIndex;
    this.effects.beginCommand();
    if (this.defects.entriesOnHomeShard) this.effects.homeShard = connection.id % this.shardCount;
    const monitored = this.monitors.active ? MonitorFeed.when(definition) : 'never';
    if (monitored === 'before') this.feedMonitors(connection, fullName, args);
    const reply = definition.handler(connection, args);
    this.tracking.settleFlush();
    if (this.tracking.remembersReadsOf(definition)) this.rememberRead(connection, definition, args);
    if (monitored === 'after') this.feedMonitors(connection, fullName, args);
    if (this.defects.scriptErrorDropsEffects && definition.group === 'scripting' && reply instanceof ErrorReply) this.effects.takeUnit();
    if (reply instanceof BlockRequest) this.effects.endUnservedCommand();
    else this.effects.endCommand(definition, args, reply, database);
    this.replies.noteRead(definition, args, database);
    const failed = reply instanceof ErrorReply;
    const usec = Math.round(((topLevel ? this.batchClock.commandEnd() : this.clock.monotonic()) - startedMs) * 1000) + this.sleptUs;
    this.sleptUs = 0;
    // A blocked command reaches the slow log when its wait ends, as in Redis.
    if (reply instanceof BlockRequest) reply.command = { spec: definition, args, fullName, durationUs: usec };
    else this.offerSlowLog(connection, definition, fullName, args, usec);
    const counted = countCommand(this.stats, fullName, usec, failed);
    // A blocked call's latency is tracked when its wait ends (unblockedCallEnded), as in Redis.
    if (this.latencyTracking && !(reply instanceof BlockRequest)) trackLatency(counted, usec);
    // A suspended script's call is sampled when it ends (continueScript), with all its slices.
    if (this.latency.thresholdMs > 0 && !(reply instanceof BlockRequest && this.parkedScript?.connection === connection)) {
      this.sampleCommandLatency(definition, usec);
    }
    this.observeCommand?.(definition, usec, failed);
    this.stats.totalCommandsProcessed++;
    // A script's error that a command it ran returned was counted when that command failed (Redis counts it once).
    if (failed && !errorAlreadyCounted(reply)) countError(this.stats, reply.code);
    return reply;
  }

  /** The latency monitor's `command` or `fast-command` event for a call (Redis's call()); a blocked one's time is until it blocked. */
  private sampleCommandLatency(spec: CommandSpec, usec: number): void {
    this.latency.addSampleIfNeeded(spec.flags.includes('fast') ? 'fast-command' : 'command', Math.floor(usec / 1000));
  }

  /** Sends the MONITOR lines of the command whose reply was just written, waiting as that reply does. */
  private deliverMonitorLines(wait: ReplyWait): void {
    if (this.monitors.hasLines) this.monitors.deliver((monitor, line) => monitor.sendMonitorLine(line, wait));
  }

  /** A blocked call's wait ended (served, CLIENT UNBLOCK, its script finished): Redis's updateStatsOnUnblock — the slow log and its latency histogram. */
  private unblockedCallEnded(connection: ClientConnection, spec: CommandSpec, fullName: string, args: readonly ByteString[], durationUs: number): void {
    this.offerSlowLog(connection, spec, fullName, args, durationUs);
    if (this.latencyTracking) trackLatency(commandStatsOf(this.stats, fullName), durationUs);
  }

  /** MONITOR: the line for `args`, which `connection` runs, waits for the top-level command's reply (execute). */
  private feedMonitors(connection: ClientConnection, fullName: string, args: readonly ByteString[]): void {
    this.monitors.feed(connection, connection.databaseIndex, fullName, args, this.clock.now(), this.config.string('unixsocket'));
  }

  /** Offers a command that ran (a blocked one once its wait ended) to the slow log; skip_slowlog commands (EXEC) are left out. */
  private offerSlowLog(connection: ClientConnection, spec: CommandSpec, fullName: string, args: readonly ByteString[], durationUs: number): void {
    const { slowerThanUs, maxLength } = this.slowLogLimits;
    // The common case, a fast command and a log within its length, costs no allocation.
    if (slowerThanUs < 0 || (durationUs < slowerThanUs && this.slowLog.length <= maxLength) || spec.flags.includes('skip_slowlog')) return;
    this.slowLog.offer({
      fullName, args, durationUs, nowMs: this.clock.now(),
      // Redis's script client has no peer: its address reads as "?:0".
      address: connection.fromScript ? '?:0' : connection.address, clientName: connection.name,
    }, { slowerThanUs, maxLength });
  }

  /** The memory model's figure that maxmemory bounds (INFO used_memory): the empty databases and every key, value and expiry. */
  usedMemory(): number {
    return this.startupMemoryBytes + this.keyspaceMeter.bytes;
  }

  memoryInfo(): MemoryInfo {
    const { settings } = this.evictor;
    return {
      usedBytes: this.usedMemory(), startupBytes: this.startupMemoryBytes, peakBytes: this.peakMemory(),
      maxmemoryBytes: settings.maxmemoryBytes, policy: settings.policy,
      evictionExceededTotalMs: this.evictor.exceededTotalMs, evictionExceededCurrentMs: this.evictor.currentExceededMs(),
    };
  }

  /** used_memory_peak: the largest used_memory seen by the background cycle or INFO. */
  peakMemory(): number {
    this.peakMemoryBytes = Math.max(this.peakMemoryBytes, this.usedMemory());
    return this.peakMemoryBytes;
  }

  /** Keeps the eviction and access-clock settings in step with the config. */
  private observeMemoryConfig(): void {
    const { settings } = this.evictor;
    let started = false;
    this.config.observe('maxmemory', (value) => {
      settings.maxmemoryBytes = value as number;
      if (!started || settings.maxmemoryBytes === 0) return;
      // Redis's updateMaxmemory: warn when below the use, and evict from a timer event.
      const used = this.usedMemory();
      if (settings.maxmemoryBytes < used) {
        this.log('warning', `WARNING: the new maxmemory value set via CONFIG SET (${settings.maxmemoryBytes}) is smaller than the current memory usage (${used}). `
          + 'This will result in key eviction and/or the inability to accept new write commands depending on the maxmemory-policy.');
      }
      this.evictor.startTimeProc();
    });
    this.config.observe('maxmemory-policy', (value) => {
      settings.policy = value as MaxmemoryPolicy;
      this.keyAccess.lfu = isLfuPolicy(settings.policy);
    });
    this.config.observe('maxmemory-samples', (value) => (settings.samples = value as number));
    this.config.observe('maxmemory-eviction-tenacity', (value) => (settings.tenacity = value as number));
    this.config.observe('lfu-log-factor', (value) => (this.keyAccess.logFactor = value as number));
    this.config.observe('lfu-decay-time', (value) => (this.keyAccess.decayMinutes = value as number));
    started = true;
  }

  /**
   * processCommand's maxmemory step for a client's command (EXEC's queue and scripts' calls are
   * not checked: Redis checks them through EXEC's and the script's flags): evict while over the
   * limit, then refuse with -OOM when nothing is left to evict and the command may grow memory —
   * a `denyoom` command, EXEC of a queue holding one, a script that does not declare allow-oom
   * or no-writes, or anything but EXEC/DISCARD/QUIT/RESET inside MULTI.
   */
  private memoryRefusal(connection: ClientConnection, resolved: ResolvedCommand, args: readonly ByteString[]): ErrorReply | null {
    // Not while a busy script is suspended (its unit is open), nor once the log failed: an
    // eviction could not be logged, and a crash would bring the key back.
    // Nor while clients are paused: the dataset holds still (Redis's isSafeToPerformEvictions).
    if (this.parkedScript !== null || this.execDepth > 0 || this.replies.durabilityFailure !== null || this.pause.holdsKeyspace || this.ignoresMaxmemory) return null;
    const outOfMemory = this.evictor.perform() === 'fail';
    // The client's invalidations of keys evicted for it go before its reply (they are about the old values).
    this.tracking.sendPendingNow();
    this.preCommandOutOfMemory = outOfMemory;
    if (!outOfMemory) return null;
    const inMulti = connection.multiQueue !== null && !['exec', 'discard', 'quit', 'reset'].includes(resolved.name);
    if (inMulti || commandDeniesOom(resolved, args, connection.multiQueue, { table: this.table, scripting: this.scripting })) return OOM_ERROR;
    return null;
  }

  /** A replica leaves eviction to its primary, whose DELs it receives (Redis's replica-ignore-maxmemory). */
  private get ignoresMaxmemory(): boolean {
    return this.replication !== null && this.replication.followsPrimary && this.config.boolean('replica-ignore-maxmemory');
  }

  /** Redis's evictionTimeProc: goes on evicting, one event at a time, until within maxmemory or out of candidates (its DELs: one unit per event). */
  private evictionTimeProc(): void {
    this.commandTimeMs = this.clock.now();
    const result = this.parkedScript !== null || this.replies.durabilityFailure !== null || this.pause.holdsKeyspace || this.ignoresMaxmemory ? 'ok' : this.evictor.perform();
    // Redis propagates evictions as separate DELs, never inside MULTI/EXEC.
    this.closeUnit(false);
    if (result === 'running') this.scheduleEviction();
    else this.evictor.timeProcRunning = false;
  }

  private scheduleEviction(): void {
    this.evictionTimer = this.clock.schedule(0, () => {
      this.evictionTimer = null;
      this.runEvent(() => this.evictionTimeProc());
    });
  }

  /** What scripts need of the engine (scripting/). */
  private scriptHost(): ScriptHost {
    return {
      config: this.config, clock: this.clock, random: this.random,
      log: (level, message) => this.log(level, message),
      callFromScript: (script, argv) => this.callFromScript(script, argv),
      canSuspend: () => this.callDepth <= 1 && this.replayDepth === 0,
      suspend: (resume) => this.parkScript(resume),
      librariesChanged: () => {
        this.effects.serverStateChanged();
        this.librariesChanging = true;
      },
      noteLibraryRead: () => this.replies.noteReadLsn(this.librariesLsn),
      replaying: () => this.replayDepth > 0,
      durabilityFailure: () => this.aofError,
      replicasRefusal: () => this.replication?.writeRefusal()?.message ?? null,
      outOfMemory: () => this.evictor.settings.maxmemoryBytes > 0 && this.preCommandOutOfMemory,
      acl: this.acl,
    };
  }

  /** redis.call from the running script: Redis's scriptCall checks, then the command as the script's client, at the script's frozen time. */
  private callFromScript(script: ActiveScript, argv: readonly ByteString[]): Reply {
    const client = this.scriptClientFor(script);
    const resolved = resolveCommand(this.table, argv);
    const refusal = scriptCallRefusal(resolved instanceof ErrorReply ? this.unresolvedKind(argv, resolved) : resolved.definition,
      script, this.replies.durabilityFailure?.message ?? null,
      () => (resolved instanceof ErrorReply ? null : permissionRefusal(this, client, script.caller, resolved, argv, 'lua')?.message ?? null),
      this.replication?.writeRefusal()?.message ?? null,
      this.debugSettings.disableDenyScripts, this.evictor.settings.maxmemoryBytes > 0 && this.preCommandOutOfMemory);
    if (refusal !== null || resolved instanceof ErrorReply) {
      const error = new ErrorReply(refusal ?? (resolved as ErrorReply).message);
      countRejected(this.stats, resolved instanceof ArityRefusal ? resolved.fullName : resolved instanceof ErrorReply ? undefined : resolved.fullName);
      countError(this.stats, error.code);
      return error;
    }
    if (resolved.definition.flags.includes('write')) script.writeDirty = true;
    const reply = this.run(client, resolved, argv, script.nowMs);
    return reply instanceof BlockRequest ? reply.timeoutReply : reply;
  }

  /** Why a script's command did not resolve: Redis says "unknown" for an unknown (sub)command, else "arity". */
  private unresolvedKind(argv: readonly ByteString[], error: ErrorReply): 'unknown' | 'arity' {
    return this.table.lookup(argv[0]) === undefined || error.message.startsWith('ERR unknown subcommand') ? 'unknown' : 'arity';
  }

  /** The script client, reset to the caller's database and RESP2 when a new script starts. */
  private scriptClientFor(script: ActiveScript): ClientConnection {
    if (this.scriptClient === null) {
      this.scriptClient = new ClientConnection(this, SCRIPT_CLIENT_HOST, 0);
      this.scriptClient.fromScript = true;
    }
    const client = this.scriptClient;
    if (this.scriptClientOwner !== script) {
      this.scriptClientOwner = script;
      client.databaseIndex = script.databaseIndex;
    }
    client.protocol = script.protocol;
    client.user = script.caller.user;
    return client;
  }

  /** A busy script yielded: park its caller, keep the unit open, and run its next slice in a later event. */
  private parkScript(resume: () => Reply | undefined): void {
    const connection = this.runningConnection;
    assert(connection !== null, 'a script suspended outside a command');
    this.parkedScript = { connection, resume, waits: this.replies.commandWaits(), slicesUs: 0 };
    this.scheduleScriptSlice();
  }

  private scheduleScriptSlice(): void {
    this.clock.schedule(0, () => this.runEvent(() => this.continueScript()));
  }

  /** Runs the parked script's next slice; when it ends, its unit closes and its caller gets the reply. */
  private continueScript(): void {
    const parked = this.parkedScript;
    if (parked === null) return;
    this.replies.restoreCommandWaits(parked.waits);
    const startedMs = this.clock.monotonic();
    const reply = parked.resume();
    parked.slicesUs += Math.round((this.clock.monotonic() - startedMs) * 1000);
    if (reply === undefined) {
      parked.waits = this.replies.commandWaits();
      this.scheduleScriptSlice();
      return;
    }
    this.parkedScript = null;
    const outerTracked = this.tracking.beginCommand(parked.connection);
    const lsn = this.closeUnit();
    if (lsn > 0) parked.connection.lastWriteLsn = lsn;
    // The script's call reaches the slow log when it ends, with the time of all its slices.
    const command = parked.connection.blockRequest?.command;
    if (command !== undefined) {
      const totalUs = command.durationUs + parked.slicesUs;
      this.unblockedCallEnded(parked.connection, command.spec, command.fullName, command.args, totalUs);
      this.sampleCommandLatency(command.spec, totalUs);
    }
    const wait = this.replies.replyWait(lsn);
    parked.connection.unblock(reply, wait);
    this.tracking.endCommand(wait, outerTracked);
    this.deliverMonitorLines(wait);
    this.serveReadyKeys();
  }

  /**
   * Retries every blocked client a key it waits on became ready for; each served one is a unit
   * of its own, and its reply waits, like a command's, for that unit and for the uncommitted
   * writes it read — a served XREAD logs nothing, yet returns what the write that woke it added.
   */
  private serveReadyKeys(): void {
    if (this.parkedScript !== null || !this.blocking.hasReadyKeys) return;
    this.blocking.offerReadyKeys((client) => {
      const request = client.blockRequest;
      if (request === null) return;
      this.batchClock.interrupt();
      client.nowMs = this.commandTimeMs = this.clock.now();
      const command = request.command;
      assert(command !== undefined, 'a blocked client without its command');
      this.replies.beginCommand();
      this.effects.beginCommand();
      const outerTracked = this.tracking.beginCommand(client);
      const startedMs = this.clock.monotonic();
      const reply = request.retry(client);
      if (reply === undefined) this.effects.endUnservedCommand();
      else this.effects.endServedRetry(command.spec, command.args, reply, client.blockedDatabase);
      this.replies.noteRead(command.spec, command.args, client.blockedDatabase);
      // Redis's updateStatsOnUnblock: the first call's time and the serving's, not the wait.
      if (reply !== undefined) {
        const servedUs = Math.round((this.clock.monotonic() - startedMs) * 1000);
        this.unblockedCallEnded(client, command.spec, command.fullName, command.args, command.durationUs + servedUs);
        this.latency.addSampleIfNeeded('command-unblocking', Math.floor(servedUs / 1000));
      }
      const lsn = this.closeUnit();
      if (lsn > 0) client.lastWriteLsn = lsn;
      // An error that ends the wait (-NOGROUP for a group destroyed meanwhile) fails the call, as
      // Redis's updateStatsOnUnblock counts it.
      if (reply instanceof ErrorReply) this.countFailedUnblock(command.spec.name, reply);
      const wait = this.replies.replyWait(lsn);
      if (reply !== undefined) client.unblock(reply, wait);
      this.tracking.endCommand(wait, outerTracked);
    });
  }

  /** Active expiry, timed for the latency monitor's `expire-cycle` event when it is on. */
  private expireCycle(): void {
    const startedMs = this.latency.thresholdMs > 0 ? this.clock.monotonic() : 0;
    expireSampledKeys(this.shards, this.random);
    if (this.latency.thresholdMs > 0) this.latency.addSampleIfNeeded('expire-cycle', Math.floor(this.clock.monotonic() - startedMs));
  }

  private countFailedUnblock(name: string, reply: ErrorReply): void {
    const entry = this.stats.commands.get(name);
    if (entry !== undefined) entry.failed++;
    countError(this.stats, reply.code);
  }

  private scheduleCron(): void {
    const periodMs = Math.max(1, Math.floor(1000 / this.config.integer('hz')));
    this.cronTimer = this.clock.schedule(periodMs, () => {
      this.runEvent(() => this.cron());
      if (this.cronTimer !== null) this.scheduleCron();
    });
  }

  /**
   * One background cycle: expire sampled keys (one unit; none after a durability failure, while a
   * script is suspended, while clients are paused or after DEBUG SET-ACTIVE-EXPIRE 0), then close
   * idle clients.
   */
  private cron(): void {
    // DEBUG SLEEP or RELOAD holds the engine: Redis's serverCron does not run while its thread is busy; DEBUG PAUSE-CRON skips it.
    if (this.commandsPaused || this.debugSettings.pauseCron) return;
    this.commandTimeMs = this.clock.now();
    this.peakMemory();
    this.tracking.enforceLimit();
    if (this.replies.durabilityFailure === null && this.parkedScript === null && !this.pause.holdsKeyspace && !this.followingPrimary
      && this.debugSettings.activeExpire) this.expireCycle();
    this.closeUnit(false);
    const timeoutMs = this.config.integer('timeout') * 1000;
    if (timeoutMs > 0) closeIdleClients(this.connections.all(), timeoutMs, this.commandTimeMs, (message) => this.log('verbose', message));
  }
}
