/**
 * ballast-check-aof's entry: locate the AOF, inspect it read-only, ask recovery (as a dry run)
 * what a start would do — its plan, and whether applying it works — print the report, and — with --fix, only for a torn tail — run the
 * real recovery, which truncates the tail and keeps the cut bytes in fsynced sidecars exactly as
 * a server start would. Corruption is never touched. Exit codes: 0 OK, 1 torn tail, 2 corrupt,
 * 3 usage or I/O error.
 */
import { NodeFileSystem } from '../node-file-system.js';
import { locateAof, parseCheckArguments, USAGE } from './arguments.js';
import { dryRunRecovery, runRecovery, type RecoveryRun } from './dry-run.js';
import { inspectAof } from './inspect.js';
import { formatReport } from './report.js';
import { ExitCode, verdictOf, type Verdict } from './verdict.js';

export interface CheckOutput {
  readonly out: (text: string) => void;
  readonly error: (text: string) => void;
}

const STANDARD_OUTPUT: CheckOutput = {
  out: (text) => process.stdout.write(text),
  error: (text) => process.stderr.write(text),
};

export async function checkAofMain(argv: readonly string[], output: CheckOutput = STANDARD_OUTPUT): Promise<number> {
  const request = parseCheckArguments(argv);
  if (request.kind === 'help') {
    output.out(USAGE);
    return ExitCode.Ok;
  }
  if (request.kind === 'error') {
    output.error(`ballast-check-aof: ${request.message}\n${USAGE}`);
    return ExitCode.UsageOrIo;
  }
  const located = await locateAof(request.target, request.appendDirectoryName);
  if ('error' in located) {
    output.error(`ballast-check-aof: ${located.error}\n`);
    return ExitCode.UsageOrIo;
  }
  try {
    const first = await check(located.directory);
    output.out(first.report);
    if (!request.fix) return first.verdict.exitCode;
    if (first.verdict.name === 'OK') {
      output.out('--fix: nothing to fix.\n');
      return ExitCode.Ok;
    }
    if (first.verdict.name === 'CORRUPT') {
      output.out('--fix: refusing to touch corruption (it only truncates a torn tail). Follow the runbook named above.\n');
      return ExitCode.Corrupt;
    }
    const fixed = await runRecovery({ ...first.run, repair: false }, new NodeFileSystem());
    output.out(`\n--fix: ran recovery on ${located.directory}:\n${fixed.log.map((line) => `  ${line}\n`).join('')}`);
    if (fixed.kind !== 'recovered') output.out(`--fix: recovery did not complete: ${fixed.message}\n`);
    const after = await check(located.directory);
    output.out(`\nAfter --fix:\n\n${after.report}`);
    return after.verdict.exitCode;
  } catch (error) {
    output.error(`ballast-check-aof: ${(error as Error).message}\n`);
    return ExitCode.UsageOrIo;
  }
}

/** Inspects `directory` and dry-runs recovery on it; nothing is written. */
async function check(directory: string): Promise<{ report: string; verdict: Verdict; run: RecoveryRun }> {
  const inspection = await inspectAof(directory);
  const manifest = inspection.manifest.status === 'ok' ? inspection.manifest.manifest : null;
  const run: RecoveryRun = {
    directory,
    shardCount: manifest?.shardCount ?? Math.max(1, inspection.shards.length),
    slots: manifest?.slots ?? null,
    repair: false,
  };
  const start = await dryRunRecovery(run);
  const repair = start.kind === 'recovered' ? null : await dryRunRecovery({ ...run, repair: true });
  const verdict = verdictOf(start, repair);
  return { report: formatReport({ inspection, start, repair, verdict }), verdict, run };
}
