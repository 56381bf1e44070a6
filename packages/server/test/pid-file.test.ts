/**
 * `pidfile` on the real ballast-server: written with the server's pid before recovery, removed at
 * a clean exit (SIGTERM, SIGINT, SHUTDOWN) and when start is refused after it was written, left
 * by SIGKILL and overwritten by the next start; one that cannot be written is a warning.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBallast, startBallast } from './support/ballast-server.js';
import { RawClient } from './support/raw-client.js';

const directories: string[] = [];

afterAll(() => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

function pidFilePath(): string {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'ballast-pid-'));
  directories.push(directory);
  return path.join(directory, 'ballast.pid');
}

describe('pidfile', () => {
  it.each(['SIGTERM', 'SIGINT', 'SHUTDOWN'])('holds the pid while serving and goes at a clean exit by %s', async (stop) => {
    const pidFile = pidFilePath();
    const server = await startBallast({ args: ['--pidfile', pidFile] });
    expect(readFileSync(pidFile, 'utf8')).toBe(`${server.process.pid}\n`);
    if (stop === 'SHUTDOWN') {
      const client = await RawClient.connect(server.port);
      client.write('SHUTDOWN\r\n');
    } else {
      server.kill(stop as NodeJS.Signals);
    }
    expect(await server.exited).toBe(0);
    expect(existsSync(pidFile)).toBe(false);
    expect(server.output()).toContain('Removing the pid file.');
    await server.stop();
  });

  it('stays after SIGKILL, and the next start overwrites it', async () => {
    const pidFile = pidFilePath();
    const first = await startBallast({ args: ['--pidfile', pidFile] });
    first.kill('SIGKILL');
    await first.exited;
    expect(readFileSync(pidFile, 'utf8')).toBe(`${first.process.pid}\n`);
    const second = await startBallast({ args: ['--pidfile', pidFile] });
    expect(readFileSync(pidFile, 'utf8')).toBe(`${second.process.pid}\n`);
    await second.stop();
    await first.stop();
    expect(existsSync(pidFile)).toBe(false);
  });

  it('is written before recovery and removed when recovery refuses to start', async () => {
    const pidFile = pidFilePath();
    const directory = path.dirname(pidFile);
    // Shard folders holding data but no manifest: recovery refuses (exit 2).
    const shard = path.join(directory, 'data', 'appendonlydir', 'shard-0');
    mkdirSync(shard, { recursive: true });
    writeFileSync(path.join(shard, 'incr-1.aof'), 'not a frame');
    const refused = await runBallast(['--dir', path.join(directory, 'data'), '--port', '0', '--pidfile', pidFile]);
    expect(refused.code).toBe(2);
    expect(refused.output.indexOf('Removing the pid file.')).toBeGreaterThan(refused.output.indexOf('no ballast.manifest'));
    expect(existsSync(pidFile)).toBe(false);
  });

  it('that cannot be written is a warning: the server starts', async () => {
    const pidFile = path.join(pidFilePath(), 'no-such-folder', 'ballast.pid');
    const server = await startBallast({ args: ['--pidfile', pidFile] });
    expect(server.output()).toContain(`# Failed to write PID file '${pidFile}': ENOENT: no such file or directory`);
    await server.stop();
    expect(await server.exited).toBe(0);
  });
});
