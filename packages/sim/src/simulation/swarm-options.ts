/**
 * Swarm testing: each seed draws its own shard count, fsync mode, client count, crash count and
 * fault rates from a stream of its own, so a run is reproduced from its seed alone and a swarm
 * explores many corners of the configuration space. Explicit options override the draws.
 */
import { EMPTY_DATABASE_BYTES, MAXMEMORY_POLICIES, type Random } from '@ballast/core';
import { deriveRandom, chance, randomInteger } from '../seed-streams.js';
import type { SimulationOptions } from './simulation.js';

export const OPS_DEFAULT = 400;
/** The simulated engine's databases (sim-host.ts). */
const SIM_DATABASES = 2;
const MODES = ['always', 'everysec', 'no'] as const;

export type SimulationOverrides = Partial<Omit<SimulationOptions, 'seed' | 'faults'>> & { faults?: SimulationOptions['faults'] };

export function swarmOptions(seed: number, overrides: SimulationOverrides = {}): SimulationOptions {
  const { earlier, random } = drawEarlier(seed);
  // Drawn after those (issue 18): slow clients, so that everysec epochs outlast everysec's window;
  // crashes while requests and batches are in flight; and stormy seeds, where the rare
  // combinations (bit rot during a rewrite's two-file window, a truncation lost to power loss
  // before a second crash) are drawn on purpose: high rewrite, bit-rot and power-loss rates together.
  const pauseProbability = earlier.appendfsync === 'everysec' ? [0.15, 0.3][randomInteger(random, 0, 1)] : [0, 0, 0.05][randomInteger(random, 0, 2)];
  const inFlightCrashProbability = [0, 0.5, 1][randomInteger(random, 0, 2)];
  const stormy = chance(random, 0.1);
  const recentReadProbability = earlier.appendfsync === 'always' ? [0.1, 0.3][randomInteger(random, 0, 1)] : [0, 0.1][randomInteger(random, 0, 1)];
  const extendedProbability = [0, 0.1, 0.25][randomInteger(random, 0, 2)];
  // Drawn after those (issue 14): one seed in four runs with a small maxmemory (the empty
  // databases plus 0.25-4 KiB, which the workload's keys outgrow) and a random policy.
  const limited = chance(random, 0.25);
  const headroomBytes = randomInteger(random, 1, 16) * 256;
  const maxmemoryPolicy = MAXMEMORY_POLICIES[randomInteger(random, 0, MAXMEMORY_POLICIES.length - 1)];
  const maxmemoryBytes = limited ? earlier.shards * SIM_DATABASES * EMPTY_DATABASE_BYTES + headroomBytes : 0;
  const full: SimulationOptions = {
    ...earlier, pauseProbability, inFlightCrashProbability, recentReadProbability, extendedProbability, maxmemoryBytes, maxmemoryPolicy,
    ...(stormy ? { rewriteProbability: 0.1, bitRotProbability: 1, powerLossProbability: 1, inFlightCrashProbability: 1 } : {}),
  };
  return { ...full, ...overrides, faults: overrides.faults ?? full.faults };
}

/**
 * A seed's options as drawn before maxmemory joined the swarm (no limit): how the regression
 * seeds and canaries found before then still replay the runs that found them.
 */
export function swarmOptionsBeforeEviction(seed: number, overrides: SimulationOverrides = {}): SimulationOptions {
  return swarmOptions(seed, { maxmemoryBytes: 0, ...overrides });
}

/**
 * A seed's options as drawn before slow clients, in-flight crashes and stormy seeds joined the
 * swarm: how regression seeds found before then still replay the runs that found them.
 */
export function swarmOptionsBeforeInFlightCrashes(seed: number, overrides: SimulationOverrides = {}): SimulationOptions {
  const { earlier } = drawEarlier(seed);
  return { ...earlier, ...overrides, faults: overrides.faults ?? earlier.faults };
}

/** The draws every seed made before issue 18, in their order, and the stream to draw on from. */
function drawEarlier(seed: number): { earlier: SimulationOptions; random: Random } {
  const random = deriveRandom(seed, 'swarm');
  const drawn: SimulationOptions = {
    seed,
    ops: OPS_DEFAULT,
    shards: randomInteger(random, 1, 4),
    appendfsync: MODES[randomInteger(random, 0, 2)],
    clients: randomInteger(random, 2, 6),
    crashes: randomInteger(random, 1, 4),
    powerLossProbability: [0, 0.5, 1][randomInteger(random, 0, 2)],
    faults: {
      syncErrorProbability: chance(random, 0.2) ? 0.01 : 0,
      writeErrorProbability: chance(random, 0.1) ? 0.005 : 0,
    },
    rewriteProbability: [0, 0.005, 0.02][randomInteger(random, 0, 2)],
    fsyncChangeProbability: chance(random, 0.3) ? 0.005 : 0,
    bitRotProbability: 0,
    readProbability: 0,
    pipelineProbability: 0,
  };
  // Drawn after everything above, so adding them left the earlier draws (and old seeds' runs) as they were.
  const later = {
    bitRotProbability: chance(random, 0.3) ? 0.5 : 0,
    readProbability: [0, 0.2, 0.4][randomInteger(random, 0, 2)],
    capacityBytes: chance(random, 0.1) ? randomInteger(random, 64, 512) * 1024 : Number.POSITIVE_INFINITY,
    slow: chance(random, 0.15),
  };
  // Drawn after those, for the same reason (pipelines joined after the seeds of regressions found without them).
  const pipelineProbability = [0, 0.1, 0.3][randomInteger(random, 0, 2)];
  const faults = { ...drawn.faults, capacityBytes: later.capacityBytes, ...(later.slow ? { slowProbability: 0.02, slowLatencyMultiplier: 20 } : {}) };
  const earlier = { ...drawn, bitRotProbability: later.bitRotProbability, readProbability: later.readProbability, pipelineProbability, faults };
  return { earlier, random };
}

/**
 * A seed's options as drawn before bit rot, repeatable reads, full disks and slow disks joined
 * the swarm: how the regression seeds found then still replay the runs that found them.
 */
export function swarmOptionsBeforeBitRot(seed: number): SimulationOptions {
  const options = swarmOptionsBeforeInFlightCrashes(seed);
  const { syncErrorProbability, writeErrorProbability } = options.faults;
  return { ...options, bitRotProbability: 0, readProbability: 0, pipelineProbability: 0, faults: { syncErrorProbability, writeErrorProbability } };
}

export function describeOptions(options: SimulationOptions): string {
  const faults = Object.entries(options.faults).filter(([, value]) => value !== 0 && value !== Number.POSITIVE_INFINITY).map(([name, value]) => `${name}=${value}`).join(',') || 'none';
  return `ops=${options.ops} shards=${options.shards} appendfsync=${options.appendfsync} clients=${options.clients} crashes=${options.crashAfter === undefined ? options.crashes : `${options.crashAfter.length} (after ${options.crashAfter.join(',') || '-'} requests)`} `
    + `power-loss=${options.powerLossProbability} bit-rot=${options.bitRotProbability} reads=${options.readProbability} pipelines=${options.pipelineProbability} rewrite=${options.rewriteProbability} `
    + `fsync-change=${options.fsyncChangeProbability} pauses=${options.pauseProbability ?? 0} in-flight-crashes=${options.inFlightCrashProbability ?? 0} recent-reads=${options.recentReadProbability ?? 0} extended=${options.extendedProbability ?? 0} `
    + `maxmemory=${options.maxmemoryBytes ?? 0}${(options.maxmemoryBytes ?? 0) > 0 ? ` policy=${options.maxmemoryPolicy ?? 'noeviction'}` : ''} faults=${faults}`;
}
