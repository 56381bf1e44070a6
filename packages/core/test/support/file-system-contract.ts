/**
 * The FileSystem contract: what core relies on from any FileSystem, as one reusable vitest
 * suite. Every implementation (NodeFileSystem in server, SimFileSystem in sim) runs it, so the
 * simulator cannot drift from the real disk. It checks behaviour visible through the interface
 * only — nothing about durability, which needs a crash to observe and is each host's own test.
 *
 * `run` drives a pending call to completion (the simulator fires its events); real file
 * systems leave it out.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  isFileSystemError,
  joinPath,
  readWholeFile,
  type FileHandle,
  type FileSystem,
  type FileSystemErrorCode,
} from '../../src/io/file-system.js';

export interface FileSystemUnderTest {
  readonly fs: FileSystem;
  /** An existing, empty directory the suite may use freely. */
  readonly root: string;
  readonly run?: <T>(promise: Promise<T>) => Promise<T>;
  cleanup(): Promise<void>;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const bytes = (text: string): Uint8Array => encoder.encode(text);
const text = (data: Uint8Array): string => decoder.decode(data);

export function describeFileSystemContract(name: string, makeFs: () => Promise<FileSystemUnderTest>): void {
  describe(`FileSystem contract: ${name}`, () => {
    let subject: FileSystemUnderTest;
    let fs: FileSystem;

    beforeEach(async () => {
      subject = await makeFs();
      fs = subject.fs;
    });
    afterEach(async () => {
      await subject.cleanup();
    });

    const io = <T>(promise: Promise<T>): Promise<T> => (subject.run === undefined ? promise : subject.run(promise));
    const at = (...parts: string[]): string => joinPath(subject.root, ...parts);

    async function expectError(promise: Promise<unknown>, code: FileSystemErrorCode): Promise<void> {
      const outcome = await io(promise).then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      );
      expect('error' in outcome, `expected ${code}, got a result`).toBe(true);
      const error = (outcome as { error: unknown }).error;
      expect(isFileSystemError(error, code), `expected a FileSystemError ${code}, got ${String(error)}`).toBe(true);
    }

    async function writeFile(path: string, content: string): Promise<void> {
      const handle = await io(fs.open(path, { create: true }));
      await io(handle.write(0, bytes(content)));
      await io(handle.close());
    }

    async function readFile(path: string): Promise<string> {
      return text(await io(readWholeFile(fs, path)));
    }

    async function withFile<T>(path: string, use: (handle: FileHandle) => Promise<T>): Promise<T> {
      const handle = await io(fs.open(path, { create: true }));
      try {
        return await use(handle);
      } finally {
        await io(handle.close());
      }
    }

    describe('open', () => {
      it('fails with ENOENT for a missing file without create', async () => {
        await expectError(fs.open(at('missing')), 'ENOENT');
      });

      it('creates an empty file with create, and opens an existing one', async () => {
        const handle = await io(fs.open(at('new'), { create: true }));
        expect(handle.path).toBe(at('new'));
        expect(await io(handle.size())).toBe(0);
        await io(handle.close());
        expect(await io(fs.stat(at('new')))).toEqual({ size: 0, directory: false });
        await io((await io(fs.open(at('new')))).close());
      });

      it('fails with EEXIST for create + exclusive when the file exists', async () => {
        await writeFile(at('taken'), 'x');
        await expectError(fs.open(at('taken'), { create: true, exclusive: true }), 'EEXIST');
        await io((await io(fs.open(at('fresh'), { create: true, exclusive: true }))).close());
        expect(await readFile(at('taken'))).toBe('x');
      });

      it('with create, keeps the content of an existing file', async () => {
        await writeFile(at('kept'), 'content');
        await io((await io(fs.open(at('kept'), { create: true }))).close());
        expect(await readFile(at('kept'))).toBe('content');
      });

      it('fails with ENOENT when the parent directory is missing', async () => {
        await expectError(fs.open(at('no-such-dir', 'file'), { create: true }), 'ENOENT');
      });

      it('fails with EISDIR for a directory', async () => {
        await io(fs.makeDirectory(at('dir')));
        await expectError(fs.open(at('dir')), 'EISDIR');
      });
    });

    describe('read and write', () => {
      it('writes at offsets, overwriting in place', async () => {
        await withFile(at('f'), async (handle) => {
          await io(handle.write(0, bytes('hello')));
          await io(handle.write(1, bytes('XY')));
          expect(text(await io(handle.read(0, 5)))).toBe('hXYlo');
          expect(await io(handle.size())).toBe(5);
        });
      });

      it('fills a hole before a write past the end with zeros', async () => {
        await withFile(at('f'), async (handle) => {
          await io(handle.write(0, bytes('ab')));
          await io(handle.write(6, bytes('z')));
          expect(await io(handle.size())).toBe(7);
          expect([...(await io(handle.read(0, 7)))]).toEqual([97, 98, 0, 0, 0, 0, 122]);
        });
      });

      it('reads fewer bytes at the end and none past it', async () => {
        await withFile(at('f'), async (handle) => {
          await io(handle.write(0, bytes('abcdef')));
          expect(text(await io(handle.read(3, 100)))).toBe('def');
          expect((await io(handle.read(6, 10))).length).toBe(0);
          expect((await io(handle.read(100, 10))).length).toBe(0);
          expect(text(await io(handle.read(2, 2)))).toBe('cd');
        });
      });

      it('keeps written data across close and reopen, with sync', async () => {
        await withFile(at('f'), async (handle) => {
          await io(handle.write(0, bytes('durable?')));
          await io(handle.sync());
        });
        expect(await readFile(at('f'))).toBe('durable?');
        expect((await io(fs.stat(at('f')))).size).toBe(8);
      });

      it('is not affected by changes to the caller\'s buffer after the write resolves', async () => {
        await withFile(at('f'), async (handle) => {
          const buffer = bytes('abc');
          await io(handle.write(0, buffer));
          buffer[0] = 120;
          expect(text(await io(handle.read(0, 3)))).toBe('abc');
        });
      });

      it('writes durably through writeDurable when the implementation has it', async () => {
        await withFile(at('f'), async (handle) => {
          if (handle.writeDurable === undefined) return;
          await io(handle.writeDurable(0, bytes('now')));
          expect(text(await io(handle.read(0, 3)))).toBe('now');
        });
      });
    });

    describe('truncate', () => {
      it('cuts a file and grows it with zeros', async () => {
        await withFile(at('f'), async (handle) => {
          await io(handle.write(0, bytes('abcdef')));
          await io(handle.truncate(2));
          expect(await io(handle.size())).toBe(2);
          expect(text(await io(handle.read(0, 10)))).toBe('ab');
          await io(handle.truncate(4));
          expect([...(await io(handle.read(0, 10)))]).toEqual([97, 98, 0, 0]);
        });
      });

      it('to zero, then rewritten, holds only the new bytes', async () => {
        await writeFile(at('f'), 'old content');
        const handle = await io(fs.open(at('f')));
        await io(handle.truncate(0));
        await io(handle.write(0, bytes('new')));
        await io(handle.close());
        expect(await readFile(at('f'))).toBe('new');
      });
    });

    describe('rename', () => {
      it('moves a file to a new name', async () => {
        await writeFile(at('a'), 'A');
        await io(fs.rename(at('a'), at('b')));
        expect(await readFile(at('b'))).toBe('A');
        await expectError(fs.stat(at('a')), 'ENOENT');
      });

      it('replaces an existing file atomically', async () => {
        await writeFile(at('next.tmp'), 'new');
        await writeFile(at('current'), 'old');
        await io(fs.rename(at('next.tmp'), at('current')));
        expect(await readFile(at('current'))).toBe('new');
        expect(await io(fs.readDirectory(subject.root))).toEqual(['current']);
      });

      it('moves a file into another directory', async () => {
        await io(fs.makeDirectory(at('sub')));
        await writeFile(at('a'), 'A');
        await io(fs.rename(at('a'), at('sub', 'a')));
        expect(await readFile(at('sub', 'a'))).toBe('A');
        expect(await io(fs.readDirectory(subject.root))).toEqual(['sub']);
      });

      it('fails with ENOENT when the source is missing', async () => {
        await expectError(fs.rename(at('missing'), at('b')), 'ENOENT');
      });

      it('keeps an open handle on the renamed file working', async () => {
        const handle = await io(fs.open(at('a'), { create: true }));
        await io(fs.rename(at('a'), at('b')));
        await io(handle.write(0, bytes('still')));
        await io(handle.close());
        expect(await readFile(at('b'))).toBe('still');
      });
    });

    describe('unlink', () => {
      it('removes a file', async () => {
        await writeFile(at('gone'), 'x');
        await io(fs.unlink(at('gone')));
        await expectError(fs.stat(at('gone')), 'ENOENT');
        await expectError(fs.open(at('gone')), 'ENOENT');
        expect(await io(fs.readDirectory(subject.root))).toEqual([]);
      });

      it('fails with ENOENT when the file is missing', async () => {
        await expectError(fs.unlink(at('missing')), 'ENOENT');
      });
    });

    describe('directories', () => {
      it('lists entry names sorted, files and directories alike', async () => {
        for (const file of ['b', 'c', 'a']) await writeFile(at(file), file);
        await io(fs.makeDirectory(at('d')));
        await io(fs.makeDirectory(at('0')));
        expect(await io(fs.readDirectory(subject.root))).toEqual(['0', 'a', 'b', 'c', 'd']);
      });

      it('fails to list a missing directory with ENOENT', async () => {
        await expectError(fs.readDirectory(at('missing')), 'ENOENT');
      });

      it('makes missing parents, and accepts an existing directory', async () => {
        await io(fs.makeDirectory(at('x', 'y', 'z')));
        expect(await io(fs.stat(at('x', 'y', 'z')))).toMatchObject({ directory: true });
        expect(await io(fs.readDirectory(at('x')))).toEqual(['y']);
        await io(fs.makeDirectory(at('x', 'y')));
        await io(fs.makeDirectory(at('x', 'y', 'z')));
        expect(await io(fs.readDirectory(at('x', 'y')))).toEqual(['z']);
      });

      it('removes an empty directory, and refuses a non-empty one with ENOTEMPTY', async () => {
        await io(fs.makeDirectory(at('full')));
        await writeFile(at('full', 'f'), 'x');
        await expectError(fs.removeDirectory(at('full')), 'ENOTEMPTY');
        await io(fs.unlink(at('full', 'f')));
        await io(fs.removeDirectory(at('full')));
        await expectError(fs.stat(at('full')), 'ENOENT');
      });

      it('fails to remove a missing directory with ENOENT', async () => {
        await expectError(fs.removeDirectory(at('missing')), 'ENOENT');
      });
    });

    describe('stat', () => {
      it('reports the size of a file and whether it is a directory', async () => {
        await writeFile(at('f'), '12345');
        expect(await io(fs.stat(at('f')))).toEqual({ size: 5, directory: false });
        await io(fs.makeDirectory(at('d')));
        expect((await io(fs.stat(at('d')))).directory).toBe(true);
        expect((await io(fs.stat(subject.root))).directory).toBe(true);
      });

      it('fails with ENOENT for a missing path', async () => {
        await expectError(fs.stat(at('missing')), 'ENOENT');
        await expectError(fs.stat(at('missing', 'deeper')), 'ENOENT');
      });
    });

    describe('sync', () => {
      it('syncs files and directories', async () => {
        await withFile(at('f'), async (handle) => {
          await io(handle.write(0, bytes('x')));
          await io(handle.sync());
        });
        await io(fs.syncDirectory(subject.root));
        expect(await readFile(at('f'))).toBe('x');
      });

      it('fails to sync a missing directory with ENOENT', async () => {
        await expectError(fs.syncDirectory(at('missing')), 'ENOENT');
      });
    });
  });
}
