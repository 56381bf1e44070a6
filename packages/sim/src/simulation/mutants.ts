/**
 * Planted-defect runs (`ballast-sim mutants`): for each defect in core's switchboard, turn it
 * on alone and run swarm seeds until an invariant fails (or the run breaks), proving the
 * simulator can see that kind of bug. The defect lives in the run's options, never in a global.
 */
import { PLANTED_DEFECT_NAMES } from '@ballast/core/testing';
import { runSimulation } from './simulation.js';
import { swarmOptions, type SimulationOverrides } from './swarm-options.js';

export interface MutantResult {
  readonly defect: (typeof PLANTED_DEFECT_NAMES)[number];
  /** The seed that caught it, or null when none of the seeds did. */
  readonly caughtBySeed: number | null;
  readonly seedsRun: number;
  readonly violation: string | null;
}

/** Runs swarm seeds 1… with `defect` planted (and `overrides` on the drawn options) until one catches it. */
export async function runMutant(defect: MutantResult['defect'], seedsMax: number, onSeed?: (seed: number) => void,
  overrides: SimulationOverrides = {}): Promise<MutantResult> {
  for (let seed = 1; seed <= seedsMax; seed++) {
    onSeed?.(seed);
    let violation: string | null;
    try {
      violation = (await runSimulation(swarmOptions(seed, { ...overrides, plant: defect }))).violation;
    } catch (error) {
      violation = `the run broke: ${(error as Error).message}`;
    }
    if (violation !== null) return { defect, caughtBySeed: seed, seedsRun: seed, violation };
  }
  return { defect, caughtBySeed: null, seedsRun: seedsMax, violation: null };
}

/** Runs each defect of `defects` (all by default) in turn. */
export async function runMutants(seedsMax: number, onProgress?: (defect: string, seed: number) => void,
  defects: readonly MutantResult['defect'][] = PLANTED_DEFECT_NAMES): Promise<MutantResult[]> {
  const results: MutantResult[] = [];
  for (const defect of defects) results.push(await runMutant(defect, seedsMax, (seed) => onProgress?.(defect, seed)));
  return results;
}
