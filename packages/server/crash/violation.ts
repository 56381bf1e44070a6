/**
 * What a failed check reports: which check, a sentence, and details — the operations involved,
 * each described with its commands' shape, its times relative to the cycle's start and its
 * reply, or the last lines a server printed before it failed.
 */
import type { OperationRecord } from './client-loop.js';

export type CheckName =
  | 'start' | 'restart' | 'crash' | 'shutdown' | 'reply' | 'durability' | 'everysec window'
  | 'prefix' | 'all-or-nothing' | 'real-time order' | 'stray keys' | 'unresponsive';

export interface Violation {
  readonly check: CheckName;
  readonly message: string;
  /** The offending operations, or the last lines the server printed. */
  readonly details: readonly string[];
}

/** How many offending operations a violation lists; the count says how many there were. */
const LISTED_OPERATIONS_MAX = 8;

const milliseconds = (value: number) => `${value.toFixed(1)} ms`;

export function describeRecord(record: OperationRecord, startMs: number): string {
  const { operation } = record;
  const keys = operation.effects.map((effect) => `${effect.kind.toUpperCase()} ${effect.key}`).join('; ');
  const acked = record.ackedMs === undefined ? 'no reply' : `acked +${milliseconds(record.ackedMs - startMs)}, reply ${record.reply}`;
  return `c${operation.client} op ${operation.index} ${operation.kind} [${keys}] issued +${milliseconds(record.issuedMs - startMs)}, ${acked}`;
}

export function listRecords(records: readonly OperationRecord[], startMs: number): string[] {
  const listed = records.slice(0, LISTED_OPERATIONS_MAX).map((record) => describeRecord(record, startMs));
  if (records.length > LISTED_OPERATIONS_MAX) listed.push(`… and ${records.length - LISTED_OPERATIONS_MAX} more`);
  return listed;
}

const OUTPUT_LINES_MAX = 15;

/** The last lines a server printed, for a violation's details. */
export function outputTail(output: string): string[] {
  return output.trimEnd().split('\n').slice(-OUTPUT_LINES_MAX);
}
