/**
 * Core's recovery plan as report lines: its kind and what a start does with it, then each fact
 * the plan holds — the problems of a corrupt AOF, the torn tails, every truncation with its
 * LSNs and sidecar. The lines only render the plan's values; the decision is core's.
 */
import type { Corruption, RecoveryPlan, StartPlan } from '@ballast/core';


export function planLines(plan: RecoveryPlan): string[] {
  switch (plan.kind) {
    case 'fresh': return [`Recovery plan: fresh (no manifest and no data: a start creates a new AOF with ${plan.shardCount} shard(s))`];
    case 'manifest-damaged': return [`Recovery plan: manifest-damaged (refuse to start: ${plan.reason})`];
    case 'no-manifest-but-data': return [`Recovery plan: no-manifest-but-data (refuse to start: ${plan.file} holds data but there is no manifest)`];
    case 'missing-file': return [`Recovery plan: missing-file (refuse to start: the manifest names ${plan.file}, which is missing)`];
    case 'no-incremental-file': return [`Recovery plan: no-incremental-file (refuse to start: the manifest lists no incremental file for shard ${plan.shard})`];
    case 'shard-count-mismatch':
      return [`Recovery plan: shard-count-mismatch (refuse to start: ${plan.manifestShardCount} shards in the manifest, ${plan.configuredShardCount} configured)`];
    default: return startLines(plan);
  }
}

function startLines(plan: StartPlan): string[] {
  const replay = `replay through LSN ${plan.cut}`;
  const head = plan.kind === 'ok' ? `Recovery plan: ok (${replay}; nothing to truncate)`
    : plan.kind === 'torn-tail' ? `Recovery plan: torn-tail (${replay}, truncate ${plan.bytesTruncated} bytes never committed)`
      : `Recovery plan: corrupt (refuse to start; with --aof-repair: ${replay}, truncate ${plan.bytesTruncated} bytes)`;
  const lines = [head];
  if (plan.kind === 'corrupt') lines.push(...plan.problems.map((problem) => `  problem: ${problemText(problem)}`));
  for (const tail of plan.tails) {
    const after = tail.unsynced === null ? 'nothing after it verifies'
      : `followed by frames never fsynced (LSN ${tail.unsynced.lsnMin} and above; committed ${tail.unsynced.committed})`;
    lines.push(`  torn tail: shard ${tail.shard}, ${tail.file} at offset ${tail.offset} (${tail.reason}): ${after}`);
  }
  for (const cut of plan.truncations) {
    const lsns = cut.lsnsCut === null ? 'no verifying frame' : `LSN ${cut.lsnsCut.from}..${cut.lsnsCut.to}`;
    lines.push(`  truncate: shard ${cut.shard}, ${cut.file} from ${cut.fileBytes} to ${cut.keepBytes} bytes (${lsns}; kept in ${cut.sidecar})`);
  }
  return lines;
}

function problemText(problem: Corruption): string {
  switch (problem.kind) {
    case 'damaged-base': return `shard ${problem.shard}, ${problem.file} at offset ${problem.offset} (${problem.reason}): inside a base snapshot`;
    case 'damage-before-newer-file': return `shard ${problem.shard}, ${problem.file} at offset ${problem.offset} (${problem.reason}): before frames of a newer file`;
    case 'damage-before-committed':
      return `shard ${problem.shard}, ${problem.file} at offset ${problem.offset} (${problem.reason}): valid frames follow at offset ${problem.nextValidOffset}; `
        + `the damaged bytes held LSNs up to ${problem.damagedLsnMax}, and LSN ${problem.committed} had been committed`;
    case 'committed-lsns-lost': {
      const missing = problem.missing.map(({ shard, lsn }) => `shard ${shard} lacks LSN ${lsn}`).join(', ');
      return `committed LSNs ${problem.cut + 1}..${problem.committed} are not all recoverable${missing === '' ? '' : ` (${missing})`}: durable data was lost`;
    }
  }
}
