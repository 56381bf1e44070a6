/**
 * The aclfile on a FileSystem: ACL LOAD and the start read it whole; ACL SAVE replaces it
 * atomically (temp file, fsync, rename, directory fsync — writeFileAtomically), so a crash leaves
 * the old file or the new one. Saves run one after another: two ACL SAVEs never share the temp
 * file. Errors read as Redis's strerror texts (ACL LOAD's "opening file … : No such file or directory").
 */
import type { AclFileStore } from '../commands/acl/acl-file.js';
import type { Clock } from '../io/clock.js';
import { isFileSystemError, joinPath, readWholeFile, type FileSystem } from '../io/file-system.js';
import { byteStringToBytes, bytesToByteString, type ByteString } from '../resp/byte-string.js';
import { writeFileAtomically } from './atomic-file.js';

const STRERROR: Record<string, string> = {
  ENOENT: 'No such file or directory',
  EISDIR: 'Is a directory',
  ENOTDIR: 'Not a directory',
  EIO: 'Input/output error',
  ENOSPC: 'No space left on device',
};

export interface AclFileLocation {
  readonly fs: FileSystem;
  readonly clock: Clock;
  /** The directory holding the file (fsynced after the rename). */
  readonly directory: string;
  /** The file's name inside `directory`. */
  readonly name: string;
  /** The path as configured, for messages. */
  readonly path: string;
}

export class FileSystemAclStore implements AclFileStore {
  readonly path: string;
  private saving: Promise<unknown> = Promise.resolve();

  constructor(private readonly location: AclFileLocation) {
    this.path = location.path;
  }

  async read(): Promise<ByteString> {
    try {
      return bytesToByteString(await readWholeFile(this.location.fs, joinPath(this.location.directory, this.location.name)));
    } catch (error) {
      throw new Error(isFileSystemError(error) ? STRERROR[error.code] ?? error.code : (error as Error).message);
    }
  }

  write(text: ByteString): Promise<void> {
    const { fs, clock, directory, name } = this.location;
    const save = this.saving.then(async () => {
      await writeFileAtomically({ fs, clock, directory, path: name, tempPath: `${name}.tmp` }, [byteStringToBytes(text)]);
    });
    this.saving = save.catch(() => undefined);
    return save;
  }
}
