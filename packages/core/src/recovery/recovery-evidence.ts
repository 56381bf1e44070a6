/**
 * What recovery reads before it decides (the I/O half of planning): the manifest, or why there
 * is none usable; then, unless the manifest already decided, every file it names, fsynced and
 * scanned frame by frame. Nothing here writes file contents: the directory and file fsyncs make
 * what a crashed process left in the page cache durable before anything built on it is called
 * committed. A damaged or missing file is evidence, never an exception.
 */
import { shardDirectory } from '../aof/layout.js';
import { assert } from '../assert.js';
import { isFileSystemError, joinPath, type FileHandle, type FileSystem } from '../io/file-system.js';
import { ManifestError, type Manifest } from '../manifest/manifest.js';
import { readManifest } from '../manifest/manifest-store.js';
import { NO_PLANTED_DEFECTS, type PlantedDefects } from '../testing/planted-defects.js';
import { scanLog } from './log-scan.js';
import { planBeforeFiles, type FileEvidence, type ManifestEvidence, type RecoveryEvidence } from './recovery-plan.js';

export interface EvidenceOptions {
  readonly fs: FileSystem;
  /** `<dir>/<appenddirname>`. */
  readonly directory: string;
  /** The shard count the server is configured with. */
  readonly shardCount: number;
  readonly defects?: PlantedDefects;
}

/** The manifest in `directory`; when it is missing, the first data file in a shard folder. */
export async function readManifestEvidence(fs: FileSystem, directory: string): Promise<ManifestEvidence> {
  try {
    const manifest = await readManifest(fs, directory);
    if (manifest !== null) return { status: 'ok', manifest };
  } catch (error) {
    if (error instanceof ManifestError) return { status: 'damaged', reason: error.message };
    throw error;
  }
  // The manifest is installed before the first write is accepted, so shard folders without one
  // are a first start that died early — unless they hold data: then the manifest was lost.
  for (const name of (await fs.readDirectory(directory)).filter((entry) => entry.startsWith('shard-'))) {
    for (const file of await fs.readDirectory(joinPath(directory, name))) {
      if ((await fs.stat(joinPath(directory, name, file))).size > 0) return { status: 'missing', dataFile: `${name}/${file}` };
    }
  }
  return { status: 'missing', dataFile: null };
}

/** The evidence for `manifest`: the files it names, unless the manifest decides alone. */
export async function readRecoveryEvidence(options: EvidenceOptions, manifest: ManifestEvidence): Promise<RecoveryEvidence> {
  const { fs, directory } = options;
  const before: RecoveryEvidence = { shardCount: options.shardCount, manifest, files: null };
  if (planBeforeFiles(before) !== null) return before;
  assert(manifest.status === 'ok', 'only a usable manifest lets recovery read the files');
  await fs.syncDirectory(directory);
  await Promise.all(manifest.manifest.shards.map((_, shard) => fs.syncDirectory(joinPath(directory, shardDirectory(shard)))));
  try {
    const shards = await Promise.all(manifest.manifest.shards.map((_, shard) => readShardFiles(options, manifest.manifest, shard)));
    return { ...before, files: { status: 'read', shards } };
  } catch (error) {
    if (error instanceof MissingFile) return { ...before, files: { status: 'missing', path: error.path } };
    throw error;
  }
}

/** A file the manifest names is not there: carried out of the parallel reads to become evidence. */
class MissingFile extends Error {
  constructor(readonly path: string) {
    super(`missing: ${path}`);
  }
}

async function readShardFiles(options: EvidenceOptions, manifest: Manifest, shard: number): Promise<FileEvidence[]> {
  const { base, incrementals } = manifest.shards[shard];
  const paths = [...(base === null ? [] : [{ path: base.path, base: true }]), ...incrementals.map((path) => ({ path, base: false }))];
  return Promise.all(paths.map(async ({ path, base: isBase }) => {
    let handle: FileHandle;
    try {
      handle = await options.fs.open(joinPath(options.directory, path));
    } catch (error) {
      if (isFileSystemError(error, 'ENOENT')) throw new MissingFile(path);
      throw error;
    }
    try {
      // What a crashed process left in the page cache is read back as if durable: fsync it
      // before anything built on it is called committed.
      const bytes = await handle.read(0, await handle.size());
      await handle.sync();
      return { path, base: isBase, bytes, scanned: scanLog(bytes, options.defects ?? NO_PLANTED_DEFECTS) };
    } finally {
      await handle.close();
    }
  }));
}
