/**
 * npm run crash: SIGKILL the real server in the middle of concurrent writes and BGREWRITEAOF,
 * restart it on the same directory, and check what came back (see crash/README.md).
 *
 *   npm run crash -- --iterations 200 --shards 4 --appendfsync always
 *   npm run crash -- --iterations 20 --appendfsync everysec --target redis --seed 42
 *
 * Exit code: 0 when every check held, 1 on any violation (a server that does not start with the
 * AOF flags is a 'start' violation), 2 on bad arguments.
 */
import { runCrashHarness } from './harness.js';
import { parseCrashOptions, type CrashOptions } from './options.js';

async function main(argv: readonly string[]): Promise<number> {
  let options: CrashOptions;
  try {
    options = parseCrashOptions(argv);
  } catch (error) {
    console.error(`crash: ${(error as Error).message}`);
    return 2;
  }
  console.log(`crash harness: ${options.iterations} iteration(s) against ${options.target}, seed ${options.seed}`);
  const totals = await runCrashHarness(options, (line) => console.log(line));
  return totals.failed.length === 0 ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
