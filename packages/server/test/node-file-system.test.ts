/**
 * The FileSystem contract on the real disk, in a fresh temporary directory per case: the
 * server's NodeFileSystem as it runs without the admin endpoint, and wrapped in the admin
 * endpoint's TimedFileSystem as it runs with one. SimFileSystem (sim), MemoryFileSystem (core's
 * test support) and OverlayFileSystem (check-aof) run the same suite, so none drifts from this.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FileSystem } from '@ballast/core';
import { describeFileSystemContract, type FileSystemUnderTest } from '../../core/test/support/file-system-contract.js';
import { TimedFileSystem } from '../src/admin/timed-file-system.js';
import { NodeFileSystem } from '../src/node-file-system.js';

function onRealDisk(fs: () => FileSystem): () => Promise<FileSystemUnderTest> {
  return async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'ballast-node-fs-'));
    return { fs: fs(), root, cleanup: async () => rmSync(root, { recursive: true, force: true }) };
  };
}

describeFileSystemContract('NodeFileSystem', onRealDisk(() => new NodeFileSystem()));
describeFileSystemContract('TimedFileSystem over NodeFileSystem', onRealDisk(() => new TimedFileSystem(new NodeFileSystem(), () => undefined)));
