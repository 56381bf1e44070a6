/**
 * Recovery at start, in three steps: read (the manifest and every shard's files, shards in
 * parallel: recovery-evidence.ts), decide (planRecovery, a pure function returning one typed
 * RecoveryPlan: recovery-plan.ts, whose RECOVERY_DECISIONS is the decision table), then apply
 * (apply-plan.ts: create a fresh AOF; or replay every entry up to the durable cut, truncate what
 * lies past it keeping the cut bytes in fsynced sidecars, and open each shard's newest
 * incremental file for appending) — or refuse with the message describeRecoveryPlan renders from
 * the plan. Refusals throw RecoveryRefusal, which carries the plan; the server exits with code 2
 * and the message. The result carries the plan too, so tools and tests read the decision
 * instead of re-deriving it.
 */
import type { ShardLog } from '../aof/shard-log.js';
import { assert } from '../assert.js';
import { parentPath } from '../io/file-system.js';
import type { Manifest } from '../manifest/manifest.js';
import { applyStart, createFresh, type ApplyOptions } from './apply-plan.js';
import { describeRecoveryPlan } from './describe-plan.js';
import { readManifestEvidence, readRecoveryEvidence } from './recovery-evidence.js';
import { isStartPlan, planRecovery, type RecoveryEvidence, type RecoveryPlan } from './recovery-plan.js';

export { CORRUPTION_RUNBOOK } from './describe-plan.js';

export class RecoveryRefusal extends Error {
  constructor(
    message: string,
    /** The decision that refused. */
    readonly plan: RecoveryPlan,
  ) {
    super(message);
    this.name = 'RecoveryRefusal';
  }
}

export interface RecoveryOptions extends ApplyOptions {
  readonly shardCount: number;
  /** --aof-repair: truncate at corruption instead of refusing. */
  readonly repair: boolean;
  /**
   * Called with the plan once it is made, before it is applied: a tool sees the decision even
   * when applying it fails (an entry that verifies but cannot be replayed).
   */
  readonly onPlan?: (plan: RecoveryPlan) => void;
}

export interface RecoveryResult {
  /** What recovery decided (`fresh` for a new data directory). */
  readonly plan: RecoveryPlan;
  readonly manifest: Manifest;
  readonly logs: ShardLog[];
  readonly cut: number;
  readonly maxSeenLsn: number;
  readonly bytesRead: number;
  readonly bytesTruncated: number;
  readonly entriesApplied: number;
}

export async function recover(options: RecoveryOptions): Promise<RecoveryResult> {
  const { fs, directory } = options;
  // The AOF folder and the data directory above it may both be new: make their entries durable.
  await fs.makeDirectory(directory);
  await fs.syncDirectory(parentPath(directory));
  await fs.syncDirectory(parentPath(parentPath(directory)));
  const evidence = await readRecoveryEvidence(options, await readManifestEvidence(fs, directory));
  const plan = planRecovery(evidence);
  options.onPlan?.(plan);
  if (plan.kind !== 'fresh') return start(options, plan, evidence, plan);
  const manifest = await createFresh(options, plan.shardCount, describeRecoveryPlan(plan, directory));
  // The new, empty files are then read like any others.
  const created = await readRecoveryEvidence(options, { status: 'ok', manifest });
  return start(options, planRecovery(created), created, plan);
}

/** Applies `plan` (what `evidence` decided), or refuses; the result reports `decided`. */
async function start(options: RecoveryOptions, plan: RecoveryPlan, evidence: RecoveryEvidence, decided: RecoveryPlan): Promise<RecoveryResult> {
  const text = describeRecoveryPlan(plan, options.directory);
  for (const note of text.notes) options.log('warning', note);
  if (!isStartPlan(plan) || (plan.kind === 'corrupt' && !options.repair)) {
    assert(text.refusal !== null, () => `a '${plan.kind}' plan neither starts nor refuses`);
    throw new RecoveryRefusal(text.refusal, plan);
  }
  for (const note of text.repairNotes) options.log('warning', note);
  const { manifest, files } = evidence;
  assert(manifest.status === 'ok' && files?.status === 'read', 'a start plan comes from a manifest and the files it names');
  const { logs, entriesApplied } = await applyStart(options, plan, files.shards, text);
  return {
    plan: decided,
    manifest: manifest.manifest,
    logs,
    cut: plan.cut,
    maxSeenLsn: plan.maxSeenLsn,
    bytesRead: files.shards.flat().reduce((total, file) => total + file.bytes.length, 0),
    bytesTruncated: plan.bytesTruncated,
    entriesApplied,
  };
}
