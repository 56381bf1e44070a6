/**
 * ballast-check-rdb's command line, and where the dump is: the argument may be the RDB file
 * itself or the data directory holding it (`<dir>/<dbfilename>`, as ballast-server looks for it).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** ballast-server's defaults for `databases` and `dbfilename`. */
export const DEFAULT_DATABASES = 16;
export const DEFAULT_DBFILENAME = 'dump.rdb';
const DATABASES_MAX = 1024;

export const USAGE = `Usage: ballast-check-rdb [--databases N] [--dbfilename NAME] <file-or-dir>

Checks an RDB dump (redis-server's or Ballast's) without changing it: reads it in chunks as
ballast-server loads it and reports the AUX fields, the function libraries, per database the
keys of each type, expiries and keys already expired, the checksum, and the first damage with
its offset.

  --databases N      the databases ballast-server is configured with (default ${DEFAULT_DATABASES});
                     a SELECTDB at or above it is refused, as at start
  --dbfilename NAME  the dump inside <dir> when a directory is given (default ${DEFAULT_DBFILENAME})

Exit codes: 0 OK (ballast-server loads it), 2 damaged or not loadable, 3 usage or I/O error.
`;

export type CheckRdbRequest =
  | { readonly kind: 'check'; readonly target: string; readonly databases: number; readonly dbFileName: string }
  | { readonly kind: 'help' }
  | { readonly kind: 'error'; readonly message: string };

export function parseCheckRdbArguments(argv: readonly string[]): CheckRdbRequest {
  let databases = DEFAULT_DATABASES;
  let dbFileName = DEFAULT_DBFILENAME;
  const targets: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (argument === '--help' || argument === '-h') return { kind: 'help' };
    if (argument === '--databases') {
      const value = argv[++index];
      if (value === undefined || !/^[1-9][0-9]*$/.test(value) || Number(value) > DATABASES_MAX) {
        return { kind: 'error', message: `--databases needs a number from 1 to ${DATABASES_MAX}` };
      }
      databases = Number(value);
    } else if (argument === '--dbfilename') {
      const value = argv[++index];
      if (value === undefined || value === '' || value.includes('/')) return { kind: 'error', message: '--dbfilename needs a file name (not a path)' };
      dbFileName = value;
    } else if (argument.startsWith('-')) return { kind: 'error', message: `unknown option '${argument}'` };
    else targets.push(argument);
  }
  if (targets.length !== 1) return { kind: 'error', message: targets.length === 0 ? 'no file given' : 'give one file or directory' };
  return { kind: 'check', target: targets[0], databases, dbFileName };
}

/** The dump for `target` (a file, or a directory holding `dbFileName`), or an error message. */
export async function locateDump(target: string, dbFileName: string): Promise<{ file: string } | { error: string }> {
  const resolved = path.resolve(target);
  const stats = await fs.stat(resolved).catch((error: NodeJS.ErrnoException) => error);
  if (stats instanceof Error) return { error: `cannot read '${resolved}': ${stats.code ?? stats.message}` };
  if (stats.isFile()) return { file: resolved };
  if (!stats.isDirectory()) return { error: `'${resolved}' is neither a file nor a directory` };
  const nested = path.join(resolved, dbFileName);
  const inside = await fs.stat(nested).catch(() => null);
  if (inside?.isFile() === true) return { file: nested };
  return { error: `no RDB file in '${resolved}': it holds no ${dbFileName}` };
}
