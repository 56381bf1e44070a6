/**
 * Loading an RDB dump into an engine at start (appendonly no, or the first start of an AOF
 * beside an existing dump — the migration path from redis-server). The file is read in chunks
 * and decoded record by record, so memory holds the dataset plus one chunk. Keys already expired
 * are skipped and counted, as a Redis primary does. Any damage — a bad CRC, a truncated file, a
 * duplicate key, a database out of range, a module type — refuses the whole load with the offset
 * and the reason: a start never serves a half-loaded dataset as if it were complete.
 */
import type { Engine } from '../engine/engine.js';
import { joinPath, isFileSystemError, type FileSystem } from '../io/file-system.js';
import { encodingLimitsOf } from '../rdb/encoding-limits.js';
import { RdbFormatError } from '../rdb/rdb-error.js';
import { RdbFileLoader, type RdbRecord } from '../rdb/rdb-file-loader.js';
import { ErrorReply } from '../resp/reply.js';

const READ_BYTES = 64 * 1024;

/** What a load found. */
export interface DumpLoadResult {
  readonly keysLoaded: number;
  readonly keysExpired: number;
  /** Empty collections Redis 7.0 could have written; skipped, as Redis skips them. */
  readonly emptyKeysSkipped: number;
  readonly functionLibraries: number;
  readonly bytes: number;
  /** The file's AUX fields (redis-ver, ctime, …). */
  readonly aux: ReadonlyMap<string, string>;
}

/** The dump is damaged (or names something Ballast cannot hold): the server must not start on it. */
export class DumpLoadRefusal extends Error {
  constructor(readonly path: string, message: string) {
    super(`Cannot load the RDB file ${path}: ${message}. The file was not changed; see the backup runbook (ballast-check-rdb reports what it holds).`);
    this.name = 'DumpLoadRefusal';
  }
}

/** True when `<directory>/<fileName>` exists. */
export async function dumpExists(fs: FileSystem, directory: string, fileName: string): Promise<boolean> {
  try {
    await fs.stat(joinPath(directory, fileName));
    return true;
  } catch (error) {
    if (isFileSystemError(error, 'ENOENT')) return false;
    throw error;
  }
}

/** Loads `<directory>/<fileName>` into `engine` (which should be empty); throws DumpLoadRefusal on damage. */
export async function loadDump(fs: FileSystem, directory: string, fileName: string, engine: Engine): Promise<DumpLoadResult> {
  const path = joinPath(directory, fileName);
  // The engine's own key maps catch a duplicate key (the loader's separate set of every key would cost ~0.6 s per million).
  const loader = new RdbFileLoader({ databases: engine.databaseCount, limits: encodingLimitsOf(engine.config), checkDuplicateKeys: false });
  const counts = { keysLoaded: 0, keysExpired: 0, emptyKeysSkipped: 0, functionLibraries: 0, bytes: 0, aux: new Map<string, string>() };
  const nowMs = engine.clock.now();
  const handle = await fs.open(path);
  try {
    const size = await handle.size();
    for (let offset = 0; offset < size; offset += READ_BYTES) {
      const chunk = await handle.read(offset, Math.min(READ_BYTES, size - offset));
      counts.bytes += chunk.length;
      for (const record of loader.feed(chunk)) apply(record, engine, nowMs, counts, path);
    }
    for (const record of loader.end()) apply(record, engine, nowMs, counts, path);
  } catch (error) {
    if (error instanceof RdbFormatError) throw new DumpLoadRefusal(path, error.message);
    throw error;
  } finally {
    await handle.close();
  }
  return counts;
}

/**
 * Loads an RDB held in memory — a replica's full sync — into `engine` (which should be empty), in
 * one synchronous step, so no client sees a half-loaded dataset. A replica keeps keys whose
 * expiry passed (its primary sends their deletion, as Redis's replicas wait for it); throws
 * DumpLoadRefusal naming `source` on damage.
 */
export function loadDumpBytes(bytes: Uint8Array, engine: Engine, source: string): DumpLoadResult {
  const loader = new RdbFileLoader({ databases: engine.databaseCount, limits: encodingLimitsOf(engine.config), checkDuplicateKeys: false });
  const counts = { keysLoaded: 0, keysExpired: 0, emptyKeysSkipped: 0, functionLibraries: 0, bytes: bytes.length, aux: new Map<string, string>() };
  try {
    for (const record of [...loader.feed(bytes), ...loader.end()]) apply(record, engine, -Infinity, counts, source);
  } catch (error) {
    if (error instanceof RdbFormatError) throw new DumpLoadRefusal(source, error.message);
    throw error;
  }
  return counts;
}

interface Counts {
  keysLoaded: number;
  keysExpired: number;
  emptyKeysSkipped: number;
  functionLibraries: number;
  aux: Map<string, string>;
}

function apply(record: RdbRecord, engine: Engine, nowMs: number, counts: Counts, path: string): void {
  switch (record.kind) {
    case 'aux':
      counts.aux.set(record.key, record.value);
      return;
    case 'resize':
      return;
    case 'empty-key':
      counts.emptyKeysSkipped++;
      return;
    case 'function': {
      const loaded = engine.scripting.loadLibrary(record.code, false);
      if (loaded instanceof ErrorReply) throw new DumpLoadRefusal(path, `a function library does not load: ${loaded.message}`);
      counts.functionLibraries++;
      return;
    }
    case 'key': {
      if (record.expireAtMs !== undefined && record.expireAtMs <= nowMs) {
        counts.keysExpired++;
        return;
      }
      const database = engine.database(record.database).of(record.key);
      // One lookup: a key that did not grow the map was there already (the load is refused whole).
      const size = database.entries.size;
      database.entries.set(record.key, record.value);
      if (database.entries.size === size) throw new DumpLoadRefusal(path, `duplicate key ${JSON.stringify(record.key.slice(0, 64))} in database ${record.database}`);
      if (record.expireAtMs !== undefined) database.expires.set(record.key, record.expireAtMs);
      // The file's LRU idle time or LFU counter, when it has the one the policy uses (rdbLoad's objectSetLRUOrLFU).
      const access = database.keyAccess;
      if (access.lfu && record.frequency !== undefined) database.setAccessField(record.key, access.frequencyField(record.frequency));
      else if (!access.lfu && record.idleSeconds !== undefined) database.setAccessField(record.key, access.idleField(record.idleSeconds));
      counts.keysLoaded++;
      return;
    }
  }
}
