/**
 * Reading and atomically replacing the manifest: write a temp file, fsync it, rename it over
 * the manifest, fsync the directory. A crash at any point leaves the old manifest or the new
 * one, never a mix; the temp file left behind by a crash is ignored and overwritten.
 */
import { isFileSystemError, joinPath, readWholeFile, type FileSystem } from '../io/file-system.js';
import { byteStringToBytes, bytesToByteString } from '../resp/byte-string.js';
import { decodeManifest, encodeManifest, type Manifest } from './manifest.js';
import { NO_PLANTED_DEFECTS, type PlantedDefects } from '../testing/planted-defects.js';

export const MANIFEST_FILE = 'ballast.manifest';
const TEMP_SUFFIX = '.tmp';

/** The manifest in `directory`, or null when there is none. Throws ManifestError when damaged. */
export async function readManifest(fs: FileSystem, directory: string): Promise<Manifest | null> {
  let bytes: Uint8Array;
  try {
    bytes = await readWholeFile(fs, joinPath(directory, MANIFEST_FILE));
  } catch (error) {
    if (isFileSystemError(error, 'ENOENT')) return null;
    throw error;
  }
  return decodeManifest(bytesToByteString(bytes));
}

export async function writeManifest(fs: FileSystem, directory: string, manifest: Manifest, defects: PlantedDefects = NO_PLANTED_DEFECTS): Promise<void> {
  const path = joinPath(directory, MANIFEST_FILE);
  const temp = path + TEMP_SUFFIX;
  const bytes = byteStringToBytes(encodeManifest(manifest));
  const handle = await fs.open(temp, { create: true });
  try {
    await handle.truncate(0);
    await handle.write(0, bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(temp, path);
  if (!defects.manifestWithoutDirectorySync) await fs.syncDirectory(directory);
}
