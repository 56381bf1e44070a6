/**
 * Per-client prefix check. The recovered keys of a client name the operations they came from
 * (marks in values, and the INCR counter's value); the latest one named gives the length p of
 * the prefix the state claims. The state must then equal, key for key, the model after the
 * cycle's first p operations on top of what the previous recovery left. Anything else — a hole
 * in the sequence, a multi-key operation applied in part, a value no operation wrote — shows as
 * a key that differs.
 */
import type { OperationRecord } from './client-loop.js';
import type { ClientModel } from './client-model.js';
import { clientKeys, counterKey } from './key-space.js';
import { canonicalValue, describeValue, marksIn, type KeyValue } from './key-value.js';

export interface ClientCycle {
  readonly client: number;
  /** The client's keys as the previous recovery left them (empty at the first cycle). */
  readonly base: ClientModel;
  /** The index of the cycle's first operation. */
  readonly firstIndex: number;
  readonly records: readonly OperationRecord[];
}

export interface KeyMismatch {
  readonly key: string;
  readonly expected: string;
  readonly recovered: string;
  /** The operation whose write the model expects to see last on the key. */
  readonly expectedWriter: number | undefined;
  /** The operations the recovered value carries marks of. */
  readonly recoveredMarks: readonly number[];
}

export interface PrefixResult {
  /** How many of the cycle's operations the recovered state shows applied. */
  readonly applied: number;
  /** The model of the client's keys after those operations: the next cycle's base. */
  readonly model: ClientModel;
  readonly mismatches: readonly KeyMismatch[];
}

function counterValue(value: KeyValue | undefined): number {
  return value?.type === 'string' ? Number(value.value) : 0;
}

/** The number of the cycle's operations the recovered state names, at most all of them. */
function claimedPrefix(cycle: ClientCycle, recovered: ReadonlyMap<string, KeyValue>): number {
  let last = -1;
  for (const { key } of clientKeys(cycle.client)) {
    const value = recovered.get(key);
    for (const index of value ? marksIn(value) : []) last = Math.max(last, index - cycle.firstIndex);
  }
  const counterKeyName = counterKey(cycle.client);
  const increments = counterValue(recovered.get(counterKeyName)) - counterValue(cycle.base.value(counterKeyName));
  if (increments > 0) {
    const incrementPositions = cycle.records.flatMap((record, position) => record.operation.effects.filter((effect) => effect.kind === 'incr').map(() => position));
    last = Math.max(last, incrementPositions[increments - 1] ?? cycle.records.length);
  }
  return Math.min(last + 1, cycle.records.length);
}

export function checkClientPrefix(cycle: ClientCycle, recovered: ReadonlyMap<string, KeyValue>): PrefixResult {
  const applied = claimedPrefix(cycle, recovered);
  const model = cycle.base.clone();
  for (const record of cycle.records.slice(0, applied)) model.apply(record.operation);
  const mismatches: KeyMismatch[] = [];
  for (const { key } of clientKeys(cycle.client)) {
    const value = recovered.get(key);
    if (model.canonical(key) === canonicalValue(value)) continue;
    mismatches.push({
      key, expected: describeValue(model.value(key)), recovered: describeValue(value),
      expectedWriter: model.writer(key), recoveredMarks: value ? marksIn(value) : [],
    });
  }
  return { applied, model, mismatches };
}
