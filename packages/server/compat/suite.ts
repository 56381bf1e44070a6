/**
 * Redis's own Tcl test suite, as the compatibility runner uses it. It is fetched once from
 * Debian's `redis` source package by scripts/fetch-redis-test-suite.sh into compat/.cache/
 * (git-ignored) and reused by every later run; nothing comes from anywhere but apt's Debian
 * mirrors.
 *
 * Every unit runs with the suite exactly as released: `./runtest` in the unpacked directory,
 * nothing patched.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const COMPAT_DIRECTORY = path.dirname(fileURLToPath(import.meta.url));
export const CACHE_DIRECTORY = path.join(COMPAT_DIRECTORY, '.cache');
const REPOSITORY = path.resolve(COMPAT_DIRECTORY, '..', '..', '..');
export const FETCH_SCRIPT = path.join(REPOSITORY, 'scripts', 'fetch-redis-test-suite.sh');

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
