/**
 * ReplicationPrimary: the primary's side of Redis's replication protocol (PSYNC2), fed by the
 * engine. Every logged unit is rendered into the stream when it is logged (so its offset is fixed
 * at once and a snapshot taken now has an exact offset), but shipped — into the backlog and to
 * replicas — only once the log holds it as the mode promises: fsynced under `appendfsync always`,
 * written to the OS under `everysec` and `no` (what a crash of the process recovers). So no
 * replica holds a write that a crash of this process takes back; under everysec and no a power
 * loss can take back writes replicas hold, as it can acknowledged ones — and a restarted primary
 * starts a new history, so its replicas resynchronize instead of continuing past it. A full sync's
 * RDB is sent only once everything in its snapshot is shippable, for the same reason.
 *
 * The stream and the backlog exist from the first replica's attach on (as in Redis, which also
 * takes a new replication ID then); before that the recorder does no extra work.
 */
import { assert } from '../assert.js';
import type { Effect } from '../aof/effect.js';
import type { ClientSession, ClientState, PsyncRequest, ReplicationServices } from '../commands/services.js';
import type { BlockRequest } from '../commands/types.js';
import type { ReplicationFeed } from '../effects/replication-feed.js';
import type { Engine, LogLevel } from '../engine/engine.js';
import type { TimerHandle } from '../io/clock.js';
import { randomIndex } from '../io/random.js';
import type { ByteString } from '../resp/byte-string.js';
import { ErrorReply, NO_REPLY, type Reply } from '../resp/reply.js';
import type { PlantedDefects } from '../testing/planted-defects.js';
import { ReplicationBacklog } from './replication-backlog.js';
import { releaseSyncSnapshot, sendSnapshot, takeSyncSnapshot } from './full-sync.js';
import { ReplicaLink, newHandshake, type ReplicaHandshake } from './replica-link.js';
import { planSync } from './sync-plan.js';
import { StreamRenderer } from './stream-renderer.js';
import { replconf } from './replconf.js';
import { ReplicaWaits } from './replica-waits.js';
import { DurableDeadlines } from './durable-deadlines.js';

export interface ReplicationPrimaryOptions {
  readonly engine: Engine;
  readonly log: (level: LogLevel, message: string) => void;
  /** Deliberate bugs for the simulator's mutant runs (none in production). */
  readonly defects?: PlantedDefects;
}

/** The replication ID of no history (replid2 before any failover). */
export const NO_REPLICATION_ID = '0'.repeat(40);
const NOREPLICAS = new ErrorReply('NOREPLICAS Not enough good replicas to write.');
/** What a reply still waiting for min-replicas-durable gets when this node starts following another. */
const NOT_DURABLE_ON_REPLICAS = new ErrorReply('NOREPLICAS This node became a replica before min-replicas-durable replicas fsynced the write: it was applied here and may be lost');
const KEEPALIVE = new Uint8Array([10]);
const CRON_MS = 1000;
const PING: readonly ByteString[] = ['PING'];
const GETACK: readonly ByteString[] = ['REPLCONF', 'GETACK', '*'];

/** The commit source of min-replicas-durable: committed once fsynced on that many Ballast replicas. */
export const REPLICA_FSYNC = 'replica-fsync';

/** A rendered piece of the stream waiting for its unit (or the units before it) to commit. */
interface PendingChunk {
  readonly lsn: number;
  readonly start: number;
  readonly bytes: Uint8Array;
}

/** A 40-character hex ID (replication IDs, the EOF marker) from the engine's seeded randomness. */
export function randomHexId(engine: Engine): string {
  let id = '';
  for (let i = 0; i < 40; i++) id += '0123456789abcdef'[randomIndex(engine.random, 16)];
  return id;
}

export class ReplicationPrimary implements Omit<ReplicationServices, 'replicaOf' | 'followsPrimary' | 'failoverCommand'>, ReplicationFeed {
  private id: string;
  private id2 = NO_REPLICATION_ID;
  private secondOffset = -1;
  private backlog: ReplicationBacklog | null = null;
  private readonly renderer = new StreamRenderer();
  /** Offset after everything rendered (logged), shipped or not. */
  private renderedOffset = 0;
  /** How far the log got: fsynced, and written to the OS. */
  private committedLsn = 0;
  private writtenLsn = 0;
  private readonly pending: PendingChunk[] = [];
  private pendingHead = 0;
  private readonly replicas: ReplicaLink[] = [];
  /** What REPLCONF said on connections that have not synchronized yet, by client id. */
  private readonly handshakes = new Map<number, ReplicaHandshake>();
  private readonly waits: ReplicaWaits;
  private goodReplicas = 0;
  /** min-replicas-to-write and min-replicas-max-lag, kept in fields: writeRefusal is asked for every command. */
  private minReplicasToWrite = 0;
  private minReplicasMaxLagSeconds = 0;
  /** min-replicas-durable (fixed at start), and the units (LSN, stream offset at their end) not yet durable on that many replicas. */
  private readonly requiredDurable: number;
  private readonly durableUnits: Array<{ readonly lsn: number; readonly end: number }> = [];
  private durableHead = 0;
  /** min-replicas-durable-timeout's deadlines (null without min-replicas-durable). */
  private readonly deadlines: DurableDeadlines | null = null;
  private timer: TimerHandle | null = null;
  private cronTicks = 0;
  readonly syncCounts = { full: 0, partialOk: 0, partialErr: 0 };

  constructor(private readonly options: ReplicationPrimaryOptions) {
    this.id = randomHexId(options.engine);
    this.waits = new ReplicaWaits(options.engine);
    options.engine.config.observe('min-replicas-to-write', (value) => (this.minReplicasToWrite = value as number));
    options.engine.config.observe('min-replicas-max-lag', (value) => (this.minReplicasMaxLagSeconds = value as number));
    this.requiredDurable = options.engine.config.integer('min-replicas-durable');
    if (this.requiredDurable > 0 && options.engine.persistence !== null) {
      // Every write from now on waits for replicas too; the stream starts now, so every unit is tracked.
      options.engine.addCommitSource(REPLICA_FSYNC, options.engine.committedLsn);
      this.deadlines = new DurableDeadlines(options.engine, REPLICA_FSYNC, this.requiredDurable);
      this.createBacklog();
    }
  }

  private get engine(): Engine {
    return this.options.engine;
  }

  /** Starts the once-a-second work: PINGs, keepalives, timeouts, the count of good replicas. */
  start(): void {
    this.timer = this.engine.clock.schedule(CRON_MS, () => {
      this.cron();
      this.start();
    });
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = null;
    this.deadlines?.clear();
    for (const replica of [...this.replicas]) replica.channel.close();
  }

  /** master_repl_offset: the end of the shipped stream. */
  get offset(): number {
    return this.backlog === null ? this.renderedOffset : this.backlog.endOffset;
  }

  // ---- the feed from the engine ----

  unitLogged(lsn: number, effects: readonly Effect[], transaction: boolean): number {
    if (effects.length > 0) this.queue(lsn, this.renderer.renderUnit(effects, transaction));
    this.trackDurable(lsn, this.renderedOffset);
    return this.renderedOffset;
  }

  unitReplicated(effects: readonly Effect[], transaction: boolean): number {
    this.queue(this.engine.lastLoggedLsn, this.renderer.renderUnit(effects, transaction));
    return this.renderedOffset;
  }

  /** Under min-replicas-durable: the writes through `lsn` are durable on a replica whose FACK reaches `end`. */
  private trackDurable(lsn: number, end: number): void {
    if (this.requiredDurable === 0) return;
    const last = this.durableUnits.at(-1);
    if (last !== undefined && lsn <= last.lsn) return;
    this.durableUnits.push({ lsn, end });
    this.deadlines?.logged(lsn);
  }

  /** The k-th highest FACK among the replicas: the units it covers are durable on k replicas. */
  private advanceDurable(): void {
    if (this.requiredDurable === 0) return;
    const durable = this.replicas.map((replica) => replica.durableOffset).filter((offset): offset is number => offset !== null).sort((a, b) => b - a);
    if (durable.length < this.requiredDurable) return;
    const covered = durable[this.requiredDurable - 1];
    let lsn = 0;
    while (this.durableHead < this.durableUnits.length && this.durableUnits[this.durableHead].end <= covered) lsn = this.durableUnits[this.durableHead++].lsn;
    if (this.durableHead === this.durableUnits.length) {
      this.durableUnits.length = 0;
      this.durableHead = 0;
    }
    if (lsn > 0) this.engine.commitProgress(REPLICA_FSYNC, lsn);
    if (lsn > 0) this.deadlines?.durable(lsn);
  }

  committed(lsn: number): void {
    this.committedLsn = Math.max(this.committedLsn, lsn);
    this.shipThrough(this.shippableLsn);
    this.startReadyTransfers();
    this.waits.recheck();
  }

  written(lsn: number): void {
    this.writtenLsn = Math.max(this.writtenLsn, lsn);
    this.shipThrough(this.shippableLsn);
    this.startReadyTransfers();
  }

  /** The LSN through which the stream may be shipped now. */
  private get shippableLsn(): number {
    if (this.options.defects?.shipUncommitted === true) return Number.MAX_SAFE_INTEGER;
    return this.engine.config.string('appendfsync') === 'always' ? this.committedLsn : Math.max(this.writtenLsn, this.committedLsn);
  }

  private queue(lsn: number, bytes: Uint8Array): void {
    const start = this.renderedOffset;
    this.renderedOffset += bytes.length;
    if (this.pendingHead === this.pending.length && lsn <= this.shippableLsn) this.ship(bytes, start);
    else this.pending.push({ lsn, start, bytes });
  }

  /** A command of the stream outside any unit (PING, GETACK): it follows everything rendered before it. */
  private queueControl(args: readonly ByteString[]): void {
    // No stream before the first replica (a WAIT then asks nobody): rendering one would shift offsets no backlog holds.
    if (this.backlog === null) return;
    this.queue(this.engine.lastLoggedLsn, this.renderer.renderControl(args));
  }

  private shipThrough(lsn: number): void {
    while (this.pendingHead < this.pending.length && this.pending[this.pendingHead].lsn <= lsn) {
      const chunk = this.pending[this.pendingHead++];
      this.ship(chunk.bytes, chunk.start);
    }
    if (this.pendingHead === this.pending.length) {
      this.pending.length = 0;
      this.pendingHead = 0;
    }
  }

  private ship(bytes: Uint8Array, start: number): void {
    const backlog = this.backlog;
    assert(backlog !== null && start === backlog.endOffset, () => `stream shipped out of order at ${start}`);
    backlog.append(bytes);
    const limitBytes = this.engine.config.integer('client-output-buffer-limit-replica');
    for (const replica of [...this.replicas]) {
      replica.offer(bytes, start);
      if (limitBytes > 0 && replica.outputBytes > limitBytes) {
        this.options.log('warning', `Client id=${replica.channel.clientId} addr=${replica.channel.address} closed for overcoming of output buffer limits (replica: ${replica.outputBytes} bytes).`);
        this.drop(replica);
      }
    }
  }

  // ---- commands ----

  synchronize(client: ClientState, session: ClientSession, request: PsyncRequest | null): Reply {
    if (client.replica) return NO_REPLY;
    if (this.engine.persistence === null) {
      return new ErrorReply('ERR Ballast serves replicas from its log: set appendonly yes on this primary to attach replicas');
    }
    const handshake = this.handshakes.get(client.id) ?? newHandshake();
    this.handshakes.delete(client.id);
    this.createBacklog();
    const backlog = this.backlog!;
    const plan = planSync(request, { id: this.id, id2: this.id2, secondOffset: this.secondOffset, backlog: { start: backlog.startOffset, end: backlog.endOffset } });
    const channel = session.attachReplica();
    const encoder = new TextEncoder();
    const nowMs = this.engine.clock.now();
    if (plan.kind === 'continue') {
      const replica = new ReplicaLink(channel, handshake, 'online', plan.offset, nowMs);
      this.replicas.push(replica);
      this.syncCounts.partialOk++;
      channel.write(encoder.encode(handshake.psync2 ? `+CONTINUE ${this.id}\r\n` : '+CONTINUE\r\n'));
      if (plan.offset < backlog.endOffset) channel.write(backlog.readFrom(plan.offset));
      this.options.log('notice', `Partial resynchronization request from ${channel.address} accepted. Sending ${backlog.endOffset - plan.offset} bytes of backlog starting from offset ${plan.offset}.`);
      return NO_REPLY;
    }
    if (plan.attempted) this.syncCounts.partialErr++;
    this.syncCounts.full++;
    this.options.log('notice', `Replica ${channel.address} asks for synchronization; full resync: ${plan.reason}`);
    const replica = new ReplicaLink(channel, handshake, 'wait_bgsave', this.renderedOffset, nowMs);
    replica.psync = request !== null;
    this.replicas.push(replica);
    if (!this.takeSnapshot(replica)) this.options.log('notice', 'Another snapshot is in progress: the full sync starts when it ends');
    this.startReadyTransfers();
    return NO_REPLY;
  }

  /**
   * Takes the replica's snapshot now, if the snapshot slot is free, and tells a PSYNC replica the
   * offset it is at (+FULLRESYNC is sent only now, as Redis sends it when its BGSAVE starts).
   */
  private takeSnapshot(replica: ReplicaLink): boolean {
    const snapshot = takeSyncSnapshot(this.engine, this.id, this.renderedOffset);
    if (snapshot === null) return false;
    replica.snapshot = snapshot;
    replica.startAt(snapshot.offset);
    this.trackDurable(snapshot.lsn, snapshot.offset);
    // The stream after the snapshot starts with a SELECT (Redis resets slaveseldb for a new sync).
    this.renderer.selectedDatabase = -1;
    if (replica.psync) replica.channel.write(new TextEncoder().encode(`+FULLRESYNC ${this.id} ${snapshot.offset}\r\n`));
    return true;
  }

  replconf(client: ClientState, args: readonly ByteString[]): Reply {
    let handshake = this.handshakes.get(client.id);
    const replica = this.replicas.find((link) => link.channel.clientId === client.id);
    if (handshake === undefined && replica === undefined) {
      handshake = newHandshake();
      this.handshakes.set(client.id, handshake);
    }
    return replconf(args, {
      handshake: replica?.handshake ?? handshake!,
      replica: replica === undefined ? null : { onAck: (offset, durable) => this.acknowledged(replica, offset, durable) },
    });
  }

  wait(client: ClientState, numreplicas: number, timeoutMs: number, inTransaction: boolean): Reply | BlockRequest {
    const target = client.lastWriteStreamOffset;
    const acked = this.countAcked(target);
    if (acked >= numreplicas || inTransaction) return acked;
    this.queueControl(GETACK);
    return this.waits.park(() => this.countAcked(target) >= numreplicas, () => this.countAcked(target), timeoutMs);
  }

  /**
   * WAITAOF numlocal numreplicas timeout (Redis 7.2): [1 when this client's last write is fsynced
   * here, replicas whose FACK covers it], now, or once both reach what was asked.
   */
  waitAof(client: ClientState, numlocal: number, numreplicas: number, timeoutMs: number, inTransaction: boolean): Reply | BlockRequest {
    const lsn = client.lastWriteLsn;
    const offset = client.lastWriteStreamOffset;
    const local = () => (lsn <= Math.max(this.committedLsn, this.engine.committedLsn) ? 1 : 0);
    const counts = (): Reply => [local(), this.countDurable(offset)];
    const ready = () => local() >= numlocal && this.countDurable(offset) >= numreplicas;
    if (ready() || inTransaction) return counts();
    if (numlocal > 0) this.engine.persistence?.requestSync();
    if (numreplicas > 0) this.queueControl(GETACK);
    return this.waits.park(ready, counts, timeoutMs);
  }

  role(): Reply {
    const online = this.replicas.filter((replica) => replica.state === 'online');
    return ['master', this.offset, online.map((replica) => [replica.ip, String(replica.handshake.listeningPort), String(replica.ackOffset)])];
  }

  writeRefusal(): ErrorReply | null {
    if (this.minReplicasToWrite === 0 || this.minReplicasMaxLagSeconds === 0) return null;
    return this.goodReplicas >= this.minReplicasToWrite ? null : NOREPLICAS;
  }

  infoLines(): string[] {
    const nowMs = this.engine.clock.now();
    const backlog = this.backlog;
    const lines = ['role:master', `connected_slaves:${this.replicas.length}`];
    this.replicas.forEach((replica, index) => {
      const lagSeconds = Math.floor((nowMs - replica.ackTimeMs) / 1000);
      lines.push(`slave${index}:ip=${replica.ip},port=${replica.handshake.listeningPort},state=${replica.state},offset=${replica.ackOffset},lag=${lagSeconds}`);
    });
    lines.push(
      'master_failover_state:no-failover',
      `master_replid:${this.id}`,
      `master_replid2:${this.id2}`,
      `master_repl_offset:${this.offset}`,
      `second_repl_offset:${this.secondOffset}`,
      `repl_backlog_active:${backlog === null ? 0 : 1}`,
      `repl_backlog_size:${this.engine.config.integer('repl-backlog-size')}`,
      `repl_backlog_first_byte_offset:${backlog === null ? 0 : backlog.startOffset + 1}`,
      `repl_backlog_histlen:${backlog === null ? 0 : backlog.heldBytes}`,
    );
    return lines;
  }

  // ---- replicas ----

  /** The replicas attached now, in any state (FAILOVER picks its target among them). */
  get attached(): readonly ReplicaLink[] {
    return this.replicas;
  }

  /** The stream offset after everything logged, shipped or not. */
  get loggedOffset(): number {
    return this.renderedOffset;
  }

  /** The current history: what a node that follows this one caches (Redis's replicationCacheMasterUsingMyself). */
  get history(): { readonly replicationId: string; readonly offset: number } {
    return { replicationId: this.id, offset: this.offset };
  }

  /** This node starts following another: its replicas are dropped (chained replication is not built) and the stream stops. */
  detach(): void {
    this.deadlines?.clear();
    for (const replica of [...this.replicas]) this.drop(replica);
    this.engine.feedReplication(null);
    this.backlog = null;
    this.pending.length = 0;
    this.pendingHead = 0;
    // A node that follows acknowledges nothing itself: the writes still waiting for k replicas fail (they
    // were applied here and may be lost), and min-replicas-durable waits again once it is promoted.
    if (this.requiredDurable > 0) {
      if (this.options.defects?.demotionAcknowledges !== true) this.engine.abandonHeldReplies(NOT_DURABLE_ON_REPLICAS);
      this.engine.waiveCommitSource(REPLICA_FSYNC, true);
    }
    this.durableUnits.length = 0;
    this.durableHead = 0;
  }

  /**
   * REPLICAOF NO ONE after following `followed`: this node continues that history as a primary
   * (Redis's shiftReplicationId): a new ID, the followed one as replid2 up to the offset reached,
   * and a backlog from there, so a replica that followed the same primary to the same offset
   * continues with a partial resync.
   */
  promote(followed: { readonly replicationId: string; readonly offset: number }): void {
    this.id2 = followed.replicationId;
    this.secondOffset = followed.offset + 1;
    this.id = randomHexId(this.engine);
    this.renderedOffset = followed.offset;
    this.renderer.selectedDatabase = -1;
    this.startBacklog();
    if (this.requiredDurable > 0) {
      // What this node committed as a replica counts as committed (the gate never goes back); what it
      // logged and has not committed yet waits until k replicas are durable through the offset reached.
      this.engine.waiveCommitSource(REPLICA_FSYNC, false);
      this.trackDurable(this.engine.lastLoggedLsn, this.renderedOffset);
    }
  }

  private createBacklog(): void {
    if (this.backlog !== null) return;
    // As Redis's first replica does: a new history (ID) starting at the current offset.
    this.id = randomHexId(this.engine);
    this.id2 = NO_REPLICATION_ID;
    this.secondOffset = -1;
    this.startBacklog();
  }

  private startBacklog(): void {
    this.backlog = new ReplicationBacklog(this.engine.config.integer('repl-backlog-size'), this.renderedOffset);
    this.committedLsn = this.engine.committedLsn;
    this.writtenLsn = this.committedLsn;
    this.engine.feedReplication(this);
  }

  /** Sends every full sync whose snapshot is committed (and takes the snapshots that waited for the slot). */
  private startReadyTransfers(): void {
    for (const replica of this.replicas) {
      if (replica.state !== 'wait_bgsave') continue;
      if (replica.snapshot === null && !this.takeSnapshot(replica)) continue;
      if (replica.snapshot!.lsn > this.shippableLsn) continue;
      this.transfer(replica);
    }
  }

  private transfer(replica: ReplicaLink): void {
    const snapshot = replica.snapshot!;
    replica.state = 'send_bulk';
    const eofMarker = replica.handshake.eof ? randomHexId(this.engine) : null;
    void sendSnapshot({ engine: this.engine, channel: replica.channel, snapshot, eofMarker }).then((sent) => {
      releaseSyncSnapshot(this.engine, snapshot);
      replica.snapshot = null;
      if (!sent) return;
      this.options.log('notice', `Synchronization with replica ${replica.channel.address} succeeded`);
      replica.state = 'online';
      replica.ackTimeMs = this.engine.clock.now();
      // A diskless transfer's end is found by the replica: the stream starts with its first ACK.
      if (eofMarker !== null) replica.streamOnAck = true;
      else replica.startStream();
    }, (error: unknown) => {
      releaseSyncSnapshot(this.engine, snapshot);
      this.options.log('warning', `Full sync to ${replica.channel.address} failed: ${error instanceof Error ? error.message : String(error)}`);
      this.drop(replica);
    });
  }

  private acknowledged(replica: ReplicaLink, offset: number, durable: number | null): void {
    if (offset > replica.ackOffset) replica.ackOffset = offset;
    if (durable !== null && durable > (replica.durableOffset ?? -1)) {
      replica.durableOffset = durable;
      this.advanceDurable();
    }
    replica.ackTimeMs = this.engine.clock.now();
    if (replica.streamOnAck) replica.startStream();
    this.waits.recheck();
  }

  private countDurable(offset: number): number {
    let count = 0;
    for (const replica of this.replicas) if (replica.state === 'online' && (replica.durableOffset ?? -1) >= offset) count++;
    return count;
  }

  private countAcked(offset: number): number {
    let count = 0;
    for (const replica of this.replicas) if (replica.state === 'online' && replica.ackOffset >= offset) count++;
    return count;
  }

  private drop(replica: ReplicaLink): void {
    const index = this.replicas.indexOf(replica);
    if (index >= 0) this.replicas.splice(index, 1);
    if (replica.snapshot !== null && replica.state === 'wait_bgsave') releaseSyncSnapshot(this.engine, replica.snapshot);
    replica.channel.close();
  }

  private cron(): void {
    this.cronTicks++;
    const engine = this.engine;
    const nowMs = engine.clock.now();
    for (const replica of [...this.replicas]) {
      if (replica.channel.closed) {
        this.options.log('notice', `Connection with replica ${replica.channel.address} lost.`);
        this.drop(replica);
      } else if (replica.state === 'online' && nowMs - replica.ackTimeMs > engine.config.integer('repl-timeout') * 1000) {
        this.options.log('warning', `Disconnecting timedout replica (streaming sync): ${replica.channel.address}`);
        this.drop(replica);
      } else if (replica.state === 'wait_bgsave') {
        replica.channel.write(KEEPALIVE);
      }
    }
    if (this.replicas.length > 0 && this.cronTicks % engine.config.integer('repl-ping-replica-period') === 0) this.queueControl(PING);
    const maxLagMs = this.minReplicasMaxLagSeconds * 1000;
    this.goodReplicas = this.replicas.filter((replica) => replica.state === 'online' && nowMs - replica.ackTimeMs <= maxLagMs).length;
    if (this.backlog !== null) this.backlog.resize(engine.config.integer('repl-backlog-size'));
    this.forgetGoneHandshakes();
    this.startReadyTransfers();
  }

  private forgetGoneHandshakes(): void {
    if (this.handshakes.size === 0) return;
    const live = new Set<number>();
    for (const client of this.engine.clients()) live.add(client.id);
    for (const id of this.handshakes.keys()) if (!live.has(id)) this.handshakes.delete(id);
  }
}
