/**
 * A replication run: a primary and 2–3 replicas (SimNode), each on its own simulated disk, joined
 * by the simulated network, all under `min-replicas-durable k` and `appendfsync always` (or everysec), with
 * HistoryClients writing to whichever node is the primary. Between stretches of traffic a fault
 * is drawn: a connection cut at any byte; a partition between the primary and a replica (one way
 * or both, often longer than repl-timeout); a replica's process crash or power loss and restart;
 * the primary's crash or power loss followed by its restart or by a failover; the primary cut
 * off from every replica while its clients go on writing, then a failover. A failover follows
 * the rule of the failover runbook: ask at least n−k+1 replicas and promote the one with the
 * highest durable offset of the primary's history (REPLICAOF NO ONE), point the others at it,
 * and bring the old primary back as its replica. The checks are in replication-checks.ts.
 */
import { plantDefects, type PlantedDefectName } from '@ballast/core/testing';
import { Scheduler, StalledError } from '../scheduler.js';
import { chance, deriveRandom, randomInteger } from '../seed-streams.js';
import { SimNetwork } from '../network/sim-network.js';
import { Trace } from '../simulation/trace.js';
import { HistoryClient } from './history-client.js';
import {
  checkAcknowledged, checkNotAhead, checkReads, comparableDataset, datasetDifference, readHistories, type Histories,
} from './replication-checks.js';
import { NODE_PORT, SimNode, type RunningNode } from './sim-node.js';
import type { Engine } from '@ballast/core';

/** A defect of the operator's failover rule (not of core): promote the replica that is furthest behind. */
export const OPERATOR_DEFECT_NAMES = ['promoteBehind'] as const;
export type ReplicationDefectName = PlantedDefectName | (typeof OPERATOR_DEFECT_NAMES)[number];

export interface ReplicationRunOptions {
  readonly seed: number;
  readonly replicas: number;
  /** min-replicas-durable k on every node. */
  readonly durable: number;
  readonly shards: number;
  /**
   * The replicas' appendfsync (the first primary's is always): a replica's FACK follows its own
   * fsyncs, so under everysec it lags its writes by up to a second; a node keeps its mode when it
   * is promoted (a primary ships what its log holds as its mode promises).
   */
  readonly appendfsync: 'always' | 'everysec';
  /** Faults drawn, each after a stretch of traffic. */
  readonly rounds: number;
  /** Clients writing to the primary (a new set after each failover). */
  readonly clients: number;
  readonly plant?: ReplicationDefectName;
  readonly keepTrace?: boolean;
}

export interface ReplicationRunResult {
  readonly seed: number;
  readonly violation: string | null;
  readonly trace: Trace;
  readonly simulatedMs: number;
  readonly acknowledged: number;
  readonly failovers: number;
  readonly faults: Readonly<Record<string, number>>;
  readonly fullSyncs: number;
  readonly partialSyncs: number;
  /** Cuts of a streaming replica's link after which the resync had to be partial (and was checked). */
  readonly cutsChecked: number;
}

/** repl-timeout on every node, in seconds: partitions and powered-off peers are noticed within a run. */
const REPL_TIMEOUT_SECONDS = 3;
/** Simulated time in which a node must start, replicas catch up, the network go quiet. */
const WITHIN_MS = 60_000;

type Fault = 'cut' | 'partition' | 'replica-crash' | 'primary-restart' | 'primary-failover' | 'primary-isolated' | 'pause' | 'primary-paused';
const FAULTS: ReadonlyArray<readonly [Fault, number]> = [
  ['cut', 30], ['partition', 15], ['replica-crash', 20], ['primary-restart', 10], ['primary-failover', 15], ['primary-isolated', 10],
  ['pause', 10], ['primary-paused', 6],
];

export class ReplicationRun {
  private readonly trace: Trace;
  private readonly scheduler = new Scheduler();
  private readonly network: SimNetwork;
  private readonly nodes: SimNode[];
  private readonly faultRandom;
  private readonly operatorRandom;
  private primary: SimNode;
  private epoch = 0;
  private clients: HistoryClient[] = [];
  /** Clients of a former primary that is still alive (cut off or stopped), until it is made a replica. */
  private orphans: HistoryClient[] = [];
  private readonly acknowledged = new Map<string, number>();
  /** The primaries' histories (replication IDs), oldest first. */
  private readonly historySequence: string[] = [];
  /**
   * Per replica: the writes its FACK covered when they were acknowledged (it claimed them
   * fsynced), by client, and how many full syncs it had begun then (a later full sync empties its
   * dataset in its log before the new one is in it: the claims before it no longer hold).
   */
  private readonly claims = new Map<string, { readonly fullSyncs: number; readonly writes: Map<string, number> }>();
  private readonly reads = new Map<string, number>();
  private readonly historyKeys: string[] = [];
  private violation: string | null = null;
  private failovers = 0;
  private readonly faults: Record<string, number> = {};
  private fullSyncs = 0;
  private partialSyncs = 0;
  private cutsChecked = 0;

  constructor(private readonly options: ReplicationRunOptions) {
    const { seed } = options;
    this.trace = new Trace(options.keepTrace ?? false);
    this.network = new SimNetwork(this.scheduler, deriveRandom(seed, 'network'), (line) => this.trace.add(line));
    this.faultRandom = deriveRandom(seed, 'faults');
    this.operatorRandom = deriveRandom(seed, 'operator');
    const coreDefects = plantDefects(options.plant === undefined || options.plant === 'promoteBehind' ? [] : [options.plant]);
    this.nodes = Array.from({ length: options.replicas + 1 }, (_, index) => new SimNode(`n${index}`, {
      seed, scheduler: this.scheduler, network: this.network, defects: coreDefects, trace: (line) => this.trace.add(line),
      settings: {
        shards: options.shards, appendfsync: index === 0 ? 'always' : options.appendfsync, autoRewriteMinBytes: 64 * 1024,
        extraConfig: { 'min-replicas-durable': String(options.durable), 'repl-timeout': String(REPL_TIMEOUT_SECONDS), 'repl-ping-replica-period': '1' },
      },
    }));
    this.primary = this.nodes[0];
  }

  async run(): Promise<ReplicationRunResult> {
    try {
      await this.primary.start(null);
      this.noteHistory(this.primary);
      for (const replica of this.replicas()) await replica.start(this.primary.name);
      await this.untilQuiet('the first full syncs');
      this.startClients();
      for (let round = 0; round < this.options.rounds && this.violation === null; round++) {
        await this.scheduler.runUntil(this.scheduler.monotonic() + randomInteger(this.faultRandom, 200, 3000));
        await this.fault(round);
      }
      if (this.violation === null) await this.finish();
    } catch (error) {
      this.fail(error instanceof StalledError ? `liveness: ${error.message}` : `the run broke: ${(error as Error).stack ?? String(error)}`);
    }
    return {
      seed: this.options.seed, violation: this.violation, trace: this.trace, simulatedMs: this.scheduler.monotonic(),
      acknowledged: [...this.acknowledged.values()].reduce((sum, count) => sum + count, 0), failovers: this.failovers, faults: this.faults,
      fullSyncs: this.fullSyncs, partialSyncs: this.partialSyncs, cutsChecked: this.cutsChecked,
    };
  }

  private fail(message: string | null): void {
    if (message === null || this.violation !== null) return;
    this.violation = message;
    this.trace.add(`VIOLATION ${message}`);
  }

  private replicas(): SimNode[] {
    return this.nodes.filter((node) => node !== this.primary);
  }

  private running(node: SimNode): RunningNode {
    if (node.running === null) throw new Error(`${node.name} is not running`);
    return node.running;
  }

  // ---- clients ----

  /** New clients of the primary (the callers have stopped or orphaned the previous ones). */
  private startClients(): void {
    const node = this.primary;
    const engine = this.running(node).engine;
    this.clients = Array.from({ length: this.options.clients }, (_, index) => {
      const name = `e${this.epoch}c${index}`;
      this.historyKeys.push(`h:${name}`);
      const client = new HistoryClient(name, engine, this.primary.clock, deriveRandom(this.options.seed, `client-${name}`), {
        acknowledged: (writer, written, streamOffset) => this.noteAcknowledged(node, writer, written, streamOffset),
        read: (key, length) => this.noteRead(node, key, length),
        historyKeys: () => this.historyKeys,
      }, (line) => this.trace.add(line));
      client.start();
      return client;
    });
  }

  /**
   * A read answered by `node`: checked only while it is a primary (the promise covers reads of a
   * primary; a demoted node serves what it holds until its resync replaces it, as a Redis
   * replica serves stale data).
   */
  private noteRead(node: SimNode, key: string, length: number): void {
    if (node.running === null || node.running.replication.followsPrimary) return;
    this.reads.set(key, Math.max(length, this.reads.get(key) ?? 0));
  }

  /** A write acknowledged by `primary`, and which of its replicas' FACKs covered it then. */
  private noteAcknowledged(primary: SimNode, name: string, index: number, streamOffset: number): void {
    this.acknowledged.set(name, Math.max(index, this.acknowledged.get(name) ?? 0));
    for (const link of primary.running?.replication.primary.attached ?? []) {
      if (link.durableOffset === null || link.durableOffset < streamOffset) continue;
      const node = this.nodes.find(({ name: nodeName }) => link.channel.address.startsWith(`${nodeName}:`))!;
      const current = this.claims.get(node.name);
      const claims = current !== undefined && current.fullSyncs === node.fullSyncsBegun ? current : { fullSyncs: node.fullSyncsBegun, writes: new Map<string, number>() };
      claims.writes.set(name, Math.max(index, claims.writes.get(name) ?? 0));
      this.claims.set(node.name, claims);
    }
  }

  /** A restarted replica: it recovered every write its FACK claimed fsynced. */
  private checkClaims(node: SimNode): (engine: Engine) => void {
    return (engine) => {
      const claims = this.claims.get(node.name);
      this.claims.delete(node.name);
      if (claims === undefined || claims.fullSyncs !== node.fullSyncsBegun) return;
      const histories = readHistories(engine, node.name);
      if (typeof histories === 'string') return this.fail(histories);
      for (const [name, index] of claims.writes) {
        const length = histories.get(name) ?? 0;
        if (length < index) return this.fail(`FACK: ${node.name} acknowledged write ${index} of ${name} as fsynced (its FACK covered it when the write was acknowledged), but recovered only ${length} after it went down`);
      }
    };
  }

  // ---- faults ----

  private async fault(round: number): Promise<void> {
    const total = FAULTS.reduce((sum, [, weight]) => sum + weight, 0);
    let draw = randomInteger(this.faultRandom, 1, total);
    const fault = FAULTS.find(([, weight]) => (draw -= weight) <= 0)![0];
    this.faults[fault] = (this.faults[fault] ?? 0) + 1;
    this.trace.add(`round ${round}: ${fault}`);
    switch (fault) {
      case 'cut':
        return this.cutLink();
      case 'partition': {
        const replica = this.pick(this.replicas());
        this.network.partition(this.primary.name, replica.name, chance(this.faultRandom, 0.5));
        await this.scheduler.runUntil(this.scheduler.monotonic() + randomInteger(this.faultRandom, 500, 8000));
        this.network.heal();
        return;
      }
      case 'replica-crash': {
        const replica = this.pick(this.replicas());
        this.crash(replica);
        await this.scheduler.runUntil(this.scheduler.monotonic() + randomInteger(this.faultRandom, 100, 3000));
        await replica.start(this.primary.name, this.checkClaims(replica));
        return;
      }
      case 'primary-restart':
        return this.restartPrimary();
      case 'primary-failover': {
        const old = this.primary;
        this.countSyncs(old);
        // Its clients' connections die with the process: nothing it had not sent yet reaches them.
        for (const client of this.clients) client.stop();
        this.crash(old);
        await this.failover(old);
        await this.scheduler.runUntil(this.scheduler.monotonic() + randomInteger(this.faultRandom, 100, 2000));
        await old.start(this.primary.name, this.checkClaims(old));
        return;
      }
      case 'primary-isolated':
        return this.isolatedFailover();
      case 'pause': {
        const node = this.pick(this.nodes);
        node.pause();
        await this.scheduler.runUntil(this.scheduler.monotonic() + randomInteger(this.faultRandom, 200, 6000));
        node.resume();
        return;
      }
      case 'primary-paused':
        return this.pausedFailover();
    }
  }

  private pick(nodes: readonly SimNode[]): SimNode {
    return nodes[randomInteger(this.faultRandom, 0, nodes.length - 1)];
  }

  /**
   * Cuts a connection at any byte. A replica whose stream was cut while every replica was
   * streaming must come back with a partial resync: full syncs happen only when they must.
   */
  private async cutLink(): Promise<void> {
    const primary = this.running(this.primary).replication;
    const settled = this.quiet();
    const fullBefore = primary.syncCounts.full;
    const cut = this.network.cutOne();
    if (cut === null || cut.to !== this.primary.name || !settled) return;
    const replica = this.nodes.find((node) => node.name === cut.from)!;
    const deadline = this.scheduler.monotonic() + 10_000;
    while (this.scheduler.monotonic() < deadline && replica.running?.replication.following?.state !== 'connected') {
      await this.scheduler.runUntil(this.scheduler.monotonic() + 50);
    }
    this.cutsChecked++;
    if (primary.syncCounts.full !== fullBefore) {
      this.fail(`full sync: ${cut.from}'s link was cut while it streamed, and it came back with a full sync instead of a partial resync`);
    }
  }

  /** A process crash or (one in three) a power loss. */
  private crash(node: SimNode): void {
    if (chance(this.faultRandom, 1 / 3)) node.losePower(deriveRandom(this.options.seed, `power-${node.name}-${this.scheduler.monotonic()}`));
    else node.crashProcess();
  }

  /**
   * The primary dies and comes back as the primary: under always, no replica may hold a write its
   * log lost. (Under everysec a primary ships what it wrote to the OS, which its recovery may cut
   * back to the last sealed batch: it then starts a new history and its replicas resync in full.)
   */
  private async restartPrimary(): Promise<void> {
    // Its clients' connections die with the process: nothing it had not sent yet reaches them.
    for (const client of this.clients) client.stop();
    this.countSyncs(this.primary);
    const always = this.running(this.primary).engine.config.string('appendfsync') === 'always';
    this.crash(this.primary);
    await this.scheduler.runUntil(this.scheduler.monotonic() + randomInteger(this.faultRandom, 100, 2000));
    const running = await this.primary.start(null);
    this.noteHistory(this.primary);
    const recovered = this.histories(running, this.primary.name);
    for (const replica of this.replicas()) {
      if (replica.running === null || recovered === null || !always) continue;
      const held = this.histories(replica.running, replica.name);
      if (held !== null) this.fail(checkNotAhead(recovered, held, this.primary.name, replica.name));
    }
    this.epoch++;
    this.startClients();
  }

  /** The primary is cut off from every replica while its clients write on; the replicas fail over; the old primary follows once the network heals. */
  private async isolatedFailover(): Promise<void> {
    const old = this.primary;
    for (const replica of this.replicas()) this.network.partition(old.name, replica.name, false);
    await this.scheduler.runUntil(this.scheduler.monotonic() + randomInteger(this.faultRandom, 1000, 5000));
    this.countSyncs(old);
    await this.failover(old);
    await this.scheduler.runUntil(this.scheduler.monotonic() + randomInteger(this.faultRandom, 0, 2000));
    this.network.heal();
    const running = old.running;
    if (running !== null) running.replication.replicaOf(this.primary.name, NODE_PORT);
    await this.scheduler.runUntil(this.scheduler.monotonic() + randomInteger(this.faultRandom, 0, 1000));
    this.stopOrphans();
  }

  private stopOrphans(): void {
    for (const client of this.orphans) client.stop();
    this.orphans = [];
  }

  /** The replication ID of the history `node` serves as a primary (what its replicas' INFO shows as master_replid). */
  private historyId(node: SimNode): string {
    return this.running(node).replication.primary.history.replicationId;
  }

  /** A primary started or was promoted: its history is the newest (what an operator reads as master_replid). */
  private noteHistory(node: SimNode): void {
    this.historySequence.push(this.historyId(node));
  }

  /**
   * The primary stops (SIGSTOP) long enough to look dead; the replicas fail over; then it wakes up
   * believing it is the primary, its clients' writes go on, and it is made a replica of the new one.
   */
  private async pausedFailover(): Promise<void> {
    const old = this.primary;
    this.countSyncs(old);
    old.pause();
    await this.scheduler.runUntil(this.scheduler.monotonic() + randomInteger(this.faultRandom, 500, 5000));
    await this.failover(old);
    await this.scheduler.runUntil(this.scheduler.monotonic() + randomInteger(this.faultRandom, 0, 2000));
    old.resume();
    await this.scheduler.runUntil(this.scheduler.monotonic() + randomInteger(this.faultRandom, 0, 1000));
    this.running(old).replication.replicaOf(this.primary.name, NODE_PORT);
    await this.scheduler.runUntil(this.scheduler.monotonic() + randomInteger(this.faultRandom, 0, 1000));
    this.stopOrphans();
  }

  /**
   * The failover rule: ask at least n−k+1 of the n replicas (every one that runs here) for the
   * history they follow and their durable offset in it; promote the one in the newest history
   * with the highest offset; point the others at it. A primary that restarted starts a new
   * history: replicas that already followed it there hold all it recovered, and until one has,
   * the writes it acknowledged before are durable in the history before. The old primary's
   * clients are abandoned (their pending writes' fate stays open).
   */
  private async failover(old: SimNode): Promise<void> {
    this.failovers++;
    await this.scheduler.runUntil(this.scheduler.monotonic() + randomInteger(this.operatorRandom, 0, 1500));
    const asked = this.replicas().filter((node) => node.running !== null);
    const required = this.options.replicas - this.options.durable + 1;
    if (asked.length < required) throw new Error(`failover: only ${asked.length} replicas run, the rule needs ${required}`);
    const offers = asked.map((node) => {
      const link = this.running(node).replication.following;
      const history = link?.history?.replicationId;
      return { node, history: history === undefined ? -1 : this.historySequence.lastIndexOf(history), offset: link?.durableOffset ?? -1 };
    });
    const order = this.options.plant === 'promoteBehind' ? -1 : 1;
    offers.sort((a, b) => order * (b.history - a.history || b.offset - a.offset));
    const chosen = offers[0].node;
    this.trace.add(`failover: asked ${offers.map(({ node, history, offset }) => `${node.name}@h${history}:${offset}`).join(' ')}; promoting ${chosen.name}`);
    // A dead primary's clients are gone; a live one's (cut off, or stopped) write on: anything it
    // acknowledges from now on must still be on the final primary.
    if (old.running === null) for (const client of this.clients) client.stop();
    else this.orphans.push(...this.clients);
    const promoted = this.running(chosen);
    promoted.replication.replicaOf('', null);
    const histories = this.histories(promoted, chosen.name);
    if (histories !== null) this.fail(checkAcknowledged(this.acknowledged, histories, chosen.name, 'just promoted'));
    this.primary = chosen;
    this.noteHistory(chosen);
    for (const replica of this.replicas()) if (replica !== old) replica.running?.replication.replicaOf(chosen.name, NODE_PORT);
    this.epoch++;
    this.startClients();
  }

  private histories(running: RunningNode, name: string): Histories | null {
    const histories = readHistories(running.engine, name);
    if (typeof histories === 'string') {
      this.fail(histories);
      return null;
    }
    return histories;
  }

  private countSyncs(primary: SimNode): void {
    const counts = primary.running?.replication.syncCounts;
    if (counts === undefined) return;
    this.fullSyncs += counts.full;
    this.partialSyncs += counts.partialOk;
  }

  // ---- the end ----

  /** Heals everything, lets replicas catch up with no traffic, and checks every node. */
  private async finish(): Promise<void> {
    this.network.heal();
    for (const client of this.clients) client.stop();
    this.stopOrphans();
    for (const node of this.nodes) if (node.running === null) await node.start(node === this.primary ? null : this.primary.name);
    await this.untilQuiet('the end');
    if (this.violation !== null) return;
    this.countSyncs(this.primary);
    const primary = this.running(this.primary);
    const final = this.histories(primary, this.primary.name);
    if (final === null) return;
    this.fail(checkAcknowledged(this.acknowledged, final, this.primary.name, 'the final primary'));
    this.fail(checkReads(this.reads, final));
    const nowMs = this.scheduler.now();
    const dataset = comparableDataset(primary.engine, nowMs);
    for (const replica of this.replicas()) {
      const running = this.running(replica);
      this.histories(running, replica.name);
      this.fail(datasetDifference(dataset, comparableDataset(running.engine, nowMs), replica.name));
    }
    this.trace.add(`end: ${dataset.length} keys on every node; ${[...final.values()].reduce((sum, length) => sum + length, 0)} history writes`);
  }

  /** Waits until every replica follows the primary, connected, at the primary's offset; a liveness violation when that takes too long. */
  private async untilQuiet(when: string): Promise<void> {
    const deadline = this.scheduler.monotonic() + WITHIN_MS;
    while (this.scheduler.monotonic() < deadline) {
      await this.scheduler.runUntil(this.scheduler.monotonic() + 100);
      if (this.quiet()) return;
    }
    const primary = this.running(this.primary).replication.primary;
    const states = this.replicas().map((node) => {
      const link = node.running?.replication.following;
      return `${node.name}: ${link === null || link === undefined ? 'not following' : `${link.state} at ${link.processedOffset}`}`;
    });
    this.fail(`liveness: replicas did not catch up with ${this.primary.name} (offset ${primary.offset}) within ${WITHIN_MS} ms at ${when}: ${states.join(', ')}`);
  }

  private quiet(): boolean {
    const offset = this.running(this.primary).replication.primary.offset;
    return this.replicas().every((node) => {
      const link = node.running?.replication.following;
      return link !== null && link !== undefined && link.state === 'connected' && link.processedOffset === offset;
    });
  }
}
