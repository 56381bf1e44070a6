/**
 * Protected mode against a real non-loopback peer: ballast-server listens on 0.0.0.0 in the root
 * network namespace with protected mode at its default (on) and no password, and a client in a
 * network namespace of the test's own (support/network-namespace.ts) connects over a veth pair
 * from a private address. It gets the DENIED line and nothing else, the server closes, and the
 * log names the peer; a loopback client is served all along. With `--protected-mode no` or a
 * password, the same peer is served, which shows the refusal came from protected mode and not
 * from the network. Needs root: the real-peer tests fail in CI without it and are skipped,
 * loudly, elsewhere.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { SimpleString } from '@ballast/core';
import { isLoopbackAddress, PROTECTED_MODE_DENIED } from '../src/protected-mode.js';
import { startBallast, type RunningBallast } from './support/ballast-server.js';
import { createNamespace } from './support/network-namespace.js';
import { itNeeds } from './support/precondition.js';
import { RawClient } from './support/raw-client.js';

/**
 * Runs in the namespace (node -e, CommonJS): connects, sends PING and QUIT, and prints as JSON
 * what came back and how the connection ended (`end`: the server closed it; an error code; or
 * `timeout` when it stayed open).
 */
const PEER_SCRIPT = `
const net = require('node:net');
const [host, port] = process.argv.slice(1);
const socket = net.connect(Number(port), host);
let data = '';
let ending = 'timeout';
socket.setEncoding('latin1');
socket.on('connect', () => socket.write('PING\\r\\nQUIT\\r\\n'));
socket.on('data', (chunk) => (data += chunk));
socket.on('end', () => (ending = 'end'));
socket.on('error', (error) => (ending = error.code));
socket.on('close', () => {
  clearTimeout(timer);
  console.log(JSON.stringify({ data, ending }));
});
const timer = setTimeout(() => socket.destroy(), 5000);
`;

const namespace = createNamespace();
const missing = typeof namespace === 'string' ? namespace : null;
const servers: RunningBallast[] = [];

afterAll(async () => {
  for (const server of servers.splice(0)) await server.stop();
  if (typeof namespace !== 'string') namespace.remove();
});

async function startOnAllAddresses(args: string[] = []): Promise<RunningBallast> {
  const server = await startBallast({ args: ['--bind', '0.0.0.0', ...args] });
  servers.push(server);
  return server;
}

/** What a client in the namespace got from the server on `port`. */
async function fromPeer(port: number): Promise<{ data: string; ending: string }> {
  if (typeof namespace === 'string') throw new Error(namespace);
  const { stdout } = await namespace.exec(process.execPath, ['-e', PEER_SCRIPT, namespace.hostAddress, String(port)]);
  return JSON.parse(stdout) as { data: string; ending: string };
}

describe('protected mode', () => {
  it('treats only loopback peers as local', () => {
    for (const address of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) expect(isLoopbackAddress(address)).toBe(true);
    for (const address of ['10.0.0.1', '192.168.1.2', '::ffff:10.1.1.1', 'fe80::1', undefined]) expect(isLoopbackAddress(address)).toBe(false);
  });

  itNeeds(missing, 'refuses a non-loopback peer with one DENIED line and closes, while loopback clients are served', async () => {
    const server = await startOnAllAddresses();
    const local = await RawClient.connect(server.port);
    expect(await local.call('PING')).toEqual(new SimpleString('PONG'));

    expect(await fromPeer(server.port)).toEqual({ data: PROTECTED_MODE_DENIED, ending: 'end' });
    expect(server.output()).toContain(`Denied connection from ${(namespace as { peerAddress: string }).peerAddress}: protected mode`);

    expect(await local.call('PING')).toEqual(new SimpleString('PONG'));
    local.close();
  });

  itNeeds(missing, 'serves the same peer with protected mode off, or with a password set', async () => {
    const open = await startOnAllAddresses(['--protected-mode', 'no']);
    expect(await fromPeer(open.port)).toEqual({ data: '+PONG\r\n+OK\r\n', ending: 'end' });

    const guarded = await startOnAllAddresses(['--requirepass', 's3cret']);
    const { data, ending } = await fromPeer(guarded.port);
    expect(data).toMatch(/^-NOAUTH [^\r]*\r\n\+OK\r\n$/);
    expect(ending).toBe('end');
    expect(open.output() + guarded.output()).not.toContain('Denied connection');
  });

  itNeeds(missing, 'ends when the default user gets a password through ACL, as Redis', async () => {
    const server = await startOnAllAddresses(['--user', 'default', 'on', '>s3cret', '~*', '&*', '+@all']);
    const { data, ending } = await fromPeer(server.port);
    expect(data).toMatch(/^-NOAUTH [^\r]*\r\n\+OK\r\n$/);
    expect(ending).toBe('end');
  });
});
