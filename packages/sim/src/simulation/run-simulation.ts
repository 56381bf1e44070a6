/**
 * One simulation run: boot the engine on the simulated disk (recovery), let simulated clients
 * run the workload, crash the process or cut the power at random moments, sometimes rot a
 * provably durable byte, recover, and check the invariants of DESIGN.md after every recovery
 * (recovery-checks.ts): durability of acknowledged writes, prefix of history, placement, no
 * phantom reads, LSNs never reused, no silent loss (bit rot must be refused until the sector is
 * restored), and determinism (the trace hash is a function of the options, checked by running
 * twice). Every draw comes from a stream derived from the one root seed.
 */
import {
  dumpKeyspace, FileSystemError, isFileSystemError, Persistence, RecoveryRefusal, type EffectLog, type Engine, type PersistenceServices,
} from '@ballast/core';
import { Scheduler } from '../scheduler.js';
import { chance, deriveRandom, deriveSeed, randomInteger } from '../seed-streams.js';
import { LATENCY_MS_MAX_DEFAULT, SimFileSystem } from '../sim-file-system.js';
import type { DiskFaults } from '../disk-faults.js';
import { describeFrames, injectBitRot, maxLsnOnDisk, namedFiles, type BitRot } from './disk-evidence.js';
import { Observations } from './observations.js';
import {
  checkDurability, checkLiveKeyspace, checkLsnFloor, checkPhantomReads, checkPlacement, checkPrefix, ReferenceReplay, type CrashRecord, type LoggedUnit,
} from './recovery-checks.js';
import { SimClient } from './sim-client.js';
import { createSimEngine, type EngineSettings } from './sim-host.js';
import { Trace } from './trace.js';
import { nextPipeline, nextRead, nextRequest } from './workload.js';

export interface SimulationOptions {
  readonly seed: number;
  /** Requests drawn in total (a MULTI/EXEC block counts once). */
  readonly ops: number;
  readonly shards: number;
  readonly appendfsync: 'always' | 'everysec' | 'no';
  readonly clients: number;
  /** Crashes spread over the run. */
  readonly crashes: number;
  /** Probability that a crash is a power loss (else a process crash). */
  readonly powerLossProbability: number;
  /** Probability that a crash also rots a provably durable byte, which the next start must refuse. */
  readonly bitRotProbability: number;
  readonly faults: Partial<DiskFaults>;
  readonly rewriteProbability: number;
  readonly fsyncChangeProbability: number;
  /** Probability that a request is a repeatable read (drawn from a stream of its own), the phantom-read check's material. */
  readonly readProbability: number;
  /** Probability that a request is a pipeline of 2–4 commands sent together (decided on a stream of its own). */
  readonly pipelineProbability: number;
  /**
   * Requests drawn before each crash, one number per crash (overrides `crashes` and the drawn
   * crash points). `shrink` pins the crash points this way, so that leaving requests out does not
   * move them.
   */
  readonly crashAfter?: readonly number[];
  /** Only these request indexes are sent (the others are drawn and skipped); all when absent. `shrink` sets it. */
  readonly keep?: ReadonlySet<number>;
  /** Keep every trace line (replay --trace) instead of the tail only. */
  readonly keepTrace?: boolean;
}

export interface SentRequest {
  readonly index: number;
  readonly client: number;
  readonly commands: readonly (readonly string[])[];
}

export interface SimulationResult {
  readonly seed: number;
  readonly violation: string | null;
  readonly trace: Trace;
  /** Requests sent (skipped ones not counted). */
  readonly requests: number;
  /** The requests sent, in issue order. */
  readonly sent: readonly SentRequest[];
  readonly crashes: number;
  readonly refusals: number;
  readonly simulatedMs: number;
  readonly cuts: readonly number[];
  /** Requests drawn before each crash (what `crashAfter` pins). */
  readonly crashPoints: readonly number[];
}

const DATA_DIRECTORY = '/data/appendonlydir';
/** Consecutive starts that may fail on injected I/O errors before the run gives up. */
const STARTS_FAILED_MAX = 20;
/** Under everysec, writes acknowledged longer than this before a crash must survive: the interval, a timer tick, and a slow write + fsync. */
function everysecWindowMs(faults: Partial<DiskFaults>): number {
  return 1000 + 250 + 4 * LATENCY_MS_MAX_DEFAULT * Math.max(1, faults.slowLatencyMultiplier ?? 1) + 50;
}

export async function runSimulation(options: SimulationOptions): Promise<SimulationResult> {
  const { seed } = options;
  const trace = new Trace(options.keepTrace ?? false);
  const scheduler = new Scheduler();
  const fs = new SimFileSystem({ clock: scheduler, seed: deriveSeed(seed, 'disk'), faults: options.faults });
  const workload = deriveRandom(seed, 'workload');
  const crashRandom = deriveRandom(seed, 'crashes');
  const rotRandom = deriveRandom(seed, 'bit-rot');
  const readRandom = deriveRandom(seed, 'reads');
  const pipelineRandom = deriveRandom(seed, 'pipelines');
  const settings: EngineSettings = { shards: options.shards, appendfsync: options.appendfsync, autoRewriteMinBytes: 64 * 1024 };
  const history: LoggedUnit[] = [];
  const reference = new ReferenceReplay(settings);
  const observations = new Observations();
  const cuts: number[] = [];
  const crashPoints: number[] = [];
  const sent: SentRequest[] = [];
  let drawn = 0;
  let crashes = 0;
  let refusals = 0;
  let violation: string | null = null;
  let crash: CrashRecord | null = null;
  let failedStarts = 0;
  let bitRot: BitRot | null = null;
  let rotDrawnAtCrash = -1;
  const fail = (message: string | null) => {
    if (message === null) return;
    violation ??= message;
    trace.add(`VIOLATION ${message}`);
  };

  // The last epoch only recovers and checks what the clean shutdown before it left.
  for (let epoch = 0; violation === null; epoch++) {
    const checkOnly = drawn >= options.ops;
    const files = namedFiles(fs, DATA_DIRECTORY);
    const lsnOnDisk = files === null ? 0 : maxLsnOnDisk(files);
    for (const file of files?.flat() ?? []) trace.detail(`disk ${file.path}: ${describeFrames(file)}`);
    // At most one bit rot per crash, drawn at the first start after it.
    if (crash !== null && rotDrawnAtCrash !== crashes && files !== null && chance(rotRandom, options.bitRotProbability)) {
      rotDrawnAtCrash = crashes;
      bitRot = injectBitRot(fs, files, rotRandom);
      if (bitRot !== null) trace.add(`bit rot: ${bitRot.kind} in ${bitRot.path} at offset ${bitRot.offset} (LSN ${bitRot.lsn}, ${bitRot.proof})`);
    }
    const engine = createSimEngine(settings, scheduler, deriveRandom(seed, `engine-${epoch}`), () => undefined);
    let persistence: Persistence;
    try {
      persistence = await scheduler.settle(Persistence.open({ fs, directory: DATA_DIRECTORY, engine, repair: false, log: (level, message) => trace.add(`log ${level}: ${message}`) }));
    } catch (error) {
      if (error instanceof FileSystemError && failedStarts < STARTS_FAILED_MAX) {
        // An I/O error at start: the server exits, the operator (after freeing space on a full disk) starts it again.
        failedStarts++;
        trace.add(`start failed: ${error.message}`);
        if (isFileSystemError(error, 'ENOSPC')) fs.setFaults({ capacityBytes: fs.faults.capacityBytes * 2 });
        fs.crashProcess();
        continue;
      }
      if (!(error instanceof RecoveryRefusal)) {
        fail(`recovery failed: ${(error as Error).message}`);
        break;
      }
      refusals++;
      trace.add(`recovery refused: ${error.message.slice(0, 160)}`);
      if (bitRot !== null) {
        // The refusal was right: the operator restores the bad sector from a backup and starts again.
        fs.restoreSector(bitRot.path, bitRot.offset);
        trace.add(`operator restored the sector of ${bitRot.path} at offset ${bitRot.offset}`);
        bitRot = null;
        continue;
      }
      if (!((options.faults.latentSectorErrorProbability ?? 0) > 0)) fail(`recovery refused although no durable byte was damaged: ${error.message}`);
      break;
    }
    failedStarts = 0;
    const cut = persistence.recovery.cut;
    cuts.push(cut);
    trace.add(`epoch ${epoch}: recovered cut=${cut} next=${persistence.groupCommit.lastLsn + 1} truncated=${persistence.recovery.bytesTruncated}`);
    if (bitRot !== null) {
      fail(`no silent loss: a ${bitRot.kind} in ${bitRot.path} at offset ${bitRot.offset} damaged LSN ${bitRot.lsn} (${bitRot.proof}), yet recovery started with cut ${cut}`);
      break;
    }
    fail(checkLsnFloor(lsnOnDisk, persistence.groupCommit.lastLsn + 1));
    fail(checkPlacement(engine));
    if (crash !== null) {
      fail(checkDurability(observations, cut, crash, everysecWindowMs(options.faults)));
      fail(checkLiveKeyspace(engine, crash, cut));
      fail(checkPrefix(engine, reference.at(history, cut), cut));
      if (violation === null) fail(checkPhantomReads(reference, history, observations, cut));
    }
    history.splice(0, history.length, ...history.filter((logged) => logged.lsn <= cut));
    observations.clear();
    if (checkOnly || violation !== null) {
      engine.stop();
      persistence.groupCommit.stop();
      break;
    }
    engine.attachLog(recordingLog(persistence, history), cut);
    engine.start();

    const remaining = options.ops - drawn;
    const crashNow = crashes < (options.crashAfter?.length ?? options.crashes);
    const drawnBudget = crashNow ? randomInteger(crashRandom, 1, Math.max(1, Math.floor(remaining / Math.max(1, options.crashes - crashes + 1)) * 2)) : remaining;
    const budget = crashNow && options.crashAfter !== undefined ? Math.min(remaining, options.crashAfter[crashes]) : drawnBudget;
    if (crashNow) crashPoints.push(budget);
    let epochDrawn = 0;
    const clients: SimClient[] = [];
    for (let id = 0; id < options.clients; id++) {
      const client = new SimClient(engine, {
        id, random: deriveRandom(seed, `client-${epoch}-${id}`), clock: scheduler, trace,
        next: () => {
          for (;;) {
            if (epochDrawn >= budget) return undefined;
            epochDrawn++;
            const index = drawn++;
            const commands = chance(readRandom, options.readProbability) ? nextRead(readRandom)
              : chance(pipelineRandom, options.pipelineProbability) ? nextPipeline(workload, pipelineRandom)
                : nextRequest(workload, { rewrite: options.rewriteProbability, fsyncChange: options.fsyncChangeProbability });
            if (options.keep !== undefined && !options.keep.has(index)) continue;
            sent.push({ index, client: id, commands });
            if (commands[0][0] === 'CONFIG') observations.modeChangedAtMs = scheduler.now();
            return { index, commands };
          }
        },
        onAcknowledged: (acknowledgement) => observations.add(acknowledgement),
      });
      clients.push(client);
      client.start();
    }
    const noteFailure = () => {
      if (observations.failedAtMs === null && engine.durabilityFailure !== null) observations.failedAtMs = scheduler.now();
    };
    while (epochDrawn < budget) {
      await scheduler.runUntil(scheduler.monotonic() + 10);
      noteFailure();
    }
    for (const client of clients) client.finishAfterReplies();
    if (crashNow) {
      await scheduler.runUntil(scheduler.monotonic() + randomInteger(crashRandom, 0, 30));
      noteFailure();
      crash = crashRecord(engine, scheduler.now(), persistence.recovery.cut, false);
      for (const client of clients) client.stop();
      engine.stop();
      persistence.groupCommit.stop();
      const powerLoss = chance(crashRandom, options.powerLossProbability);
      trace.add(`crash (${powerLoss ? 'power loss' : 'process'}) committed=${engine.committedLsn} last=${persistence.groupCommit.lastLsn}`);
      if (powerLoss) fs.powerLoss(deriveRandom(seed, `power-${crashes}`));
      else fs.crashProcess();
      crashes++;
    } else {
      await scheduler.runUntil(scheduler.monotonic() + 100);
      for (const client of clients) client.stop();
      engine.stop();
      await scheduler.settle(persistence.close());
      noteFailure();
      const committed = persistence.groupCommit.committedLsn;
      if (persistence.groupCommit.failure === null && committed < engine.lastUnitLsn) {
        fail(`shutdown: LSN ${engine.lastUnitLsn} was logged but only ${committed} was fsynced at shutdown`);
      }
      crash = crashRecord(engine, scheduler.now(), persistence.recovery.cut, true);
      trace.add(`clean shutdown at lsn ${persistence.groupCommit.lastLsn}, committed ${committed}`);
    }
  }
  return { seed, violation, trace, requests: sent.length, sent, crashes, refusals, simulatedMs: scheduler.monotonic(), cuts, crashPoints };
}

function crashRecord(engine: Engine, atMs: number, startCut: number, clean: boolean): CrashRecord {
  return {
    atMs,
    clean,
    committedLsn: engine.committedLsn,
    liveKeyspace: engine.durabilityFailure === null ? dumpKeyspace(engine) : null,
    lastLsn: engine.lastUnitLsn === 0 ? startCut : engine.lastUnitLsn,
    mode: engine.config.string('appendfsync'),
  };
}

/** Forwards to the AOF and remembers every unit with its LSN (the reference history). */
function recordingLog(persistence: Persistence, history: LoggedUnit[]): EffectLog & PersistenceServices {
  return {
    appendUnit(unit) {
      const lsn = persistence.appendUnit(unit);
      history.push({ lsn, unit });
      return lsn;
    },
    endOfEvent: () => persistence.endOfEvent(),
    get committedLsn() {
      return persistence.committedLsn;
    },
    requestSync: () => persistence.requestSync(),
    infoLines: () => persistence.infoLines(),
    startRewrite: () => persistence.startRewrite(),
  };
}
