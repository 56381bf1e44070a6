/**
 * The results file `npm run compat` writes to compat/results/<date>.json: which suite (always
 * run as released), how each server was started, and per unit each server's counts, failures and how the
 * unit ended. The docs page and the ratchet are read from these files, never typed by hand.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { COMPAT_DIRECTORY } from './suite.js';
import type { TestFailure, UnitOutcome } from './parse-output.js';

export const RESULTS_DIRECTORY = path.join(COMPAT_DIRECTORY, 'results');
/** Failures kept per unit and server in the file (the rest are counted, and in the run's log). */
export const FAILURES_KEPT_MAX = 40;

export interface ServerUnitResult {
  readonly passed: number;
  readonly failed: number;
  readonly ignored: number;
  readonly skipped: number;
  readonly seconds: number;
  readonly outcome: UnitOutcome;
  /** The first failures, in order. */
  readonly failures: readonly TestFailure[];
  /** Set when the server exited by itself during the unit (a crash), or had to be killed at the end (hung). */
  readonly serverEnded: string | null;
}

export interface UnitResult {
  readonly unit: string;
  /** `git describe --always --dirty` of the working tree when ballast-server started for this
   * unit: others may commit during a long run, and ballast-server runs from the working tree. */
  readonly ballastCommit: string | null;
  readonly redis: ServerUnitResult | null;
  readonly ballast: ServerUnitResult | null;
}

export interface ResultsFile {
  readonly date: string;
  readonly suite: { readonly redisVersion: string; readonly debianVersion: string; readonly source: string };
  readonly durable: boolean;
  readonly deniedTags: readonly string[];
  /** Tags left out for some units only, and why (run-unit.ts UNIT_DENIED_TAGS); absent in older files. */
  readonly unitDeniedTags?: Readonly<Record<string, { readonly tags: readonly string[]; readonly reason: string }>>;
  readonly unitTimeoutSeconds: number;
  readonly servers: {
    /** Debian's redis-server: Redis's version and the package's (the suite's should match). */
    readonly redis: { readonly version: string; readonly debianVersion: string; readonly arguments: readonly string[] };
    readonly ballast: { readonly version: string; readonly arguments: readonly string[] };
  };
  readonly machine: { readonly cores: number; readonly node: string };
  readonly units: readonly UnitResult[];
}

/** Reads one results file, refusing one without the fields the page and the ratchet read. */
export function readResults(file: string): ResultsFile {
  const results = JSON.parse(readFileSync(file, 'utf8')) as ResultsFile;
  const complete = typeof results.date === 'string' && Array.isArray(results.units) && results.units.every((unit) =>
    typeof unit.unit === 'string' && [unit.redis, unit.ballast].every((server) => server === null || (typeof server.passed === 'number' && typeof server.outcome?.kind === 'string')));
  if (!complete) throw new Error(`${file} is not a results file of the compat runner (see packages/server/compat/results-file.ts)`);
  return results;
}

/** The results files, newest first (names start with the date). */
export function resultsFiles(directory = RESULTS_DIRECTORY): string[] {
  return readdirSync(directory).filter((name) => name.endsWith('.json')).sort().reverse().map((name) => path.join(directory, name));
}
