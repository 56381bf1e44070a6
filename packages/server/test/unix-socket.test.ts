/**
 * The unix socket (unixsocket, unixsocketperm) on the real binary: redis-cli -s, the socket
 * file's permissions, CLIENT LIST's view of a unix client (as redis-server 7.0.15 shows it:
 * addr and laddr `path:0`, flag U), protected mode letting unix clients in with no password
 * while the server is bound to a non-loopback address, a unix socket alone (port 0), the stale
 * socket a SIGKILLed server leaves (replaced at the next start), a live one (refused) and a file
 * that is not a socket (refused), and the file gone after a clean shutdown.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBallast, startBallast, type RunningBallast } from './support/ballast-server.js';

const run = promisify(execFile);
let directory: string;
const servers: RunningBallast[] = [];

beforeAll(() => {
  directory = mkdtempSync(path.join(os.tmpdir(), 'ballast-unix-'));
});

afterAll(async () => {
  for (const server of servers.splice(0)) await server.stop();
  rmSync(directory, { recursive: true, force: true });
});

async function start(args: string[]): Promise<RunningBallast> {
  const server = await startBallast({ args });
  servers.push(server);
  return server;
}

async function cliOver(socketPath: string, ...command: string[]): Promise<string> {
  return (await run('redis-cli', ['-s', socketPath, ...command])).stdout.trim();
}

describe('unixsocket', () => {
  it('serves redis-cli -s with the file\'s permissions from unixsocketperm, and shows its clients as Redis does', async () => {
    const socketPath = path.join(directory, 'served.sock');
    const server = await start(['--unixsocket', socketPath, '--unixsocketperm', '770']);
    expect(statSync(socketPath).isSocket()).toBe(true);
    expect(statSync(socketPath).mode & 0o777).toBe(0o770);
    expect(await cliOver(socketPath, 'SET', 'unix:k', 'v')).toBe('OK');
    expect((await run('redis-cli', ['-p', String(server.port), 'GET', 'unix:k'])).stdout.trim(), 'the TCP port serves the same data').toBe('v');
    const info = await cliOver(socketPath, 'CLIENT', 'INFO');
    expect(info).toContain(`addr=${socketPath}:0 laddr=${socketPath}:0 fd=`);
    expect(info).toMatch(/ flags=U /);
    expect(server.output()).toContain('Ready to accept connections tcp');
    expect(server.output()).toContain('Ready to accept connections unix');
  });

  it('lets unix clients in without a password under protected mode, while bound to a non-loopback address', async () => {
    const socketPath = path.join(directory, 'protected.sock');
    const server = await start(['--bind', '0.0.0.0', '--unixsocket', socketPath, '--unixsocketperm', '700']);
    expect(statSync(socketPath).mode & 0o777).toBe(0o700);
    expect(await cliOver(socketPath, 'PING')).toBe('PONG');
    expect(await cliOver(socketPath, 'CONFIG', 'GET', 'protected-mode')).toBe('protected-mode\nyes');
    expect(server.output()).not.toContain('Denied connection');
  });

  it('listens on the unix socket alone with port 0', async () => {
    const socketPath = path.join(directory, 'alone.sock');
    const server = await start(['--port', '0', '--unixsocket', socketPath]);
    expect(await cliOver(socketPath, 'PING')).toBe('PONG');
    expect(server.output()).toContain('Running mode=standalone, port=0');
    expect(server.output()).not.toContain('Ready to accept connections tcp');
  });

  it('replaces the stale socket of a killed server, refuses a live one, and removes its file at a clean shutdown', async () => {
    const socketPath = path.join(directory, 'stale.sock');
    const killed = await start(['--unixsocket', socketPath]);
    killed.kill('SIGKILL');
    await killed.exited;
    expect(statSync(socketPath).isSocket(), 'SIGKILL leaves the file').toBe(true);

    const next = await start(['--unixsocket', socketPath]);
    expect(next.output()).toContain(`Removed the stale unix socket ${socketPath} of an earlier run`);
    expect(await cliOver(socketPath, 'PING')).toBe('PONG');

    const rival = await runBallast(['--port', '0', '--dir', directory, '--appendonly', 'no', '--unixsocket', socketPath]);
    expect(rival.code).toBe(2);
    expect(rival.output).toContain(`Failed opening unix socket ${socketPath}: another server is accepting connections on ${socketPath}`);
    expect(await cliOver(socketPath, 'PING'), 'the running server keeps its socket').toBe('PONG');

    next.kill('SIGTERM');
    expect(await next.exited).toBe(0);
    expect(existsSync(socketPath)).toBe(false);
  });

  it('refuses to start on a path that holds a file that is not a socket, and leaves the file alone', async () => {
    const filePath = path.join(directory, 'notes.txt');
    writeFileSync(filePath, 'keep me\n');
    const { code, output } = await runBallast(['--port', '0', '--dir', directory, '--appendonly', 'no', '--unixsocket', filePath]);
    expect(code).toBe(2);
    expect(output).toContain(`Failed opening unix socket ${filePath}: ${filePath} exists and is not a socket`);
    expect(statSync(filePath).isFile()).toBe(true);
  });
});
