/**
 * ballast-sim: the simulator's command line.
 *
 *   ballast-sim run --seed S [options] [--check-determinism]
 *   ballast-sim swarm --seeds N [--from S] [--jobs J] [options]
 *   ballast-sim replay --seed S [options] [--trace]
 *   ballast-sim shrink --seed S [options] [--runs N]
 *   ballast-sim mutants [--seeds N]      (each planted defect must be caught within N seeds)
 *   ballast-sim replication --seed S | --seeds N [options]   (a primary and replicas over the simulated network)
 *
 * Options not given are drawn from the seed (swarm testing), so `run --seed S` replays a
 * swarm's seed exactly. Exit code 0 when every invariant held, 1 on a violation, 2 on bad usage.
 */
import { PLANTED_DEFECT_NAMES } from '@ballast/core/testing';
import { runSimulation, type SimulationOptions, type SimulationResult } from '../simulation/simulation.js';
import { describeOptions, swarmOptions } from '../simulation/swarm-options.js';
import { runMutants } from '../simulation/mutants.js';
import { ALL_REPLICATION_DEFECTS, runReplicationMutant, type ReplicationMutantResult } from '../replication/replication-mutants.js';
import { replicationCommand } from './replication-command.js';
import { integerOption, parseArguments } from './arguments.js';
import { overridesFrom, reproduceLine, RUN_OPTIONS_USAGE } from './run-options.js';
import { shrinkCommand } from './shrink-command.js';
import { swarm, swarmWorker } from './swarm-command.js';

const USAGE = `usage: ballast-sim run --seed S ${RUN_OPTIONS_USAGE} [--check-determinism]
       ballast-sim swarm --seeds N [--from S] [--jobs J] [options]
       ballast-sim replay --seed S [options] [--trace]
       ballast-sim shrink --seed S [options] [--runs N]
       ballast-sim mutants [--seeds N] [--only DEFECT,...]
       ballast-sim replication --seed S [--replicas N] [--durable K] [--shards S] [--rounds R] [--clients C] [--trace] [--check-determinism]
       ballast-sim replication --seeds N [--from S]
       (any of these also takes --plant DEFECT: switch a planted defect on for the run, to replay or shrink a mutant's catch)`;

function report(result: SimulationResult, options: SimulationOptions, realMs: number): void {
  console.log(`seed ${result.seed}: ${describeOptions(options)}`);
  console.log(`  ${result.requests} requests, ${result.crashes} crashes, ${result.refusals} refusals, cuts ${result.cuts.join(',')}, `
    + `trace ${result.trace.count} events, hash ${result.trace.fingerprint}`);
  console.log(`  ${result.simulatedMs} ms simulated in ${realMs.toFixed(0)} ms real`);
  if (result.violation === null) {
    console.log('  OK: every invariant held after every recovery');
    return;
  }
  console.log(`  VIOLATION: ${result.violation}`);
  console.log('  trace tail:');
  for (const line of result.trace.tail()) console.log(`    ${line}`);
  console.log(`  reproduce: ${reproduceLine(options)}`);
  console.log(`  shrink:    ${reproduceLine(options).replace('ballast-sim run', 'ballast-sim shrink')}`);
}

async function run(values: Map<string, string>, flags: Set<string>): Promise<number> {
  const options = swarmOptions(integerOption(values, 'seed', 1), overridesFrom(values));
  const started = performance.now();
  const result = await runSimulation(options);
  report(result, options, performance.now() - started);
  if (flags.has('check-determinism')) {
    const again = await runSimulation(options);
    const same = again.trace.fingerprint === result.trace.fingerprint && again.trace.count === result.trace.count;
    console.log(`  determinism: ${same ? 'same' : 'DIFFERENT'} trace hash on a second run (${again.trace.fingerprint})`);
    if (!same) return 1;
  }
  return result.violation === null ? 0 : 1;
}

async function replay(values: Map<string, string>, flags: Set<string>): Promise<number> {
  const options = { ...swarmOptions(integerOption(values, 'seed', 1), overridesFrom(values)), keepTrace: true };
  const result = await runSimulation(options);
  if (flags.has('trace')) for (const line of result.trace.all()) console.log(line);
  report(result, options, 0);
  return result.violation === null ? 0 : 1;
}

async function mutants(values: Map<string, string>): Promise<number> {
  const seedsMax = integerOption(values, 'seeds', 200);
  const known: readonly string[] = [...PLANTED_DEFECT_NAMES, ...ALL_REPLICATION_DEFECTS];
  const only = values.get('only')?.split(',');
  for (const name of only ?? []) {
    if (!known.includes(name)) throw new Error(`--only: unknown defect '${name}' (known: ${known.join(', ')})`);
  }
  const chosen = only ?? known;
  const single = PLANTED_DEFECT_NAMES.filter((name) => chosen.includes(name));
  const replicated = ALL_REPLICATION_DEFECTS.filter((name) => chosen.includes(name));
  const progress = (defect: string, seed: number) => process.stdout.write(`\r${defect}: seed ${seed}`.padEnd(60));
  const results: ReplicationMutantResult[] = await runMutants(seedsMax, progress, single);
  // Replication runs are longer: each replication defect gets half the seeds.
  for (const defect of replicated) results.push(await runReplicationMutant(defect, Math.max(1, Math.ceil(seedsMax / 2)), (seed) => progress(defect, seed)));
  process.stdout.write('\n');
  for (const result of results) {
    const verdict = result.caughtBySeed === null ? `NOT caught in ${result.seedsRun} seeds` : `caught after ${result.seedsRun} seed(s), by seed ${result.caughtBySeed}`;
    console.log(`${result.defect.padEnd(30)} ${verdict}${result.violation === null ? '' : `: ${result.violation.slice(0, 140)}`}`);
    const replay = (replicated as readonly string[]).includes(result.defect) ? 'ballast-sim replication' : 'ballast-sim run';
    if (result.caughtBySeed !== null) console.log(`${''.padEnd(30)} replay: ${replay} --seed ${result.caughtBySeed} --plant ${result.defect}`);
  }
  return results.every((result) => result.caughtBySeed !== null) ? 0 : 1;
}

const COMMANDS: Record<string, (values: Map<string, string>, flags: Set<string>) => Promise<number>> = {
  run, replay, mutants, swarm, 'swarm-worker': swarmWorker, shrink: shrinkCommand, replication: replicationCommand,
};

export async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseArguments(argv, ['check-determinism', 'trace']);
  if (typeof parsed === 'string') {
    console.error(`ballast-sim: ${parsed}\n${USAGE}`);
    return 2;
  }
  const command = COMMANDS[parsed.command];
  if (command === undefined) {
    console.error(`ballast-sim: unknown subcommand '${parsed.command}'\n${USAGE}`);
    return 2;
  }
  try {
    return await command(parsed.values, parsed.flags);
  } catch (error) {
    console.error(`ballast-sim: ${(error as Error).message}`);
    return 2;
  }
}
