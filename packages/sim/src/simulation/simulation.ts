/**
 * One simulation run: boot the engine on the simulated disk (recovery), let simulated clients
 * run the workload, crash the process or cut the power at random moments, sometimes rot a
 * provably durable byte, recover, and check the invariants of DESIGN.md after every recovery
 * (recovery-checks.ts): durability of acknowledged writes, prefix of history, placement, no
 * phantom reads, LSNs never reused, no silent loss (bit rot must be refused until the sector is
 * restored), and determinism (the trace hash is a function of the options, checked by running
 * twice). Every draw comes from a stream derived from the one root seed. This file holds the
 * options, the result and the entry point; epoch-steps.ts the run itself (SimulationRun, one
 * method per step of an epoch).
 */
import type { MaxmemoryPolicy } from '@ballast/core';
import type { PlantedDefectName } from '@ballast/core/testing';
import type { DiskFaults } from '../disk-faults.js';
import { SimulationRun } from './epoch-steps.js';
import type { Trace } from './trace.js';
import type { CheckCoverage } from './coverage.js';

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
   * Probability that a client pauses 200–1500 ms before its next request (a stream of its own):
   * epochs then last seconds, so everysec's window is exercised before most crashes.
   */
  readonly pauseProbability?: number;
  /**
   * Probability that a crash lands right after a drawn disk operation completes, while requests,
   * writes and fsyncs are in flight, instead of after the clients stop (a stream of its own).
   */
  readonly inFlightCrashProbability?: number;
  /**
   * Probability that a request is a repeatable read of a key the workload just wrote (a stream
   * of its own): under always, where a reply gate that lets reads through too early shows.
   */
  readonly recentReadProbability?: number;
  /** Probability that a request is a command of the later data types (workload-extended.ts, a stream of its own). */
  readonly extendedProbability?: number;
  /**
   * The engine's maxmemory in bytes (0 or absent: no limit) and maxmemory-policy: a small limit
   * makes most writes evict (or, under noeviction and the volatile policies, be refused with
   * -OOM), so crashes land among evictions and recovery must replay them.
   */
  readonly maxmemoryBytes?: number;
  readonly maxmemoryPolicy?: MaxmemoryPolicy;
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
  /** A planted defect switched on for this run (`--plant`): how mutants are run, replayed and shrunk. */
  readonly plant?: PlantedDefectName;
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
  /** What the checks had to check. */
  readonly coverage: CheckCoverage;
}

/** Runs one simulation to its end (or its first violation). */
export function runSimulation(options: SimulationOptions): Promise<SimulationResult> {
  return new SimulationRun(options).run();
}
