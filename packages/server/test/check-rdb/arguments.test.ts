/**
 * ballast-check-rdb's command line and its usage errors (exit code 3), in process; the reports
 * are tested on real dumps in check-rdb.test.ts and real-servers.test.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { locateDump, parseCheckRdbArguments } from '../../src/check-rdb/arguments.js';
import { checkRdbMain } from '../../src/check-rdb/main.js';

async function run(argv: string[]): Promise<{ code: number; out: string; error: string }> {
  let out = '';
  let error = '';
  const code = await checkRdbMain(argv, { out: (text) => (out += text), error: (text) => (error += text) });
  return { code, out, error };
}

describe('ballast-check-rdb arguments', () => {
  it('parses --databases, --dbfilename and one file or directory', () => {
    expect(parseCheckRdbArguments(['dump.rdb'])).toEqual({ kind: 'check', target: 'dump.rdb', databases: 16, dbFileName: 'dump.rdb' });
    expect(parseCheckRdbArguments(['--databases', '32', 'data', '--dbfilename', 'other.rdb']))
      .toEqual({ kind: 'check', target: 'data', databases: 32, dbFileName: 'other.rdb' });
    expect(parseCheckRdbArguments(['-h'])).toEqual({ kind: 'help' });
    expect(parseCheckRdbArguments([])).toMatchObject({ kind: 'error', message: 'no file given' });
    expect(parseCheckRdbArguments(['a', 'b'])).toMatchObject({ kind: 'error', message: 'give one file or directory' });
    expect(parseCheckRdbArguments(['--fix', 'a'])).toMatchObject({ kind: 'error', message: "unknown option '--fix'" });
    for (const value of ['0', '-1', 'x', '1025', '1.5']) expect(parseCheckRdbArguments(['--databases', value, 'a'])).toMatchObject({ kind: 'error' });
    expect(parseCheckRdbArguments(['a', '--databases'])).toMatchObject({ kind: 'error' });
    expect(parseCheckRdbArguments(['--dbfilename', 'x/dump.rdb', 'a'])).toMatchObject({ kind: 'error' });
  });

  it('finds the dump as a file, or as <dir>/<dbfilename>', async () => {
    const directory = mkdtempSync(path.join(os.tmpdir(), 'ballast-check-rdb-'));
    try {
      const file = path.join(directory, 'dump.rdb');
      writeFileSync(file, 'REDIS0010');
      expect(await locateDump(file, 'ignored.rdb')).toEqual({ file });
      expect(await locateDump(directory, 'dump.rdb')).toEqual({ file });
      expect(await locateDump(directory, 'other.rdb')).toEqual({ error: `no RDB file in '${directory}': it holds no other.rdb` });
      expect(await locateDump(path.join(directory, 'missing'), 'dump.rdb')).toMatchObject({ error: expect.stringContaining('ENOENT') });
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('exits 3 with usage for bad arguments and a missing file; 0 with usage for --help', async () => {
    expect(await run([])).toMatchObject({ code: 3, out: '', error: expect.stringContaining('Usage: ballast-check-rdb') });
    expect(await run(['--help'])).toMatchObject({ code: 0, out: expect.stringContaining('Exit codes: 0 OK (ballast-server loads it), 2 damaged') });
    expect(await run(['/nonexistent/dump.rdb'])).toMatchObject({ code: 3, out: '', error: expect.stringContaining('ENOENT') });
    const empty = mkdtempSync(path.join(os.tmpdir(), 'ballast-check-rdb-'));
    try {
      expect(await run([empty])).toMatchObject({ code: 3, error: expect.stringContaining('no RDB file in') });
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
