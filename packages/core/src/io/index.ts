export type { Clock, TimerHandle } from './clock.js';
export type { Random } from './random.js';
export { randomIndex, seededRandom } from './random.js';
export { FileSystemError, isFileSystemError, joinPath, parentPath, readWholeFile } from './file-system.js';
export type { FileHandle, FileSystem, FileSystemErrorCode, OpenOptions } from './file-system.js';
export type { Link, LinkEvents, Network } from './network.js';
