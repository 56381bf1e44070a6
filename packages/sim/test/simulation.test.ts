/**
 * The simulator end to end: fixed seeds per appendfsync mode must hold every invariant, a run
 * must replay to the same trace hash, and every seed that once found a bug stays here as a named
 * regression (with the options it was found with); cheap planted defects must be caught.
 */
import { describe, expect, it } from 'vitest';
import { runSimulation, type SimulationOptions } from '../src/simulation/simulation.js';
import { swarmOptions, swarmOptionsBeforeBitRot } from '../src/simulation/swarm-options.js';
import { runMutant } from '../src/simulation/mutants.js';

/** The options the first sweeps used (before swarm drawing): seed-specific shards and mode. */
function sweepOptions(seed: number): SimulationOptions {
  const modes = ['always', 'everysec', 'no'] as const;
  return {
    seed, ops: 400, shards: 1 + (seed % 4), appendfsync: modes[seed % 3], clients: 4, crashes: 3, powerLossProbability: 0.5,
    faults: {}, rewriteProbability: 0.01, fsyncChangeProbability: 0.005, bitRotProbability: 0, readProbability: 0,
    pipelineProbability: 0,
  };
}

/** A seed found before pipelines joined the swarm, run as it was found. */
function beforePipelines(options: SimulationOptions): SimulationOptions {
  return { ...options, pipelineProbability: 0 };
}

async function expectClean(options: SimulationOptions): Promise<void> {
  const result = await runSimulation(options);
  expect(result.violation, `seed ${options.seed}:\n${result.trace.tail(20).join('\n')}`).toBeNull();
  expect(result.requests).toBe(options.ops);
}

describe('fixed seeds hold every invariant', () => {
  for (const appendfsync of ['always', 'everysec', 'no'] as const) {
    it(`appendfsync ${appendfsync}`, async () => {
      for (let seed = 1; seed <= 8; seed++) await expectClean(swarmOptions(seed, { appendfsync }));
    });
  }
});

describe('determinism', () => {
  it('the same seed gives the same trace hash', async () => {
    for (const seed of [11, 12, 13]) {
      const options = swarmOptions(seed);
      const first = await runSimulation(options);
      const second = await runSimulation(options);
      expect(second.trace.fingerprint).toBe(first.trace.fingerprint);
      expect(second.trace.count).toBe(first.trace.count);
    }
  });

  it('different seeds give different traces', async () => {
    const [first, second] = await Promise.all([runSimulation(swarmOptions(21)), runSimulation(swarmOptions(22))]);
    expect(second.trace.fingerprint).not.toBe(first.trace.fingerprint);
  });
});

describe('regression seeds', () => {
  const regressions: Array<[string, SimulationOptions]> = [
    ['recovery called page-cache bytes committed without an fsync (power loss after a process crash)', sweepOptions(34)],
    ['a torn write garbled committed frames sharing its 512-byte sector', sweepOptions(60)],
    ['torn unsynced sectors followed by never-committed frames were called corruption', sweepOptions(3)],
    ['a rewrite named a new file before the old one was synced, so its torn tail was called corruption', sweepOptions(10)],
    ['drain(sync) returned with a batch cut while it waited still unsynced', swarmOptionsBeforeBitRot(47)],
    ['a first start that died before writing its manifest refused every later start', swarmOptionsBeforeBitRot(85)],
    ['the same, with everysec', swarmOptionsBeforeBitRot(95)],
    ['a switch from no to always let reads of keys written under no (uncommitted) through the reply gate', beforePipelines(swarmOptions(171))],
    ['a latent sector error took a committed entry and its seal; the next seal claimed it committed, yet recovery called it a torn tail', beforePipelines(swarmOptions(675))],
    ['the same across four shards', beforePipelines(swarmOptions(655))],
    ['a SUNIONSTORE that expired a key and then failed was logged as typed, and failed again on replay', beforePipelines(swarmOptions(1062))],
    ['a base\'s committed LSN was taken as the cut, so a rotten entry above the snapshot was dropped silently', beforePipelines(swarmOptions(27, { bitRotProbability: 1, rewriteProbability: 0.02 }))],
    ['the same across four shards', beforePipelines(swarmOptions(91, { bitRotProbability: 1, rewriteProbability: 0.02 }))],
    ['after the disk filled (MISCONF), active expiry deleted a key it could not log, and a DBSIZE under always saw the deletion', {
      seed: 71, ops: 400, shards: 3, appendfsync: 'always', clients: 2, crashes: 2, powerLossProbability: 1, bitRotProbability: 0, readProbability: 0,
      pipelineProbability: 0.3, rewriteProbability: 0.02, fsyncChangeProbability: 0, faults: { syncErrorProbability: 0, writeErrorProbability: 0.005, capacityBytes: 182272 },
    }],
  ];
  for (const [name, options] of regressions) {
    it(`seed ${options.seed}: ${name}`, () => expectClean(options));
  }
});

describe('canaries: planted defects are caught', () => {
  const cheap = ['replayOnlyShardZero', 'manifestWithoutDirectorySync', 'baseWithoutSync', 'deleteOldBeforeManifest', 'ackBeforeFsync',
    'reuseLsnsAfterRecovery', 'entriesOnHomeShard', 'commitOnFirstShard', 'badFrameIsEnd'] as const;
  for (const defect of cheap) {
    it(defect, async () => {
      const result = await runMutant(defect, 20);
      expect(result.caughtBySeed, `${defect} was not caught in 20 seeds`).not.toBeNull();
    });
  }
});
