/**
 * GET /ready as an orchestrator sees it: 503 `loading` while a 50,000-entry AOF is recovered
 * (the endpoint starts first) with /health already 200, then 200 while serving; 503 with the
 * MISCONF reason once the disk is full (the data directory is a 1 MiB tmpfs, as in
 * durability/disk-full.test.ts), while /health stays 200 and /metrics says ballast_ready 0 and
 * ballast_aof_write_failed 1 — that case needs `mount` (root) and is skipped with the reason
 * printed otherwise. Every phase is also checked on readiness() itself.
 */
import { execFileSync, spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { Config, Engine, ErrorReply, seededRandom } from '@ballast/core';
import { readiness, type AdminState } from '../src/admin/admin-state.js';
import { Observations } from '../src/admin/observations.js';
import { NodeClock } from '../src/node-clock.js';
import { makeDirectory, removeDirectory, startServer, type Server } from './durability/support.js';
import { BALLAST_BINARY, freePort } from './support/ballast-server.js';
import { get, sample, scrape } from './support/admin-http.js';

const VALUE = 'v'.repeat(10_000);
const WRITES_MAX = 1_000;

function mountTmpfs(directory: string): string | null {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', directory], { stdio: 'pipe' });
    return null;
  } catch (error) {
    return (error as Error).message.split('\n')[0];
  }
}

const mountPoint = makeDirectory('ballast-admin-ready-');
const mountFailure = mountTmpfs(mountPoint);
if (mountFailure !== null) console.warn(`admin /ready disk-full test skipped: cannot mount a tmpfs (${mountFailure})`);
let server: Server | null = null;

afterAll(async () => {
  await server?.kill();
  if (mountFailure === null) execFileSync('umount', [mountPoint]);
  removeDirectory(mountPoint);
});

const RECOVERY_ENTRIES = 50_000;

/** RESP for `count` SETs of 100-byte values, for redis-cli --pipe. */
function setCommands(count: number): string {
  const value = 'x'.repeat(100);
  let text = '';
  for (let index = 0; index < count; index++) {
    const key = `key:${index}`;
    text += `*3\r\n$3\r\nSET\r\n$${key.length}\r\n${key}\r\n$${value.length}\r\n${value}\r\n`;
  }
  return text;
}

describe('GET /ready during recovery', () => {
  const directory = makeDirectory('ballast-admin-recovery-');
  afterAll(() => removeDirectory(directory));

  it('answers 503 loading until the AOF is recovered, /health 200 throughout, then 200 ready', async () => {
    const filler = await startServer(directory);
    execFileSync('redis-cli', ['-p', String(filler.port), '--pipe'], { input: setCommands(RECOVERY_ENTRIES), stdio: ['pipe', 'ignore', 'inherit'] });
    expect(await filler.stop()).toBe(0);

    const adminPort = await freePort();
    const child = spawn(BALLAST_BINARY, ['--port', String(await freePort()), '--dir', directory, '--admin-port', String(adminPort)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
    try {
      const answers: string[] = [];
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline) {
        if (!output.includes('Admin endpoint on')) {
          await new Promise((resolve) => setTimeout(resolve, 2));
          continue;
        }
        const [ready, health] = await Promise.all([get(adminPort, '/ready'), get(adminPort, '/health')]);
        expect(health.status).toBe(200);
        answers.push(`${ready.status} ${ready.body.trim()}`);
        if (ready.status === 200) break;
      }
      expect(answers[0]).toBe('503 loading: recovering the AOF');
      expect(answers.at(-1)).toBe('200 ready');
      expect(new Set(answers)).toEqual(new Set(['503 loading: recovering the AOF', '200 ready']));
      expect(output).toContain(`DB loaded from append only file: ${RECOVERY_ENTRIES} entries`);
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });
});

describe('GET /ready after a disk error', () => {
  it.skipIf(mountFailure !== null)('answers 503 with the MISCONF reason once a write fails', async () => {
    const adminPort = await freePort();
    server = await startServer(mountPoint, ['--appendfsync', 'always', '--admin-port', String(adminPort)]);
    expect(await get(adminPort, '/ready')).toMatchObject({ status: 200, body: 'ready\n' });
    const client = await server.connect();
    let refusal: ErrorReply | null = null;
    for (let index = 0; refusal === null && index < WRITES_MAX; index++) {
      const reply = await client.call('SET', `key:${index}`, VALUE);
      if (reply instanceof ErrorReply) refusal = reply;
    }
    expect(refusal?.message).toMatch(/^MISCONF .*ENOSPC/);

    const ready = await get(adminPort, '/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatch(/^MISCONF Errors writing to the AOF file: ENOSPC/);
    expect(await get(adminPort, '/health')).toMatchObject({ status: 200 });
    const metrics = await scrape(adminPort);
    expect(sample(metrics, 'ballast_ready')).toBe(0);
    expect(sample(metrics, 'ballast_aof_write_failed')).toBe(1);
    client.close();
  });
});

describe('readiness', () => {
  it('is not ready while recovering or stopping, nor after a durability failure', () => {
    const engine = new Engine({
      config: new Config({}), clock: new NodeClock(), random: seededRandom(1),
      host: { version: '0', processId: 1, runId: 'r'.repeat(40), tcpPort: 0, executable: '', configFile: '', os: 'linux', memoryUsage: () => ({ usedBytes: 0, rssBytes: 0 }) },
    });
    const state: AdminState = { engine, observations: new Observations(), version: '0', phase: 'recovering', persistence: null };
    expect(readiness(state)).toEqual({ ready: false, reason: 'loading: recovering the AOF' });
    state.phase = 'serving';
    expect(readiness(state)).toEqual({ ready: true });
    engine.onDurabilityFailure('EIO: sync \'shard-0/incr-1.aof\'');
    expect(readiness(state)).toEqual({ ready: false, reason: 'MISCONF Errors writing to the AOF file: EIO: sync \'shard-0/incr-1.aof\'' });
    state.phase = 'stopping';
    expect(readiness(state)).toEqual({ ready: false, reason: 'shutting down' });
  });
});
