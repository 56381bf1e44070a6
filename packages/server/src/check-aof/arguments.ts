/**
 * ballast-check-aof's command line, and where the AOF is: the argument may be the AOF directory
 * itself (it holds ballast.manifest or shard folders) or the data directory above it.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { MANIFEST_FILE } from '@ballast/core';

export const USAGE = `Usage: ballast-check-aof [--fix] [--appenddirname NAME] <dir-or-appendonlydir>

Checks a Ballast AOF without changing it: the manifest, every file frame by frame, the durable
cut, and what ballast-server would do at start. Stop the server before using --fix.

  --fix                 truncate a torn tail (the cut bytes are kept in <file>.torn-<offset>);
                        corruption is never touched
  --appenddirname NAME  the AOF folder inside <dir> (default appendonlydir)

Exit codes: 0 OK, 1 torn tail (fixable), 2 corruption, 3 usage or I/O error.
`;

export type CheckRequest =
  | { readonly kind: 'check'; readonly target: string; readonly fix: boolean; readonly appendDirectoryName: string }
  | { readonly kind: 'help' }
  | { readonly kind: 'error'; readonly message: string };

export function parseCheckArguments(argv: readonly string[]): CheckRequest {
  let fix = false;
  let appendDirectoryName = 'appendonlydir';
  const targets: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (argument === '--help' || argument === '-h') return { kind: 'help' };
    if (argument === '--fix') fix = true;
    else if (argument === '--appenddirname') {
      const value = argv[++index];
      if (value === undefined || value === '') return { kind: 'error', message: '--appenddirname needs a value' };
      appendDirectoryName = value;
    } else if (argument.startsWith('-')) return { kind: 'error', message: `unknown option '${argument}'` };
    else targets.push(argument);
  }
  if (targets.length !== 1) return { kind: 'error', message: targets.length === 0 ? 'no directory given' : 'give one directory' };
  return { kind: 'check', target: targets[0], fix, appendDirectoryName };
}

/** The AOF directory for `target`, or an error message. */
export async function locateAof(target: string, appendDirectoryName: string): Promise<{ directory: string } | { error: string }> {
  const resolved = path.resolve(target);
  const looksLikeAof = async (directory: string) => {
    const names = await fs.readdir(directory).catch(() => null);
    return names !== null && names.some((name) => name === MANIFEST_FILE || /^shard-\d+$/.test(name));
  };
  const stats = await fs.stat(resolved).catch((error: NodeJS.ErrnoException) => error);
  if (stats instanceof Error) return { error: `cannot read '${resolved}': ${stats.code ?? stats.message}` };
  if (!stats.isDirectory()) return { error: `'${resolved}' is not a directory` };
  if (await looksLikeAof(resolved)) return { directory: resolved };
  const nested = path.join(resolved, appendDirectoryName);
  if (await looksLikeAof(nested)) return { directory: nested };
  return { error: `no AOF in '${resolved}': neither it nor ${appendDirectoryName}/ inside it holds ${MANIFEST_FILE} or shard folders` };
}
