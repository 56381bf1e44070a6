/**
 * ballast-check-aof's command line and its usage errors (exit code 3), in process: the report
 * itself is tested on real files by the real binary in test/durability/.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { locateAof, parseCheckArguments } from '../../src/check-aof/arguments.js';
import { checkAofMain } from '../../src/check-aof/main.js';

async function run(argv: string[]): Promise<{ code: number; out: string; error: string }> {
  let out = '';
  let error = '';
  const code = await checkAofMain(argv, { out: (text) => (out += text), error: (text) => (error += text) });
  return { code, out, error };
}

describe('ballast-check-aof arguments', () => {
  it('parses --fix, --appenddirname and one directory', () => {
    expect(parseCheckArguments(['--fix', 'data'])).toEqual({ kind: 'check', target: 'data', fix: true, appendDirectoryName: 'appendonlydir' });
    expect(parseCheckArguments(['data', '--appenddirname', 'aof'])).toEqual({ kind: 'check', target: 'data', fix: false, appendDirectoryName: 'aof' });
    expect(parseCheckArguments(['--help'])).toEqual({ kind: 'help' });
    expect(parseCheckArguments([])).toMatchObject({ kind: 'error', message: 'no directory given' });
    expect(parseCheckArguments(['a', 'b'])).toMatchObject({ kind: 'error' });
    expect(parseCheckArguments(['--repair', 'a'])).toMatchObject({ kind: 'error', message: "unknown option '--repair'" });
    expect(parseCheckArguments(['a', '--appenddirname'])).toMatchObject({ kind: 'error' });
  });

  it('exits 3 with usage for bad arguments, a missing directory or one without an AOF; 0 for --help', async () => {
    expect(await run([])).toMatchObject({ code: 3, error: expect.stringContaining('Usage: ballast-check-aof') });
    expect(await run(['--help'])).toMatchObject({ code: 0, out: expect.stringContaining('Exit codes: 0 OK, 1 torn tail') });
    expect(await run(['/nonexistent/ballast'])).toMatchObject({ code: 3, error: expect.stringContaining('ENOENT') });
    const empty = mkdtempSync(path.join(os.tmpdir(), 'ballast-check-'));
    try {
      expect(await run([empty])).toMatchObject({ code: 3, error: expect.stringContaining('no AOF in') });
      writeFileSync(path.join(empty, 'file'), 'x');
      expect(await run([path.join(empty, 'file')])).toMatchObject({ code: 3, error: expect.stringContaining('is not a directory') });
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('finds the AOF folder given the data directory or the AOF folder itself', async () => {
    const data = mkdtempSync(path.join(os.tmpdir(), 'ballast-check-'));
    try {
      mkdirSync(path.join(data, 'appendonlydir', 'shard-0'), { recursive: true });
      const aof = path.join(data, 'appendonlydir');
      expect(await locateAof(data, 'appendonlydir')).toEqual({ directory: aof });
      expect(await locateAof(aof, 'appendonlydir')).toEqual({ directory: aof });
      expect(await locateAof(data, 'other')).toMatchObject({ error: expect.stringContaining('no AOF') });
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
  });
});
