/**
 * Helpers for ballast-check-rdb's tests: an engine's keyspace that core's RDB writer turns into
 * a dump (so a test controls expiry times and the checksum), ballast-check-rdb run in
 * process or as the real binary, and damaged copies of a dump.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DEFAULT_ENCODING_LIMITS, rdbFileChunks, type Engine } from '@ballast/core';
import { rdbImageOf } from '../support/in-process-engine.js';
import { checkRdbMain } from '../../src/check-rdb/main.js';

export const CHECK_RDB_BINARY = fileURLToPath(new URL('../../bin/ballast-check-rdb.mjs', import.meta.url));

/** The engine's keyspace as a dump written by core's rdbFileChunks (see rdbImageOf for `extraExpires`). */
export function dumpOf(engine: Engine, options: { checksum: boolean; extraExpires?: ReadonlyMap<string, number> }): Buffer {
  const image = rdbImageOf(engine, options.extraExpires);
  return Buffer.concat([...rdbFileChunks(image, { compression: true, checksum: options.checksum, limits: DEFAULT_ENCODING_LIMITS })]);
}

/** ballast-check-rdb in process. */
export async function checkInProcess(argv: string[], options: { nowMs?: number; readBytes?: number } = {}): Promise<{ code: number; out: string; error: string }> {
  let out = '';
  let error = '';
  const code = await checkRdbMain(argv, { out: (text) => (out += text), error: (text) => (error += text) }, options);
  return { code, out, error };
}

/** The real binary, to completion. */
export async function runCheckRdb(args: readonly string[]): Promise<{ code: number | null; output: string; errors: string }> {
  const child = spawn(CHECK_RDB_BINARY, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let errors = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (errors += chunk));
  const code = await new Promise<number | null>((resolve) => child.once('close', (exitCode) => resolve(exitCode)));
  return { code, output, errors };
}

/** The report's line starting with `prefix` (trimmed), or undefined. */
export function reportLine(report: string, prefix: string): string | undefined {
  return report.split('\n').map((line) => line.trim()).find((line) => line.startsWith(prefix));
}
