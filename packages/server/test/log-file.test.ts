/**
 * `logfile`: LogFile on the real disk (creation mode, appending, reopening after a move, a
 * failed reopen, copytruncate), and the real ballast-server rotated by a move and SIGHUP while it
 * logs, with every line in exactly one of the two files; a log file that cannot be opened
 * refuses start.
 */
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LogFile } from '../src/log-file.js';
import { runBallast, startBallast } from './support/ballast-server.js';
import { RawClient } from './support/raw-client.js';

const directories: string[] = [];

afterAll(() => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

function temporaryDirectory(): string {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'ballast-log-'));
  directories.push(directory);
  return directory;
}

describe('LogFile', () => {
  it('creates a missing file with mode 0644 whatever the umask allows', () => {
    const file = path.join(temporaryDirectory(), 'ballast.log');
    const umask = process.umask(0);
    try {
      LogFile.open(file).close();
    } finally {
      process.umask(umask);
    }
    expect(statSync(file).mode & 0o777).toBe(0o644);
  });

  it('appends to an existing file', () => {
    const file = path.join(temporaryDirectory(), 'ballast.log');
    writeFileSync(file, 'an earlier line\n');
    const log = LogFile.open(file);
    log.write('a new line\n');
    log.close();
    expect(readFileSync(file, 'utf8')).toBe('an earlier line\na new line\n');
  });

  it('after a move, writes to the moved file until reopen(), then to a new file at the path', () => {
    const directory = temporaryDirectory();
    const file = path.join(directory, 'ballast.log');
    const log = LogFile.open(file);
    log.write('one\n');
    renameSync(file, `${file}.1`);
    log.write('two\n');
    expect(log.reopen()).toBeNull();
    log.write('three\n');
    log.close();
    expect(readFileSync(`${file}.1`, 'utf8')).toBe('one\ntwo\n');
    expect(readFileSync(file, 'utf8')).toBe('three\n');
  });

  it('keeps writing to the old file when the path cannot be reopened', () => {
    const directory = temporaryDirectory();
    const file = path.join(directory, 'logs', 'ballast.log');
    mkdirSync(path.dirname(file));
    const log = LogFile.open(file);
    log.write('before\n');
    renameSync(path.join(directory, 'logs'), path.join(directory, 'logs.old'));
    expect(log.reopen()).toBe('ENOENT: no such file or directory');
    log.write('after a failed reopen\n');
    log.close();
    expect(readFileSync(path.join(directory, 'logs.old', 'ballast.log'), 'utf8')).toBe('before\nafter a failed reopen\n');
  });

  it('after copytruncate, the next line starts at the truncated end (no hole of zeros)', () => {
    const file = path.join(temporaryDirectory(), 'ballast.log');
    const log = LogFile.open(file);
    log.write('a line before the copy\n');
    truncateSync(file, 0);
    log.write('after\n');
    log.close();
    expect(readFileSync(file, 'utf8')).toBe('after\n');
  });
});

const MARK = 'rotation-mark-';
const BATCH = 25;

/** Has the server log `count` numbered lines through Lua's redis.log, BATCH per round trip. */
async function logMarks(client: RawClient, from: number, count: number): Promise<void> {
  const script = 'redis.log(redis.LOG_WARNING, ARGV[1])';
  for (let start = from; start < from + count; start += BATCH) {
    const end = Math.min(start + BATCH, from + count);
    for (let index = start; index < end; index++) {
      const mark = `${MARK}${index}`;
      client.write(`*4\r\n$4\r\nEVAL\r\n$${script.length}\r\n${script}\r\n$1\r\n0\r\n$${mark.length}\r\n${mark}\r\n`);
    }
    for (let index = start; index < end; index++) await client.read();
  }
}

function marksIn(text: string): number[] {
  return [...text.matchAll(new RegExp(`${MARK}(\\d+)$`, 'gm'))].map((match) => Number(match[1]));
}

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('ballast-server with logfile', () => {
  it('logs to the file, not stdout, and a move + SIGHUP rotation loses no line', async () => {
    const file = path.join(temporaryDirectory(), 'ballast.log');
    const rotated = `${file}.1`;
    const server = await startBallast({ logFile: file });
    expect(server.output().match(/Ready to accept connections tcp/g), 'the ready line, once: in the file, not on stdout').toHaveLength(1);
    const client = await RawClient.connect(server.port);
    await logMarks(client, 0, 200);
    renameSync(file, rotated);
    server.kill('SIGHUP');
    // Lines logged while the signal is on its way land in the moved file; later ones in the new file.
    await logMarks(client, 200, 200);
    await waitFor(() => readFileSync(file, 'utf8').includes('log file reopened'), 'the reopened file');
    await logMarks(client, 400, 100);
    client.close();
    await server.stop();
    const before = readFileSync(rotated, 'utf8');
    const after = readFileSync(file, 'utf8');
    const old = marksIn(before);
    const fresh = marksIn(after);
    expect([...old, ...fresh], 'every line exactly once, in order').toEqual(Array.from({ length: 500 }, (_, index) => index));
    expect(old.length).toBeGreaterThanOrEqual(200);
    expect(fresh.length).toBeGreaterThanOrEqual(100);
    expect(after.split('\n')[0]).toMatch(/\* Received SIGHUP, log file reopened\.$/);
    expect(before).toContain('Ready to accept connections tcp');
    expect(after).toContain('Ballast is now ready to exit, bye bye...');
  });

  it('refuses to start when the log file cannot be opened, naming it and the reason', async () => {
    const directory = temporaryDirectory();
    const missing = await runBallast(['--dir', directory, '--logfile', path.join(directory, 'no-such-folder', 'ballast.log')]);
    expect(missing.code).toBe(1);
    expect(missing.output).toBe(`ballast-server: Can't open the log file '${path.join(directory, 'no-such-folder', 'ballast.log')}': ENOENT: no such file or directory\n`);
  });
});
