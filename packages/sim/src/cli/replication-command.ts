/**
 * `ballast-sim replication`: replication runs (a primary and replicas over the simulated network).
 *
 *   ballast-sim replication --seed S [--replicas N] [--durable K] [--shards S] [--rounds R] [--clients C] [--appendfsync always|everysec] [--plant D] [--trace] [--check-determinism]
 *   ballast-sim replication --seeds N [--from S]          (many seeds, each with the options it draws)
 *
 * Exit code 0 when every invariant held, 1 on a violation.
 */
import { ReplicationRun, type ReplicationDefectName, type ReplicationRunResult } from '../replication/replication-run.js';
import { ALL_REPLICATION_DEFECTS } from '../replication/replication-mutants.js';
import { describeReplicationOptions, replicationOptions, replicationReproduceLine, type ReplicationOverrides } from '../replication/replication-options.js';
import { integerOption } from './arguments.js';

function overrides(values: Map<string, string>): ReplicationOverrides {
  const number = (name: string) => (values.has(name) ? integerOption(values, name, 0) : undefined);
  const plant = values.get('plant');
  if (plant !== undefined && !(ALL_REPLICATION_DEFECTS as readonly string[]).includes(plant)) {
    throw new Error(`--plant: unknown replication defect '${plant}' (known: ${ALL_REPLICATION_DEFECTS.join(', ')})`);
  }
  const appendfsync = values.get('appendfsync');
  if (appendfsync !== undefined && appendfsync !== 'always' && appendfsync !== 'everysec') throw new Error(`--appendfsync: always or everysec, not '${appendfsync}'`);
  return {
    appendfsync,
    replicas: number('replicas'), durable: number('durable'), shards: number('shards'), rounds: number('rounds'), clients: number('clients'),
    plant: plant as ReplicationDefectName | undefined,
  };
}

function summary(result: ReplicationRunResult): string {
  const faults = Object.entries(result.faults).map(([fault, count]) => `${fault} ${count}`).join(', ');
  return `${result.acknowledged} writes acknowledged, ${result.failovers} failovers, faults: ${faults}; syncs: ${result.fullSyncs} full, ${result.partialSyncs} partial `
    + `(${result.cutsChecked} cuts of a streaming replica checked to resync partially); `
    + `${result.simulatedMs} ms simulated`;
}

export async function replicationCommand(values: Map<string, string>, flags: Set<string>): Promise<number> {
  if (values.has('seeds')) return replicationSwarm(values);
  const options = { ...replicationOptions(integerOption(values, 'seed', 1), overrides(values)), keepTrace: flags.has('trace') };
  const started = performance.now();
  const result = await new ReplicationRun(options).run();
  if (flags.has('trace')) for (const line of result.trace.all()) console.log(line);
  console.log(`seed ${options.seed}: ${describeReplicationOptions(options)}`);
  console.log(`  ${summary(result)} in ${(performance.now() - started).toFixed(0)} ms real; trace ${result.trace.count} events, hash ${result.trace.fingerprint}`);
  if (result.violation !== null) {
    console.log(`  VIOLATION: ${result.violation}`);
    if (!flags.has('trace')) for (const line of result.trace.tail()) console.log(`    ${line}`);
    console.log(`  reproduce: ${replicationReproduceLine(options)}`);
    return 1;
  }
  console.log('  OK: every invariant held');
  if (flags.has('check-determinism')) {
    const again = await new ReplicationRun(options).run();
    const same = again.trace.fingerprint === result.trace.fingerprint && again.trace.count === result.trace.count;
    console.log(`  determinism: ${same ? 'same' : 'DIFFERENT'} trace hash on a second run (${again.trace.fingerprint})`);
    if (!same) return 1;
  }
  return 0;
}

async function replicationSwarm(values: Map<string, string>): Promise<number> {
  const count = integerOption(values, 'seeds', 20);
  const from = integerOption(values, 'from', 1);
  const given = overrides(values);
  const failures: string[] = [];
  let acknowledged = 0;
  let failovers = 0;
  let cutsChecked = 0;
  let simulatedMs = 0;
  const started = performance.now();
  for (let seed = from; seed < from + count; seed++) {
    const options = replicationOptions(seed, given);
    const result = await new ReplicationRun(options).run();
    acknowledged += result.acknowledged;
    failovers += result.failovers;
    cutsChecked += result.cutsChecked;
    simulatedMs += result.simulatedMs;
    if (result.violation !== null) failures.push(`seed ${seed}: ${result.violation}\n  reproduce: ${replicationReproduceLine(options)}`);
    process.stdout.write(`\rseed ${seed}: ${seed - from + 1}/${count} run, ${failures.length} failed`.padEnd(60));
  }
  process.stdout.write('\n');
  for (const failure of failures) console.log(failure);
  console.log(`${count} seeds, ${failures.length} failed; ${acknowledged} writes acknowledged, ${failovers} failovers, ${cutsChecked} partial resyncs checked, `
    + `${(simulatedMs / 1000).toFixed(0)} s simulated in ${((performance.now() - started) / 1000).toFixed(0)} s real`);
  return failures.length === 0 ? 0 : 1;
}
