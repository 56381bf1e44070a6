/**
 * The verdict and exit code, read from core's recovery plan (the dry run's, without
 * --aof-repair), and from whether applying it worked: an entry that verifies but cannot be
 * replayed makes a start fail whatever the plan said.
 *
 * | plan                              | verdict   | exit |
 * |-----------------------------------|-----------|------|
 * | `ok`, `fresh`                     | OK        | 0    |
 * | `torn-tail`                       | TORN TAIL | 1    |
 * | `corrupt`, a refusal, or a replay | CORRUPT   | 2    |
 * | that fails                        |           |      |
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

/** `repair`: the dry run with --aof-repair, when the plain one did not recover. */
export function verdictOf(start: RecoveryOutcome, repair: RecoveryOutcome | null): Verdict {
  const plan = start.plan;
  if (start.kind !== 'failed' && (plan?.kind === 'ok' || plan?.kind === 'fresh')) return { name: 'OK', exitCode: ExitCode.Ok, line: 'OK' };
  if (start.kind !== 'failed' && plan?.kind === 'torn-tail') {
    return {
      name: 'TORN TAIL',
      exitCode: ExitCode.TornTail,
      line: `TORN TAIL (recoverable: ballast-server will truncate ${plan.bytesTruncated} bytes at start; or run --fix)`,
    };
  }
  const server = start.kind === 'failed' ? 'ballast-server will fail to start (exit code 1)' : 'ballast-server will refuse to start';
  // --aof-repair applies a corrupt plan as planned; the dry run with it shows that it replays.
  const repaired = plan?.kind === 'corrupt' && repair?.kind === 'recovered'
    ? `--aof-repair truncates at the damage and loses ${plan.bytesTruncated} bytes`
    : '--aof-repair cannot fix this: restore the directory (or its manifest) from a backup';
  return { name: 'CORRUPT', exitCode: ExitCode.Corrupt, line: `CORRUPT (${server}; see the runbook ${CORRUPTION_RUNBOOK}; ${repaired})` };
}
