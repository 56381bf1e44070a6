/**
 * SimulationRun: the state of one run and its epochs (one process lifetime each), with one
 * method per step of an epoch. An epoch looks at the disk (and maybe rots a byte), starts the
 * engine by recovery, checks what came back against what the clients saw before the crash, then
 * serves the workload until the next crash or the clean shutdown. The last epoch only recovers and checks. Every draw comes from a
 * stream derived from the root seed, in the same order run after run.
 */
import { plantDefects, type PlantedDefects } from '@ballast/core/testing';
import {
  dumpKeyspace, FileSystemError, isFileSystemError, Persistence, RecoveryRefusal, type Engine, type Random,
} from '@ballast/core';
import type { DiskFaults } from '../disk-faults.js';
import { Scheduler, StalledError } from '../scheduler.js';
import { chance, deriveRandom, deriveSeed, randomInteger } from '../seed-streams.js';
import { LATENCY_MS_MAX_DEFAULT, SimFileSystem } from '../sim-file-system.js';
import { checkBases } from './base-checks.js';
import { describeFrames, injectBitRot, maxLsnOnDisk, namedFiles, type BitRot } from './disk-evidence.js';
import { emptyCoverage } from './coverage.js';
import { Observations } from './observations.js';
import {
  checkDurability, checkLiveKeyspace, checkLsnFloor, checkPhantomReads, checkPlacement, checkPrefix, ReferenceReplay, type CrashRecord, type LoggedUnit,
} from './recovery-checks.js';
import { SimClient, type DrawnRequest } from './sim-client.js';
import { createSimEngine, type EngineSettings } from './sim-host.js';
import type { SentRequest, SimulationOptions, SimulationResult } from './simulation.js';
import { Trace } from './trace.js';
import { nextPipeline, nextRead, nextRecentRead, nextRequest, writtenKeys } from './workload.js';
import { nextExtended } from './workload-extended.js';

const DATA_DIRECTORY = '/data/appendonlydir';
/**
 * Liveness: simulated time in which, with requests outstanding, some reply must arrive (and a
 * start or a shutdown must finish). Far above any pause, slow disk or fsync interval.
 */
const PROGRESS_WITHIN_MS = 30_000;
/** Recent reads pick among this many keys written last. */
const RECENT_KEYS_MAX = 6;

/** Consecutive starts that may fail on injected I/O errors before the run gives up. */
const STARTS_FAILED_MAX = 20;

/** Under everysec, writes acknowledged longer than this before a crash must survive: the interval, a timer tick, and a slow write + fsync. */
function everysecWindowMs(faults: Partial<DiskFaults>): number {
  return 1000 + 250 + 4 * LATENCY_MS_MAX_DEFAULT * Math.max(1, faults.slowLatencyMultiplier ?? 1) + 50;
}

interface Running {
  readonly engine: Engine;
  readonly persistence: Persistence;
}

export class SimulationRun {
  private readonly trace: Trace;
  private readonly scheduler = new Scheduler();
  private readonly fs: SimFileSystem;
  private readonly workload: Random;
  private readonly crashRandom: Random;
  private readonly rotRandom: Random;
  private readonly readRandom: Random;
  private readonly pipelineRandom: Random;
  private readonly inFlightRandom: Random;
  private readonly recentReadRandom: Random;
  private readonly extendedRandom: Random;
  /** Keys the workload wrote last, newest first (for recent reads). */
  private recentKeys: string[] = [];
  private readonly settings: EngineSettings;
  private readonly defects: PlantedDefects;
  private readonly history: LoggedUnit[] = [];
  private readonly reference: ReferenceReplay;
  private readonly observations = new Observations();
  private readonly cuts: number[] = [];
  private readonly crashPoints: number[] = [];
  private readonly sent: SentRequest[] = [];
  private drawn = 0;
  private crashes = 0;
  private refusals = 0;
  private violation: string | null = null;
  private crash: CrashRecord | null = null;
  private failedStarts = 0;
  private bitRot: BitRot | null = null;
  private rotDrawnAtCrash = -1;
  private readonly coverage = emptyCoverage();

  constructor(private readonly options: SimulationOptions) {
    const { seed } = options;
    this.trace = new Trace(options.keepTrace ?? false);
    this.fs = new SimFileSystem({ clock: this.scheduler, seed: deriveSeed(seed, 'disk'), faults: options.faults });
    this.workload = deriveRandom(seed, 'workload');
    this.crashRandom = deriveRandom(seed, 'crashes');
    this.rotRandom = deriveRandom(seed, 'bit-rot');
    this.readRandom = deriveRandom(seed, 'reads');
    this.pipelineRandom = deriveRandom(seed, 'pipelines');
    this.inFlightRandom = deriveRandom(seed, 'in-flight-crashes');
    this.recentReadRandom = deriveRandom(seed, 'recent-reads');
    this.extendedRandom = deriveRandom(seed, 'extended-commands');
    this.settings = { shards: options.shards, appendfsync: options.appendfsync, autoRewriteMinBytes: 64 * 1024 };
    this.reference = new ReferenceReplay(this.settings);
    this.defects = plantDefects(options.plant === undefined ? [] : [options.plant]);
  }

  async run(): Promise<SimulationResult> {
    for (let epoch = 0; this.violation === null; epoch++) {
      const checkOnly = this.drawn >= this.options.ops;
      const lsnOnDisk = this.inspectDisk();
      const started = await this.start(epoch);
      if (started === 'again') continue;
      if (started === 'stop') break;
      this.checkRecovery(started, epoch, lsnOnDisk);
      if (checkOnly || this.violation !== null) {
        started.engine.stop();
        started.persistence.groupCommit.stop();
        break;
      }
      await this.serve(started, epoch);
    }
    const { seed } = this.options;
    return {
      seed, violation: this.violation, trace: this.trace, requests: this.sent.length, sent: this.sent, crashes: this.crashes,
      refusals: this.refusals, simulatedMs: this.scheduler.monotonic(), cuts: this.cuts, crashPoints: this.crashPoints, coverage: this.coverage,
    };
  }

  private fail(message: string | null): void {
    if (message === null) return;
    this.violation ??= message;
    this.trace.add(`VIOLATION ${message}`);
  }

  /** Reads the files the manifest names (for the LSN floor and the trace) and, at most once per crash, rots a durable byte. */
  private inspectDisk(): number {
    const files = namedFiles(this.fs, DATA_DIRECTORY);
    for (const file of files?.flat() ?? []) this.trace.detail(`disk ${file.path}: ${describeFrames(file)}`);
    if (this.crash !== null && this.rotDrawnAtCrash !== this.crashes && files !== null && chance(this.rotRandom, this.options.bitRotProbability)) {
      this.rotDrawnAtCrash = this.crashes;
      this.bitRot = injectBitRot(this.fs, files, this.rotRandom);
      const rot = this.bitRot;
      if (rot !== null) this.trace.add(`bit rot: ${rot.kind} in ${rot.path} at offset ${rot.offset} (LSN ${rot.lsn}, ${rot.proof})`);
    }
    return files === null ? 0 : maxLsnOnDisk(files);
  }

  /** Starts the engine by recovery: running, 'again' after a failed start the operator retries, or 'stop'. */
  private async start(epoch: number): Promise<Running | 'again' | 'stop'> {
    const { fs, trace } = this;
    const { history, defects } = this;
    const persistence = new Persistence({
      fs, directory: DATA_DIRECTORY, repair: false, log: (level, message) => trace.add(`log ${level}: ${message}`), defects,
      observeUnit: (lsn, unit) => history.push({ lsn, unit }),
    });
    const memory = { maxmemoryBytes: this.options.maxmemoryBytes ?? 0, maxmemoryPolicy: this.options.maxmemoryPolicy ?? 'noeviction' };
    const engine = createSimEngine({ ...this.settings, ...memory }, {
      clock: this.scheduler, random: deriveRandom(this.options.seed, `engine-${epoch}`), durability: persistence, defects,
    });
    try {
      await this.scheduler.settle(persistence.open(engine), PROGRESS_WITHIN_MS);
      this.failedStarts = 0;
      return { engine, persistence };
    } catch (error) {
      if (error instanceof FileSystemError && this.failedStarts < STARTS_FAILED_MAX) {
        // An I/O error at start: the server exits, the operator (after freeing space on a full disk) starts it again.
        this.failedStarts++;
        trace.add(`start failed: ${error.message}`);
        if (isFileSystemError(error, 'ENOSPC')) fs.setFaults({ capacityBytes: fs.faults.capacityBytes * 2 });
        fs.crashProcess();
        return 'again';
      }
      if (error instanceof StalledError) {
        this.fail(`liveness: recovery did not finish: ${error.message}`);
        return 'stop';
      }
      if (!(error instanceof RecoveryRefusal)) {
        this.fail(`recovery failed: ${(error as Error).message}`);
        return 'stop';
      }
      return this.refused(error);
    }
  }

  private refused(error: RecoveryRefusal): 'again' | 'stop' {
    this.refusals++;
    this.trace.add(`recovery refused: ${error.message.slice(0, 160)}`);
    const rot = this.bitRot;
    if (rot !== null) {
      // The refusal was right: the operator restores the bad sector from a backup and starts again.
      this.fs.restoreSector(rot.path, rot.offset);
      this.trace.add(`operator restored the sector of ${rot.path} at offset ${rot.offset}`);
      this.bitRot = null;
      return 'again';
    }
    if (!((this.options.faults.latentSectorErrorProbability ?? 0) > 0)) this.fail(`recovery refused although no durable byte was damaged: ${error.message}`);
    return 'stop';
  }

  /** The invariants after a recovery, against what was observed before the crash. */
  private checkRecovery({ engine, persistence }: Running, epoch: number, lsnOnDisk: number): void {
    const cut = persistence.recovery.cut;
    this.cuts.push(cut);
    this.trace.add(`epoch ${epoch}: recovered cut=${cut} next=${persistence.groupCommit.assignedLsn + 1} truncated=${persistence.recovery.bytesTruncated}`);
    const rot = this.bitRot;
    if (rot !== null) {
      this.fail(`no silent loss: a ${rot.kind} in ${rot.path} at offset ${rot.offset} damaged LSN ${rot.lsn} (${rot.proof}), yet recovery started with cut ${cut}`);
      return;
    }
    this.fail(checkLsnFloor(lsnOnDisk, persistence.groupCommit.assignedLsn + 1));
    this.fail(checkPlacement(engine));
    if (this.crash !== null) {
      this.fail(checkDurability(this.observations, cut, this.crash, everysecWindowMs(this.options.faults), this.coverage));
      this.fail(checkLiveKeyspace(engine, this.crash, cut));
      this.fail(checkPrefix(engine, this.reference.at(this.history, cut), cut));
      if (this.violation === null) this.fail(checkPhantomReads(this.reference, this.history, this.observations, cut, this.coverage));
    }
    this.history.splice(0, this.history.length, ...this.history.filter((logged) => logged.lsn <= cut));
    this.observations.clear();
  }

  /** Serves the workload until this epoch's crash point, then crashes or (in the last epoch) shuts down cleanly. */
  private async serve(running: Running, epoch: number): Promise<void> {
    const { engine } = running;
    const { options, scheduler } = this;
    engine.start();
    const remaining = options.ops - this.drawn;
    const crashNow = this.crashes < (options.crashAfter?.length ?? options.crashes);
    const drawnBudget = crashNow
      ? randomInteger(this.crashRandom, 1, Math.max(1, Math.floor(remaining / Math.max(1, options.crashes - this.crashes + 1)) * 2))
      : remaining;
    const budget = crashNow && options.crashAfter !== undefined ? Math.min(remaining, options.crashAfter[this.crashes]) : drawnBudget;
    if (crashNow) this.crashPoints.push(budget);
    let epochDrawn = 0;
    let progressAtMs = scheduler.monotonic();
    const clients = Array.from({ length: options.clients }, (_, id) => {
      const client = new SimClient(engine, {
        id, random: deriveRandom(options.seed, `client-${epoch}-${id}`), clock: scheduler, trace: this.trace,
        next: () => {
          if (epochDrawn >= budget) return undefined;
          const { request, drawn } = this.draw(id, budget - epochDrawn);
          epochDrawn += drawn;
          return request;
        },
        onAcknowledged: (acknowledgement) => {
          this.observations.add(acknowledgement);
          progressAtMs = scheduler.monotonic();
        },
        loggedLsn: () => this.history.at(-1)?.lsn ?? 0,
        pauseMs: pauses(options.pauseProbability ?? 0, deriveRandom(options.seed, `pauses-${epoch}-${id}`)),
      });
      client.start();
      return client;
    });
    const inFlightCrash = crashNow ? this.armInFlightCrash(budget) : null;
    let rewritesChecked = running.persistence.rewriteStatus.count;
    while (epochDrawn < budget && inFlightCrash?.due !== true) {
      await scheduler.runUntil(scheduler.monotonic() + 10);
      this.noteFailure(engine);
      if (running.persistence.rewriteStatus.count !== rewritesChecked) {
        rewritesChecked = running.persistence.rewriteStatus.count;
        this.fail(checkBases(this.fs, DATA_DIRECTORY, this.history, this.settings));
        if (this.violation !== null) {
          this.abandon(running, clients);
          return;
        }
      }
      if (scheduler.monotonic() - progressAtMs > PROGRESS_WITHIN_MS) {
        this.fail(`liveness: no reply for ${PROGRESS_WITHIN_MS} ms of simulated time with requests outstanding (${epochDrawn} of ${budget} drawn this epoch)`);
        this.abandon(running, clients);
        return;
      }
    }
    this.fs.onOperationComplete = null;
    for (const client of clients) client.finishAfterReplies();
    if (crashNow) await this.crashNowAfter(running, clients, inFlightCrash?.due === true);
    else await this.shutDown(running, clients);
  }

  /**
   * With the run's inFlightCrashProbability, arms a crash right after the N-th disk operation of
   * this epoch completes: while requests, writes and fsyncs are in flight (a batch written but
   * not synced, one shard's fsync done and another's not). N is drawn up to the epoch's request
   * budget (about one operation per request). Null when this crash is not one.
   */
  private armInFlightCrash(budget: number): { due: boolean } | null {
    const probability = this.options.inFlightCrashProbability ?? 0;
    if (probability === 0 || !chance(this.inFlightRandom, probability)) return null;
    const trigger = { due: false };
    const operations = randomInteger(this.inFlightRandom, 1, Math.max(1, budget));
    let completed = 0;
    this.fs.onOperationComplete = () => {
      if (++completed !== operations) return;
      trigger.due = true;
      this.fs.onOperationComplete = null;
      this.scheduler.interrupt();
    };
    return trigger;
  }

  /** A liveness violation: stop everything where it stands; the run ends. */
  private abandon({ engine, persistence }: Running, clients: readonly SimClient[]): void {
    for (const client of clients) client.stop();
    engine.stop();
    persistence.groupCommit.stop();
    this.fs.onOperationComplete = null;
  }

  /**
   * Draws requests for client `id` until one is kept (all are, without `keep`), drawing at most
   * `allowed`: the request, and how many were drawn for it; undefined request when none was kept.
   */
  private draw(id: number, allowed: number): { request: DrawnRequest | undefined; drawn: number } {
    const { options } = this;
    for (let drawn = 1; drawn <= allowed; drawn++) {
      const index = this.drawn++;
      const recentRead = (options.recentReadProbability ?? 0) > 0 && this.recentKeys.length > 0
        && chance(this.recentReadRandom, options.recentReadProbability ?? 0);
      const extended = !recentRead && (options.extendedProbability ?? 0) > 0 && chance(this.extendedRandom, options.extendedProbability ?? 0)
        ? nextExtended(this.extendedRandom) : undefined;
      const commands = extended ?? (recentRead ? nextRecentRead(this.recentReadRandom, this.recentKeys)
        : chance(this.readRandom, options.readProbability) ? nextRead(this.readRandom)
        : chance(this.pipelineRandom, options.pipelineProbability) ? nextPipeline(this.workload, this.pipelineRandom)
          : nextRequest(this.workload, { rewrite: options.rewriteProbability, fsyncChange: options.fsyncChangeProbability }));
      if ((options.recentReadProbability ?? 0) > 0) this.recentKeys = [...writtenKeys(commands), ...this.recentKeys].slice(0, RECENT_KEYS_MAX);
      if (options.keep !== undefined && !options.keep.has(index)) continue;
      this.sent.push({ index, client: id, commands });
      if (commands[0][0] === 'CONFIG') this.observations.modeChangedAtMs = this.scheduler.now();
      return { request: { index, commands }, drawn };
    }
    return { request: undefined, drawn: allowed };
  }

  private noteFailure(engine: Engine): void {
    if (this.observations.failedAtMs === null && engine.durabilityFailure !== null) this.observations.failedAtMs = this.scheduler.now();
  }

  private async crashNowAfter({ engine, persistence }: Running, clients: readonly SimClient[], inFlight: boolean): Promise<void> {
    const { scheduler } = this;
    if (inFlight) this.trace.add(`crash in flight: ${this.fs.inFlightOperations} disk operations pending`);
    else await scheduler.runUntil(scheduler.monotonic() + randomInteger(this.crashRandom, 0, 30));
    this.noteFailure(engine);
    this.crash = crashRecord(engine, scheduler.now(), persistence.recovery.cut, false);
    this.coverage.evictedKeys += engine.stats.evictedKeys;
    for (const client of clients) client.stop();
    engine.stop();
    persistence.groupCommit.stop();
    const powerLoss = chance(this.crashRandom, this.options.powerLossProbability);
    this.trace.add(`crash (${powerLoss ? 'power loss' : 'process'}) committed=${engine.committedLsn} last=${persistence.groupCommit.assignedLsn}`);
    if (powerLoss) this.fs.powerLoss(deriveRandom(this.options.seed, `power-${this.crashes}`));
    else this.fs.crashProcess();
    this.crashes++;
  }

  private async shutDown({ engine, persistence }: Running, clients: readonly SimClient[]): Promise<void> {
    const { scheduler } = this;
    await scheduler.runUntil(scheduler.monotonic() + 100);
    for (const client of clients) client.stop();
    engine.stop();
    try {
      await scheduler.settle(persistence.close(), PROGRESS_WITHIN_MS);
    } catch (error) {
      if (!(error instanceof StalledError)) throw error;
      this.fail(`liveness: the shutdown did not finish (the AOF never drained): ${error.message}`);
      return;
    }
    this.noteFailure(engine);
    const committed = persistence.groupCommit.committedLsn;
    if (persistence.groupCommit.failure === null && committed < engine.lastLoggedLsn) {
      this.fail(`shutdown: LSN ${engine.lastLoggedLsn} was logged but only ${committed} was fsynced at shutdown`);
    }
    this.crash = crashRecord(engine, scheduler.now(), persistence.recovery.cut, true);
    this.coverage.evictedKeys += engine.stats.evictedKeys;
    this.trace.add(`clean shutdown at lsn ${persistence.groupCommit.assignedLsn}, committed ${committed}`);
  }
}

/** A client's pauses: none without drawing when `probability` is 0 (runs from before pauses replay unchanged). */
function pauses(probability: number, random: Random): () => number {
  if (probability === 0) return () => 0;
  return () => (chance(random, probability) ? randomInteger(random, 200, 1500) : 0);
}

function crashRecord(engine: Engine, atMs: number, startCut: number, clean: boolean): CrashRecord {
  return {
    atMs,
    clean,
    committedLsn: engine.committedLsn,
    liveKeyspace: engine.durabilityFailure === null ? dumpKeyspace(engine) : null,
    lastLsn: engine.lastLoggedLsn === 0 ? startCut : engine.lastLoggedLsn,
    mode: engine.config.string('appendfsync'),
  };
}
