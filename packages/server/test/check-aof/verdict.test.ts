/**
 * ballast-check-aof's verdict and plan lines, in process, from core's recovery plans: each kind
 * of plan gives its verdict and exit code (a replay that fails overrides the plan), and the
 * report's plan lines carry the plan's shard, file, offset, LSNs and sidecars. The real binary
 * on real files is tested in test/durability/.
 */
import { describe, expect, it } from 'vitest';
import type { RecoveryPlan } from '@ballast/core';
import type { RecoveryOutcome } from '../../src/check-aof/dry-run.js';
import { planLines } from '../../src/check-aof/plan-lines.js';
import { ExitCode, verdictOf } from '../../src/check-aof/verdict.js';

const startFields = {
  cut: 9, committedClaim: 8, committedClaimBeforeDamage: 8, maxSeenLsn: 10,
  shards: [{ replayFiles: 1, lastLsn: 9, appendFile: 'shard-0/incr-1.aof' }], tails: [], truncations: [], bytesTruncated: 0,
} as const;
const truncation = { shard: 0, file: 'shard-0/incr-1.aof', fileBytes: 36904, keepBytes: 36864, sidecar: 'shard-0/incr-1.aof.torn-36864', lsnsCut: { from: 10, to: 10 } };
const tail = { shard: 0, file: 'shard-0/incr-1.aof', offset: 36864, reason: 'CRC mismatch', bytesAfter: 40, unsynced: null };

const plans = {
  ok: { kind: 'ok', ...startFields },
  torn: { kind: 'torn-tail', ...startFields, tails: [tail], truncations: [truncation], bytesTruncated: 40 },
  corrupt: { kind: 'corrupt', ...startFields, truncations: [truncation], bytesTruncated: 40, problems: [{ kind: 'committed-lsns-lost', cut: 9, committed: 12, missing: [{ shard: 1, lsn: 11 }] }] },
  missing: { kind: 'missing-file', file: 'shard-1/incr-2.aof' },
} satisfies Record<string, RecoveryPlan>;

const recovered = (plan: RecoveryPlan): RecoveryOutcome => ({ kind: 'recovered', plan, cut: 9, entriesApplied: 9, bytesTruncated: 0, log: [] });
const refused = (plan: RecoveryPlan): RecoveryOutcome => ({ kind: 'refused', plan, message: 'refused', log: [] });

describe('ballast-check-aof: the verdict is read from the plan', () => {
  it('ok and fresh: OK, exit 0; torn-tail: TORN TAIL with the bytes the plan cuts, exit 1', () => {
    expect(verdictOf(recovered(plans.ok), null)).toEqual({ name: 'OK', exitCode: ExitCode.Ok, line: 'OK' });
    expect(verdictOf(recovered({ kind: 'fresh', shardCount: 2 }), null).exitCode).toBe(ExitCode.Ok);
    expect(verdictOf(recovered(plans.torn), null)).toEqual({
      name: 'TORN TAIL', exitCode: ExitCode.TornTail, line: 'TORN TAIL (recoverable: ballast-server will truncate 40 bytes at start; or run --fix)',
    });
  });

  it('corrupt: CORRUPT, exit 2, naming what --aof-repair loses; a refusal before the frames cannot be repaired', () => {
    const corrupt = verdictOf(refused(plans.corrupt), recovered(plans.corrupt));
    expect(corrupt).toMatchObject({ name: 'CORRUPT', exitCode: ExitCode.Corrupt });
    expect(corrupt.line).toMatch(/^CORRUPT \(ballast-server will refuse to start; see the runbook .*; --aof-repair truncates at the damage and loses 40 bytes\)$/);
    expect(verdictOf(refused(plans.missing), refused(plans.missing)).line).toContain('--aof-repair cannot fix this');
  });

  it('a replay that fails is CORRUPT (exit code 1 at start) whatever the plan said', () => {
    const failed: RecoveryOutcome = { kind: 'failed', plan: plans.torn, message: 'effect failed on replay', log: [] };
    expect(verdictOf(failed, failed)).toMatchObject({ name: 'CORRUPT', line: expect.stringContaining('will fail to start (exit code 1)') });
  });
});

describe('ballast-check-aof: the plan lines', () => {
  it('say the kind and every problem, torn tail and truncation with its LSNs and sidecar', () => {
    expect(planLines(plans.ok)).toEqual(['Recovery plan: ok (replay through LSN 9; nothing to truncate)']);
    expect(planLines(plans.torn)).toEqual([
      'Recovery plan: torn-tail (replay through LSN 9, truncate 40 bytes never committed)',
      '  torn tail: shard 0, shard-0/incr-1.aof at offset 36864 (CRC mismatch): nothing after it verifies',
      '  truncate: shard 0, shard-0/incr-1.aof from 36904 to 36864 bytes (LSN 10..10; kept in shard-0/incr-1.aof.torn-36864)',
    ]);
    expect(planLines(plans.corrupt).slice(0, 2)).toEqual([
      'Recovery plan: corrupt (refuse to start; with --aof-repair: replay through LSN 9, truncate 40 bytes)',
      '  problem: committed LSNs 10..12 are not all recoverable (shard 1 lacks LSN 11): durable data was lost',
    ]);
    expect(planLines(plans.missing)).toEqual(['Recovery plan: missing-file (refuse to start: the manifest names shard-1/incr-2.aof, which is missing)']);
  });
});
