/**
 * Shrinking a failing seed: reduce its run to a small set of requests, crashes and faults that
 * still breaks the same invariant, so a person can read the failure instead of 400 requests.
 * Everything stays a function of the seed: the crash points are pinned in requests drawn
 * (SimulationOptions.crashAfter), and a request left out is still drawn (the streams do not
 * shift) but not sent (SimulationOptions.keep). The steps: cut the requests after the last one
 * sent, lower each option towards its simplest value (each crash left out, fewer clients and shards, no power loss or power loss always, no bit rot, rewrites, mode
 * changes, reads or disk faults), then delta debugging (ddmin) over the requests kept, then the
 * options once more. A candidate counts when it fails the same invariant (the text before ':').
 */
import { runSimulation, type SimulationOptions, type SimulationResult } from './simulation.js';

export interface ShrinkProgress {
  readonly runs: number;
  readonly requests: number;
  readonly step: string;
}

export interface ShrinkResult {
  readonly original: SimulationResult;
  readonly minimal: SimulationOptions;
  readonly result: SimulationResult;
  readonly runs: number;
}

export const SHRINK_RUNS_DEFAULT = 600;

type Candidate = (options: SimulationOptions) => SimulationOptions | null;

/** Option reductions, simplest value first; null when the option is already there. */
function optionReductions(options: SimulationOptions): Array<[string, Candidate]> {
  const steps: Array<[string, Candidate]> = [];
  for (let clients = 1; clients < options.clients; clients++) steps.push([`clients ${clients}`, (o) => (o.clients > clients ? { ...o, clients } : null)]);
  for (let shards = 1; shards < options.shards; shards++) steps.push([`shards ${shards}`, (o) => (o.shards > shards ? { ...o, shards } : null)]);
  type Probability = 'powerLossProbability' | 'bitRotProbability' | 'rewriteProbability' | 'fsyncChangeProbability' | 'readProbability' | 'pipelineProbability';
  const scalar = (name: string, key: Probability, value: number): [string, Candidate] =>
    [name, (o) => (o[key] !== value ? { ...o, [key]: value } : null)];
  steps.push(scalar('no power loss', 'powerLossProbability', 0), scalar('power loss always', 'powerLossProbability', 1));
  steps.push(scalar('no bit rot', 'bitRotProbability', 0), scalar('no rewrites', 'rewriteProbability', 0));
  steps.push(scalar('no appendfsync changes', 'fsyncChangeProbability', 0), scalar('no extra reads', 'readProbability', 0));
  steps.push(scalar('no pipelines', 'pipelineProbability', 0));
  steps.push(['no maxmemory', (o) => ((o.maxmemoryBytes ?? 0) > 0 ? { ...o, maxmemoryBytes: 0 } : null)]);
  for (const fault of Object.keys(options.faults) as Array<keyof SimulationOptions['faults']>) {
    steps.push([`no ${fault}`, (o) => {
      if (!(fault in o.faults)) return null;
      const faults = { ...o.faults };
      delete faults[fault];
      return { ...o, faults };
    }]);
  }
  return steps;
}

function invariantOf(violation: string): string {
  return violation.slice(0, violation.indexOf(':'));
}

export async function shrink(options: SimulationOptions, runsMax = SHRINK_RUNS_DEFAULT, onProgress?: (progress: ShrinkProgress) => void):
  Promise<ShrinkResult | null> {
  const original = await runSimulation(options);
  if (original.violation === null) return null;
  const invariant = invariantOf(original.violation);
  let runs = 1;
  // Pin the crash points (in requests drawn), so that leaving requests out does not move them.
  let best: { options: SimulationOptions; result: SimulationResult } = {
    options: { ...options, crashAfter: original.crashPoints, keep: new Set(original.sent.map((request) => request.index)) }, result: original,
  };
  const attempt = async (candidate: SimulationOptions | null, step: string): Promise<boolean> => {
    if (candidate === null || runs >= runsMax) return false;
    runs++;
    const result = await runSimulation(candidate);
    const same = result.violation !== null && invariantOf(result.violation) === invariant;
    if (same) best = { options: { ...candidate, keep: new Set(result.sent.map((request) => request.index)) }, result };
    onProgress?.({ runs, requests: best.result.requests, step });
    return same;
  };
  const reduceOptions = async () => {
    // From the last crash back, so that leaving one out keeps the indexes of those before it.
    for (let index = (best.options.crashAfter?.length ?? 0) - 1; index >= 0; index--) {
      const points = best.options.crashAfter ?? [];
      await attempt({ ...best.options, crashAfter: points.filter((_, each) => each !== index) }, `without crash ${index + 1}`);
    }
    for (const [name, reduce] of optionReductions(best.options)) await attempt(reduce(best.options), name);
  };

  const lastSent = Math.max(...original.sent.map((request) => request.index));
  await attempt({ ...best.options, ops: lastSent + 1 }, `ops ${lastSent + 1}`);
  await reduceOptions();
  await deltaDebug(() => [...(best.options.keep ?? [])], (keep, step) => attempt({ ...best.options, keep: new Set(keep) }, step));
  await reduceOptions();
  return { original, minimal: best.options, result: best.result, runs };
}

/** ddmin: removes ever smaller chunks of the kept requests while the run still fails. */
async function deltaDebug(current: () => number[], fails: (keep: number[], step: string) => Promise<boolean>): Promise<void> {
  let chunks = 2;
  while (current().length >= 2) {
    const items = current();
    const size = Math.ceil(items.length / chunks);
    let removed = false;
    for (let start = 0; start < items.length; start += size) {
      const rest = [...items.slice(0, start), ...items.slice(start + size)];
      if (await fails(rest, `without requests ${items[start]}..${items[Math.min(items.length, start + size) - 1]}`)) {
        removed = true;
        break;
      }
    }
    if (removed) chunks = Math.max(chunks - 1, 2);
    else if (size === 1) return;
    else chunks = Math.min(chunks * 2, items.length);
  }
}
