/**
 * The shape of bench/results/<date>[-quick].json, which bench/run.ts writes and the docs'
 * "SDK performance" page (apps/docs/scripts/pages/sdk-performance-page.ts) is generated from.
 * A client whose every measured run missed the deadline has opsPerSecond null: it is shown as
 * timed out, never as a number.
 */
import type { Target } from '../test/support/servers.js';
import type { ClientName } from './clients.js';

export type Scenario = 'sequential' | 'burst';

export interface ClientResult {
  /** Median of the runs that finished, in operations per second; null when none finished. */
  readonly opsPerSecond: number | null;
  /** Measured runs (the warm-up round is not counted). */
  readonly runs: number;
  /** Runs dropped because they missed the deadline. */
  readonly timedOut: number;
}

export interface ResultRow {
  readonly server: Target;
  readonly scenario: Scenario;
  readonly clients: Record<ClientName, ClientResult>;
}

export interface ResultsFile {
  readonly quick: boolean;
  readonly rounds: number;
  readonly sequentialOperations: number;
  /** SETs, then as many GETs, issued at once. */
  readonly burstOperations: number;
  readonly valueBytes: number;
  readonly deadlineSeconds: number;
  readonly node: string;
  readonly cores: number;
  /** What each server said it was (INFO server), with the flags it ran with. */
  readonly servers: Partial<Record<Target, string>>;
  readonly rows: readonly ResultRow[];
}
