/**
 * ShardSnapshot: a point-in-time copy of one shard's databases for an AOF rewrite, taken in one
 * synchronous step (copies of the key/value arrays; collections are marked so the first write
 * copies them instead of changing them in place) and then encoded piece by piece as base-file
 * frames, so the event loop is never held for long.
 */
import { ByteWriter } from '../aof/byte-writer.js';
import { beginFrame, endFrame, FrameKind } from '../aof/frame.js';
import type { Database } from '../keyspace/database.js';
import { valueCommands } from '../keyspace/value-commands.js';
import type { Value } from '../keyspace/values.js';
import type { ByteString } from '../resp/byte-string.js';

/** A frame is closed once its payload passes this size. */
export const SNAPSHOT_FRAME_BYTES = 1024 * 1024;
/** Expiry times indexed per step while preparing a database. */
const EXPIRES_PER_STEP = 50_000;

export interface DatabaseCopy {
  readonly index: number;
  readonly keys: ByteString[];
  readonly values: Value[];
  readonly expireKeys: ByteString[];
  readonly expireTimes: number[];
}

let lastEpoch = 0;

/** A fresh copy-on-write epoch (one snapshot at a time holds the engine's SnapshotGuard). */
export function newSnapshotEpoch(): number {
  return ++lastEpoch;
}

/**
 * Copies the key/value and expiry arrays of the non-empty `databases` now, in one synchronous
 * step, and marks their collections with `epoch`: the first write to one copies it instead.
 */
export function captureDatabases(databases: readonly Database[], epoch: number): DatabaseCopy[] {
  const copies: DatabaseCopy[] = [];
  for (const database of databases) {
    if (database.size === 0) continue;
    const { keys, values } = database.entries.copyArrays();
    const expires = database.expires.copyArrays();
    for (const value of values) if (typeof value !== 'string') value.snapshotEpoch = epoch;
    copies.push({ index: database.index, keys, values, expireKeys: expires.keys, expireTimes: expires.values });
  }
  return copies;
}

export class ShardSnapshot {
  private constructor(
    private readonly databases: DatabaseCopy[],
    /** Server state the snapshot starts with, as commands (FUNCTION LOAD of each library, on shard 0). */
    private readonly serverState: readonly (readonly ByteString[])[],
  ) {}

  /**
   * Copies `databases` now and marks their collections with `epoch` (copy-on-write);
   * `serverState` is given to the server-state shard's snapshot (the libraries as commands).
   */
  static capture(databases: readonly Database[], epoch: number, serverState: readonly (readonly ByteString[])[] = []): ShardSnapshot {
    return new ShardSnapshot(captureDatabases(databases, epoch), serverState);
  }

  /** A snapshot of already copied databases (the reshard tool builds them per new shard). */
  static fromCopies(databases: DatabaseCopy[], serverState: readonly (readonly ByteString[])[] = []): ShardSnapshot {
    return new ShardSnapshot(databases.filter((database) => database.keys.length > 0), serverState);
  }

  get keyCount(): number {
    return this.databases.reduce((total, database) => total + database.keys.length, 0);
  }

  /**
   * The base file's bytes as a sequence of chunks, each a whole number of entry frames under
   * `lsn`. Each step of the iteration does a bounded amount of work (an empty chunk when it
   * only indexed expiry times), so the caller can yield to the event loop between steps.
   */
  *chunks(lsn: number): Generator<Uint8Array> {
    const writer = new ByteWriter(SNAPSHOT_FRAME_BYTES + 64 * 1024);
    if (this.serverState.length > 0) {
      const start = beginFrame(writer, FrameKind.Entry, lsn);
      for (const command of this.serverState) writer.command(command);
      endFrame(writer, start);
      yield writer.take();
    }
    for (const database of this.databases) {
      const expireAt = new Map<ByteString, number>();
      for (let i = 0; i < database.expireKeys.length; i++) {
        expireAt.set(database.expireKeys[i], database.expireTimes[i]);
        if ((i + 1) % EXPIRES_PER_STEP === 0) yield new Uint8Array(0);
      }
      let start = -1;
      for (let i = 0; i < database.keys.length; i++) {
        if (start < 0) {
          start = beginFrame(writer, FrameKind.Entry, lsn);
          if (database.index !== 0) writer.command(['SELECT', String(database.index)]);
        }
        const key = database.keys[i];
        for (const command of valueCommands(key, database.values[i], expireAt.get(key))) writer.command(command);
        if (writer.length - start >= SNAPSHOT_FRAME_BYTES) {
          endFrame(writer, start);
          start = -1;
          yield writer.take();
        }
      }
      if (start >= 0) {
        endFrame(writer, start);
        yield writer.take();
      }
    }
  }
}
