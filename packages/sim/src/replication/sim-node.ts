/**
 * SimNode: one ballast-server of a replication run — its own simulated disk, and, while it runs,
 * the same parts the server assembles (Persistence recovering the AOF, the Engine, a
 * ReplicationNode over the simulated network, listening for connections). It starts as a primary
 * or following another node (as `replicaof` at start does, continuing its recorded history), dies
 * by a process crash (its connections end at once) or a power loss (unsynced writes may be lost,
 * its connections freeze), and is started again on what its disk kept.
 */
import type { PlantedDefects } from '@ballast/core/testing';
import { Persistence, ReplicationNode, ErrorReply, type Engine, type Random } from '@ballast/core';
import type { Scheduler } from '../scheduler.js';
import { deriveRandom, deriveSeed } from '../seed-streams.js';
import { SimFileSystem } from '../sim-file-system.js';
import type { SimNetwork } from '../network/sim-network.js';
import { createSimEngine, type EngineSettings } from '../simulation/sim-host.js';
import { PausableClock } from './pausable-clock.js';

const DATA_DIRECTORY = '/data';
const AOF_DIRECTORY = '/data/appendonlydir';
/** Simulated time a start (recovery) may take. */
const START_WITHIN_MS = 30_000;

export const NODE_PORT = 6379;
/** The line a replica logs as a full sync empties its dataset (Redis's). */
const FULL_SYNC_FLUSH = 'MASTER <-> REPLICA sync: Flushing old data';

export interface RunningNode {
  readonly engine: Engine;
  readonly persistence: Persistence;
  readonly replication: ReplicationNode;
}

export interface SimNodeParts {
  readonly seed: number;
  readonly scheduler: Scheduler;
  readonly network: SimNetwork;
  readonly settings: EngineSettings;
  readonly defects: PlantedDefects;
  readonly trace: (line: string) => void;
}

export class SimNode {
  readonly fs: SimFileSystem;
  /** The node's time: everything of this node (engine, disk, its clients' deliveries) is scheduled through it, so a pause stops all of it. */
  readonly clock: PausableClock;
  running: RunningNode | null = null;
  /** Full syncs this node began as a replica: each empties its dataset (logged) before loading the RDB. */
  fullSyncsBegun = 0;
  private starts = 0;

  constructor(readonly name: string, private readonly parts: SimNodeParts) {
    this.clock = new PausableClock(parts.scheduler);
    this.fs = new SimFileSystem({ clock: this.clock, seed: deriveSeed(parts.seed, `disk-${name}`) });
  }

  /** The process stops (SIGSTOP): nothing of it runs, bytes for it wait in the network. */
  pause(): void {
    this.clock.pause();
    this.parts.network.pause(this.name, true);
    this.parts.trace(`${this.name} paused`);
  }

  /** SIGCONT: what came due while it was stopped runs now. */
  resume(): void {
    this.parts.trace(`${this.name} resumed`);
    this.parts.network.pause(this.name, false);
    this.clock.resume();
  }

  /**
   * Recovers from the disk and serves; follows `primary` when given. `recovered` sees the engine
   * right after recovery, before anything arrives. Throws when recovery fails.
   */
  async start(primary: string | null, recovered?: (engine: Engine) => void): Promise<RunningNode> {
    const { scheduler, network, settings, defects, trace } = this.parts;
    const log = (level: string, message: string) => {
      if (message.startsWith(FULL_SYNC_FLUSH)) this.fullSyncsBegun++;
      trace(`${this.name} ${level}: ${message}`);
    };
    const persistence = new Persistence({ fs: this.fs, directory: AOF_DIRECTORY, repair: false, log, defects });
    const engine = createSimEngine(settings, {
      clock: this.clock, random: deriveRandom(this.parts.seed, `engine-${this.name}-${this.starts++}`), durability: persistence, defects,
    });
    await scheduler.settle(persistence.open(engine), START_WITHIN_MS);
    recovered?.(engine);
    const replication = new ReplicationNode({
      engine, log, persistence, network: network.endpoint(this.name, this.clock), listeningPort: () => NODE_PORT, defects,
      historyFile: { fs: this.fs, clock: this.clock, directory: DATA_DIRECTORY },
    });
    engine.replication = replication;
    engine.start();
    replication.start();
    network.listen(this.name, (host) => engine.connect(host));
    const running = { engine, persistence, replication };
    this.running = running;
    trace(`${this.name} started (cut ${persistence.recovery.cut})${primary === null ? ' as a primary' : ` following ${primary}`}`);
    if (primary !== null) {
      const reply = await scheduler.settle(replication.resume(primary, NODE_PORT), START_WITHIN_MS);
      if (reply instanceof ErrorReply) throw new Error(`${this.name}: replicaof ${primary}: ${reply.message}`);
    }
    return running;
  }

  /** The process dies: the kernel closes its connections; the page cache survives. */
  crashProcess(): void {
    this.stopParts();
    this.parts.network.processDied(this.name);
    this.fs.crashProcess();
    this.parts.trace(`${this.name} crashed (process)`);
  }

  /** The machine loses power: connections freeze, unsynced writes may be lost. */
  losePower(random: Random): void {
    this.parts.network.powerLost(this.name);
    this.stopParts();
    this.fs.powerLoss(random);
    this.parts.trace(`${this.name} lost power`);
  }

  private stopParts(): void {
    const running = this.running;
    if (running === null) return;
    this.running = null;
    running.engine.stop();
    running.replication.stop();
    running.persistence.groupCommit.stop();
  }
}
