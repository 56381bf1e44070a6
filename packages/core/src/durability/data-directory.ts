/**
 * Opening the data directory at start: which of the AOF and the RDB dump the dataset comes from.
 *
 * - appendonly no: `<dir>/<dbfilename>` is loaded when it exists.
 * - appendonly yes: the AOF is recovered. When the AOF holds nothing yet (no manifest, or one
 *   naming no base and only empty files) and a dump exists, the dump is loaded first and a
 *   rewrite makes it the AOF's first base before any client is served — `cp dump.rdb` and start
 *   is the migration path from redis-server. A crash before that base is installed leaves the
 *   AOF still empty, so the next start imports the dump again: never a half-imported dataset.
 *
 * A save killed mid-way leaves its `temp-<n>.rdb` behind (the dump itself is untouched: a save
 * installs by rename); start removes such leftovers, as no other process writes them.
 */
import type { Engine, LogLevel } from '../engine/engine.js';
import { joinPath, isFileSystemError, type FileSystem } from '../io/file-system.js';
import { readManifest } from '../manifest/manifest-store.js';
import type { Persistence } from './persistence.js';
import { dumpExists, loadDump, type DumpLoadResult } from './rdb-load.js';

export interface DataDirectoryOptions {
  readonly fs: FileSystem;
  /** `dir`. */
  readonly directory: string;
  readonly engine: Engine;
  /** The AOF (appendonly yes), not yet opened; null with appendonly no. */
  readonly persistence: Persistence | null;
  readonly log: (level: LogLevel, message: string) => void;
}

/** Loads the dataset into the engine; the dump's load result when a dump was loaded. Throws DumpLoadRefusal or RecoveryRefusal. */
export async function openDataDirectory(options: DataDirectoryOptions): Promise<DumpLoadResult | null> {
  const { fs, directory, engine, persistence, log } = options;
  await removeTempDumps(fs, directory, log);
  const fileName = engine.config.string('dbfilename');
  if (persistence === null) {
    if (!(await dumpExists(fs, directory, fileName))) return null;
    return logged(await loadDump(fs, directory, fileName, engine), log);
  }
  // One stat in the common case (no dump): the AOF's manifest is read again by recovery only then.
  const importDump = (await dumpExists(fs, directory, fileName)) && (await aofHoldsNothing(fs, persistence.directory));
  const loaded = importDump ? logged(await loadDump(fs, directory, fileName, engine), log) : null;
  await persistence.open(engine);
  if (loaded !== null) {
    log('notice', `Making the loaded RDB file the AOF's first base (${loaded.keysLoaded} keys)...`);
    await persistence.rewriteAndWait();
  }
  return loaded;
}

function logged(result: DumpLoadResult, log: DataDirectoryOptions['log']): DumpLoadResult {
  const version = result.aux.get('redis-ver');
  log('notice', `DB loaded from disk: ${result.keysLoaded} keys, ${result.keysExpired} expired keys skipped, `
    + `${result.functionLibraries} function libraries, ${result.bytes} bytes${version === undefined ? '' : ` (written by Redis version ${version})`}`);
  if (result.emptyKeysSkipped > 0) log('warning', `Done loading RDB, ${result.emptyKeysSkipped} empty keys skipped.`);
  return result;
}

const TEMP_DUMP = /^temp-\d+\.rdb$/;

/** Removes what killed saves left: `temp-<n>.rdb` files in the data directory. */
async function removeTempDumps(fs: FileSystem, directory: string, log: DataDirectoryOptions['log']): Promise<void> {
  const leftovers = (await fs.readDirectory(directory)).filter((name) => TEMP_DUMP.test(name));
  for (const name of leftovers) await fs.unlink(joinPath(directory, name));
  if (leftovers.length > 0) {
    await fs.syncDirectory(directory);
    log('notice', `Removed ${leftovers.length} temporary RDB file(s) left by an interrupted save: ${leftovers.join(', ')}`);
  }
}

/** True when the AOF in `aofDirectory` has recorded nothing: no manifest, or no base and only empty files. */
export async function aofHoldsNothing(fs: FileSystem, aofDirectory: string): Promise<boolean> {
  let manifest;
  try {
    manifest = await readManifest(fs, aofDirectory);
  } catch {
    return false;
  }
  if (manifest === null) return true;
  for (const shard of manifest.shards) {
    if (shard.base !== null) return false;
    for (const path of shard.incrementals) {
      try {
        if ((await fs.stat(joinPath(aofDirectory, path))).size > 0) return false;
      } catch (error) {
        if (!isFileSystemError(error, 'ENOENT')) throw error;
        return false;
      }
    }
  }
  return true;
}
