/**
 * redis-cli --tls against ballast-server, with certificates made by openssl for the test: client
 * certificates required (tls-auth-clients yes, the default), optional and not asked for; a port
 * serving TLS only (port 0); tls-auth-clients changed at run time; and the log lines for refused
 * clients.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freePort, startBallast, type RunningBallast } from '../support/ballast-server.js';
import { createTestCertificates, tlsArgs, type CertificatePair, type TestCertificates } from '../support/certificates.js';

const run = promisify(execFile);
let certificates: TestCertificates;
const servers: RunningBallast[] = [];

beforeAll(() => {
  certificates = createTestCertificates();
});

afterAll(async () => {
  for (const server of servers.splice(0)) await server.stop();
  certificates.remove();
});

async function startTls(args: string[] = []): Promise<{ server: RunningBallast; tlsPort: number }> {
  const tlsPort = await freePort();
  const server = await startBallast({ args: [...tlsArgs(certificates, tlsPort), ...args] });
  servers.push(server);
  return { server, tlsPort };
}

/** redis-cli --tls on `tlsPort` with the given client pair (none: no certificate); its output, or its failure's. */
async function tlsCli(tlsPort: number, pair: CertificatePair | null, ...command: string[]): Promise<string> {
  const identity = pair === null ? [] : ['--cert', pair.cert, '--key', pair.key];
  try {
    const { stdout, stderr } = await run('redis-cli', ['--tls', '--cacert', certificates.ca.cert, ...identity, '-p', String(tlsPort), ...command]);
    return stdout + stderr;
  } catch (error) {
    const failed = error as { stdout: string; stderr: string };
    return `failed: ${failed.stdout}${failed.stderr}`;
  }
}

describe('redis-cli --tls', () => {
  it('requires a client certificate the CA signed by default (tls-auth-clients yes), next to the plain port', async () => {
    const { server, tlsPort } = await startTls();
    expect(await tlsCli(tlsPort, certificates.client, 'SET', 'tls:k', 'over tls')).toBe('OK\n');
    expect((await run('redis-cli', ['-p', String(server.port), 'GET', 'tls:k'])).stdout, 'the plain port serves the same data').toBe('over tls\n');
    expect(await tlsCli(tlsPort, null, 'PING')).toMatch(/^failed: .*(closed|certificate required)/s);
    expect(await tlsCli(tlsPort, certificates.stranger, 'PING')).toMatch(/^failed: /);
    await vi.waitFor(() => {
      expect(server.output()).toMatch(/Error accepting a client connection from 127\.0\.0\.1:\d+: peer did not return a certificate/);
      expect(server.output()).toMatch(/Error accepting a client connection from 127\.0\.0\.1:\d+: certificate verify failed: UNABLE_TO_VERIFY_LEAF_SIGNATURE/);
    });
    expect(server.output()).toContain('Ready to accept connections tcp');
    expect(server.output()).toContain('Ready to accept connections tls');
  });

  it('asks for no certificate with tls-auth-clients no, and needs no CA then', async () => {
    const tlsPort = await freePort();
    const server = await startBallast({ args: ['--tls-port', String(tlsPort), '--tls-cert-file', certificates.server.cert,
      '--tls-key-file', certificates.server.key, '--tls-auth-clients', 'no'] });
    servers.push(server);
    expect(await tlsCli(tlsPort, null, 'PING')).toBe('PONG\n');
    expect(await tlsCli(tlsPort, certificates.client, 'PING')).toBe('PONG\n');
  });

  it('with tls-auth-clients optional, serves clients without a certificate and refuses an invalid one', async () => {
    const { server, tlsPort } = await startTls(['--tls-auth-clients', 'optional']);
    expect(await tlsCli(tlsPort, null, 'PING')).toBe('PONG\n');
    expect(await tlsCli(tlsPort, certificates.client, 'PING')).toBe('PONG\n');
    expect(await tlsCli(tlsPort, certificates.stranger, 'PING')).toMatch(/^failed: /);
    await vi.waitFor(() => expect(server.output()).toMatch(/Error accepting a client connection from 127\.0\.0\.1:\d+: certificate verify failed: UNABLE_TO_VERIFY_LEAF_SIGNATURE/));
  });

  it('reads tls-auth-clients per connection: CONFIG SET changes who new connections may be', async () => {
    const { tlsPort } = await startTls();
    expect(await tlsCli(tlsPort, null, 'PING')).toMatch(/^failed: /);
    expect(await tlsCli(tlsPort, certificates.client, 'CONFIG', 'SET', 'tls-auth-clients', 'no')).toBe('OK\n');
    expect(await tlsCli(tlsPort, null, 'PING')).toBe('PONG\n');
    expect(await tlsCli(tlsPort, null, 'CONFIG', 'SET', 'tls-auth-clients', 'yes')).toBe('OK\n');
    expect(await tlsCli(tlsPort, null, 'PING')).toMatch(/^failed: /);
  });

  it('serves TLS only with port 0, and says so', async () => {
    const { server, tlsPort } = await startTls(['--port', '0']);
    expect(await tlsCli(tlsPort, certificates.client, 'PING')).toBe('PONG\n');
    // INFO's tcp_port is the TLS port when there is no plain one, as in Redis.
    expect(await tlsCli(tlsPort, certificates.client, 'INFO', 'server')).toContain(`tcp_port:${tlsPort}\r\n`);
    expect(server.output()).toContain(`Running mode=standalone, port=${tlsPort}`);
    expect(server.output()).toContain('Ready to accept connections tls');
    expect(server.output()).not.toContain('Ready to accept connections tcp');
    await expect(run('redis-cli', ['-p', String(server.port), 'PING']), 'the port startBallast chose is not opened').rejects.toThrow();
  });
});
