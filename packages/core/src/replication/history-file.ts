/**
 * The replica's history file (`replica-history` in the data directory): which primary history
 * this node's dataset follows, and how far — valid only for the dataset recovered at LSN `lsn`.
 * It is written (atomically) when everything the stream logged here is committed and the offset
 * of the committed state is therefore known exactly: about once a second while the replica is
 * idle or caught up, and at shutdown after the AOF's last fsync. At start it is used only when
 * recovery's durable cut equals its LSN; otherwise the dataset may hold stream commands past the
 * recorded offset (a crash between two writes of the file), and resending them would apply them
 * twice, so the replica asks for a full sync instead.
 */
import { writeFileAtomically } from '../durability/atomic-file.js';
import type { Clock } from '../io/clock.js';
import { isFileSystemError, joinPath, readWholeFile, type FileSystem } from '../io/file-system.js';
import type { CachedHistory } from './primary-link.js';

export const HISTORY_FILE = 'replica-history';

export interface RecordedHistory extends CachedHistory {
  /** The LSN of the committed state the offset describes. */
  readonly lsn: number;
}

export interface HistoryFileOptions {
  readonly fs: FileSystem;
  readonly clock: Clock;
  /** The data directory. */
  readonly directory: string;
}

/** The recorded history, or null when there is none; throws on an I/O error other than a missing file. */
export async function readHistory(options: HistoryFileOptions): Promise<RecordedHistory | null> {
  let bytes: Uint8Array;
  try {
    bytes = await readWholeFile(options.fs, joinPath(options.directory, HISTORY_FILE));
  } catch (error) {
    if (isFileSystemError(error, 'ENOENT')) return null;
    throw error;
  }
  const match = /^replid ([0-9a-f]{40})\noffset (\d+)\nlsn (\d+)\n$/.exec(new TextDecoder().decode(bytes));
  if (match === null) return null;
  return { replicationId: match[1], offset: Number(match[2]), lsn: Number(match[3]) };
}

export async function writeHistory(options: HistoryFileOptions, history: RecordedHistory): Promise<void> {
  const text = `replid ${history.replicationId}\noffset ${history.offset}\nlsn ${history.lsn}\n`;
  await writeFileAtomically({ ...options, path: HISTORY_FILE, tempPath: `${HISTORY_FILE}.tmp` }, [new TextEncoder().encode(text)]);
}
