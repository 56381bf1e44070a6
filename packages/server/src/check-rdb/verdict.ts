/**
 * The verdict and exit code of ballast-check-rdb, read from the inspection:
 *
 * | inspection                                  | verdict | exit |
 * |---------------------------------------------|---------|------|
 * | the loader read the whole file              | OK      | 0    |
 * | damage (or a value Ballast cannot hold)     | DAMAGED | 2    |
 * (3 is for usage and I/O errors, decided before any verdict. 1 is not used: unlike an AOF, a
 * dump has no torn tail to truncate — it is installed whole by a rename — so a dump cut short is
 * a bad copy, damage like any other. The codes match ballast-check-aof's.)
 */
import type { DumpInspection } from './inspect.js';

/** The runbook a damaged dump points at: taking, checking and restoring RDB backups. */
export const RDB_RUNBOOK = 'apps/docs/runbooks/backup-restore.md';

export const ExitCode = { Ok: 0, Damaged: 2, UsageOrIo: 3 } as const;

export interface RdbVerdict {
  readonly name: 'OK' | 'DAMAGED';
  readonly exitCode: number;
  /** The last line of the report. */
  readonly line: string;
}

export function rdbVerdictOf(inspection: DumpInspection): RdbVerdict {
  const damage = inspection.damage;
  if (damage === null) return { name: 'OK', exitCode: ExitCode.Ok, line: 'OK' };
  return {
    name: 'DAMAGED',
    exitCode: ExitCode.Damaged,
    line: `DAMAGED at offset ${damage.offset} (ballast-server refuses to start on this dump and leaves it unchanged; see the runbook ${RDB_RUNBOOK})`,
  };
}
