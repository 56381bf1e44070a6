/**
 * planRecovery as a decision table: one evidence case per row (built from frames in memory, no
 * disk), each with the kind of plan and the facts it must carry; every kind of RecoveryPlan has
 * a row. describeRecoveryPlan renders the texts recovery has always printed. The runbooks
 * index shows the decision table: its rows must be RECOVERY_DECISIONS, kind for kind.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FrameKind } from '../../src/aof/frame.js';
import { AssertionError } from '../../src/assert.js';
import type { BaseFile, Manifest } from '../../src/manifest/manifest.js';
import { describeRecoveryPlan } from '../../src/recovery/describe-plan.js';
import { scanLog } from '../../src/recovery/log-scan.js';
import {
  planRecovery, RECOVERY_DECISIONS, type FileEvidence, type RecoveryEvidence, type RecoveryPlan, type RecoveryPlanKind,
} from '../../src/recovery/recovery-plan.js';
import { SlotTable } from '../../src/routing/slot-table.js';
import { encodeFrames, type FrameSpec } from '../support/frame-arbitraries.js';

const DOCS_TABLE = new URL('../../../../apps/docs/runbooks/index.md', import.meta.url);

const entry = (lsn: number): FrameSpec => ({ kind: FrameKind.Entry, lsn, payload: new Uint8Array([lsn & 0xff]) });
const seal = (lsn: number, committed: number, last: number[]): FrameSpec => ({ kind: FrameKind.Seal, lsn, seal: { lsn, committed, last } });

interface FileSpec {
  readonly path: string;
  readonly frames: readonly FrameSpec[];
  readonly base?: boolean;
  /** Keep only the bytes before the cut: a crash cut the file off. */
  readonly cutInFrame?: number;
  /** Flip a payload byte of this frame. */
  readonly damageFrame?: number;
}

function file(spec: FileSpec): FileEvidence {
  const { bytes, spans } = encodeFrames(spec.frames);
  let kept = bytes;
  if (spec.cutInFrame !== undefined) kept = bytes.slice(0, spans[spec.cutInFrame].offset + 10);
  if (spec.damageFrame !== undefined) {
    kept = bytes.slice();
    kept[spans[spec.damageFrame].end - 1] ^= 0x40;
  }
  return { path: spec.path, base: spec.base ?? false, bytes: kept, scanned: scanLog(kept) };
}

/** The evidence of a manifest naming `shards` (a base when the first file is one), all read. */
function readAll(shards: ReadonlyArray<readonly FileSpec[]>, baseLines: ReadonlyArray<BaseFile | null> = [], configured = shards.length): RecoveryEvidence {
  const manifest: Manifest = {
    shardCount: shards.length,
    slots: SlotTable.balanced(shards.length),
    nextFile: 100,
    shards: shards.map((files, shard) => ({ base: baseLines[shard] ?? null, incrementals: files.filter((each) => !each.base).map((each) => each.path) })),
  };
  return { shardCount: configured, manifest: { status: 'ok', manifest }, files: { status: 'read', shards: shards.map((files) => files.map(file)) } };
}

const manifestOnly = (manifest: RecoveryEvidence['manifest'], shardCount = 1): RecoveryEvidence => ({ shardCount, manifest, files: null });

// One shard, three batches: entry L then seal L, the seal claiming L-1 committed.
const history = [entry(1), seal(1, 0, [1]), entry(2), seal(2, 1, [2]), entry(3), seal(3, 2, [3])];
const incr = (frames: readonly FrameSpec[], more: Partial<FileSpec> = {}): FileSpec => ({ path: 'shard-0/incr-1.aof', frames, ...more });

interface Row {
  readonly name: string;
  readonly evidence: RecoveryEvidence;
  readonly plan: Partial<Record<string, unknown>> & { readonly kind: RecoveryPlanKind };
}

const rows: Row[] = [
  { name: 'a damaged manifest', evidence: manifestOnly({ status: 'damaged', reason: 'checksum mismatch (the manifest is damaged)' }), plan: { kind: 'manifest-damaged' } },
  { name: 'no manifest, a shard folder holding data', evidence: manifestOnly({ status: 'missing', dataFile: 'shard-0/incr-1.aof' }), plan: { kind: 'no-manifest-but-data', file: 'shard-0/incr-1.aof' } },
  { name: 'no manifest, no data', evidence: manifestOnly({ status: 'missing', dataFile: null }, 3), plan: { kind: 'fresh', shardCount: 3 } },
  {
    name: 'a 2-shard manifest, 1 shard configured',
    evidence: { ...readAll([[incr(history)], [{ path: 'shard-1/incr-2.aof', frames: [] }]], [], 1), files: null },
    plan: { kind: 'shard-count-mismatch', manifestShardCount: 2, configuredShardCount: 1 },
  },
  { name: 'a named file is missing', evidence: { ...readAll([[incr(history)]]), files: { status: 'missing', path: 'shard-0/incr-1.aof' } }, plan: { kind: 'missing-file', file: 'shard-0/incr-1.aof' } },
  {
    name: 'a shard with a base and no incremental file',
    evidence: readAll([[{ path: 'shard-0/base-2.aof', frames: [entry(1)], base: true }]], [{ path: 'shard-0/base-2.aof', snapshotLsn: 1, committedLsn: 1 }]),
    plan: { kind: 'no-incremental-file', shard: 0 },
  },
  {
    name: 'a damaged frame followed by frames a seal claims committed',
    evidence: readAll([[incr(history, { damageFrame: 2 })]]),
    plan: { kind: 'corrupt', cut: 1, committedClaim: 2, committedClaimBeforeDamage: 0, problems: [
      { kind: 'damage-before-committed', shard: 0, file: 'shard-0/incr-1.aof', offset: expect.any(Number), reason: 'CRC mismatch', nextValidOffset: expect.any(Number), damagedLsnMax: 2, committed: 2 },
      { kind: 'committed-lsns-lost', cut: 1, committed: 2, missing: [] },
    ] },
  },
  {
    name: 'a shard lacks an entry another shard\'s seal claims committed',
    evidence: readAll([
      [incr([entry(1), seal(1, 0, [1, 0]), entry(3), seal(3, 1, [3, 2]), seal(4, 3, [3, 2])])],
      [{ path: 'shard-1/incr-2.aof', frames: [] }],
    ]),
    plan: { kind: 'corrupt', cut: 1, problems: [{ kind: 'committed-lsns-lost', cut: 1, committed: 3, missing: [{ shard: 1, lsn: 2 }] }] },
  },
  {
    name: 'a damaged base snapshot',
    evidence: readAll([[{ path: 'shard-0/base-2.aof', frames: [entry(1), entry(2)], base: true, damageFrame: 0 }, incr([entry(3), seal(3, 2, [3])])]],
      [{ path: 'shard-0/base-2.aof', snapshotLsn: 2, committedLsn: 2 }]),
    plan: { kind: 'corrupt', problems: [{ kind: 'damaged-base', shard: 0, file: 'shard-0/base-2.aof', offset: 0, reason: 'CRC mismatch' }] },
  },
  {
    name: 'an older file torn although a newer one holds frames',
    evidence: readAll([[incr(history, { cutInFrame: 4 }), { path: 'shard-0/incr-5.aof', frames: [entry(4), seal(4, 3, [4])] }]]),
    plan: { kind: 'corrupt', problems: [expect.objectContaining({ kind: 'damage-before-newer-file', file: 'shard-0/incr-1.aof' })] },
  },
  {
    name: 'the last frame cut off (a crash)',
    evidence: readAll([[incr(history, { cutInFrame: 5 })]]),
    plan: { kind: 'torn-tail', cut: 2, tails: [expect.objectContaining({ shard: 0, file: 'shard-0/incr-1.aof', unsynced: null })],
      truncations: [expect.objectContaining({ shard: 0, lsnsCut: { from: 3, to: 3 } })] },
  },
  {
    name: 'a damaged frame followed only by frames never committed (two batches in flight)',
    evidence: readAll([[incr(history, { damageFrame: 4 })]]),
    plan: { kind: 'torn-tail', cut: 2, tails: [expect.objectContaining({ unsynced: { lsnMin: 3, committed: 2 } })], truncations: [expect.objectContaining({ lsnsCut: { from: 3, to: 3 } })] },
  },
  {
    name: 'frames past the durable cut, no damage (a batch one shard never sealed)',
    evidence: readAll([[incr([entry(1), seal(1, 0, [1, 0])])], [{ path: 'shard-1/incr-2.aof', frames: [entry(2)] }]]),
    plan: { kind: 'torn-tail', cut: 1, tails: [], truncations: [{ shard: 1, file: 'shard-1/incr-2.aof', fileBytes: expect.any(Number), keepBytes: 0, sidecar: 'shard-1/incr-2.aof.torn-0', lsnsCut: { from: 2, to: 2 } }] },
  },
  {
    name: 'every frame verifies and is within the cut',
    evidence: readAll([[incr(history)]]),
    plan: { kind: 'ok', cut: 3, maxSeenLsn: 3, tails: [], truncations: [], bytesTruncated: 0, shards: [{ replayFiles: 1, lastLsn: 3, appendFile: 'shard-0/incr-1.aof' }] },
  },
];

describe('planRecovery: the decision table', () => {
  it.each(rows)('$name: $plan.kind', ({ evidence, plan }) => {
    expect(planRecovery(evidence)).toMatchObject(plan);
  });

  it('has a row for every kind of plan', () => {
    expect(new Set(rows.map((row) => row.plan.kind))).toEqual(new Set(Object.keys(RECOVERY_DECISIONS)));
  });

  it('asserts when the files were not read although the manifest does not decide alone', () => {
    expect(() => planRecovery({ ...readAll([[incr(history)]]), files: null })).toThrow(AssertionError);
  });
});

describe('describeRecoveryPlan: the texts recovery prints', () => {
  const directory = '/data/appendonlydir';
  const plan = (name: string): RecoveryPlan => planRecovery(rows.find((row) => row.name === name)!.evidence);

  it('refusals before the files', () => {
    expect(describeRecoveryPlan({ kind: 'shard-count-mismatch', manifestShardCount: 2, configuredShardCount: 4 }, directory).refusal).toBe(
      'The AOF in /data/appendonlydir has 2 shards but the server is configured with 4. Start with --shards 2, or convert the data with: ballast-server reshard --dir <dir> --shards 4');
    expect(describeRecoveryPlan({ kind: 'missing-file', file: 'shard-1/incr-2.aof' }, directory).refusal).toBe(
      'The AOF manifest names shard-1/incr-2.aof, which is missing from /data/appendonlydir. Runbook: apps/docs/runbooks/refuses-to-start.md');
    expect(describeRecoveryPlan({ kind: 'fresh', shardCount: 2 }, directory)).toMatchObject({ refusal: null, created: 'Created a new AOF with 2 shard(s) in /data/appendonlydir' });
  });

  it('a torn tail: a warning, no refusal, one line per truncation', () => {
    const tail = plan('the last frame cut off (a crash)');
    const text = describeRecoveryPlan(tail, directory);
    expect(text.refusal).toBeNull();
    expect(text.notes).toEqual([expect.stringMatching(/^AOF torn tail: shard-0\/incr-1.aof at offset \d+ \(10 bytes of a 24-byte frame header\); 10 bytes after it will be truncated \(aof-load-truncated\)$/)]);
    expect(text.truncations).toEqual([expect.stringMatching(/^Truncated shard-0\/incr-1.aof from \d+ to \d+ bytes; the \d+ bytes removed are kept in shard-0\/incr-1.aof.torn-\d+$/)]);
  });

  it('corruption: the Bad AOF refusal naming every problem, and the --aof-repair warnings', () => {
    const text = describeRecoveryPlan(plan('a shard lacks an entry another shard\'s seal claims committed'), directory);
    const problem = 'the logs recover only through LSN 1, but LSN 3 had been committed (shard 1 lacks LSN 2): durable data was lost';
    expect(text.refusal).toBe(`Bad AOF in /data/appendonlydir: ${problem}. Refusing to start so no durable data is dropped silently. `
      + 'Inspect with: ballast-check-aof /data/appendonlydir. To truncate at the damage and start anyway: --aof-repair. Runbook: apps/docs/runbooks/refuses-to-start.md');
    expect(text.repairNotes).toEqual([`--aof-repair: ${problem}`]);
  });
});

describe('the decision table in the docs', () => {
  it('apps/docs/runbooks/index.md shows RECOVERY_DECISIONS, row for row', () => {
    const markdown = readFileSync(DOCS_TABLE, 'utf8');
    const section = markdown.slice(markdown.indexOf('## What recovery decides at start'));
    const rowsShown = section.split('\n')
      .filter((line) => line.startsWith('| `'))
      .map((line) => line.split('|').slice(1, 4).map((cell) => cell.trim()));
    const expected = Object.entries(RECOVERY_DECISIONS).map(([kind, { read, outcome }]) => [`\`${kind}\``, read, outcome]);
    expect(rowsShown).toEqual(expected);
  });
});
