/**
 * `ballast-sim shrink --seed S [options] [--runs N]`: reduces a failing seed's run to the fewest
 * requests, crashes and faults that still break the same invariant (simulation/shrink.ts), and
 * prints them with the violation and a one-line command that replays the minimal run.
 */
import { SHRINK_RUNS_DEFAULT, shrink } from '../simulation/shrink.js';
import { describeOptions, swarmOptions } from '../simulation/swarm-options.js';
import { integerOption } from './arguments.js';
import { overridesFrom, reproduceLine } from './run-options.js';

export async function shrinkCommand(values: Map<string, string>): Promise<number> {
  const options = swarmOptions(integerOption(values, 'seed', 1), overridesFrom(values));
  const runsMax = integerOption(values, 'runs', SHRINK_RUNS_DEFAULT);
  console.log(`seed ${options.seed}: ${describeOptions(options)}`);
  const shrunk = await shrink(options, runsMax, ({ runs, requests, step }) => {
    process.stdout.write(`\r  run ${runs}/${runsMax}: ${requests} requests still fail (${step})`.padEnd(100).slice(0, 100));
  });
  process.stdout.write('\n');
  if (shrunk === null) {
    console.log('  every invariant held: nothing to shrink');
    return 0;
  }
  const { original, minimal, result, runs } = shrunk;
  console.log(`  original: ${original.requests} requests, ${original.crashes} crashes: ${original.violation}`);
  console.log(`  minimal after ${runs} runs: ${result.requests} requests, ${result.crashes} crashes, ${describeOptions(minimal)}`);
  for (const request of result.sent) {
    console.log(`    #${request.index} c${request.client}> ${request.commands.map((command) => command.join(' ')).join('; ')}`);
  }
  console.log(`  events: ${result.trace.tail(12).filter((line) => !/^c\d+ [<>] /.test(line)).join(' | ')}`);
  console.log(`  violation: ${result.violation}`);
  console.log(`  reproduce: ${reproduceLine(minimal)}`);
  console.log(`  full trace: ${reproduceLine(minimal).replace('ballast-sim run', 'ballast-sim replay')} --trace`);
  return 1;
}
