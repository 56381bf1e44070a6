/**
 * The checks after one kill and restart, over every client's records and the recovered state:
 *
 * - reply: every reply received matched the model's.
 * - prefix / all-or-nothing: per client, the recovered keys are the state after a prefix of its
 *   operations (client-prefix.ts); a multi-key operation is never applied in part.
 * - real-time order: if x was acknowledged before y was issued and y survived, x survived.
 * - durability: under always every acknowledged operation survived; under everysec every one
 *   acknowledged more than EVERYSEC_LOSS_WINDOW_MS before the kill; under no, nothing is owed.
 * - stray keys: the server holds no key that no client wrote, and every key reads as its type.
 */
import { FSYNC_INTERVAL_MS, type FsyncMode } from '@ballast/core';
import type { OperationRecord } from './client-loop.js';
import type { ClientModel } from './client-model.js';
import { checkClientPrefix, type ClientCycle, type PrefixResult } from './client-prefix.js';
import type { RecoveredState } from './read-back.js';
import { describeRecord, listRecords, type Violation } from './violation.js';

/** An everysec write may be lost if acknowledged within one fsync interval plus one fsync of the kill. */
export const EVERYSEC_LOSS_WINDOW_MS = 2 * FSYNC_INTERVAL_MS;

export interface CycleCounts {
  operations: number;
  acknowledged: number;
  acknowledgedRecovered: number;
  /** Acknowledged, lost, and allowed to be (everysec and no only). */
  recentMissing: number;
  unacknowledgedMissing: number;
}

export interface CycleVerdict {
  readonly counts: CycleCounts;
  readonly violations: readonly Violation[];
  /** Per client, the model of what survived: the base of the next cycle. */
  readonly models: readonly ClientModel[];
}

export interface CycleInput {
  readonly clients: readonly ClientCycle[];
  readonly recovered: RecoveredState;
  readonly startMs: number;
  readonly killMs: number;
  readonly appendfsync: FsyncMode;
}

function prefixViolation(cycle: ClientCycle, result: PrefixResult, startMs: number): Violation {
  const record = (index: number | undefined) => (index === undefined ? undefined : cycle.records[index - cycle.firstIndex]);
  const last = cycle.records[result.applied - 1];
  const lastKeys = new Set(last?.operation.effects.map((effect) => effect.key));
  const torn = last !== undefined && last.operation.effects.length > 1 && result.mismatches.every(({ key }) => lastKeys.has(key));
  const keys = result.mismatches.map((mismatch) => `${mismatch.key}: expected ${mismatch.expected} (last written by op ${mismatch.expectedWriter ?? 'none'}), recovered ${mismatch.recovered}`);
  const involved = new Set<OperationRecord>(last ? [last] : []);
  for (const mismatch of result.mismatches) {
    for (const index of [mismatch.expectedWriter, ...mismatch.recoveredMarks]) {
      const found = record(index);
      if (found) involved.add(found);
    }
  }
  return {
    check: torn ? 'all-or-nothing' : 'prefix',
    message: `client ${cycle.client}: the recovered keys are not the state after its first ${result.applied} operation(s) of this cycle (ops ${cycle.firstIndex}..${cycle.firstIndex + result.applied - 1}):\n      ${keys.join('\n      ')}`,
    details: listRecords([...involved].sort((a, b) => a.operation.index - b.operation.index), startMs),
  };
}

function realTimeViolations(input: CycleInput, applied: readonly number[]): Violation[] {
  const violations: Violation[] = [];
  input.clients.forEach((later, b) => {
    const survivor = later.records[applied[b] - 1];
    if (survivor === undefined) return;
    input.clients.forEach((earlier, a) => {
      if (a === b) return;
      const position = earlier.records.findLastIndex((record) => record.ackedMs !== undefined && record.ackedMs < survivor.issuedMs);
      if (position < applied[a]) return;
      violations.push({
        check: 'real-time order',
        message: `client ${earlier.client}'s op was acknowledged before client ${later.client}'s op was issued; the later one survived, the earlier one did not`,
        details: [describeRecord(earlier.records[position], input.startMs), describeRecord(survivor, input.startMs)],
      });
    });
  });
  return violations;
}

/** The lost acknowledged operations the mode promised to keep. */
function owedRecords(input: CycleInput, lost: readonly OperationRecord[]): OperationRecord[] {
  if (input.appendfsync === 'always') return [...lost];
  if (input.appendfsync === 'no') return [];
  return lost.filter((record) => record.ackedMs! < input.killMs - EVERYSEC_LOSS_WINDOW_MS);
}

function durabilityViolation(input: CycleInput, owed: readonly OperationRecord[]): Violation {
  const killAt = `+${(input.killMs - input.startMs).toFixed(1)} ms`;
  return input.appendfsync === 'always'
    ? { check: 'durability', message: `${owed.length} acknowledged operation(s) lost under appendfsync always (kill at ${killAt})`, details: listRecords(owed, input.startMs) }
    : { check: 'everysec window', message: `${owed.length} operation(s) acknowledged more than ${EVERYSEC_LOSS_WINDOW_MS} ms before the kill (at ${killAt}) were lost`, details: listRecords(owed, input.startMs) };
}

export function checkCycle(input: CycleInput): CycleVerdict {
  const counts: CycleCounts = { operations: 0, acknowledged: 0, acknowledgedRecovered: 0, recentMissing: 0, unacknowledgedMissing: 0 };
  const violations: Violation[] = [];
  const results = input.clients.map((cycle) => checkClientPrefix(cycle, input.recovered.values));
  const lost: OperationRecord[] = [];
  input.clients.forEach((cycle, position) => {
    const { applied, mismatches } = results[position];
    const wrongReplies = cycle.records.filter((record) => record.reply !== undefined && record.reply !== record.expectedReply);
    if (wrongReplies.length > 0) {
      violations.push({ check: 'reply', message: `client ${cycle.client}: a reply differs from the model's (expected ${wrongReplies[0].expectedReply})`, details: listRecords(wrongReplies, input.startMs) });
    }
    if (mismatches.length > 0) violations.push(prefixViolation(cycle, results[position], input.startMs));
    cycle.records.forEach((record, index) => {
      const survived = index < applied;
      counts.operations++;
      if (record.ackedMs !== undefined) counts.acknowledged++;
      if (!survived && record.ackedMs === undefined) counts.unacknowledgedMissing++;
      if (survived && record.ackedMs !== undefined) counts.acknowledgedRecovered++;
      if (!survived && record.ackedMs !== undefined) lost.push(record);
    });
  });
  const owed = owedRecords(input, lost);
  if (owed.length > 0) violations.push(durabilityViolation(input, owed));
  counts.recentMissing = lost.length - owed.length;
  violations.push(...realTimeViolations(input, results.map((result) => result.applied)));
  const { strangers, unreadable } = input.recovered;
  if (strangers.length + unreadable.length > 0) {
    violations.push({ check: 'stray keys', message: `keys no client wrote or that read as the wrong type: ${[...strangers, ...unreadable].slice(0, 20).join(', ')}`, details: [] });
  }
  return { counts, violations, models: results.map((result) => result.model) };
}
