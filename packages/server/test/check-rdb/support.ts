/**
 * Helpers for ballast-check-rdb's tests: an in-process engine whose keyspace core's RDB writer
 * turns into a dump (so a test controls expiry times and the checksum), ballast-check-rdb run in
 * process or as the real binary, and damaged copies of a dump.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  Config, DEFAULT_ENCODING_LIMITS, Engine, ReplyParser, rdbFileChunks, seededRandom, type RdbImage, type Reply,
} from '@ballast/core';
import { checkRdbMain } from '../../src/check-rdb/main.js';

export const CHECK_RDB_BINARY = fileURLToPath(new URL('../../bin/ballast-check-rdb.mjs', import.meta.url));

/** An in-process engine and a connection that answers synchronously. */
export function inProcessEngine(): { engine: Engine; call: (...args: string[]) => Reply } {
  const clock = { now: () => Date.now(), monotonic: () => performance.now(), schedule: () => ({ cancel: () => undefined }) };
  const engine = new Engine({
    config: new Config({ shards: '2' }), clock, random: seededRandom(7),
    host: {
      version: '0.0.0', processId: 1, runId: '0'.repeat(40), tcpPort: 0, executable: '', configFile: '', os: 'test',
      memoryUsage: () => ({ usedBytes: 0, rssBytes: 0 }),
      cpuUsage: () => ({ systemUs: 0, userUs: 0, childrenSystemUs: 0, childrenUserUs: 0, mainThread: undefined }),
    },
  });
  const parser = new ReplyParser();
  const replies: Reply[] = [];
  const connection = engine.connect({
    address: 'test:1', localAddress: 'test:0', pendingOutputBytes: () => 0, close() {},
    write: (bytes) => {
      parser.feed(bytes);
      for (let reply = parser.next(); reply !== undefined; reply = parser.next()) replies.push(reply);
    },
  });
  const call = (...args: string[]): Reply => {
    connection.receive(Uint8Array.from(`*${args.length}\r\n${args.map((arg) => `$${arg.length}\r\n${arg}\r\n`).join('')}`, (char) => char.charCodeAt(0)));
    return replies.shift()!;
  };
  return { engine, call };
}

/**
 * The engine's keyspace as a dump written by core's rdbFileChunks. `extraExpires` adds expiry
 * times the engine would not hold (a time in the past: a key a load skips as already expired).
 */
export function dumpOf(engine: Engine, options: { checksum: boolean; extraExpires?: ReadonlyMap<string, number> }): Buffer {
  const databases = engine.shards.flatMap((shard) => shard.map((database) => {
    const { keys, values } = database.entries.copyArrays();
    const expires = database.expires.copyArrays();
    for (const [key, timeMs] of options.extraExpires ?? []) {
      if (database.index === 0 && database.entries.has(key)) {
        expires.keys.push(key);
        expires.values.push(timeMs);
      }
    }
    return { index: database.index, keys, values, expireKeys: expires.keys, expireTimes: expires.values };
  }));
  const image: RdbImage = {
    databases, functionLibraries: engine.scripting.libraryCodes(),
    aux: { redisVersion: '7.0.15', ctimeSeconds: 1_700_000_000, usedMemoryBytes: 1_000_000, aofBase: false },
  };
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
