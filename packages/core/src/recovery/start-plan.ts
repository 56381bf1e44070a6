/**
 * The plans that start the server (`ok`, `torn-tail`, and `corrupt`, which starts only with
 * --aof-repair), from every shard's files: each log stops at its first bad frame; the durable
 * cut is computed over what was recovered; damage is judged torn (never committed) or corrupt
 * (it held committed data); and everything past the cut is planned for truncation. Pure: the
 * plan says what to replay, what to cut where, and what a person needs to know (shard, file,
 * offset, LSNs); recover.ts applies it.
 */
import { FrameKind, type Seal } from '../aof/frame.js';
import { sidecarFileName } from '../aof/layout.js';
import type { BaseFile, Manifest } from '../manifest/manifest.js';
import { computeDurableCut, type ShardEvidence } from './durable-cut.js';
import type { Damage, ScannedLog } from './log-scan.js';
import type { FileEvidence } from './recovery-plan.js';

export interface LsnRange {
  readonly from: number;
  readonly to: number;
}

/** Where a file's first bad frame is. */
export interface DamageSite {
  readonly shard: number;
  readonly file: string;
  readonly offset: number;
  readonly reason: string;
}

/** Damage judged the trace of a crash: it can only hold writes that were never committed. */
export interface TornTail extends DamageSite {
  /** Bytes from the damage to the end of the file. */
  readonly bytesAfter: number;
  /**
   * Null when nothing after the damage verifies (the file's end was cut off); else the verifying
   * frames after it were never fsynced (a power loss tore sectors before them): their lowest LSN,
   * and the committed LSN they stay above.
   */
  readonly unsynced: { readonly lsnMin: number; readonly committed: number } | null;
}

/** Damage inside durable data, or durable data missing: a start refuses unless --aof-repair. */
export type Corruption =
  | ({ readonly kind: 'damaged-base' } & DamageSite)
  | ({ readonly kind: 'damage-before-newer-file' } & DamageSite)
  | ({
    readonly kind: 'damage-before-committed';
    readonly nextValidOffset: number;
    /** The highest LSN the damaged bytes can have held. */
    readonly damagedLsnMax: number;
    readonly committed: number;
  } & DamageSite)
  | {
    readonly kind: 'committed-lsns-lost';
    readonly cut: number;
    readonly committed: number;
    /** Per shard, the first committed entry it lacks (as far as the seals name them). */
    readonly missing: ReadonlyArray<{ readonly shard: number; readonly lsn: number }>;
  };

/** A file cut short: its first `keepBytes` stay, the rest goes to `sidecar`. */
export interface Truncation {
  readonly shard: number;
  readonly file: string;
  readonly fileBytes: number;
  readonly keepBytes: number;
  readonly sidecar: string;
  /** The LSNs of the verifying frames cut (null: only damaged bytes are cut). */
  readonly lsnsCut: LsnRange | null;
}

/** What a start does with one shard. */
export interface ShardStart {
  /** How many of the shard's files (in manifest order) are replayed: up to its first damaged one. */
  readonly replayFiles: number;
  /** The LSN of the shard's last entry within the cut (its log continues above it). */
  readonly lastLsn: number;
  /** The newest incremental file, opened for appending. */
  readonly appendFile: string;
}

interface StartFields {
  /** Every entry with LSN ≤ cut is replayed; everything after it is truncated. */
  readonly cut: number;
  /** The largest committed LSN claimed by a seal or a base, after damage too. */
  readonly committedClaim: number;
  /** The same before any damage: what the recovered frames alone claim. */
  readonly committedClaimBeforeDamage: number;
  /** The highest LSN seen anywhere: new LSNs start above it. */
  readonly maxSeenLsn: number;
  readonly shards: readonly ShardStart[];
  /** Damage judged torn, in the order it is logged: cut-off ends first, then unsynced frames. */
  readonly tails: readonly TornTail[];
  /** Per shard, in file order. */
  readonly truncations: readonly Truncation[];
  readonly bytesTruncated: number;
}

export type StartPlan =
  | ({ readonly kind: 'ok' } & StartFields)
  | ({ readonly kind: 'torn-tail' } & StartFields)
  /** Refused; with --aof-repair applied as planned here (the same cut and truncations). */
  | ({ readonly kind: 'corrupt'; readonly problems: readonly Corruption[] } & StartFields);

type ShardDamage =
  | { readonly kind: 'none' }
  | { readonly kind: 'torn'; readonly tail: TornTail }
  | { readonly kind: 'corrupt'; readonly problem: Corruption }
  /** Judged against the committed claim of every shard (planStart). */
  | { readonly kind: 'followed-by-valid'; readonly site: DamageSite; readonly damage: Damage; readonly scanned: ScannedLog };

interface ShardReading {
  readonly evidence: ShardEvidence;
  /** The index of the first damaged file (-1: none). */
  readonly stopped: number;
  readonly maxLsnAfterDamage: number;
  readonly damage: ShardDamage;
}

export function planStart(manifest: Manifest, files: ReadonlyArray<readonly FileEvidence[]>): StartPlan {
  const readings = files.map((shardFiles, shard) => readShard(shard, shardFiles, manifest.shards[shard].base));
  const durable = computeDurableCut(readings.map((reading) => reading.evidence));
  const claimed = Math.max(durable.claimedCommitted, ...readings.map(({ damage }) => (damage.kind === 'followed-by-valid' ? damage.damage.committedClaimAfter : 0)));
  const tails: TornTail[] = [];
  const problems: Corruption[] = [];
  for (const { damage } of readings) {
    if (damage.kind === 'torn') tails.push(damage.tail);
    else if (damage.kind === 'corrupt') problems.push(damage.problem);
  }
  for (const { damage: shardDamage } of readings) {
    if (shardDamage.kind !== 'followed-by-valid') continue;
    const { site, damage, scanned } = shardDamage;
    // Frames never go down in LSN within a file, so the damaged bytes held LSNs up to
    // damagedLsnMax (the first verifying frame after them bounds them). When that is committed,
    // the damaged bytes had been fsynced: corruption. Otherwise everything from the damage on was
    // never fsynced, and a power loss may tear unsynced sectors anywhere: a torn tail, with
    // frames after it.
    if (damage.damagedLsnMax <= claimed || damage.minLsnAfter <= claimed) {
      const damagedLsnMax = Math.min(damage.damagedLsnMax, damage.minLsnAfter);
      problems.push({ kind: 'damage-before-committed', ...site, nextValidOffset: damage.nextValidOffset, damagedLsnMax, committed: claimed });
    } else {
      tails.push({ ...site, bytesAfter: scanned.totalBytes - damage.offset, unsynced: { lsnMin: damage.minLsnAfter, committed: claimed } });
    }
  }
  if (durable.cut < claimed) problems.push({ kind: 'committed-lsns-lost', cut: durable.cut, committed: claimed, missing: durable.missing });
  const truncations = files.flatMap((shardFiles, shard) => truncationsPastCut(shard, shardFiles, durable.cut));
  const fields: StartFields = {
    cut: durable.cut,
    committedClaim: claimed,
    committedClaimBeforeDamage: durable.claimedCommitted,
    maxSeenLsn: Math.max(durable.maxSeenLsn, ...readings.map(({ maxLsnAfterDamage }) => maxLsnAfterDamage)),
    shards: files.map((shardFiles, shard) => shardStart(shardFiles, readings[shard].stopped, durable.cut)),
    tails,
    truncations,
    bytesTruncated: truncations.reduce((total, { fileBytes, keepBytes }) => total + fileBytes - keepBytes, 0),
  };
  if (problems.length > 0) return { kind: 'corrupt', problems, ...fields };
  return { kind: truncations.length > 0 ? 'torn-tail' : 'ok', ...fields };
}

/** One shard's files up to the first damaged one: what they prove, and how the damage is judged. */
function readShard(shard: number, files: readonly FileEvidence[], baseLine: BaseFile | null): ShardReading {
  const entryLsns: number[] = [];
  const seals: Seal[] = [];
  const evidence: ShardEvidence = { baseSnapshotLsn: baseLine?.snapshotLsn ?? 0, baseCommittedLsn: baseLine?.committedLsn ?? 0, entryLsns, seals };
  for (let index = 0; index < files.length; index++) {
    const { path, base, scanned } = files[index];
    for (const frame of scanned.frames) {
      if (frame.kind === FrameKind.Seal) seals.push(frame.seal);
      else if (!base) entryLsns.push(frame.lsn);
    }
    const damage = scanned.damage;
    if (damage === null) continue;
    const site: DamageSite = { shard, file: path, offset: damage.offset, reason: damage.reason };
    // A rewrite names a new incremental file before it syncs the old one, so an older file may
    // end torn as long as nothing was written after it: a later file holding frames proves the
    // older one had been synced in full.
    const writtenAfter = files.slice(index + 1).some((later) => later.scanned.frames.length > 0 || later.scanned.damage !== null);
    let judged: ShardDamage;
    if (base) judged = { kind: 'corrupt', problem: { kind: 'damaged-base', ...site } };
    else if (writtenAfter) judged = { kind: 'corrupt', problem: { kind: 'damage-before-newer-file', ...site } };
    else if (damage.nextValidOffset >= 0) judged = { kind: 'followed-by-valid', site, damage, scanned };
    else judged = { kind: 'torn', tail: { ...site, bytesAfter: scanned.totalBytes - damage.offset, unsynced: null } };
    return { evidence, stopped: index, maxLsnAfterDamage: damage.maxLsnAfter, damage: judged };
  }
  return { evidence, stopped: -1, maxLsnAfterDamage: 0, damage: { kind: 'none' } };
}

/**
 * Every file of a shard is cut after its last frame within the cut (and at damage); once one
 * file is cut, every later file of the shard is cut to nothing, so new appends never sit behind
 * stale frames.
 */
function truncationsPastCut(shard: number, files: readonly FileEvidence[], cut: number): Truncation[] {
  const truncations: Truncation[] = [];
  let cutReached = false;
  for (const { path, scanned } of files) {
    let keep = scanned.frames.find((frame) => frame.lsn > cut)?.offset ?? scanned.validBytes;
    if (cutReached) keep = 0;
    if (keep >= scanned.totalBytes) continue;
    cutReached = true;
    truncations.push({ shard, file: path, fileBytes: scanned.totalBytes, keepBytes: keep, sidecar: sidecarFileName(path, keep), lsnsCut: lsnsFrom(scanned, keep) });
  }
  return truncations;
}

/** The LSNs of the verifying frames at or after `offset`, those found past damage included. */
function lsnsFrom(scanned: ScannedLog, offset: number): LsnRange | null {
  let range: LsnRange | null = null;
  const include = (from: number, to: number) => {
    range = range === null ? { from, to } : { from: Math.min(range.from, from), to: Math.max(range.to, to) };
  };
  for (const frame of scanned.frames) if (frame.offset >= offset) include(frame.lsn, frame.lsn);
  const damage = scanned.damage;
  if (damage !== null && damage.nextValidOffset >= 0) include(damage.minLsnAfter, damage.maxLsnAfter);
  return range;
}

function shardStart(files: readonly FileEvidence[], stopped: number, cut: number): ShardStart {
  let lastLsn = 0;
  for (const { base, scanned } of files) {
    if (base) continue;
    for (const frame of scanned.frames) if (frame.kind === FrameKind.Entry && frame.lsn <= cut) lastLsn = frame.lsn;
  }
  return { replayFiles: stopped < 0 ? files.length : stopped + 1, lastLsn, appendFile: files[files.length - 1].path };
}
