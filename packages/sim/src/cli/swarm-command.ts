/**
 * `ballast-sim swarm --seeds N [--from S] [--jobs J] [options]`: runs many seeds, each with the
 * options it draws (swarm testing), with a progress bar, and reports failures with a reproduce
 * line and the speed: simulated requests per second of real time and simulated over real time.
 * With --jobs J the seeds are split over J child processes (`swarm-worker`, one JSON line per
 * seed); each seed's run is the same as in one process, so the verdicts do not depend on J.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { addCoverage, describeCoverage, emptyCoverage, type CheckCoverage } from '../simulation/coverage.js';
import { runSimulation } from '../simulation/simulation.js';
import { swarmOptions, type SimulationOverrides } from '../simulation/swarm-options.js';
import { integerOption } from './arguments.js';
import { overridesFrom, reproduceLine } from './run-options.js';

interface SeedOutcome {
  readonly seed: number;
  readonly violation: string | null;
  readonly requests: number;
  readonly simulatedMs: number;
  /** Real time this seed took in its process. */
  readonly realMs: number;
  readonly reproduce: string;
  readonly coverage: CheckCoverage;
}

async function runSeed(seed: number, overrides: SimulationOverrides): Promise<SeedOutcome> {
  const options = swarmOptions(seed, overrides);
  const started = performance.now();
  let violation: string | null;
  let requests = 0;
  let simulatedMs = 0;
  let coverage = emptyCoverage();
  try {
    const result = await runSimulation(options);
    ({ violation, requests, simulatedMs, coverage } = result);
  } catch (error) {
    violation = `the run broke: ${(error as Error).stack ?? String(error)}`;
  }
  return { seed, violation, requests, simulatedMs, realMs: performance.now() - started, reproduce: reproduceLine(options), coverage };
}

/** The hidden subcommand a parallel swarm starts: seeds from, from + stride, … below to. */
export async function swarmWorker(values: Map<string, string>): Promise<number> {
  const from = integerOption(values, 'from', 1);
  const to = integerOption(values, 'to', from);
  const stride = Math.max(1, integerOption(values, 'stride', 1));
  const overrides = overridesFrom(values);
  for (let seed = from; seed < to; seed += stride) process.stdout.write(`${JSON.stringify(await runSeed(seed, overrides))}\n`);
  return 0;
}

async function parallelOutcomes(values: Map<string, string>, from: number, count: number, jobs: number, onOutcome: (outcome: SeedOutcome) => void): Promise<void> {
  const passThrough = [...values].filter(([name]) => !['seeds', 'from', 'jobs'].includes(name)).flatMap(([name, value]) => [`--${name}`, value]);
  await Promise.all(Array.from({ length: Math.min(jobs, count) }, (_, job) => new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, process.argv[1], 'swarm-worker', '--from', String(from + job), '--to', String(from + count),
      '--stride', String(jobs), ...passThrough], { stdio: ['ignore', 'pipe', 'inherit'] });
    createInterface({ input: child.stdout }).on('line', (line) => onOutcome(JSON.parse(line) as SeedOutcome));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`swarm worker ${job} exited with ${code}`))));
  })));
}

export async function swarm(values: Map<string, string>): Promise<number> {
  const count = integerOption(values, 'seeds', 100);
  const from = integerOption(values, 'from', 1);
  const jobs = Math.max(1, integerOption(values, 'jobs', 1));
  const overrides = overridesFrom(values);
  const outcomes: SeedOutcome[] = [];
  const started = performance.now();
  const record = (outcome: SeedOutcome) => {
    outcomes.push(outcome);
    const failing = outcomes.filter((each) => each.violation !== null).length;
    const bar = '#'.repeat(Math.round((outcomes.length / count) * 30)).padEnd(30, '.');
    process.stdout.write(`\r[${bar}] ${outcomes.length}/${count} seeds, ${failing} failing`);
  };
  if (jobs === 1) for (let seed = from; seed < from + count; seed++) record(await runSeed(seed, overrides));
  else await parallelOutcomes(values, from, count, jobs, record);
  const realMs = performance.now() - started;
  process.stdout.write('\n');
  const failures = outcomes.filter((outcome) => outcome.violation !== null).sort((a, b) => a.seed - b.seed);
  const requests = outcomes.reduce((total, outcome) => total + outcome.requests, 0);
  const simulatedMs = outcomes.reduce((total, outcome) => total + outcome.simulatedMs, 0);
  const cpuMs = outcomes.reduce((total, outcome) => total + outcome.realMs, 0);
  console.log(`\n${count} seeds (${from}..${from + count - 1}), ${requests} requests, ${failures.length} failing, ${jobs} job(s)`);
  console.log(`speed: ${Math.round(requests / (cpuMs / 1000))} simulated requests/s per process, ${Math.round(requests / (realMs / 1000))} in all; `
    + `simulated/real time ${(simulatedMs / cpuMs).toFixed(1)}x per process; ${(realMs / 1000).toFixed(1)} s wall`);
  const coverage = emptyCoverage();
  for (const outcome of outcomes) addCoverage(coverage, outcome.coverage);
  console.log(`coverage: ${describeCoverage(coverage)}`);
  for (const failure of failures) {
    console.log(`  seed ${failure.seed}: ${failure.violation}`);
    console.log(`    reproduce: ${failure.reproduce}`);
  }
  return failures.length === 0 ? 0 : 1;
}
