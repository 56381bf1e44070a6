/**
 * Runs one unit of Redis's Tcl suite in external mode against a server that is already
 * listening, with a wall-clock limit: a unit that hangs is killed (its whole process group —
 * runtest's test server and its client) and reported as such, and the run goes on.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseRuntestOutput, type ParsedUnit } from './parse-output.js';

/**
 * Tags whose tests are left out on both servers: replication. needs:config-maxmemory tests run,
 * and so do needs:debug
 * tests run (both servers get `--enable-debug-command local`, servers.ts), and with them the
 * suite's DEBUG DIGEST / DIGEST-VALUE checks, which it skips while needs:debug is denied.
 */
export const DENIED_TAGS: readonly string[] = ['needs:repl'];

/**
 * Units that keep more tags left out, and why: with needs:debug included they end early — on both
 * servers, or on Ballast for a reason that is not DEBUG — before tests that run without it.
 */
export const UNIT_DENIED_TAGS: Readonly<Record<string, { readonly tags: readonly string[]; readonly reason: string }>> = {
  // Its needs:debug test 'SRANDMEMBER with a dict containing long chain' reads the server's pid and
  // its dict internals (DEBUG HTSTATS-KEY), which external mode cannot: both servers end the unit there.
  'unit/type/set': { tags: ['needs:debug'], reason: 'a needs:debug test reads [srv pid] and DEBUG HTSTATS-KEY: both servers abort there in external mode' },
};

/** The tags left out for `unit`: DENIED_TAGS and the unit's own. */
export function deniedTagsFor(unit: string): readonly string[] {
  return [...DENIED_TAGS, ...(Object.hasOwn(UNIT_DENIED_TAGS, unit) ? UNIT_DENIED_TAGS[unit].tags : [])];
}

export interface UnitRunOptions {
  /** The suite's directory, holding `runtest` (Suite.directory in suite.ts). */
  readonly suiteDirectory: string;
  readonly unit: string;
  readonly port: number;
  readonly deniedTags: readonly string[];
  /** Wall-clock limit for the whole unit. */
  readonly unitTimeoutSeconds: number;
  /** runtest's own `--timeout`: seconds without a test finishing before it gives up. */
  readonly progressTimeoutSeconds: number;
  /** runtest's `--durable`: an exception fails its test instead of aborting the unit. */
  readonly durable: boolean;
  /** Where to keep runtest's full output, if anywhere. */
  readonly logFile: string | null;
}

export interface UnitRun extends ParsedUnit {
  readonly seconds: number;
}

/**
 * runtest's `--baseport`, a range of 64 per process: its test server listens just below it, on a
 * port it probes with a bind to every address, which succeeds while another runtest holds the same
 * port on 127.0.0.1 — so two runs at once (two checkouts, two agents) would collide on 21079, the
 * default, and the second would end before its first test.
 */
export function runtestBasePort(processId: number): number {
  return 22_000 + 64 * (processId % 150);
}

/** runtest's arguments: external mode (`--host`/`--port`), one unit, one client, no colours. */
export function runtestArguments(options: UnitRunOptions): string[] {
  return [
    '--host', '127.0.0.1', '--port', String(options.port), '--single', options.unit, '--clients', '1',
    '--timeout', String(options.progressTimeoutSeconds), '--baseport', String(runtestBasePort(process.pid)),
    ...options.deniedTags.flatMap((tag) => ['--tags', `-${tag}`]),
    ...(options.durable ? ['--durable'] : []),
  ];
}

export async function runUnit(options: UnitRunOptions): Promise<UnitRun> {
  const started = performance.now();
  // detached: runtest gets a process group of its own, so the limit can end its client too.
  const child = spawn('./runtest', runtestArguments(options), {
    cwd: options.suiteDirectory, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TERM: 'dumb' },
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  let killedAfterSeconds: number | null = null;
  const limit = setTimeout(() => {
    killedAfterSeconds = options.unitTimeoutSeconds;
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // the group ended on its own meanwhile
    }
  }, options.unitTimeoutSeconds * 1000);
  const exitCode = await new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  clearTimeout(limit);
  // runtest's test client can outlive the test server when the server exits on an exception.
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {
    // nothing left
  }
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  if (options.logFile !== null) {
    mkdirSync(path.dirname(options.logFile), { recursive: true });
    writeFileSync(options.logFile, output);
  }
  return { ...parseRuntestOutput(output, { exitCode, killedAfterSeconds }), seconds };
}
