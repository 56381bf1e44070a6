/**
 * Runs the iterations one after another and prints as it goes. Iteration i+1's seed is drawn
 * from iteration i's, so any iteration can be replayed alone from the seed its failure prints.
 */
import { nextIterationSeed } from './draw.js';
import { runIteration } from './iteration.js';
import { runReplicationIteration } from './replication-iteration.js';
import type { CrashOptions } from './options.js';
import { failureBlock, iterationLine, summaryLine, type Totals } from './report.js';

export async function runCrashHarness(options: CrashOptions, print: (line: string) => void): Promise<Totals> {
  const totals: Totals = { iterations: 0, failed: [], acknowledged: 0, acknowledgedRecovered: 0, kills: 0, killsDuringRewrite: 0, rewritesRequested: 0 };
  let seed = options.seed;
  for (let number = 1; number <= options.iterations; number++, seed = nextIterationSeed(seed)) {
    const result = options.replicas > 0
      ? await runReplicationIteration({ ...options, seed, minReplicasDurable: options.durable })
      : await runIteration({ ...options, seed });
    totals.iterations++;
    totals.acknowledged += result.counts.acknowledged;
    totals.acknowledgedRecovered += result.counts.acknowledgedRecovered;
    totals.kills += result.kills;
    totals.killsDuringRewrite += result.killsDuringRewrite;
    totals.rewritesRequested += result.rewritesRequested;
    print(iterationLine(options, number, result));
    if (result.violations.length > 0) {
      totals.failed.push(number);
      for (const line of failureBlock(options, seed, result)) print(line);
    }
  }
  print(summaryLine(options, totals));
  return totals;
}
