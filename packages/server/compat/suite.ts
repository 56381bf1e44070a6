/**
 * Redis's own Tcl test suite, as the compatibility runner uses it. It is fetched once from
 * Debian's `redis` source package by scripts/fetch-redis-test-suite.sh into compat/.cache/
 * (git-ignored) and reused by every later run; nothing comes from anywhere but apt's Debian
 * mirrors.
 *
 * Two harnesses run the same tests:
 * - `released`: the suite exactly as unpacked.
 * - `function-flush-optional` (the default): a copy whose per-block setup in external mode
 *   (`run_external_server_test` in tests/support/server.tcl) tolerates a server that answers
 *   `unknown command` to `FUNCTION FLUSH`. Unchanged, every block of every unit starts with
 *   `r function flush`, so a server without FUNCTION aborts every unit before its first test.
 *   Any other error still aborts; against redis-server the two harnesses are identical.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const COMPAT_DIRECTORY = path.dirname(fileURLToPath(import.meta.url));
export const CACHE_DIRECTORY = path.join(COMPAT_DIRECTORY, '.cache');
const REPOSITORY = path.resolve(COMPAT_DIRECTORY, '..', '..', '..');
export const FETCH_SCRIPT = path.join(REPOSITORY, 'scripts', 'fetch-redis-test-suite.sh');

export const HARNESS_MODES = ['released', 'function-flush-optional'] as const;
export type HarnessMode = (typeof HARNESS_MODES)[number];

export interface Suite {
  /** The unpacked source tree, holding `runtest` and `tests/`. */
  readonly directory: string;
  /** Debian's version of the source package, e.g. `5:7.0.15-1~deb12u10`. */
  readonly debianVersion: string;
  /** Redis's version, e.g. `7.0.15`. */
  readonly redisVersion: string;
}

/**
 * The suite, fetched and unpacked on first use. Throws with the fetch script's message when it
 * cannot be had (no deb-src entry and no root to add one, no network to the mirror, a version
 * other than 7.0.x).
 */
export async function obtainSuite(): Promise<Suite> {
  let stdout: string;
  try {
    ({ stdout } = await run('bash', [FETCH_SCRIPT, CACHE_DIRECTORY], { maxBuffer: 16 * 1024 * 1024 }));
  } catch (error) {
    const failure = error as { stderr?: string; message: string };
    throw new Error(`cannot obtain Redis's test suite (${FETCH_SCRIPT}): ${(failure.stderr ?? '').trim() || failure.message}`);
  }
  const directory = stdout.trim().split('\n').at(-1)!;
  const debianVersion = readFileSync(path.join(directory, 'DEBIAN-VERSION'), 'utf8').trim();
  const version = /REDIS_VERSION "([^"]+)"/.exec(readFileSync(path.join(directory, 'src', 'version.h'), 'utf8'));
  if (version === null) throw new Error(`${directory}/src/version.h has no REDIS_VERSION`);
  return { directory, debianVersion, redisVersion: version[1] };
}

/** A reason runtest cannot run here (it needs tclsh 8.5 to 8.7), or null. */
export async function tclMissing(): Promise<string | null> {
  for (const version of ['8.6', '8.7', '8.5']) {
    try {
      await run('sh', ['-c', `command -v tclsh${version}`]);
      return null;
    } catch {
      // try the next version
    }
  }
  return 'tclsh 8.5 to 8.7 is missing (apt-get install tcl; npm test\'s pretest installs it)';
}

const RELEASED_SETUP = '    r flushall\n    r function flush\n';
const TOLERANT_SETUP = [
  '    r flushall',
  '    # Ballast compat runner (function-flush-optional): a server without FUNCTION still runs the block.',
  '    if {[catch {r function flush} err] && ![string match {*unknown command*} $err]} { error $err $::errorInfo }',
  '',
].join('\n');

/**
 * The directory to run `./runtest` in for a harness: the suite itself, or a patched copy made
 * once next to it (remade if the patch changed).
 */
export function harnessDirectory(suite: Suite, mode: HarnessMode): string {
  if (mode === 'released') return suite.directory;
  const target = path.join(CACHE_DIRECTORY, `harness-${mode}`, path.basename(suite.directory));
  const marker = path.join(target, 'HARNESS');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === TOLERANT_SETUP) return target;
  const partial = `${target}.partial`;
  rmSync(partial, { recursive: true, force: true });
  cpSync(suite.directory, partial, { recursive: true });
  const serverTcl = path.join(partial, 'tests', 'support', 'server.tcl');
  const text = readFileSync(serverTcl, 'utf8');
  if (text.split(RELEASED_SETUP).length !== 2) {
    throw new Error(`${serverTcl}: expected exactly one 'r flushall / r function flush' setup to patch`);
  }
  writeFileSync(serverTcl, text.replace(RELEASED_SETUP, TOLERANT_SETUP));
  writeFileSync(path.join(partial, 'HARNESS'), TOLERANT_SETUP);
  rmSync(target, { recursive: true, force: true });
  renameSync(partial, target);
  return target;
}
