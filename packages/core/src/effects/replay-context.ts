/**
 * The context effects are replayed in: one shard of the engine, seen as if it were the whole
 * server. Every database view holds only that shard's database, so FLUSHALL, SWAPDB or MOVE in
 * shard s's log change shard s alone, and keys route to it without hashing. The command time
 * is -1 ms: replay never expires a key by itself (expiry was logged as DEL where it happened)
 * and every absolute expiry in the log lies after it.
 */
import type { CommandContext } from '../commands/types.js';
import type { ClientSession, ClientState, EngineServices, LogLevel } from '../commands/services.js';
import type { Random } from '../io/random.js';
import type { Database } from '../keyspace/database.js';
import { DatabaseView } from '../keyspace/database-view.js';
import type { SlotTable } from '../routing/slot-table.js';
import { trackingOff } from '../commands/server/client-tracking.js';

/** The command time replay runs at: before every expiry time that can be logged. */
export const REPLAY_TIME_MS = -1;

const NO_SUBSCRIPTIONS: ReadonlySet<string> = new Set();

/** The replay client, but for its user (the engine's default user, which may run anything). */
const REPLAY_CLIENT: Omit<ClientState, 'user'> = {
  id: 0,
  address: 'aof:0',
  localAddress: 'aof:0',
  unixSocket: false,
  name: null,
  protocol: 2,
  databaseIndex: 0,
  authenticated: true,
  connectedAtMs: 0,
  lastInteractionMs: 0,
  lastCommand: 'NULL',
  inMulti: false,
  fromScript: false,
  monitoring: false,
  blocked: false,
  blockRequest: null,
  channelCount: 0,
  patternCount: 0,
  shardChannelCount: 0,
  channels: NO_SUBSCRIPTIONS,
  patterns: NO_SUBSCRIPTIONS,
  shardChannels: NO_SUBSCRIPTIONS,
  queryBufferBytes: 0,
  outputBufferBytes: 0,
  lastWriteLsn: 0,
  lastWriteStreamOffset: 0,
  replica: false,
  fromPrimary: false,
  // Replay never runs CLIENT TRACKING (it is not logged).
  tracking: Object.freeze(trackingOff()),
  closeAfterReply() {
    throw new Error('replay cannot close a client');
  },
  setReplyMode() {
    throw new Error('replay has no replies to silence');
  },
};

export class ShardReplayContext implements CommandContext {
  readonly client: ClientState;
  readonly nowMs = REPLAY_TIME_MS;
  readonly engine: EngineServices;
  /** The database the next effect applies to (SELECT in the log changes it). */
  databaseIndex = 0;
  private readonly views: DatabaseView[];

  constructor(engine: EngineServices, databases: readonly Database[], slots: SlotTable, readonly random: Random) {
    this.client = { ...REPLAY_CLIENT, user: engine.acl.defaultUser };
    this.views = databases.map((database, index) => new DatabaseView(index, [database], slots));
    const views = this.views;
    this.engine = Object.freeze({
      ...pick(engine),
      database: (index: number) => views[index],
      swapDatabases: (first: number, second: number) => databases[first].swapWith(databases[second]),
      command: (name: string) => engine.command(name),
      commands: () => engine.commands(),
      clients: () => [],
      killClient: () => false,
      unblockClient: () => false,
      pauseClients: () => {
        throw new Error('replay cannot pause clients');
      },
      unpauseClients: () => undefined,
      requestShutdown: () => {
        throw new Error('replay cannot shut down');
      },
      push: () => undefined,
      tracking: engine.tracking,
      replicateOnly: () => {
        throw new Error('replay has no replicas: an effect ran PUBLISH');
      },
      persistence: null,
      snapshots: null,
      replication: null,
      replyWhenDone: () => {
        throw new Error('replay cannot wait: an effect ran SAVE');
      },
      holdReplyUntilCommitted: () => undefined,
      // DEBUG is never logged: replay neither sleeps nor reloads.
      reloader: null,
      configFile: null,
      debugSettings: engine.debugSettings,
      sleep: () => {
        throw new Error('replay cannot sleep: an effect ran DEBUG SLEEP');
      },
      pauseWhile: () => {
        throw new Error('replay cannot pause: an effect ran DEBUG RELOAD');
      },
      log: (level: LogLevel, message: string) => engine.log(level, message),
      memoryInfo: () => engine.memoryInfo(),
      // Logged FUNCTION LOAD/DELETE/FLUSH/RESTORE rebuild the engine's libraries.
      scripting: engine.scripting,
    });
  }

  get db(): DatabaseView {
    return this.views[this.databaseIndex];
  }

  /** Replayed effects are not news: they publish no keyspace notification. */
  notify(): void {}

  get session(): ClientSession {
    throw new Error('replay has no client session: an effect ran a connection, transaction or pub/sub command');
  }
}

function pick(engine: EngineServices) {
  const { config, clock, host, stats, databaseCount, shardCount, startedAtMs, pubsub, slowLog, latency, acl } = engine;
  return { config, clock, host, stats, databaseCount, shardCount, startedAtMs, pubsub, slowLog, latency, acl };
}
