/**
 * ballast-sim: the simulator's command line.
 *
 *   ballast-sim run --seed S [--ops N] [--shards K] [--appendfsync MODE] [--crashes C] [--check-determinism]
 *   ballast-sim swarm --seeds N [--from S] [--ops N]
 *   ballast-sim replay --seed S [--trace]
 *   ballast-sim mutants [--seeds N]      (each planted defect must be caught within N seeds)
 *
 * Options not given are drawn from the seed (swarm testing), so `run --seed S` replays a
 * swarm's seed exactly. Exit code 0 when every invariant held, 1 on a violation, 2 on bad usage.
 */
import { runSimulation, type SimulationOptions, type SimulationResult } from '../simulation/run-simulation.js';
import { describeOptions, swarmOptions, type SimulationOverrides } from '../simulation/swarm-options.js';
import { integerOption, parseArguments } from './arguments.js';
import { runMutants } from '../simulation/mutants.js';

const MODES = new Set(['always', 'everysec', 'no']);

function overridesFrom(values: Map<string, string>): SimulationOverrides {
  const overrides: { -readonly [K in keyof SimulationOverrides]: SimulationOverrides[K] } = {};
  if (values.has('ops')) overrides.ops = integerOption(values, 'ops', 0);
  if (values.has('shards')) overrides.shards = Math.max(1, integerOption(values, 'shards', 1));
  if (values.has('crashes')) overrides.crashes = integerOption(values, 'crashes', 0);
  if (values.has('clients')) overrides.clients = Math.max(1, integerOption(values, 'clients', 1));
  const mode = values.get('appendfsync');
  if (mode !== undefined) {
    if (!MODES.has(mode)) throw new Error(`--appendfsync must be always, everysec or no, got '${mode}'`);
    overrides.appendfsync = mode as SimulationOptions['appendfsync'];
  }
  if (values.get('faults') === 'none') overrides.faults = {};
  return overrides;
}

function reproduceLine(options: SimulationOptions): string {
  return `ballast-sim run --seed ${options.seed} --ops ${options.ops} --shards ${options.shards} --appendfsync ${options.appendfsync} --crashes ${options.crashes}`;
}

function report(result: SimulationResult, options: SimulationOptions, realMs: number): void {
  console.log(`seed ${result.seed}: ${describeOptions(options)}`);
  console.log(`  ${result.requests} requests, ${result.crashes} crashes, cuts ${result.cuts.join(',')}, trace ${result.trace.count} events, hash ${result.trace.fingerprint}`);
  console.log(`  ${result.simulatedMs} ms simulated in ${realMs.toFixed(0)} ms real`);
  if (result.violation === null) {
    console.log('  OK: durability and prefix held after every recovery');
    return;
  }
  console.log(`  VIOLATION: ${result.violation}`);
  console.log('  trace tail:');
  for (const line of result.trace.tail()) console.log(`    ${line}`);
  console.log(`  reproduce: ${reproduceLine(options)}`);
}

async function run(values: Map<string, string>, flags: Set<string>): Promise<number> {
  const seed = integerOption(values, 'seed', 1);
  const options = swarmOptions(seed, overridesFrom(values));
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

async function swarm(values: Map<string, string>): Promise<number> {
  const count = integerOption(values, 'seeds', 100);
  const from = integerOption(values, 'from', 1);
  const overrides = overridesFrom(values);
  const failures: Array<{ options: SimulationOptions; result: SimulationResult }> = [];
  let requests = 0;
  let simulatedMs = 0;
  const started = performance.now();
  for (let seed = from; seed < from + count; seed++) {
    const options = swarmOptions(seed, overrides);
    const result = await runSimulation(options);
    requests += result.requests;
    simulatedMs += result.simulatedMs;
    if (result.violation !== null) failures.push({ options, result });
    const done = seed - from + 1;
    const bar = '#'.repeat(Math.round((done / count) * 30)).padEnd(30, '.');
    process.stdout.write(`\r[${bar}] ${done}/${count} seeds, ${failures.length} failing`);
  }
  const realMs = performance.now() - started;
  process.stdout.write('\n');
  console.log(`\n${count} seeds (${from}..${from + count - 1}), ${requests} requests, ${failures.length} failing`);
  console.log(`speed: ${Math.round(requests / (realMs / 1000))} simulated requests/s of real time, simulated/real time ${(simulatedMs / realMs).toFixed(1)}x, ${(realMs / 1000).toFixed(1)} s in all`);
  for (const { options, result } of failures) {
    console.log(`  seed ${options.seed}: ${result.violation}`);
    console.log(`    reproduce: ${reproduceLine(options)}`);
  }
  return failures.length === 0 ? 0 : 1;
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
  const results = await runMutants(seedsMax, (defect, seed) => process.stdout.write(`\r${defect}: seed ${seed}`.padEnd(60)));
  process.stdout.write('\n');
  for (const result of results) {
    const verdict = result.caughtBySeed === null ? `NOT caught in ${result.seedsRun} seeds` : `caught by seed ${result.caughtBySeed}`;
    console.log(`${result.defect.padEnd(30)} ${verdict}${result.violation === null ? '' : `: ${result.violation.slice(0, 120)}`}`);
  }
  return results.every((result) => result.caughtBySeed !== null) ? 0 : 1;
}

export async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseArguments(argv, ['check-determinism', 'trace']);
  if (typeof parsed === 'string') {
    console.error(`ballast-sim: ${parsed}\nusage: ballast-sim run --seed S [--ops N] [--shards K] [--appendfsync MODE] [--check-determinism] | swarm --seeds N | replay --seed S --trace`);
    return 2;
  }
  try {
    if (parsed.command === 'run') return await run(parsed.values, parsed.flags);
    if (parsed.command === 'swarm') return await swarm(parsed.values);
    if (parsed.command === 'replay') return await replay(parsed.values, parsed.flags);
    if (parsed.command === 'mutants') return await mutants(parsed.values);
  } catch (error) {
    console.error(`ballast-sim: ${(error as Error).message}`);
    return 2;
  }
  console.error(`ballast-sim: unknown subcommand '${parsed.command}' (run, swarm, replay)`);
  return 2;
}
