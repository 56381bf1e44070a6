/**
 * OverlayFileSystem: the FileSystem contract every implementation runs (so recovery's dry run
 * sees what it would see on the real disk), then the point of it: the real files never change.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeFileSystemContract } from '../../../core/test/support/file-system-contract.js';
import { OverlayFileSystem } from '../../src/check-aof/overlay-file-system.js';

describeFileSystemContract('OverlayFileSystem', async () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'ballast-overlay-'));
  return { fs: new OverlayFileSystem(), root, cleanup: async () => rmSync(root, { recursive: true, force: true }) };
});

describe('OverlayFileSystem: the disk stays as it was', () => {
  it('writes, truncates, renames, unlinks and creates only in memory, and reads see them', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'ballast-overlay-'));
    try {
      mkdirSync(path.join(root, 'shard-0'));
      writeFileSync(path.join(root, 'shard-0', 'incr-1.aof'), 'abcdef');
      writeFileSync(path.join(root, 'manifest'), 'old');
      const fs = new OverlayFileSystem();
      const handle = await fs.open(`${root}/shard-0/incr-1.aof`);
      await handle.truncate(3);
      await handle.write(3, new TextEncoder().encode('XY'));
      expect(new TextDecoder().decode(await handle.read(0, 10))).toBe('abcXY');
      const created = await fs.open(`${root}/shard-0/incr-1.aof.torn-3`, { create: true });
      await created.write(0, new TextEncoder().encode('def'));
      await fs.rename(`${root}/manifest`, `${root}/manifest.moved`);
      await fs.makeDirectory(`${root}/shard-1`);
      expect(await fs.readDirectory(root)).toEqual(['manifest.moved', 'shard-0', 'shard-1']);
      expect(await fs.readDirectory(`${root}/shard-0`)).toEqual(['incr-1.aof', 'incr-1.aof.torn-3']);
      await fs.unlink(`${root}/shard-0/incr-1.aof`);
      await expect(fs.stat(`${root}/shard-0/incr-1.aof`)).rejects.toMatchObject({ code: 'ENOENT' });

      expect(readdirSync(root).sort()).toEqual(['manifest', 'shard-0']);
      expect(readdirSync(path.join(root, 'shard-0'))).toEqual(['incr-1.aof']);
      expect(readFileSync(path.join(root, 'shard-0', 'incr-1.aof'), 'latin1')).toBe('abcdef');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
