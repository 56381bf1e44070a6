/**
 * `supervised` on the real ballast-server. systemd: a fake NOTIFY_SOCKET (support/fake-notify-
 * socket.ts) receives what systemd-notify sends; READY=1 must come after the recovery of a
 * 100,000-entry AOF has been logged and the port is open, and STOPPING=1 at shutdown; a SIGTERM
 * during that recovery stops the server once it has finished, never serving. upstart:
 * the server stops itself with SIGSTOP once ready. How `supervised` reads the environment is
 * checked in process.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimpleString } from '@ballast/core';
import { resolveSupervision } from '../src/supervision.js';
import { BALLAST_BINARY, freePort, startBallast } from './support/ballast-server.js';
import { FakeNotifySocket } from './support/fake-notify-socket.js';
import { RawClient } from './support/raw-client.js';

const KEYS = 100_000;
const directories: string[] = [];
let dataset = '';

function temporaryDirectory(): string {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'ballast-supervised-'));
  directories.push(directory);
  return directory;
}

/** Writes KEYS SETs (one AOF entry each), pipelined, and stops the server cleanly. */
async function writeDataset(directory: string): Promise<void> {
  const server = await startBallast({ args: ['--dir', directory] });
  const client = await RawClient.connect(server.port);
  const commands: string[] = [];
  for (let index = 0; index < KEYS; index++) {
    const key = `key:${index}`;
    commands.push(`*3\r\n$3\r\nSET\r\n$${key.length}\r\n${key}\r\n$${key.length}\r\n${key}\r\n`);
  }
  client.write(commands.join(''));
  for (let index = 0; index < KEYS; index++) await client.read();
  client.close();
  await server.stop();
}

/** ballast-server under `supervised systemd` on a copy of the dataset, logging to a file the fake socket snapshots. */
async function startSupervised() {
  const directory = temporaryDirectory();
  cpSync(dataset, directory, { recursive: true });
  const logFile = path.join(directory, 'ballast.log');
  const notifySocket = await FakeNotifySocket.start(logFile);
  const port = await freePort();
  const child = spawn(BALLAST_BINARY, ['--port', String(port), '--dir', directory, '--logfile', logFile, '--supervised', 'systemd'], {
    stdio: 'ignore', env: { ...process.env, NOTIFY_SOCKET: notifySocket.path },
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { logFile, notifySocket, port, child, exited };
}

beforeAll(async () => {
  dataset = temporaryDirectory();
  await writeDataset(dataset);
}, 60_000);

afterAll(() => {
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
});

describe('supervised systemd', () => {
  it('sends READY=1 only once recovery has finished and the port accepts connections, STOPPING=1 at shutdown', async () => {
    const { logFile, notifySocket, port, child, exited } = await startSupervised();
    try {
      const ready = await notifySocket.waitFor('READY', '1');
      expect(ready.log, 'recovery was logged before READY=1').toContain(`DB loaded from append only file: ${KEYS} entries`);
      expect(ready.log).toContain('Ready to accept connections tcp');
      expect(ready.fields).toMatchObject({ STATUS: 'Ready to accept connections', MAINPID: String(child.pid) });
      const client = await RawClient.connect(port);
      expect(await client.call('DBSIZE')).toBe(KEYS);
      client.close();
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      // The server waits for its notifications to be delivered before it exits.
      expect(notifySocket.messages().map((message) => message.fields)).toEqual([
        { MAINPID: String(child.pid), STATUS: 'Loading the dataset' },
        { MAINPID: String(child.pid), STATUS: 'Ready to accept connections', READY: '1' },
        { MAINPID: String(child.pid), STATUS: 'Shutting down: flushing the AOF', STOPPING: '1' },
      ]);
      expect(readFileSync(logFile, 'utf8')).toContain('Supervised by systemd.');
    } finally {
      child.kill('SIGKILL');
      notifySocket.close();
    }
  }, 60_000);

  it('a SIGTERM while the AOF loads stops the server once recovery has finished, without READY=1 and without serving', async () => {
    const { logFile, notifySocket, child, exited } = await startSupervised();
    try {
      const loading = await notifySocket.waitFor('STATUS', 'Loading the dataset');
      expect(loading.log, 'sent before recovery').not.toContain('DB loaded');
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      const log = readFileSync(logFile, 'utf8');
      expect(log).toMatch(/# Received SIGTERM during loading, scheduling shutdown\.\n(.*\n)*.*DB loaded from append only file(.*\n)*.*# Received SIGTERM: shutting down\n/);
      expect(log).not.toContain('Ready to accept connections');
      expect(log).toContain('The AOF is flushed and fsynced.');
      expect(notifySocket.messages().map((message) => message.fields)).toEqual([
        { MAINPID: String(child.pid), STATUS: 'Loading the dataset' },
        { MAINPID: String(child.pid), STATUS: 'Shutting down: flushing the AOF', STOPPING: '1' },
      ]);
    } finally {
      child.kill('SIGKILL');
      notifySocket.close();
    }
  }, 60_000);

  it('auto means systemd when NOTIFY_SOCKET is set', async () => {
    const notifySocket = await FakeNotifySocket.start();
    const server = await startBallast({ args: ['--supervised', 'auto'], env: { NOTIFY_SOCKET: notifySocket.path } });
    try {
      await notifySocket.waitFor('READY', '1');
    } finally {
      await server.stop();
      notifySocket.close();
    }
  });
});

describe('supervised upstart', () => {
  it('stops itself with SIGSTOP once ready; after SIGCONT it serves', async () => {
    const server = await startBallast({ args: ['--supervised', 'upstart'], env: { UPSTART_JOB: 'ballast' } });
    const state = () => readFileSync(`/proc/${server.process.pid}/stat`, 'utf8').split(') ')[1][0];
    const announced = () => /Ready to accept connections tcp\n.*supervised by upstart, will stop to signal readiness\./.test(server.output());
    const deadline = Date.now() + 10_000;
    while (!(announced() && state() === 'T') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(announced(), server.output()).toBe(true);
    expect(state(), 'stopped').toBe('T');
    server.kill('SIGCONT');
    const client = await RawClient.connect(server.port);
    expect(await client.call('PING')).toEqual(new SimpleString('PONG'));
    client.close();
    await server.stop();
  });
});

describe('resolveSupervision', () => {
  it.each([
    ['no', { NOTIFY_SOCKET: '/run/notify', UPSTART_JOB: 'job' }, { kind: 'none' }],
    ['auto', {}, { kind: 'none' }],
    ['auto', { NOTIFY_SOCKET: '/run/notify' }, { kind: 'systemd' }],
    ['auto', { NOTIFY_SOCKET: '/run/notify', UPSTART_JOB: 'job' }, { kind: 'upstart' }],
    ['systemd', { NOTIFY_SOCKET: '/run/notify' }, { kind: 'systemd' }],
    ['systemd', {}, { kind: 'none', warning: 'systemd supervision error: NOTIFY_SOCKET not found!' }],
    ['upstart', { UPSTART_JOB: 'job' }, { kind: 'upstart' }],
    ['upstart', { NOTIFY_SOCKET: '/run/notify' }, { kind: 'none', warning: 'upstart supervision requested, but UPSTART_JOB not found!' }],
  ])('supervised %s with %j', (mode, environment, expected) => {
    expect(resolveSupervision(mode, environment)).toEqual(expected);
  });
});
