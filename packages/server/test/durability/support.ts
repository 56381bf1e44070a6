/**
 * Helpers for the durability tests: the real ballast-server on a data directory that outlives
 * it (restart on the same files), the real ballast-check-aof, a workload touching every kind of
 * logged effect, and a dump of the whole keyspace to compare before a stop and after a restart.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ErrorReply, SimpleString, type Reply } from '@ballast/core';
import { BALLAST_BINARY, freePort } from '../support/ballast-server.js';
import { RawClient } from '../support/raw-client.js';

export const CHECK_AOF_BINARY = fileURLToPath(new URL('../../bin/ballast-check-aof.mjs', import.meta.url));
const START_TIMEOUT_MS = 15_000;
const EXIT_TIMEOUT_MS = 15_000;

export interface Server {
  readonly port: number;
  readonly process: ChildProcess;
  output(): string;
  readonly exited: Promise<number | null>;
  connect(): Promise<RawClient>;
  /** SIGKILL: nothing is flushed. */
  kill(): Promise<void>;
  /** SIGTERM: flush, fsync and exit 0. */
  stop(): Promise<number | null>;
}

export function makeDirectory(prefix = 'ballast-durability-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function removeDirectory(directory: string): void {
  rmSync(directory, { recursive: true, force: true });
}

/** A copy of a data directory, for one scenario of damage. */
export function copyDirectory(directory: string): string {
  const copy = makeDirectory('ballast-durability-copy-');
  cpSync(directory, copy, { recursive: true });
  return copy;
}

function spawnServer(directory: string, port: number, args: readonly string[]): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(BALLAST_BINARY, ['--port', String(port), '--dir', directory, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  // 'close', not 'exit': only then has every byte the process printed been read.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Starts ballast-server on `directory` (kept after it stops) and waits until it is ready. */
export async function startServer(directory: string, args: readonly string[] = []): Promise<Server> {
  const port = await freePort();
  const { child, output, exited } = spawnServer(directory, port, args);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`ballast-server did not start:\n${output()}`)), START_TIMEOUT_MS);
    child.stdout!.on('data', () => {
      if (output().includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`ballast-server exited with ${code} before it was ready:\n${output()}`));
    });
  });
  return {
    port,
    process: child,
    output,
    exited,
    connect: () => RawClient.connect(port),
    async kill() {
      if (child.exitCode === null && child.signalCode === null) process.kill(child.pid!, 'SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** Runs ballast-server on `directory` expecting it to exit on its own (a refusal). */
export async function runServer(directory: string, args: readonly string[] = []): Promise<{ code: number | null; output: string }> {
  const { child, output, exited } = spawnServer(directory, await freePort(), args);
  const timer = setTimeout(() => child.kill('SIGKILL'), EXIT_TIMEOUT_MS);
  const code = await exited;
  clearTimeout(timer);
  return { code, output: output() };
}

/**
 * Runs ballast-check-aof to completion. `output` is its stdout (the report); anything on stderr
 * or a death by signal is appended, so that a failed assertion shows why.
 */
export async function runCheckAof(args: readonly string[]): Promise<{ code: number | null; output: string; errors: string }> {
  const child = spawn(CHECK_AOF_BINARY, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let errors = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (errors += chunk));
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.once('close', (exitCode, exitSignal) => resolve([exitCode, exitSignal])));
  if (errors !== '' || signal !== null) output += `\n[stderr]\n${errors}[signal] ${signal}\n`;
  return { code, output, errors };
}

/** Calls a command and fails the test on an error reply. */
export async function must(client: RawClient, ...args: string[]): Promise<Reply> {
  const reply = await client.call(...args);
  if (reply instanceof ErrorReply) throw new Error(`${args.join(' ')} failed: ${reply.message}`);
  return reply;
}

/** One INFO field as text. */
export async function infoField(client: RawClient, field: string): Promise<string> {
  const info = String(await must(client, 'INFO', 'persistence'));
  const match = new RegExp(`^${field}:(.*)$`, 'm').exec(info);
  if (match === null) throw new Error(`INFO persistence has no ${field}:\n${info}`);
  return match[1].trim();
}

/** Files in a folder of the AOF, for sidecar checks. */
export function aofFiles(directory: string, shard = 0): string[] {
  return readdirSync(path.join(directory, 'appendonlydir', `shard-${shard}`));
}

/** The path of a shard's first incremental file (incr-<shard + 1>.aof on a fresh directory). */
export function firstIncrementalFile(directory: string, shard = 0): string {
  return path.join(directory, 'appendonlydir', `shard-${shard}`, `incr-${shard + 1}.aof`);
}

/**
 * Writes one of everything the log must carry: strings, lists, hashes, sorted sets, keys with
 * expiries (one already expired), MULTI/EXEC, a cross-shard MSET, SELECT, and a FLUSHALL that
 * must wipe what was written before it. Every call waits for its reply.
 */
export async function writeWorkload(client: RawClient): Promise<void> {
  await must(client, 'SET', 'doomed:0', 'x');
  await must(client, 'SELECT', '1');
  await must(client, 'SET', 'doomed:1', 'x');
  await must(client, 'FLUSHALL');
  await must(client, 'SET', 'db1:key', 'in database one');
  await must(client, 'SELECT', '0');
  for (let index = 0; index < 8; index++) await must(client, 'SET', `string:${index}`, `value ${index} \u00ff\u0000`);
  await must(client, 'RPUSH', 'list', 'a', 'b', 'c');
  await must(client, 'LPUSH', 'list', 'z');
  await must(client, 'HSET', 'hash', 'f1', 'v1', 'f2', 'v2');
  await must(client, 'HDEL', 'hash', 'f1');
  await must(client, 'ZADD', 'zset', '1', 'one', '2.5', 'two', '-3', 'minus');
  await must(client, 'ZINCRBY', 'zset', '10', 'one');
  await must(client, 'SET', 'expiring', 'soon', 'EX', '3600');
  await must(client, 'SET', 'expired', 'gone', 'PX', '20');
  await must(client, 'SET', 'persisted', 'p', 'EX', '3600');
  await must(client, 'PERSIST', 'persisted');
  await must(client, 'MULTI');
  await client.call('INCRBY', 'counter', '41');
  await client.call('INCR', 'counter');
  await client.call('RPUSH', 'list', 'from-multi');
  await client.call('HSET', 'hash', 'f3', 'v3');
  const exec = await must(client, 'EXEC');
  if (!Array.isArray(exec) || exec.length !== 4) throw new Error(`EXEC returned ${JSON.stringify(exec)}`);
  const cross: string[] = [];
  for (let index = 0; index < 12; index++) cross.push(`mset:${index}`, `m${index}`);
  await must(client, 'MSET', ...cross);
  await must(client, 'DEL', 'string:7');
  await new Promise((resolve) => setTimeout(resolve, 30));
}

/** What writeWorkload must leave behind (a few facts checked on their own). */
export async function expectWorkloadFacts(client: RawClient): Promise<string[]> {
  const problems: string[] = [];
  const expect = async (args: string[], wanted: Reply) => {
    const got = await client.call(...args);
    if (JSON.stringify(got) !== JSON.stringify(wanted)) problems.push(`${args.join(' ')}: got ${JSON.stringify(got)}, wanted ${JSON.stringify(wanted)}`);
  };
  await expect(['EXISTS', 'doomed:0', 'expired', 'string:7'], 0);
  await expect(['GET', 'string:3'], 'value 3 \u00ff\u0000');
  await expect(['LRANGE', 'list', '0', '-1'], ['z', 'a', 'b', 'c', 'from-multi']);
  await expect(['HGET', 'hash', 'f3'], 'v3');
  await expect(['HEXISTS', 'hash', 'f1'], 0);
  await expect(['ZSCORE', 'zset', 'one'], '11');
  await expect(['GET', 'counter'], '42');
  await expect(['GET', 'mset:11'], 'm11');
  await expect(['TTL', 'persisted'], -1);
  const ttl = await client.call('TTL', 'expiring');
  if (typeof ttl !== 'number' || ttl <= 3500 || ttl > 3600) problems.push(`TTL expiring: ${String(ttl)}`);
  await expect(['SELECT', '1'], new SimpleString('OK'));
  await expect(['GET', 'db1:key'], 'in database one');
  await expect(['EXISTS', 'doomed:1'], 0);
  await expect(['SELECT', '0'], new SimpleString('OK'));
  return problems;
}

/** Every key of databases 0 and 1 with its type, value and whether it expires, sorted. */
export async function dumpKeyspace(client: RawClient): Promise<Record<string, unknown>> {
  const dump: Record<string, unknown> = {};
  for (const database of ['0', '1']) {
    await must(client, 'SELECT', database);
    const keys = (await must(client, 'KEYS', '*')) as string[];
    for (const key of [...keys].sort()) dump[`${database}:${key}`] = await dumpKey(client, key);
  }
  await must(client, 'SELECT', '0');
  return dump;
}

async function dumpKey(client: RawClient, key: string): Promise<unknown> {
  const type = (await must(client, 'TYPE', key)) as SimpleString;
  const expires = ((await must(client, 'PTTL', key)) as number) >= 0;
  const read: Record<string, string[]> = {
    string: ['GET', key], list: ['LRANGE', key, '0', '-1'], hash: ['HGETALL', key],
    zset: ['ZRANGE', key, '0', '-1', 'WITHSCORES'], set: ['SMEMBERS', key],
  };
  let value = await must(client, ...read[type.value]);
  if (type.value === 'hash') value = pairs(value as string[]).sort();
  if (type.value === 'set') value = [...(value as string[])].sort();
  return { type: type.value, expires, value };
}

function pairs(flat: readonly string[]): string[] {
  const result: string[] = [];
  for (let index = 0; index < flat.length; index += 2) result.push(`${flat[index]}=${flat[index + 1]}`);
  return result;
}
