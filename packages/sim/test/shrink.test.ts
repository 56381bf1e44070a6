/**
 * Shrinking and the reproduce line: a planted defect's failing seed shrinks to a handful of
 * requests that still break the same invariant; the minimal run's reproduce line, read back by
 * the CLI's option parser, replays exactly that run; a seed that holds has nothing to shrink.
 */
import { describe, expect, it } from 'vitest';
import { parseArguments } from '../src/cli/arguments.js';
import { overridesFrom, reproduceLine } from '../src/cli/run-options.js';
import { shrink } from '../src/simulation/shrink.js';
import { runSimulation } from '../src/simulation/simulation.js';
import { swarmOptions, swarmOptionsBeforeInFlightCrashes } from '../src/simulation/swarm-options.js';

describe('shrink', () => {
  it('reduces a misplaced-entry failure to a few requests, and the reproduce line replays it', async () => {
    const shrunk = await shrink(swarmOptionsBeforeInFlightCrashes(1, { pipelineProbability: 0, rewriteProbability: 0, plant: 'entriesOnHomeShard' }), 200);
    expect(shrunk).not.toBeNull();
    const { original, minimal, result } = shrunk!;
    const kind = (violation: string | null) => violation?.slice(0, violation.indexOf(':'));
    expect(kind(original.violation)).toBe('recovery failed');
    expect(kind(result.violation), 'the minimal run breaks the same invariant').toBe(kind(original.violation));
    expect(result.requests).toBeLessThanOrEqual(10);
    expect(result.requests).toBeLessThan(original.requests);

    const parsed = parseArguments(reproduceLine(minimal).split(' ').slice(1), []);
    if (typeof parsed === 'string') throw new Error(parsed);
    const replayed = await runSimulation(swarmOptions(Number(parsed.values.get('seed')), overridesFrom(parsed.values)));
    expect(replayed.violation).toBe(result.violation);
    expect(replayed.trace.fingerprint).toBe(result.trace.fingerprint);
  });

  it('finds nothing to shrink in a seed that holds', async () => {
    expect(await shrink(swarmOptions(2), 10)).toBeNull();
  });
});

describe('run options', () => {
  it('a reproduce line spells out every option and reads back to the same options', () => {
    const options = { ...swarmOptions(7), crashAfter: [3, 40], keep: new Set([1, 5, 9]) };
    const parsed = parseArguments(reproduceLine(options).split(' ').slice(1), []);
    if (typeof parsed === 'string') throw new Error(parsed);
    // --crashes is spelled as the number of pinned crash points; the draw it feeds is then unused.
    expect(swarmOptions(7, overridesFrom(parsed.values))).toEqual({ ...options, crashes: 2 });
  });

  it('refuses bad values with a message naming the option', () => {
    const values = (entries: Record<string, string>) => new Map(Object.entries(entries));
    expect(() => overridesFrom(values({ 'power-loss': '2' }))).toThrow(/--power-loss must be a probability/);
    expect(() => overridesFrom(values({ faults: 'diskOnFire=1' }))).toThrow(/unknown fault 'diskOnFire'/);
    expect(() => overridesFrom(values({ keep: '1,x' }))).toThrow(/--keep must be whole numbers/);
    expect(() => overridesFrom(values({ appendfsync: 'sometimes' }))).toThrow(/--appendfsync must be/);
  });
});
