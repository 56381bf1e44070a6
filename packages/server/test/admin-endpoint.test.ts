/**
 * The admin endpoint's routes on the real binary: /health, /ready, /info as JSON, unknown paths
 * and methods; off unless admin-port is set; a taken admin port stops the start with exit 2.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, runBallast, startBallast } from './support/ballast-server.js';
import { get, startWithAdmin, type AdminBallast } from './support/admin-http.js';
import { RawClient } from './support/raw-client.js';

let server: AdminBallast;

beforeAll(async () => {
  server = await startWithAdmin();
});

afterAll(async () => {
  await server?.stop();
});

describe('admin routes', () => {
  it('logs where it listens and on which backend', () => {
    expect(server.output()).toContain(`Admin endpoint on http://127.0.0.1:${server.adminPort} (uWebSockets.js): /health /ready /metrics /info`);
  });

  it('GET /health and /ready answer 200 on a serving server', async () => {
    expect(await get(server.adminPort, '/health')).toEqual({ status: 200, type: 'text/plain; charset=utf-8', body: 'ok\n' });
    expect(await get(server.adminPort, '/ready')).toMatchObject({ status: 200, body: 'ready\n' });
  });

  it('GET /info is INFO as JSON: sections by name, numbers as numbers, name=value lists as objects', async () => {
    const client = await RawClient.connect(server.port);
    await client.call('SET', 'info-key', 'v');
    await client.call('EXPIRE', 'info-key', '1000');
    client.close();
    const { status, type, body } = await get(server.adminPort, '/info');
    expect(status).toBe(200);
    expect(type).toBe('application/json; charset=utf-8');
    const info = JSON.parse(body);
    expect(Object.keys(info)).toEqual(['server', 'clients', 'memory', 'persistence', 'stats', 'replication', 'cpu', 'modules', 'errorstats', 'cluster', 'keyspace']);
    expect(info.cpu.used_cpu_user).toBeGreaterThan(0);
    expect(info.server).toMatchObject({ redis_version: '7.0.15', tcp_port: server.port, redis_mode: 'standalone' });
    expect(info.persistence).toMatchObject({ aof_enabled: 1, aof_last_write_status: 'ok', aof_fsync_mode: 'everysec' });
    expect(info.keyspace.db0).toEqual({ keys: 1, expires: 1, avg_ttl: 0 });
    const everything = JSON.parse((await get(server.adminPort, '/info?section=commandstats&section=cluster')).body);
    expect(Object.keys(everything)).toEqual(['commandstats', 'cluster']);
    expect(everything.commandstats.cmdstat_set).toMatchObject({ calls: 1, failed_calls: 0 });
  });

  it('answers 404 for an unknown path, 405 for another method, and HEAD without a body', async () => {
    expect(await get(server.adminPort, '/nope')).toMatchObject({ status: 404, body: 'no route /nope; try /health, /ready, /metrics or /info\n' });
    expect(await get(server.adminPort, '/health', 'POST')).toMatchObject({ status: 405 });
    expect(await get(server.adminPort, '/metrics', 'HEAD')).toMatchObject({ status: 200, body: '' });
  });
});

describe('admin-port', () => {
  it('is off by default', async () => {
    const plain = await startBallast();
    try {
      expect(plain.output()).not.toContain('Admin endpoint');
    } finally {
      await plain.stop();
    }
  });

  it('stops the start with exit 2 when the port is taken', async () => {
    const adminPort = await freePort();
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(adminPort, '127.0.0.1', resolve));
    try {
      const { code, output } = await runBallast(['--port', String(await freePort()), '--appendonly', 'no', '--admin-port', String(adminPort)]);
      expect(code).toBe(2);
      expect(output).toContain(`Failed listening on admin port ${adminPort}`);
    } finally {
      blocker.close();
    }
  });
});
