/**
 * Recovery's decision as a typed value (STYLE habit 14): `planRecovery` is a pure function of
 * what recovery read — the manifest (or why there is none), every shard's files with their
 * scans — and returns one RecoveryPlan. recover() applies it (replay, truncate, open for append)
 * or refuses with the message describeRecoveryPlan renders from it; ballast-check-aof prints the
 * same plan, and tests assert on its kind. RECOVERY_DECISIONS is the decision table, one row
 * per kind, in the order the rows are tried; the runbooks index shows it and a test keeps the
 * two equal.
 */
import { assert } from '../assert.js';
import type { Manifest } from '../manifest/manifest.js';
import type { ScannedLog } from './log-scan.js';
import { planStart, type StartPlan } from './start-plan.js';

export type { Corruption, DamageSite, LsnRange, ShardStart, StartPlan, TornTail, Truncation } from './start-plan.js';

/** One AOF file as recovery read it. */
export interface FileEvidence {
  /** Relative to the AOF directory, as the manifest names it. */
  readonly path: string;
  readonly base: boolean;
  readonly bytes: Uint8Array;
  readonly scanned: ScannedLog;
}

export type ManifestEvidence =
  | { readonly status: 'ok'; readonly manifest: Manifest }
  | { readonly status: 'damaged'; readonly reason: string }
  /** No manifest; `dataFile` is the first non-empty file found in a shard folder (null: none). */
  | { readonly status: 'missing'; readonly dataFile: string | null };

export type FilesEvidence =
  /** Per shard, the files the manifest names: the base first, then the incrementals oldest first. */
  | { readonly status: 'read'; readonly shards: ReadonlyArray<readonly FileEvidence[]> }
  /** A file the manifest names is not there (the first one found missing). */
  | { readonly status: 'missing'; readonly path: string };

export interface RecoveryEvidence {
  /** The shard count the server is configured with. */
  readonly shardCount: number;
  readonly manifest: ManifestEvidence;
  /** Null when the manifest already decided (planBeforeFiles): the files are not read then. */
  readonly files: FilesEvidence | null;
}

/** Decisions made before any AOF file is read: each refuses, except `fresh`. */
export type RefusalPlan =
  | { readonly kind: 'no-manifest-but-data'; readonly file: string }
  | { readonly kind: 'manifest-damaged'; readonly reason: string }
  | { readonly kind: 'shard-count-mismatch'; readonly manifestShardCount: number; readonly configuredShardCount: number }
  | { readonly kind: 'missing-file'; readonly file: string }
  | { readonly kind: 'no-incremental-file'; readonly shard: number };

export type RecoveryPlan =
  /** A new data directory: create one empty incremental file per shard, then the manifest. */
  | { readonly kind: 'fresh'; readonly shardCount: number }
  | RefusalPlan
  | StartPlan;

export type RecoveryPlanKind = RecoveryPlan['kind'];

export interface RecoveryDecision {
  /** What was read. */
  readonly read: string;
  /** What a start does. */
  readonly outcome: string;
}

/** The decision table: every kind of plan, in the order planRecovery tries them. */
export const RECOVERY_DECISIONS: Readonly<Record<RecoveryPlanKind, RecoveryDecision>> = Object.freeze({
  'manifest-damaged': { read: 'the manifest is damaged', outcome: 'refuse (exit 2)' },
  'no-manifest-but-data': { read: 'no manifest, shard folders holding data', outcome: 'refuse (exit 2)' },
  'fresh': { read: 'no manifest, no data in the shard folders', outcome: 'create one empty file per shard, then the manifest' },
  'shard-count-mismatch': { read: 'the manifest\'s shard count differs from the configured one', outcome: 'refuse (exit 2): start with its count, or reshard' },
  'missing-file': { read: 'the manifest names a missing file', outcome: 'refuse (exit 2)' },
  'no-incremental-file': { read: 'the manifest lists no incremental file for a shard', outcome: 'refuse (exit 2)' },
  'corrupt': {
    read: 'a bad frame inside a base, before a newer file\'s frames, or before frames holding a committed LSN; or a durable cut below the largest committed LSN claimed',
    outcome: 'refuse (exit 2); with --aof-repair, truncate to the cut and start',
  },
  'torn-tail': {
    read: 'a bad frame at the end of the last written file, or followed only by frames never committed; or frames after the durable cut',
    outcome: 'truncate (the bytes cut kept in a sidecar file), log, start',
  },
  'ok': { read: 'every frame verifies and lies within the durable cut', outcome: 'replay through the cut, start' },
});

/** Kinds that start the server (with --aof-repair, `corrupt` too). */
export function isStartPlan(plan: RecoveryPlan): plan is StartPlan {
  return plan.kind === 'ok' || plan.kind === 'torn-tail' || plan.kind === 'corrupt';
}

/** The plan for what was read. */
export function planRecovery(evidence: RecoveryEvidence): RecoveryPlan {
  const early = planBeforeFiles(evidence);
  if (early !== null) return early;
  const { manifest, files } = evidence;
  assert(manifest.status === 'ok' && files !== null, 'the files are read whenever the manifest lets recovery get that far');
  if (files.status === 'missing') return { kind: 'missing-file', file: files.path };
  assert(files.shards.length === manifest.manifest.shardCount, () => `${files.shards.length} shards read for a manifest of ${manifest.manifest.shardCount}`);
  const bare = manifest.manifest.shards.findIndex((shard) => shard.incrementals.length === 0);
  if (bare >= 0) return { kind: 'no-incremental-file', shard: bare };
  return planStart(manifest.manifest, files.shards);
}

/**
 * The decisions the manifest alone makes (null: the files must be read). The evidence reader
 * asks this before it reads the files, so that it reads no further than a start would.
 */
export function planBeforeFiles(evidence: Pick<RecoveryEvidence, 'manifest' | 'shardCount'>): RecoveryPlan | null {
  const { manifest, shardCount } = evidence;
  if (manifest.status === 'damaged') return { kind: 'manifest-damaged', reason: manifest.reason };
  if (manifest.status === 'missing') {
    return manifest.dataFile === null ? { kind: 'fresh', shardCount } : { kind: 'no-manifest-but-data', file: manifest.dataFile };
  }
  if (manifest.manifest.shardCount !== shardCount) {
    return { kind: 'shard-count-mismatch', manifestShardCount: manifest.manifest.shardCount, configuredShardCount: shardCount };
  }
  return null;
}
