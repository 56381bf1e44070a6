/**
 * End-to-end AOF fixtures for recovery tests: write a scripted history through a real Engine
 * and Persistence (appendfsync always) onto a MemoryFileSystem, remembering the keyspace after
 * every LSN; then recover copies of that disk into fresh engines. Commands of one script group
 * are issued without waiting, so batches hold several entries and two may be in flight; a
 * BGREWRITEAOF in a group runs to completion before the next group.
 */
import { expect } from 'vitest';
import { Persistence } from '../../src/durability/persistence.js';
import type { LogLevel } from '../../src/engine/engine.js';
import { ErrorReply } from '../../src/resp/reply.js';
import { recover, type RecoveryResult } from '../../src/recovery/recover.js';
import type { SlotTable } from '../../src/routing/slot-table.js';
import { dumpKeyspace } from './keyspace-dump.js';
import { MemoryFileSystem } from './memory-file-system.js';
import { createTestEngine, type TestEngineOptions } from './test-engine.js';
import type { FileSystem } from '../../src/io/file-system.js';

/** `<dir>/<appenddirname>` in every recovery test. */
export const AOF_DIRECTORY = 'data/appendonlydir';

export interface WrittenHistory {
  /** The disk after a clean close. */
  readonly fs: MemoryFileSystem;
  /** states[lsn]: the keyspace dump after the first `lsn` units (states[0]: empty). */
  readonly states: readonly (readonly string[])[];
  readonly shardCount: number;
}

/** `count` keys (`prefix0`, `prefix1`, …, skipping others) that live on `shard`. */
export function keysOnShard(slots: SlotTable, shard: number, count: number, prefix = 'key'): string[] {
  const keys: string[] = [];
  for (let i = 0; keys.length < count; i++) if (slots.shardOfKey(`${prefix}${i}`) === shard) keys.push(`${prefix}${i}`);
  return keys;
}

/** A test engine whose durability port is a Persistence on `fs`, opened (recovered) at AOF_DIRECTORY. */
export async function persistedEngine(fs: FileSystem, options: TestEngineOptions) {
  const persistence = new Persistence({ fs, directory: AOF_DIRECTORY, repair: false, log: () => undefined });
  const setup = createTestEngine({ ...options, durability: persistence });
  await persistence.open(setup.engine);
  return { persistence, ...setup };
}

/** Runs `groups` of commands through a persisted engine; every reply must be a success. */
export async function writeHistory(shardCount: number, groups: readonly (readonly string[][])[]): Promise<WrittenHistory> {
  const fs = new MemoryFileSystem();
  const { engine, client, clock, persistence } = await persistedEngine(fs, { shards: shardCount, config: { appendfsync: 'always' } });
  const states: string[][] = [[]];
  const writer = client();
  for (const group of groups) {
    for (const command of group) {
      writer.call(...command);
      const lsn = persistence.groupCommit.assignedLsn;
      expect(lsn - (states.length - 1), `one unit per write: ${command.join(' ')}`).toBeLessThanOrEqual(1);
      states[lsn] = dumpKeyspace(engine);
    }
    await persistence.groupCommit.idle();
    // A rewrite yields to the event loop through the clock: move it until the rewrite is done.
    let rewriting = true;
    const finished = persistence.rewriteFinished().then(() => void (rewriting = false));
    while (rewriting) {
      clock.advanceMs(0);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await finished;
    await persistence.groupCommit.idle();
    const errors = writer.take().filter((reply) => reply instanceof ErrorReply);
    expect(errors).toEqual([]);
  }
  await persistence.close();
  expect(persistence.committedLsn).toBe(states.length - 1);
  return { fs, states, shardCount };
}

export interface Recovered {
  readonly result: RecoveryResult;
  readonly keyspace: string[];
  readonly logged: string[];
}

/** Recovers `fs` into a fresh engine of `shardCount` shards. */
export async function recoverDisk(fs: MemoryFileSystem, shardCount: number, repair = false): Promise<Recovered> {
  const { engine } = createTestEngine({ shards: shardCount });
  const logged: string[] = [];
  const log = (level: LogLevel, message: string) => void logged.push(`${level}: ${message}`);
  const result = await recover({ fs, directory: AOF_DIRECTORY, shardCount, slots: engine.slots, repair, engine, log });
  await Promise.all(result.logs.map((shardLog) => shardLog.file.close()));
  return { result, keyspace: dumpKeyspace(engine), logged };
}

/** The rejection of `promise`, or a failed expectation when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(() => null, (error: unknown) => error);
  expect(outcome, 'expected a rejection').toBeInstanceOf(Error);
  return outcome as Error;
}
