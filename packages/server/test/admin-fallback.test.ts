/**
 * Where uWebSockets.js cannot load, the admin endpoint runs on node:http: the choice itself, the
 * real binary started with the package hidden (it says why and serves the same routes), and the
 * two backends giving the same answers for the same requests, and refusing a port that is taken.
 */
import { describe, expect, it } from 'vitest';
import { chooseAdminBackend } from '../src/admin/http-backend.js';
import { NodeHttpBackend } from '../src/admin/node-http-backend.js';
import { loadUwsModule, UwsBackend } from '../src/admin/uws-backend.js';
import { get, sample, scrape, startWithAdmin } from './support/admin-http.js';
import { freePort } from './support/ballast-server.js';
import type { AdminRequest } from '../src/admin/admin-routes.js';

const HIDE_UWS = new URL('./support/hide-uws.mjs', import.meta.url).href;

describe('choosing the HTTP backend', () => {
  it('takes uWebSockets.js when it loads, node:http with the reason when it does not', () => {
    expect(chooseAdminBackend().backend.name).toBe('uWebSockets.js');
    const fallback = chooseAdminBackend(() => {
      throw new Error('Cannot find module uws_linux_x64_115.node\nstack');
    });
    expect(fallback.backend.name).toBe('node:http');
    expect(fallback.fallbackReason).toBe('Cannot find module uws_linux_x64_115.node');
  });

  it('the real binary falls back to node:http and serves every route', async () => {
    const server = await startWithAdmin({ env: { NODE_OPTIONS: `--import ${HIDE_UWS}` } });
    try {
      expect(server.output()).toMatch(/uWebSockets\.js cannot be loaded \(Cannot find module '@trufflesuite\/uws-js-unofficial\/package\.json' \(hidden by the test\)\); the admin endpoint uses node:http/);
      expect(server.output()).toContain(`Admin endpoint on http://127.0.0.1:${server.adminPort} (node:http)`);
      expect(await get(server.adminPort, '/health')).toMatchObject({ status: 200, body: 'ok\n' });
      expect(await get(server.adminPort, '/ready')).toMatchObject({ status: 200, body: 'ready\n' });
      expect(sample(await scrape(server.adminPort), 'ballast_ready')).toBe(1);
      expect(JSON.parse((await get(server.adminPort, '/info')).body).persistence.aof_enabled).toBe(1);
    } finally {
      await server.stop();
    }
  });
});

describe('a taken port', () => {
  for (const backend of [new UwsBackend(loadUwsModule()), new NodeHttpBackend()]) {
    it(`${backend.name} refuses a port another admin endpoint holds (no shared SO_REUSEPORT)`, async () => {
      const port = await freePort();
      const handler = () => ({ status: 200, contentType: 'text/plain; charset=utf-8', body: 'first\n' });
      const first = await backend.listen('127.0.0.1', port, handler);
      try {
        await expect(backend.listen('127.0.0.1', port, handler)).rejects.toThrow();
      } finally {
        await first.close();
      }
    });
  }
});

describe('both backends answer alike', () => {
  const requests: AdminRequest[] = [];
  const handler = (request: AdminRequest) => {
    requests.push(request);
    if (request.path === '/missing') return { status: 404, contentType: 'text/plain; charset=utf-8', body: 'no\n' };
    return { status: 200, contentType: 'application/json; charset=utf-8', body: JSON.stringify({ query: request.query }) };
  };

  for (const backend of [new UwsBackend(loadUwsModule()), new NodeHttpBackend()]) {
    it(backend.name, async () => {
      requests.length = 0;
      const server = await backend.listen('127.0.0.1', await freePort(), handler);
      try {
        expect(await get(server.port, '/info?section=a&section=b')).toEqual({ status: 200, type: 'application/json; charset=utf-8', body: '{"query":"section=a&section=b"}' });
        expect(await get(server.port, '/missing')).toEqual({ status: 404, type: 'text/plain; charset=utf-8', body: 'no\n' });
        expect(await get(server.port, '/health', 'POST')).toMatchObject({ status: 200 });
        expect(requests.map(({ method, path }) => `${method} ${path}`)).toEqual(['GET /info', 'GET /missing', 'POST /health']);
      } finally {
        await server.close();
      }
    });
  }
});
