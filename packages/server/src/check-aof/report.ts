/**
 * The operator-readable report of ballast-check-aof: the manifest, every file's frames and first
 * problem, the other files lying around, the durable cut and recovery's plan (both read from
 * core's plan, never recomputed here), what a start would log, and the verdict as the last line.
 * Plain text, one fact per line, stable enough to grep.
 */
import { FrameKind, HASH_SLOT_COUNT, type Manifest, type ScannedLog } from '@ballast/core';
import type { RecoveryPlan } from '@ballast/core';
import type { RecoveryOutcome } from './dry-run.js';
import { planLines } from './plan-lines.js';
import type { ExtraFile, InspectedFile, Inspection } from './inspect.js';
import type { Verdict } from './verdict.js';

export interface ReportInput {
  readonly inspection: Inspection;
  readonly start: RecoveryOutcome;
  readonly repair: RecoveryOutcome | null;
  readonly verdict: Verdict;
}

/** Slot ranges listed one by one up to this many; beyond it, slots per shard. */
const SLOT_RANGES_LISTED_MAX = 8;

export function formatReport(input: ReportInput): string {
  const { inspection } = input;
  const lines = [`AOF directory: ${inspection.directory}`, '', ...manifestLines(inspection), '', 'Files:'];
  for (const shard of inspection.shards) {
    for (const file of shard.files) lines.push(...fileLines(file));
  }
  if (inspection.shards.every((shard) => shard.files.length === 0)) lines.push('  (none)');
  const plan = input.start.plan;
  lines.push('', ...extraLines(inspection), '', ...cutLines(plan), '', ...(plan === null ? [] : [...planLines(plan), '']), ...recoveryLines(input.start, input.repair));
  lines.push('', `Verdict: ${input.verdict.line}`);
  return `${lines.join('\n')}\n`;
}

function manifestLines(inspection: Inspection): string[] {
  const state = inspection.manifest;
  if (state.status === 'missing') return ['Manifest: MISSING (no ballast.manifest)'];
  if (state.status === 'damaged') return [`Manifest: DAMAGED (${state.reason})`];
  const manifest = state.manifest;
  const lines = [`Manifest: ok, ${manifest.shardCount} shard(s), next file number ${manifest.nextFile}`, `  slots: ${slotSummary(manifest)}`];
  manifest.shards.forEach((files, shard) => {
    const base = files.base === null ? 'no base' : `base ${files.base.path} (snapshot LSN ${files.base.snapshotLsn}, committed ${files.base.committedLsn})`;
    lines.push(`  shard ${shard}: ${base}; incr ${files.incrementals.join(', ') || '(none)'}`);
  });
  return lines;
}

function slotSummary(manifest: Manifest): string {
  const owners = manifest.slots.toOwners();
  const ranges: string[] = [];
  const perShard = new Array<number>(manifest.shardCount).fill(0);
  let start = 0;
  for (let slot = 0; slot < HASH_SLOT_COUNT; slot++) {
    perShard[owners[slot]]++;
    if (slot + 1 === HASH_SLOT_COUNT || owners[slot + 1] !== owners[start]) {
      ranges.push(`${start}-${slot}→${owners[start]}`);
      start = slot + 1;
    }
  }
  const counts = perShard.map((count, shard) => `shard ${shard}: ${count}`).join(', ');
  return ranges.length <= SLOT_RANGES_LISTED_MAX
    ? `${ranges.join(' ')} (${counts})`
    : `${HASH_SLOT_COUNT} slots in ${ranges.length} ranges (${counts})`;
}

function fileLines(file: InspectedFile): string[] {
  const label = `  ${file.path}${file.base ? ' (base)' : ''}:`;
  if (file.scanned === null) return [`${label} MISSING`];
  const scanned = file.scanned;
  const entries = scanned.frames.filter((frame) => frame.kind === FrameKind.Entry).length;
  const facts = `${scanned.totalBytes} bytes, ${scanned.frames.length} frames (${entries} entries, ${scanned.frames.length - entries} seals), ${lsnRange(scanned)}`;
  return [`${label} ${facts}, ${scanned.damage === null ? 'ok' : 'DAMAGED'}`, ...damageLines(scanned)];
}

function lsnRange(scanned: ScannedLog): string {
  if (scanned.frames.length === 0) return 'no LSNs';
  return `LSN ${scanned.frames[0].lsn}..${scanned.frames.at(-1)!.lsn}`;
}

function damageLines(scanned: ScannedLog): string[] {
  const damage = scanned.damage;
  if (damage === null) return [];
  const lines = [`    first problem at offset ${damage.offset}: ${damage.reason}; ${scanned.totalBytes - damage.offset} bytes from there to the end`];
  if (damage.nextValidOffset < 0) lines.push('    nothing after it verifies: a torn tail (the trace of a crash)');
  else {
    const claim = damage.committedClaimAfter > 0 ? `, a seal there claims committed LSN ${damage.committedClaimAfter}` : '';
    lines.push(`    valid frames follow from offset ${damage.nextValidOffset} (LSN ${damage.minLsnAfter}..${damage.maxLsnAfter}${claim}): `
      + 'corruption if any of them had been committed, else unsynced sectors torn by a power loss');
  }
  return lines;
}

function extraLines(inspection: Inspection): string[] {
  const list = (files: readonly ExtraFile[]) => files.length === 0 ? 'none' : files.map((file) => `${file.path} (${file.bytes} bytes)`).join(', ');
  return [
    `Sidecars (*.torn-<offset>, bytes cut by earlier recoveries): ${list(inspection.sidecars)}`,
    `Leftover temp files (an interrupted manifest replace or base write; ignored, overwritten): ${list(inspection.temps)}`,
    ...(inspection.manifest.status === 'ok' ? [`AOF files not named by the manifest (not loaded): ${list(inspection.unnamed)}`] : []),
  ];
}

function cutLines(plan: RecoveryPlan | null): string[] {
  if (plan === null || !('cut' in plan)) return ['Durable cut: unknown (the manifest is missing, damaged or names a missing file)'];
  return [
    `Durable cut: LSN ${plan.cut} (every entry up to it is recoverable on every shard)`,
    `Largest committed LSN claimed: ${plan.committedClaim}`
      + (plan.committedClaim > plan.committedClaimBeforeDamage ? ` (by a seal after damage; ${plan.committedClaimBeforeDamage} before it)` : ''),
    `Highest LSN seen: ${plan.maxSeenLsn}`,
  ];
}

function recoveryLines(start: RecoveryOutcome, repair: RecoveryOutcome | null): string[] {
  const lines = ['What ballast-server would do at start (dry run, nothing written):'];
  lines.push(...start.log.map((line) => `  ${line}`));
  if (start.kind === 'recovered') {
    lines.push(`  recovers through LSN ${start.cut}: ${start.entriesApplied} entries, ${start.bytesTruncated} bytes truncated`);
    return lines;
  }
  lines.push(`  ${start.kind === 'refused' ? 'refuses to start (exit code 2)' : 'fails to start (exit code 1)'}: ${start.message}`);
  if (repair?.kind === 'recovered') {
    lines.push(`With --aof-repair: recovers through LSN ${repair.cut}, ${repair.entriesApplied} entries, ${repair.bytesTruncated} bytes truncated`);
  } else if (repair !== null) lines.push(`With --aof-repair: still ${repair.kind === 'refused' ? 'refuses' : 'fails'}: ${repair.message}`);
  return lines;
}
