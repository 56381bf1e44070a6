/**
 * The verdict and exit code, from what recovery would do at start (a dry run without
 * --aof-repair) and, when it would refuse, what --aof-repair would cut.
 *
 * | dry run                 | verdict   | exit |
 * |-------------------------|-----------|------|
 * | recovers, cuts nothing  | OK        | 0    |
 * | recovers, cuts N bytes  | TORN TAIL | 1    |
 * | refuses or fails        | CORRUPT   | 2    |
 * (3 is for usage and I/O errors, decided before any verdict.)
 */
import { CORRUPTION_RUNBOOK } from '@ballast/core';
import type { RecoveryOutcome } from './dry-run.js';

export const ExitCode = { Ok: 0, TornTail: 1, Corrupt: 2, UsageOrIo: 3 } as const;

export interface Verdict {
  readonly name: 'OK' | 'TORN TAIL' | 'CORRUPT';
  readonly exitCode: number;
  /** The last line of the report. */
  readonly line: string;
}

export function verdictOf(start: RecoveryOutcome, repair: RecoveryOutcome | null): Verdict {
  if (start.kind === 'recovered' && start.bytesTruncated === 0) return { name: 'OK', exitCode: ExitCode.Ok, line: 'OK' };
  if (start.kind === 'recovered') {
    return {
      name: 'TORN TAIL',
      exitCode: ExitCode.TornTail,
      line: `TORN TAIL (recoverable: ballast-server will truncate ${start.bytesTruncated} bytes at start; or run --fix)`,
    };
  }
  const server = start.kind === 'refused' ? 'ballast-server will refuse to start' : 'ballast-server will fail to start (exit code 1)';
  const repaired = repair?.kind === 'recovered'
    ? `--aof-repair truncates at the damage and loses ${repair.bytesTruncated} bytes`
    : '--aof-repair cannot fix this: restore the directory (or its manifest) from a backup';
  return { name: 'CORRUPT', exitCode: ExitCode.Corrupt, line: `CORRUPT (${server}; see the runbook ${CORRUPTION_RUNBOOK}; ${repaired})` };
}
