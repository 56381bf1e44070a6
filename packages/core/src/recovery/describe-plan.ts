/**
 * Recovery's words, rendered from its plan: the warnings a start logs, the refusal message
 * (what the server prints before it exits with code 2), the warnings of --aof-repair, and the
 * line logged for each truncation. Operators grep for these texts and the runbooks quote them:
 * change them only together with apps/docs/runbooks.
 */
import type { Corruption, DamageSite, RecoveryPlan, StartPlan, TornTail } from './recovery-plan.js';

export const CORRUPTION_RUNBOOK = 'apps/docs/runbooks/refuses-to-start.md';

export interface RecoveryPlanText {
  /** Warnings logged before recovery acts (one per torn tail), in order. */
  readonly notes: readonly string[];
  /** Why a start refuses; null when it starts (for `corrupt`: the refusal without --aof-repair). */
  readonly refusal: string | null;
  /** With --aof-repair, one warning per problem of a `corrupt` plan instead of the refusal. */
  readonly repairNotes: readonly string[];
  /** The line logged once each planned truncation is done, in the order of plan.truncations. */
  readonly truncations: readonly string[];
  /** `fresh`: the notice logged once the new files and manifest are durable. */
  readonly created: string | null;
}

const NOTHING: RecoveryPlanText = { notes: [], refusal: null, repairNotes: [], truncations: [], created: null };

/** The texts of `plan`; `directory` is the AOF directory (`<dir>/<appenddirname>`). */
export function describeRecoveryPlan(plan: RecoveryPlan, directory: string): RecoveryPlanText {
  const refuse = (refusal: string): RecoveryPlanText => ({ ...NOTHING, refusal });
  switch (plan.kind) {
    case 'fresh':
      return { ...NOTHING, created: `Created a new AOF with ${plan.shardCount} shard(s) in ${directory}` };
    case 'manifest-damaged':
      return refuse(`The AOF manifest in ${directory} is damaged: ${plan.reason}. Runbook: ${CORRUPTION_RUNBOOK}`);
    case 'no-manifest-but-data':
      return refuse(`${directory} holds AOF data (${plan.file}) but no ballast.manifest: refusing to guess which files are current. Runbook: ${CORRUPTION_RUNBOOK}`);
    case 'shard-count-mismatch':
      return refuse(`The AOF in ${directory} has ${plan.manifestShardCount} shards but the server is configured with ${plan.configuredShardCount}. `
        + `Start with --shards ${plan.manifestShardCount}, or convert the data with: ballast-server reshard --dir <dir> --shards ${plan.configuredShardCount}`);
    case 'missing-file':
      return refuse(`The AOF manifest names ${plan.file}, which is missing from ${directory}. Runbook: ${CORRUPTION_RUNBOOK}`);
    case 'no-incremental-file':
      return refuse(`The manifest lists no incremental file for shard ${plan.shard}`);
    default:
      return describeStart(plan, directory);
  }
}

function describeStart(plan: StartPlan, directory: string): RecoveryPlanText {
  const problems = plan.kind === 'corrupt' ? plan.problems.map(describeProblem) : [];
  return {
    notes: plan.tails.map(describeTail),
    refusal: plan.kind !== 'corrupt' ? null
      : `Bad AOF in ${directory}: ${problems.join('; ')}. Refusing to start so no durable data is dropped silently. `
        + `Inspect with: ballast-check-aof ${directory}. To truncate at the damage and start anyway: --aof-repair. Runbook: ${CORRUPTION_RUNBOOK}`,
    repairNotes: problems.map((problem) => `--aof-repair: ${problem}`),
    truncations: plan.truncations.map(({ file, fileBytes, keepBytes, sidecar }) =>
      `Truncated ${file} from ${fileBytes} to ${keepBytes} bytes; the ${fileBytes - keepBytes} bytes removed are kept in ${sidecar}`),
    created: null,
  };
}

function where(site: DamageSite): string {
  return `${site.file} at offset ${site.offset} (${site.reason})`;
}

function describeTail(tail: TornTail): string {
  if (tail.unsynced === null) return `AOF torn tail: ${where(tail)}; ${tail.bytesAfter} bytes after it will be truncated (aof-load-truncated)`;
  return `AOF torn tail: ${where(tail)}, followed by frames that were never fsynced (LSN ${tail.unsynced.lsnMin} and above, `
    + `committed was ${tail.unsynced.committed}); everything from the damage on will be truncated`;
}

function describeProblem(problem: Corruption): string {
  switch (problem.kind) {
    case 'damaged-base':
      return `${where(problem)} is inside a base snapshot`;
    case 'damage-before-newer-file':
      return `${where(problem)} lies before frames of a newer file`;
    case 'damage-before-committed':
      return `${where(problem)} is followed by valid frames at offset ${problem.nextValidOffset}; the damaged bytes held LSNs up to ${problem.damagedLsnMax}, `
        + `and LSN ${problem.committed} had been committed`;
    case 'committed-lsns-lost': {
      const missing = problem.missing.map(({ shard, lsn }) => `shard ${shard} lacks LSN ${lsn}`).join(', ');
      return `the logs recover only through LSN ${problem.cut}, but LSN ${problem.committed} had been committed (${missing || 'a committed entry is missing'}): durable data was lost`;
    }
  }
}
