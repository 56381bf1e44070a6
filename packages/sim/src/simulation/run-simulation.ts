/**
 * One simulation run: boot the engine on the simulated disk, let simulated clients run the
 * workload, crash the process or cut the power at random moments, recover, and check the
 * invariants of DESIGN.md after every recovery:
 *
 * 1. durability: the durable cut covers every LSN that was committed before the crash (under
 *    `always` that is every acknowledged write);
 * 2. prefix: the recovered keyspace equals a reference that replays the logged units with
 *    LSN ≤ cut, in order, on a fresh engine;
 * 4. no silent loss: recovery refuses only when the disk corrupted durable bytes;
 * 5. determinism: the trace hash is a function of the seed (checked by running twice).
 * Every draw comes from a stream derived from the one root seed.
 */
import {
  dumpKeyspace, FileSystemError, Persistence, RecoveryRefusal, type EffectLog, type Engine, type PersistenceServices, type Reply, type UnitEffects,
} from '@ballast/core';
import { Scheduler } from '../scheduler.js';
import { chance, deriveRandom, deriveSeed, randomInteger } from '../seed-streams.js';
import { SimFileSystem } from '../sim-file-system.js';
import type { DiskFaults } from '../disk-faults.js';
import { SimClient } from './sim-client.js';
import { createSimEngine, type EngineSettings } from './sim-host.js';
import { Trace } from './trace.js';
import { nextRequest } from './workload.js';

export interface SimulationOptions {
  readonly seed: number;
  /** Requests issued in total (a MULTI/EXEC block counts once). */
  readonly ops: number;
  readonly shards: number;
  readonly appendfsync: 'always' | 'everysec' | 'no';
  readonly clients: number;
  /** Crashes spread over the run. */
  readonly crashes: number;
  /** Probability that a crash is a power loss (else a process crash). */
  readonly powerLossProbability: number;
  readonly faults: Partial<DiskFaults>;
  readonly rewriteProbability: number;
  readonly fsyncChangeProbability: number;
  /** Keep every trace line (replay --trace) instead of the tail only. */
  readonly keepTrace?: boolean;
}

export interface SimulationResult {
  readonly seed: number;
  readonly violation: string | null;
  readonly trace: Trace;
  readonly requests: number;
  readonly crashes: number;
  readonly refusals: number;
  readonly simulatedMs: number;
  readonly cuts: readonly number[];
}

interface LoggedUnit {
  readonly lsn: number;
  readonly unit: UnitEffects;
}

const DATA_DIRECTORY = '/data/appendonlydir';
/** Consecutive starts that may fail on injected I/O errors before the run gives up. */
const STARTS_FAILED_MAX = 20;

export async function runSimulation(options: SimulationOptions): Promise<SimulationResult> {
  const { seed } = options;
  const trace = new Trace(options.keepTrace ?? false);
  const scheduler = new Scheduler();
  const fs = new SimFileSystem({ clock: scheduler, seed: deriveSeed(seed, 'disk'), faults: options.faults });
  const workload = deriveRandom(seed, 'workload');
  const crashRandom = deriveRandom(seed, 'crashes');
  const settings: EngineSettings = { shards: options.shards, appendfsync: options.appendfsync, autoRewriteMinBytes: 64 * 1024 };
  const history: LoggedUnit[] = [];
  const cuts: number[] = [];
  let issued = 0;
  let crashes = 0;
  let refusals = 0;
  let violation: string | null = null;
  let committedBeforeCrash = 0;
  let failedStarts = 0;
  const fail = (message: string) => {
    violation ??= message;
    trace.add(`VIOLATION ${message}`);
  };

  // The last epoch only recovers and checks what the clean shutdown before it left.
  for (let epoch = 0; violation === null; epoch++) {
    const checkOnly = issued >= options.ops;
    const engine = createSimEngine(settings, scheduler, deriveRandom(seed, `engine-${epoch}`), () => undefined);
    let persistence: Persistence;
    try {
      persistence = await scheduler.settle(Persistence.open({ fs, directory: DATA_DIRECTORY, engine, repair: false, log: () => undefined }));
    } catch (error) {
      if (error instanceof FileSystemError && failedStarts < STARTS_FAILED_MAX) {
        // An I/O error at start: the server exits, the operator starts it again.
        failedStarts++;
        trace.add(`start failed: ${error.message}`);
        fs.crashProcess();
        continue;
      }
      if (!(error instanceof RecoveryRefusal)) throw error;
      refusals++;
      trace.add(`recovery refused: ${error.message.slice(0, 120)}`);
      if (!((options.faults.latentSectorErrorProbability ?? 0) > 0)) fail(`recovery refused although no durable byte was damaged: ${error.message}`);
      break;
    }
    failedStarts = 0;
    const cut = persistence.recovery.cut;
    cuts.push(cut);
    trace.add(`epoch ${epoch}: recovered cut=${cut} next=${persistence.recovery.maxSeenLsn + 1} truncated=${persistence.recovery.bytesTruncated}`);
    if (epoch > 0) checkRecovery(engine, settings, history, cut, committedBeforeCrash, fail);
    history.splice(0, history.length, ...history.filter((logged) => logged.lsn <= cut));
    if (checkOnly) {
      engine.stop();
      persistence.groupCommit.stop();
      break;
    }
    engine.attachLog(recordingLog(persistence, history), cut);
    engine.start();

    const remaining = options.ops - issued;
    const crashNow = crashes < options.crashes;
    const budget = crashNow ? randomInteger(crashRandom, 1, Math.max(1, Math.floor(remaining / (options.crashes - crashes + 1)) * 2)) : remaining;
    let epochIssued = 0;
    const clients: SimClient[] = [];
    for (let id = 0; id < options.clients; id++) {
      const client = new SimClient(engine, {
        id, random: deriveRandom(seed, `client-${epoch}-${id}`), clock: scheduler, trace,
        next: () => {
          if (epochIssued >= budget) return undefined;
          epochIssued++;
          issued++;
          return nextRequest(workload, { rewrite: options.rewriteProbability, fsyncChange: options.fsyncChangeProbability });
        },
        onReply: (reply: Reply) => void reply,
      });
      clients.push(client);
      client.start();
    }
    while (epochIssued < budget) await scheduler.runUntil(scheduler.monotonic() + 10);
    for (const client of clients) client.finishAfterReplies();
    if (crashNow) {
      await scheduler.runUntil(scheduler.monotonic() + randomInteger(crashRandom, 0, 30));
      committedBeforeCrash = engine.committedLsn;
      for (const client of clients) client.stop();
      engine.stop();
      persistence.groupCommit.stop();
      const powerLoss = chance(crashRandom, options.powerLossProbability);
      trace.add(`crash (${powerLoss ? 'power loss' : 'process'}) committed=${committedBeforeCrash} last=${persistence.groupCommit.lastLsn}`);
      if (powerLoss) fs.powerLoss(deriveRandom(seed, `power-${crashes}`));
      else fs.crashProcess();
      crashes++;
    } else {
      await scheduler.runUntil(scheduler.monotonic() + 100);
      for (const client of clients) client.stop();
      engine.stop();
      await scheduler.settle(persistence.close());
      committedBeforeCrash = persistence.groupCommit.committedLsn;
      if (persistence.groupCommit.failure === null && committedBeforeCrash < engine.lastUnitLsn) {
        fail(`shutdown: LSN ${engine.lastUnitLsn} was logged but only ${committedBeforeCrash} was fsynced at shutdown`);
      }
      trace.add(`clean shutdown at lsn ${persistence.groupCommit.lastLsn}, committed ${committedBeforeCrash}`);
    }
  }
  return { seed, violation, trace, requests: issued, crashes, refusals, simulatedMs: scheduler.monotonic(), cuts };
}

/** The durability and prefix checks after a recovery that found `cut`. */
function checkRecovery(engine: Engine, settings: EngineSettings, history: readonly LoggedUnit[], cut: number, committedBefore: number,
  fail: (message: string) => void): void {
  if (cut < committedBefore) {
    fail(`durability: LSN ${committedBefore} was committed before the crash, but recovery's durable cut is ${cut}`);
    return;
  }
  const reference = createSimEngine(settings, engine.clock, deriveRandom(0, 'reference'), () => undefined);
  for (const { lsn, unit } of history) {
    if (lsn > cut) break;
    unit.forEach((effects, shard) => {
      for (const effect of effects) reference.replayEffect(shard, effect.database, effect.args);
    });
  }
  const expected = dumpKeyspace(reference);
  const actual = dumpKeyspace(engine);
  if (expected.join('\n') === actual.join('\n')) return;
  const missing = expected.filter((line) => !actual.includes(line)).slice(0, 3);
  const extra = actual.filter((line) => !expected.includes(line)).slice(0, 3);
  fail(`prefix: the recovered keyspace differs from the first ${cut} logged writes (expected but missing: ${missing.join(' | ') || '-'}; present but not expected: ${extra.join(' | ') || '-'})`);
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
