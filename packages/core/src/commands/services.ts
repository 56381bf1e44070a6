/**
 * What command handlers may see of the engine and of the client that sent the command. The
 * engine implements these; handlers depend on the interfaces only, so they stay plain functions.
 */
import type { Clock } from '../io/clock.js';
import type { Config } from '../config/config.js';
import type { DatabaseView } from '../keyspace/database-view.js';
import type { ByteString } from '../resp/byte-string.js';
import type { ErrorReply, PushReply, Reply } from '../resp/reply.js';
import type { BlockRequest, CommandContext, CommandDefinition } from './types.js';
import type { SlowLog } from './server/slowlog.js';
import type { LatencyHistogram } from './server/latency-histogram.js';
import type { LatencyMonitor } from './server/latency-monitor.js';
import type { AccessControl } from './acl/access-control.js';
import type { AclUser } from './acl/acl-user.js';
import type { TrackingServices, TrackingState } from './server/client-tracking.js';

/** Per-connection state a handler may read or change. */
export interface ClientState {
  readonly id: number;
  /** `ip:port` of the peer, and of our end. */
  readonly address: string;
  readonly localAddress: string;
  /** Connected over a unix socket (flag U in CLIENT LIST). */
  readonly unixSocket: boolean;
  name: ByteString | null;
  /** RESP protocol version chosen with HELLO. */
  protocol: 2 | 3;
  /** Selected database number. */
  databaseIndex: number;
  /**
   * AUTH or HELLO AUTH succeeded (Redis's c->authenticated). Reading it also says yes while the
   * default user needs no password: a client may then run commands without AUTH.
   */
  authenticated: boolean;
  /** The ACL user the client runs as: `default` until AUTH names another. */
  user: AclUser;
  /** Wall time (ms) the connection was accepted. */
  readonly connectedAtMs: number;
  /** Wall time (ms) of the last command. */
  readonly lastInteractionMs: number;
  /** Lower-case name of the last command run (`client|list` for subcommands). */
  readonly lastCommand: string;
  readonly inMulti: boolean;
  /** The script client: redis.call runs as it (Redis's CLIENT_SCRIPT). */
  readonly fromScript: boolean;
  /** In MONITOR mode (CLIENT LIST flag O). */
  readonly monitoring: boolean;
  readonly blocked: boolean;
  /** What the client waits for while blocked (replyWhenDone's request, a BLPOP's), else null. */
  readonly blockRequest: BlockRequest | null;
  readonly channelCount: number;
  readonly patternCount: number;
  readonly shardChannelCount: number;
  readonly channels: ReadonlySet<ByteString>;
  readonly patterns: ReadonlySet<ByteString>;
  readonly shardChannels: ReadonlySet<ByteString>;
  /** Bytes of unparsed input and of pending output (CLIENT LIST qbuf / omem). */
  readonly queryBufferBytes: number;
  readonly outputBufferBytes: number;
  /** LSN of this client's last logged write (0: none): what WAITAOF waits for. */
  readonly lastWriteLsn: number;
  /** The replication stream offset at the end of this client's last logged write (0: none): what WAIT waits for. */
  readonly lastWriteStreamOffset: number;
  /** This connection is a replica's link (PSYNC/SYNC took it over): CLIENT LIST flag S. */
  readonly replica: boolean;
  /** This connection is the link from this node's primary (Redis's master client): CLIENT LIST flag M. */
  readonly fromPrimary: boolean;
  /** CLIENT TRACKING: its modes, redirection and prefixes. */
  readonly tracking: TrackingState;
  /** Asks the connection to close once the current reply is written (QUIT, CLIENT KILL). */
  closeAfterReply(): void;
  /**
   * CLIENT REPLY: `on` sends replies again, `off` stops them, `skip` drops the next command's.
   * Pub/sub messages and subscription confirmations are sent whatever the mode.
   */
  setReplyMode(mode: ReplyMode): void;
}

export type ReplyMode = 'on' | 'off' | 'skip';

/**
 * What the engine's own commands (transactions, pub/sub, RESET) do to the client that sent
 * them. The engine implements it for each connection; data commands never use it, and replay
 * has none.
 */
export interface ClientSession {
  /** Commands queued by MULTI, or null outside a transaction. */
  multiQueue: ByteString[][] | null;
  /** A command was refused while queueing: EXEC must answer EXECABORT. */
  multiFailed: boolean;
  /** A watched key changed since WATCH: EXEC must abort. */
  readonly watchDirty: boolean;
  /** Name of the last command run, as CLIENT LIST shows it (EXEC sets it after its queue). */
  lastCommand: string;
  readonly channels: ReadonlySet<ByteString>;
  readonly patterns: ReadonlySet<ByteString>;
  readonly shardChannels: ReadonlySet<ByteString>;
  /** True while EXEC runs this client's queued commands (Redis's CLIENT_DENY_BLOCKING for MULTI). */
  readonly runningQueued: boolean;
  /** WATCH `key` in the selected database. */
  watch(key: ByteString): void;
  unwatchAll(): void;
  /** Looks every watched key up, so one that expired since WATCH marks the client dirty (Redis 7.0). */
  expireWatchedKeys(): void;
  /** Runs one command queued by MULTI; returns what it pushed to this client, then its reply. */
  runQueued(args: readonly ByteString[]): Reply[];
  /** Subscription changes; each returns true when it changed something. */
  subscribe(channel: ByteString): boolean;
  unsubscribe(channel: ByteString): boolean;
  psubscribe(pattern: ByteString): boolean;
  punsubscribe(pattern: ByteString): boolean;
  ssubscribe(channel: ByteString): boolean;
  sunsubscribe(channel: ByteString): boolean;
  /** Queues an out-of-band reply (a subscription confirmation) for this client. */
  push(reply: PushReply): void;
  /** RESET: back to the state of a fresh connection. */
  reset(): void;
  /** MONITOR: from now on the client receives every command the server runs. */
  startMonitoring(): void;
  /** PSYNC/SYNC: this connection becomes a replica's link (no more replies; the stream is written through the channel). */
  attachReplica(): ReplicaChannel;
}

/** Counters behind INFO stats. */
export interface ServerStats {
  totalConnectionsReceived: number;
  totalCommandsProcessed: number;
  rejectedConnections: number;
  expiredKeys: number;
  /** Keys deleted to stay within maxmemory. */
  evictedKeys: number;
  keyspaceHits: number;
  keyspaceMisses: number;
  /** Changes since start (Redis's `dirty`, without saves to reset it). */
  dirty: number;
  netInputBytes: number;
  netOutputBytes: number;
  pubsubMessages: number;
  /** Per command (`get`, `client|list`): INFO commandstats' counters and its latency histogram. */
  readonly commands: Map<string, CommandStats>;
  /** Per error code (`ERR`, `WRONGTYPE`): how many error replies. */
  readonly errors: Map<string, number>;
}

/** One command's INFO commandstats counters: calls, total time in µs, failed and rejected calls. */
export interface CommandStats {
  calls: number;
  usec: number;
  failed: number;
  rejected: number;
  /** Its calls' latencies while latency-tracking is on (LATENCY HISTOGRAM, INFO latencystats); null before the first. */
  histogram: LatencyHistogram | null;
}

/** Facts about the hosting process, which core cannot read itself. */
export interface HostInfo {
  readonly version: string;
  readonly processId: number;
  readonly runId: string;
  readonly tcpPort: number;
  readonly executable: string;
  readonly configFile: string;
  readonly os: string;
  /** Bytes of memory in use (heap) and resident set size, sampled now. */
  memoryUsage(): { usedBytes: number; rssBytes: number };
  /** CPU time used so far (INFO cpu), sampled now. */
  cpuUsage(): CpuUsage;
  /**
   * `count` bytes from a cryptographically secure source (ACL GENPASS). A host without one (the
   * simulator, tests) leaves it out and GENPASS draws from the seeded Random.
   */
  randomBytes?(count: number): Uint8Array;
}

/**
 * CPU time in microseconds, as Redis reads it with getrusage: the whole process, its waited-for
 * children, and the main (event loop) thread where the host can measure it alone.
 */
export interface CpuUsage {
  readonly systemUs: number;
  readonly userUs: number;
  readonly childrenSystemUs: number;
  readonly childrenUserUs: number;
  /** Undefined where the host cannot tell the main thread apart (Redis without RUSAGE_THREAD). */
  readonly mainThread: { readonly systemUs: number; readonly userUs: number } | undefined;
}

export interface PubSubServices {
  /** Delivers `message` on `channel`; returns how many clients received it. */
  publish(channel: ByteString, message: ByteString): number;
  /** Active channels (with at least one subscriber) matching an optional glob. */
  channels(pattern: ByteString | null): ByteString[];
  subscriberCount(channel: ByteString): number;
  patternCount(): number;
  /** SPUBLISH: delivers `message` to the subscribers of shard channel `channel`; returns how many. */
  spublish(channel: ByteString, message: ByteString): number;
  /** Active shard channels matching an optional glob. */
  shardChannels(pattern: ByteString | null): ByteString[];
  shardSubscriberCount(channel: ByteString): number;
}

/** The AOF as commands see it (INFO persistence, WAITAOF); null when appendonly is no. */
export interface PersistenceServices {
  readonly committedLsn: number;
  /** Asks for an fsync of everything written so far. */
  requestSync(): void;
  /** The aof_* lines of INFO persistence. */
  infoLines(): string[];
  /**
   * BGREWRITEAOF: starts a rewrite of every shard, or schedules it after a running BGSAVE;
   * the reason (without ERR) when it cannot.
   */
  startRewrite(): 'started' | 'scheduled' | { readonly refused: string };
}

/**
 * RDB snapshots as commands see them (SAVE, BGSAVE, LASTSAVE, INFO persistence's rdb_* fields);
 * the durability layer implements it. A save writes `<dir>/<dbfilename>` atomically.
 */
export interface SnapshotServices {
  /** SAVE: writes the dump now; resolves to null once it is durable, or to the failure's text. */
  save(): Promise<string | null>;
  /**
   * BGSAVE [SCHEDULE]: starts a background save. 'started', 'scheduled' (SCHEDULE while an AOF
   * rewrite runs: it starts when that ends), or Redis's error text (without ERR).
   */
  startBackgroundSave(schedule: boolean): 'started' | 'scheduled' | string;
  /** LASTSAVE: Unix time in seconds of the last successful save (the start time before any). */
  readonly lastSaveSeconds: number;
  /** True while a background save runs (BGREWRITEAOF then waits its turn). */
  readonly inProgress: boolean;
  /** The last background save failed, save points are set and stop-writes-on-bgsave-error is on: writes get MISCONF. */
  readonly refusesWrites: boolean;
  /** The rdb_* lines of INFO persistence. */
  infoLines(): string[];
}

/** The config file the server was started with, as CONFIG REWRITE sees it; the host implements it. */
export interface ConfigFileServices {
  /**
   * Reads the file (null when it does not exist), composes the new text from it with `compose`
   * (run then, on the values of that moment) and replaces the file atomically. Rewrites run one
   * at a time. Rejects with the reason as strerror words it ("Permission denied").
   */
  rewrite(compose: (oldText: string | null) => string): Promise<void>;
}

/**
 * A connection that PSYNC or SYNC turned into a replica's link: from then on it receives the
 * replication stream and no replies (Redis never answers a replica, not even its REPLCONF ACKs).
 */
export interface ReplicaChannel {
  readonly clientId: number;
  /** `ip:port` of the replica's end of the link. */
  readonly address: string;
  /** Sends stream bytes, after anything the connection had already buffered. */
  write(bytes: Uint8Array): void;
  /** Bytes written but not yet sent to the replica. */
  pendingBytes(): number;
  readonly closed: boolean;
  /** Drops the link (a replica that timed out or overran its output limit). */
  close(): void;
}

/** A PSYNC's arguments: the replication ID and offset the replica asks to continue from (`?` and -1 for none). */
export interface PsyncRequest {
  readonly replicationId: ByteString;
  readonly offset: number;
  /** `PSYNC <replid> <offset> FAILOVER`: the primary asks this replica to take over (FAILOVER). */
  readonly failover?: boolean;
}

/** FAILOVER's arguments, parsed: abort the failover in progress, or start one. */
export type FailoverRequest =
  | { readonly kind: 'abort' }
  | { readonly kind: 'start'; readonly target: { readonly host: ByteString; readonly port: number } | null; readonly force: boolean; readonly timeoutMs: number };

/** The primary's side of replication, as its commands see it. */
export interface ReplicationServices {
  /** PSYNC (request) or SYNC (null): answers the replica on `session`'s connection, which becomes its link. */
  synchronize(client: ClientState, session: ClientSession, request: PsyncRequest | null): Reply;
  /** REPLCONF listening-port/ip-address/capa/ack/getack. */
  replconf(client: ClientState, args: readonly ByteString[]): Reply;
  /** WAIT numreplicas timeout: replicas that acknowledged the client's last write, now or when enough have. */
  wait(client: ClientState, numreplicas: number, timeoutMs: number, inTransaction: boolean): Reply | BlockRequest;
  /**
   * WAITAOF numlocal numreplicas timeout with numreplicas > 0: [local fsync of the client's last
   * write, replicas whose durable offset (FACK) covers it], now or when both are reached.
   */
  waitAof(client: ClientState, numlocal: number, numreplicas: number, timeoutMs: number, inTransaction: boolean): Reply | BlockRequest;
  /** This node follows a primary (REPLICAOF host port). */
  readonly followsPrimary: boolean;
  /** ROLE's reply. */
  role(): Reply;
  /** FAILOVER: start a coordinated failover to a replica, or abort one (replication/failover.ts). */
  failoverCommand(request: FailoverRequest): Reply;
  /** REPLICAOF host port (follow that primary) or NO ONE (`port` null: become a primary). */
  replicaOf(host: ByteString, port: number | null): Reply;
  /** NOREPLICAS while min-replicas-to-write asks for more good replicas than there are, else null (cheap: asked per command). */
  writeRefusal(): ErrorReply | null;
  /** INFO replication's lines. */
  infoLines(): string[];
  /** sync_full, sync_partial_ok and sync_partial_err of INFO stats. */
  readonly syncCounts: { readonly full: number; readonly partialOk: number; readonly partialErr: number };
}

/** Engine-wide switches of DEBUG subcommands (process state in Redis, never saved). */
export interface DebugSettings {
  /** SET-ACTIVE-EXPIRE: whether the background cycle expires sampled keys. */
  activeExpire: boolean;
  /** QUICKLIST-PACKED-THRESHOLD: from this size on a list element counts as a PLAIN node in DEBUG OBJECT's ql_* fields. */
  quicklistPackedThresholdBytes: number;
  /** SET-DISABLE-DENY-SCRIPTS: scripts may call commands flagged noscript (Redis's test hook). */
  disableDenyScripts: boolean;
  /** PAUSE-CRON: the background cycle (active expiry, idle clients, tracking-table-max-keys) does nothing. */
  pauseCron: boolean;
}

/**
 * DEBUG RELOAD's work, done by the durability layer (durability/dataset-reload.ts): persist the
 * dataset (rewrite the AOF, or save the dump with appendonly no), then load it back from what
 * was written and make that the dataset in memory.
 */
export interface DatasetReloader {
  /** Resolves to null once the dataset in memory is the one loaded back, or to why not (the dataset is then left as it was). */
  reload(options: ReloadOptions): Promise<string | null>;
}

/** DEBUG RELOAD's options. */
export interface ReloadOptions {
  /** Write the dataset first (not NOSAVE, not LOADAOF); else load what the files hold, after making everything logged durable. */
  readonly persist: boolean;
  /** Replace the dataset (not NOFLUSH); else keep what memory holds besides what is loaded. */
  readonly flush: boolean;
  /** With NOFLUSH: a key or library both loaded and in memory takes the loaded copy (else the reload is refused). */
  readonly merge: boolean;
}

/** Which script a run is: EVAL's body or SHA, or a function by name. */
export type ScriptTarget =
  | { readonly kind: 'eval'; readonly body: ByteString }
  | { readonly kind: 'evalsha'; readonly sha: ByteString }
  | { readonly kind: 'function'; readonly name: ByteString };

/** One EVAL/EVALSHA/FCALL (or _RO) call. */
export interface ScriptInvocation {
  readonly target: ScriptTarget;
  readonly keys: readonly ByteString[];
  readonly args: readonly ByteString[];
  /** EVAL_RO, EVALSHA_RO, FCALL_RO. */
  readonly readOnly: boolean;
  /** The command as the client sent it (FUNCTION STATS). */
  readonly command: readonly ByteString[];
}

/** FUNCTION RESTORE's policy for libraries that already exist. */
export type RestorePolicy = 'append' | 'replace' | 'flush';

/**
 * The engine's scripting state (scripting/ implements it): EVAL's script cache, FUNCTION's
 * libraries and the script running now. The handlers of EVAL, FCALL, SCRIPT and FUNCTION parse
 * their arguments and call these; errors come back as replies with Redis's texts.
 */
export interface ScriptingServices {
  /** EVAL, EVALSHA, FCALL and their _RO forms: runs the script (or parks the client while a busy one yields). */
  run(context: CommandContext, invocation: ScriptInvocation): Reply | BlockRequest;
  /** FCALL looks the function up before it parses numkeys. */
  hasFunction(name: ByteString): boolean;
  /** SCRIPT LOAD: the SHA1 of the compiled body, or the compile error. */
  loadScript(body: ByteString): Reply;
  scriptExists(sha: ByteString): boolean;
  flushScripts(): void;
  /** SCRIPT KILL / FUNCTION KILL. */
  kill(kind: 'script' | 'function'): Reply;
  /** FUNCTION LOAD [REPLACE]: the library's name, or the error. */
  loadLibrary(code: ByteString, replace: boolean): Reply;
  deleteLibrary(name: ByteString): Reply;
  flushLibraries(): void;
  listLibraries(pattern: ByteString | null, withCode: boolean): Reply;
  dumpLibraries(): ByteString;
  restoreLibraries(payload: ByteString, policy: RestorePolicy): Reply;
  /** FUNCTION STATS. */
  stats(): Reply;
  /** INFO memory's scripting lines. */
  info(): ScriptingInfo;
}

/** Bytes and counts behind INFO's used_memory_lua, number_of_functions and friends. */
export interface ScriptingInfo {
  readonly evalVmBytes: number;
  readonly functionsVmBytes: number;
  readonly evalScriptsBytes: number;
  readonly cachedScripts: number;
  readonly functions: number;
  readonly libraries: number;
  readonly functionsBytes: number;
}

/** How important a log line is, in Redis's levels (`loglevel` filters on it). */
export type LogLevel = 'debug' | 'verbose' | 'notice' | 'warning';

export interface EngineServices {
  readonly config: Config;
  readonly clock: Clock;
  readonly host: HostInfo;
  readonly stats: ServerStats;
  readonly databaseCount: number;
  readonly shardCount: number;
  /** Wall time (ms) the engine started. */
  readonly startedAtMs: number;
  database(index: number): DatabaseView;
  /** SWAPDB: exchanges two databases on every shard. */
  swapDatabases(first: number, second: number): void;
  /** Every connected client, in id order. */
  clients(): Iterable<ClientState>;
  /** Closes a client (CLIENT KILL); the current client is closed after its reply. */
  killClient(id: number): boolean;
  /**
   * CLIENT UNBLOCK: ends the wait of a client blocked by a blocking command, answering it with
   * the command's timeout reply or with -UNBLOCKED (`error`: CLIENT UNBLOCK's, or `reason`); false when no such client is.
   */
  unblockClient(id: number, how: 'timeout' | 'error', reason?: ErrorReply): boolean;
  /**
   * CLIENT PAUSE (`purpose` client-command, the default) or FAILOVER: postpones every command
   * (`all`) or those that may write (`write`) until `endMs` (wall ms) or unpauseClients of that purpose.
   */
  pauseClients(mode: 'write' | 'all', endMs: number, purpose?: 'client-command' | 'failover'): void;
  /** CLIENT UNPAUSE (or a failover's end): that purpose's pause ends; with none left, postponed clients run again, in order. */
  unpauseClients(purpose?: 'client-command' | 'failover'): void;
  /** Command lookup by lower-case name, and the whole table. */
  command(name: string): CommandDefinition | undefined;
  commands(): readonly CommandDefinition[];
  readonly pubsub: PubSubServices;
  /** Client-side caching's table of tracked keys and BCAST prefixes (CLIENT TRACKING, INFO). */
  readonly tracking: TrackingServices;
  /** Sends the running command to replicas but not to the log (PUBLISH: Redis's PROPAGATE_REPL). */
  replicateOnly(database: number, args: readonly ByteString[]): void;
  /** Asks the host to shut down after this reply (SHUTDOWN). */
  requestShutdown(save?: 'save' | 'nosave' | 'default'): void;
  /** Sends an out-of-band reply to a client (used by pub/sub). */
  push(clientId: number, reply: Reply): void;
  readonly persistence: PersistenceServices | null;
  /** RDB snapshots; null when the host gave none (the simulator). */
  readonly snapshots: SnapshotServices | null;
  /** Replication's primary side; null when the host gave none. */
  readonly replication: ReplicationServices | null;
  /**
   * Parks the running command's client until `work` settles, then answers it with the reply
   * (SAVE waits for its file this way while other clients are served).
   */
  replyWhenDone(work: Promise<Reply>, whileQueued: Reply): BlockRequest;
  /** Holds the running command's reply until `lsn` is committed, whatever appendfsync says. */
  holdReplyUntilCommitted(lsn: number): void;
  /** DEBUG RELOAD's work; null where the host gave none (no data directory: the simulator, tests). */
  readonly reloader: DatasetReloader | null;
  /** The config file for CONFIG REWRITE; null when the server runs without one (or the host gave none). */
  readonly configFile: ConfigFileServices | null;
  /** What DEBUG SET-ACTIVE-EXPIRE and QUICKLIST-PACKED-THRESHOLD change. */
  readonly debugSettings: DebugSettings;
  /**
   * DEBUG SLEEP: no command runs for `ms` (the engine's timers, not a blocked thread); the reply
   * leaves when the time is up, and the command's duration includes it.
   */
  sleep(ms: number): Reply | BlockRequest;
  /** Runs `work` while no other command runs (DEBUG RELOAD); the reply is what it settles to (`whileQueued` inside EXEC). */
  pauseWhile(work: () => Promise<Reply>, whileQueued: Reply): Reply | BlockRequest;
  readonly scripting: ScriptingServices;
  /** SLOWLOG's entries: the engine offers it every command it ran. */
  readonly slowLog: SlowLog;
  /** LATENCY's event samples (latency-monitor-threshold). */
  readonly latency: LatencyMonitor;
  /** Users, permissions and the ACL log. */
  readonly acl: AccessControl;
  /** Writes a line to the server's log (CONFIG SET reports a refused configuration there, as Redis does). */
  log(level: LogLevel, message: string): void;
  /** The memory maxmemory bounds (the memory model's figure) and eviction's state, for INFO and MEMORY. */
  memoryInfo(): MemoryInfo;
}

/** used_memory and its parts as the memory model accounts them, and maxmemory's state. */
export interface MemoryInfo {
  /** used_memory: what maxmemory bounds (startup + dataset). */
  readonly usedBytes: number;
  /** used_memory_startup: the empty databases. */
  readonly startupBytes: number;
  readonly peakBytes: number;
  readonly maxmemoryBytes: number;
  readonly policy: string;
  /** total_eviction_exceeded_time and current_eviction_exceeded_time, in ms. */
  readonly evictionExceededTotalMs: number;
  readonly evictionExceededCurrentMs: number;
}
