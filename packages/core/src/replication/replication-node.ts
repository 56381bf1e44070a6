/**
 * ReplicationNode: this server's place in replication, as its commands see it. It is a primary
 * (ReplicationPrimary serves its replicas) until REPLICAOF host port makes it follow another
 * server (PrimaryLink), and a primary again after REPLICAOF NO ONE, continuing the history it
 * followed. While it follows, writes from its own clients are refused (replica-read-only), WAIT
 * and PSYNC are refused (chained replication is not built), and ROLE and INFO describe the link.
 */
import type { ClientSession, ClientState, FailoverRequest, PsyncRequest, ReplicationServices } from '../commands/services.js';
import type { BlockRequest } from '../commands/types.js';
import type { Engine, LogLevel } from '../engine/engine.js';
import type { Network } from '../io/network.js';
import type { Persistence } from '../durability/persistence.js';
import type { ByteString } from '../resp/byte-string.js';
import { ErrorReply, NO_REPLY, OK, SimpleString, type Reply } from '../resp/reply.js';
import { NO_PLANTED_DEFECTS, type PlantedDefects } from '../testing/planted-defects.js';
import { PrimaryLink, type CachedHistory } from './primary-link.js';
import { readHistory, writeHistory, type HistoryFileOptions, type RecordedHistory } from './history-file.js';
import { ReplicationPrimary } from './replication-primary.js';
import { FailoverCoordinator } from './failover.js';

export interface ReplicationNodeOptions {
  readonly engine: Engine;
  readonly log: (level: LogLevel, message: string) => void;
  /** Opens connections to a primary; without it REPLICAOF host port is refused. */
  readonly network?: Network;
  /** This node's AOF (a replica needs it: it logs what it receives). */
  readonly persistence: Persistence | null;
  /** The port this node serves clients on (what it tells a primary), once it listens. */
  readonly listeningPort?: () => number;
  /** Where a replica records its history (history-file.ts); without it a restarted replica always full-syncs. */
  readonly historyFile?: HistoryFileOptions;
  /** Deliberate bugs for the simulator's mutant runs (none in production). */
  readonly defects?: PlantedDefects;
}

const READONLY = new ErrorReply("READONLY You can't write against a read only replica.");
const WAIT_ON_REPLICA = new ErrorReply('ERR WAIT cannot be used with replica instances. Please also note that since Redis 4.0 if a replica is configured '
  + 'to be writable (which is not the default) writes to replicas are just local and are not propagated.');

const STATE_CHANGED = new ErrorReply('UNBLOCKED force unblock from blocking operation, instance state changed (master -> replica?)');
const WAITAOF_ON_REPLICA = new ErrorReply('ERR WAITAOF cannot be used with replica instances. Please also note that writes to replicas are just local and are not propagated.');

export class ReplicationNode implements ReplicationServices {
  readonly primary: ReplicationPrimary;
  /** FAILOVER's state machine (failover.ts). */
  private readonly failover: FailoverCoordinator;
  private link: PrimaryLink | null = null;
  /** The link stopped at shutdown, whose history close() records. */
  private stoppedLink: PrimaryLink | null = null;
  private recorded: RecordedHistory | null = null;
  private recording: Promise<void> | null = null;

  constructor(private readonly options: ReplicationNodeOptions) {
    this.primary = new ReplicationPrimary({ engine: options.engine, log: options.log, defects: options.defects });
    this.failover = new FailoverCoordinator({
      engine: options.engine, log: options.log,
      followsPrimary: () => this.link !== null,
      replicas: () => this.primary.attached,
      loggedOffset: () => this.primary.loggedOffset,
      durableRequired: () => options.engine.config.integer('min-replicas-durable') > 0,
      follow: (host, port) => this.followForFailover(host, port),
      unfollow: () => this.unfollow(),
    });
  }

  get syncCounts() {
    return this.primary.syncCounts;
  }

  get followsPrimary(): boolean {
    return this.link !== null;
  }

  /** The primary this node follows, or null. */
  get following(): PrimaryLink | null {
    return this.link;
  }

  start(): void {
    this.primary.start();
  }

  stop(): void {
    this.failover.stop();
    this.primary.stop();
    this.link?.stop();
    this.stoppedLink = this.link;
    this.link = null;
  }

  /** At shutdown, after the AOF's last fsync: records the replica's history for the next start. */
  async close(): Promise<void> {
    await this.recording;
    const history = this.stoppedLink?.finalHistory() ?? null;
    if (history !== null && this.options.historyFile !== undefined) await writeHistory(this.options.historyFile, history);
  }

  /**
   * At start with `replicaof`: follows the primary, continuing the recorded history when it
   * describes exactly the recovered dataset (history-file.ts), else with a full sync.
   */
  async resume(host: string, port: number): Promise<Reply> {
    const { log, historyFile, persistence } = this.options;
    let history: CachedHistory | null = null;
    const recorded = historyFile === undefined ? null : await readHistory(historyFile);
    if (recorded !== null && persistence !== null) {
      const cut = persistence.recovery.cut;
      if (recorded.lsn === cut) {
        history = { replicationId: recorded.replicationId, offset: recorded.offset };
        log('notice', `Replica history: continuing ${recorded.replicationId} from offset ${recorded.offset} (recorded at LSN ${recorded.lsn}, the recovered cut)`);
      } else {
        log('notice', `Replica history recorded at LSN ${recorded.lsn} does not describe the recovered cut (LSN ${cut}): asking for a full sync`);
      }
    }
    return this.follow(host, port, history);
  }

  /** Once a second while following: records the committed state's history when it is known and changed. */
  private recordHistory(): void {
    const file = this.options.historyFile;
    const history = this.link?.committedHistory() ?? null;
    if (file === undefined || history === null || this.recording !== null) return;
    const last = this.recorded;
    if (last !== null && last.replicationId === history.replicationId && last.offset === history.offset && last.lsn === history.lsn) return;
    this.recording = writeHistory(file, history).then(
      () => void (this.recorded = history),
      (error: unknown) => this.options.log('warning', `Could not record the replica history: ${error instanceof Error ? error.message : String(error)}`),
    ).finally(() => (this.recording = null));
  }

  replicaOf(host: ByteString, port: number | null): Reply {
    const { log } = this.options;
    if (this.failover.state !== 'no-failover') return new ErrorReply('ERR REPLICAOF not allowed while failing over.');
    if (port === null) {
      if (this.link === null) return OK;
      this.unfollow();
      log('notice', 'MASTER MODE enabled (user request from REPLICAOF NO ONE)');
      return OK;
    }
    if (this.options.network === undefined) return new ErrorReply('ERR this server cannot open connections to a primary');
    const persistence = this.options.persistence;
    if (persistence === null) return new ErrorReply('ERR Ballast follows a primary into its log: set appendonly yes to make it a replica');
    if (this.link !== null && this.link.host === host && this.link.port === port) {
      log('notice', 'REPLICAOF would result into synchronization with the master we are already connected with. No operation performed.');
      return new SimpleString('OK Already connected to specified master');
    }
    // A primary continues from everything it applied and logged (shipped or not): a write its replicas
    // never got puts it past the new primary's history, so it resynchronizes in full instead of keeping it.
    const previous: CachedHistory | null = this.link === null ? this.primary.history : this.link.history;
    const processed = this.link === null ? this.primary.loggedOffset : this.link.processedOffset;
    return this.follow(host, port, previous === null ? null : { replicationId: previous.replicationId, offset: processed });
  }

  /** Redis's replicationUnsetMaster: stop following, and continue the followed history as a primary. */
  private unfollow(): void {
    const link = this.link;
    if (link === null) return;
    link.stop();
    this.link = null;
    this.options.engine.followingPrimary = false;
    this.primary.promote({ replicationId: link.history?.replicationId ?? this.primary.history.replicationId, offset: link.processedOffset });
  }

  /** FAILOVER's turn (Redis's replicationSetMaster): follow the target from this node's own history, asking it to take over. */
  private followForFailover(host: string, port: number): void {
    this.options.log('notice', 'Before turning into a replica, using my own master parameters to synthesize a cached master: '
      + 'I may be able to synchronize with the new master with just a partial transfer.');
    this.follow(host, port, { replicationId: this.primary.history.replicationId, offset: this.primary.loggedOffset }, false);
  }

  /**
   * Redis's disconnectAllBlockedClients when a node starts following: a client blocked on keys
   * would otherwise be served by the stream's writes (a pop on a replica), so it is answered
   * -UNBLOCKED and closed; a client postponed by a pause is not blocked on keys and stays.
   */
  private disconnectBlockedClients(): void {
    const engine = this.options.engine;
    for (const client of [...engine.clients()]) {
      if (client.blockRequest !== null && engine.unblockClient(client.id, 'error', STATE_CHANGED)) engine.killClient(client.id);
    }
  }

  /** FAILOVER [TO host port [FORCE]] [ABORT] [TIMEOUT ms]. */
  failoverCommand(request: FailoverRequest): Reply {
    return this.failover.request(request);
  }

  private follow(host: ByteString, port: number, history: CachedHistory | null, announce = true): Reply {
    const { engine, log, persistence, network } = this.options;
    if (network === undefined || persistence === null) return new ErrorReply('ERR this server cannot follow a primary (no network or no AOF)');
    this.link?.stop();
    this.primary.detach();
    engine.followingPrimary = true;
    this.disconnectBlockedClients();
    this.link = new PrimaryLink({
      engine, network, host, port, log, persistence, listeningPort: this.options.listeningPort?.() ?? 0, defects: this.options.defects ?? NO_PLANTED_DEFECTS,
      history, everySecond: () => this.recordHistory(),
      historyChanged: (history, before) => log('notice', `Following the primary's history ${history.replicationId} from offset ${history.offset}`
        + (before === null ? '' : ` (was ${before.replicationId})`)),
      failover: { requested: () => this.failover.inProgress, answered: (accepted) => this.failover.psyncAnswered(accepted) },
    });
    this.link.start();
    if (announce) log('notice', `REPLICAOF ${host}:${port} enabled (user request from 'id=? addr=?')`);
    return OK;
  }

  synchronize(client: ClientState, session: ClientSession, request: PsyncRequest | null): Reply {
    if (request?.failover === true) {
      const refused = this.takeOver(client, request.replicationId);
      if (refused !== null) return refused;
    }
    if (this.failover.state !== 'no-failover') return new ErrorReply("NOMASTERLINK Can't SYNC while failing over");
    if (this.link !== null) return new ErrorReply('ERR Ballast does not serve replicas while it is a replica itself (chained replication is not built)');
    return this.primary.synchronize(client, session, request);
  }

  /**
   * PSYNC … FAILOVER from this node's primary (Redis's syncCommand): this node becomes a primary,
   * continuing the history it followed, when the request names that history; then the PSYNC is
   * answered as any (+CONTINUE with the new ID, the old one kept as replid2).
   */
  private takeOver(client: ClientState, replicationId: ByteString): ErrorReply | null {
    this.options.log('warning', `Failover request received for replid ${replicationId}.`);
    const link = this.link;
    if (link === null) return new ErrorReply("ERR PSYNC FAILOVER can't be sent to a master.");
    if (link.history === null || replicationId.toLowerCase() !== link.history.replicationId) return new ErrorReply('ERR PSYNC FAILOVER replid must match my replid.');
    this.unfollow();
    this.options.log('notice', `MASTER MODE enabled (failover request from 'id=${client.id} addr=${client.address}')`);
    return null;
  }

  replconf(client: ClientState, args: readonly ByteString[]): Reply {
    if (client.fromPrimary) {
      if (args.length === 3 && args[1].toLowerCase() === 'getack') this.link?.acknowledgeNow();
      return NO_REPLY;
    }
    return this.primary.replconf(client, args);
  }

  wait(client: ClientState, numreplicas: number, timeoutMs: number, inTransaction: boolean): Reply | BlockRequest {
    if (this.link !== null) return WAIT_ON_REPLICA;
    return this.primary.wait(client, numreplicas, timeoutMs, inTransaction);
  }

  waitAof(client: ClientState, numlocal: number, numreplicas: number, timeoutMs: number, inTransaction: boolean): Reply | BlockRequest {
    if (this.link !== null) return WAITAOF_ON_REPLICA;
    return this.primary.waitAof(client, numlocal, numreplicas, timeoutMs, inTransaction);
  }

  role(): Reply {
    const link = this.link;
    if (link === null) return this.primary.role();
    const state = link.state === 'connected' ? 'connected' : link.state === 'transfer' ? 'sync' : link.state === 'handshake' ? 'handshake' : link.state;
    return ['slave', link.host, link.port, state, link.state === 'connected' ? link.processedOffset : -1];
  }

  writeRefusal(): ErrorReply | null {
    if (this.link !== null) return this.options.engine.config.boolean('replica-read-only') ? READONLY : null;
    return this.primary.writeRefusal();
  }

  infoLines(): string[] {
    const state = `master_failover_state:${this.failover.state}`;
    return this.roleInfoLines().map((line) => (line.startsWith('master_failover_state:') ? state : line));
  }

  private roleInfoLines(): string[] {
    const link = this.link;
    if (link === null) return this.primary.infoLines();
    const nowMs = this.options.engine.clock.now();
    const up = link.state === 'connected';
    const offset = link.processedOffset;
    return [
      'role:slave',
      `master_host:${link.host}`,
      `master_port:${link.port}`,
      `master_link_status:${up ? 'up' : 'down'}`,
      `master_last_io_seconds_ago:${link.lastIoMs === 0 ? -1 : Math.floor((nowMs - link.lastIoMs) / 1000)}`,
      `master_sync_in_progress:${link.state === 'transfer' ? 1 : 0}`,
      `slave_read_repl_offset:${offset}`,
      `slave_repl_offset:${offset}`,
      ...(link.state === 'transfer' ? [`master_sync_total_bytes:${link.transferSize}`, `master_sync_read_bytes:${link.transferRead}`] : []),
      'slave_priority:100',
      `slave_read_only:${this.options.engine.config.boolean('replica-read-only') ? 1 : 0}`,
      'replica_announced:1',
      'connected_slaves:0',
      'master_failover_state:no-failover',
      `master_replid:${link.history?.replicationId ?? this.primary.history.replicationId}`,
      'master_replid2:0000000000000000000000000000000000000000',
      `master_repl_offset:${offset}`,
      'second_repl_offset:-1',
      'repl_backlog_active:0',
      `repl_backlog_size:${this.options.engine.config.integer('repl-backlog-size')}`,
      'repl_backlog_first_byte_offset:0',
      'repl_backlog_histlen:0',
    ];
  }
}
