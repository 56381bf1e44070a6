/**
 * ballast-check-rdb's entry: locate the dump, read it through core's loader (read-only, in
 * chunks), print the report ending in the verdict. Nothing is ever written. Exit codes: 0 OK,
 * 2 damaged or not loadable by Ballast, 3 usage or I/O error.
 */
import { locateDump, parseCheckRdbArguments, USAGE } from './arguments.js';
import { inspectDump } from './inspect.js';
import { formatRdbReport } from './report.js';
import { ExitCode, rdbVerdictOf } from './verdict.js';

export interface CheckRdbOutput {
  readonly out: (text: string) => void;
  readonly error: (text: string) => void;
}

const STANDARD_OUTPUT: CheckRdbOutput = {
  out: (text) => process.stdout.write(text),
  error: (text) => process.stderr.write(text),
};

export interface CheckRdbOptions {
  /** The instant keys are judged expired against (default: now). */
  readonly nowMs?: number;
  readonly readBytes?: number;
}

export async function checkRdbMain(argv: readonly string[], output: CheckRdbOutput = STANDARD_OUTPUT, options: CheckRdbOptions = {}): Promise<number> {
  const request = parseCheckRdbArguments(argv);
  if (request.kind === 'help') {
    output.out(USAGE);
    return ExitCode.Ok;
  }
  if (request.kind === 'error') {
    output.error(`ballast-check-rdb: ${request.message}\n${USAGE}`);
    return ExitCode.UsageOrIo;
  }
  const located = await locateDump(request.target, request.dbFileName);
  if ('error' in located) {
    output.error(`ballast-check-rdb: ${located.error}\n`);
    return ExitCode.UsageOrIo;
  }
  try {
    const inspection = await inspectDump(located.file, { databases: request.databases, nowMs: options.nowMs ?? Date.now(), readBytes: options.readBytes });
    const verdict = rdbVerdictOf(inspection);
    output.out(formatRdbReport(inspection, verdict));
    return verdict.exitCode;
  } catch (error) {
    output.error(`ballast-check-rdb: ${(error as Error).message}\n`);
    return ExitCode.UsageOrIo;
  }
}
