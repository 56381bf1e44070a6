/**
 * Writes a whole file so that a crash leaves either the old file or the new one, never a mix:
 * chunks go to a temp file, which is fsynced, renamed over the target, and the directory is
 * fsynced. Between chunks the event loop gets a turn (an empty chunk is just such a turn), so a
 * snapshot of any size never holds clients up for more than one bounded encoding step.
 */
import type { Clock } from '../io/clock.js';
import { joinPath, type FileSystem } from '../io/file-system.js';

export interface AtomicWrite {
  readonly fs: FileSystem;
  readonly clock: Clock;
  readonly directory: string;
  /** The file's path inside `directory` (it may contain one folder). */
  readonly path: string;
  /** The temp file's path inside `directory`, in the same folder. */
  readonly tempPath: string;
  /** Skips the fsync of the temp file (a planted defect only). */
  readonly skipSync?: boolean;
  /** Called after each chunk is written (rdb-key-save-delay waits here). */
  readonly afterChunk?: () => Promise<void>;
}

/** Writes `chunks` and installs the file; returns its size in bytes. The temp file is removed on failure. */
export async function writeFileAtomically(write: AtomicWrite, chunks: Iterable<Uint8Array>): Promise<number> {
  const { fs, directory } = write;
  const temp = joinPath(directory, write.tempPath);
  const handle = await fs.open(temp, { create: true });
  let offset = 0;
  try {
    await handle.truncate(0);
    for (const chunk of chunks) {
      if (chunk.length > 0) await handle.write(offset, chunk);
      else await yieldToLoop(write.clock);
      offset += chunk.length;
      if (write.afterChunk !== undefined) await write.afterChunk();
    }
    if (write.skipSync !== true) await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await fs.unlink(temp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  await fs.rename(temp, joinPath(directory, write.path));
  const folder = write.path.lastIndexOf('/');
  await fs.syncDirectory(folder < 0 ? directory : joinPath(directory, write.path.slice(0, folder)));
  return offset;
}

/** Lets the event loop serve clients between two steps of snapshot encoding. */
export function yieldToLoop(clock: Clock): Promise<void> {
  return new Promise((resolve) => void clock.schedule(0, resolve));
}
