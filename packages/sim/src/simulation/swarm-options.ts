/**
 * Swarm testing: each seed draws its own shard count, fsync mode, client count, crash count and
 * fault rates from a stream of its own, so a run is reproduced from its seed alone and a swarm
 * explores many corners of the configuration space. Explicit options override the draws.
 */
import { deriveRandom, chance, randomInteger } from '../seed-streams.js';
import type { SimulationOptions } from './run-simulation.js';

export const OPS_DEFAULT = 400;
const MODES = ['always', 'everysec', 'no'] as const;

export type SimulationOverrides = Partial<Omit<SimulationOptions, 'seed' | 'faults'>> & { faults?: SimulationOptions['faults'] };

export function swarmOptions(seed: number, overrides: SimulationOverrides = {}): SimulationOptions {
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
  };
  return { ...drawn, ...overrides, faults: overrides.faults ?? drawn.faults };
}

export function describeOptions(options: SimulationOptions): string {
  const faults = Object.entries(options.faults).filter(([, value]) => value !== 0).map(([name, value]) => `${name}=${value}`).join(',') || 'none';
  return `ops=${options.ops} shards=${options.shards} appendfsync=${options.appendfsync} clients=${options.clients} crashes=${options.crashes} `
    + `power-loss=${options.powerLossProbability} rewrite=${options.rewriteProbability} faults=${faults}`;
}
