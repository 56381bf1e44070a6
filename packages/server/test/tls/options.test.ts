/**
 * The tls-* options beyond certificates, seen from `openssl s_client`: tls-protocols (a version
 * left out is refused), tls-ciphers with tls-prefer-server-ciphers (the server's order wins),
 * session resumption by session ID and by ticket with tls-session-caching yes and none with no
 * (also after CONFIG SET), a CA directory, an encrypted key with tls-key-file-pass, and DH
 * parameters.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freePort, startBallast, type RunningBallast } from '../support/ballast-server.js';
import { createTestCertificates, tlsArgs, type TestCertificates } from '../support/certificates.js';
import { sClient } from './tls-probe.js';

let certificates: TestCertificates;
const servers: RunningBallast[] = [];

beforeAll(() => {
  certificates = createTestCertificates();
});

afterAll(async () => {
  for (const server of servers.splice(0)) await server.stop();
  certificates.remove();
});

async function startTls(args: string[] = [], base = (tlsPort: number) => tlsArgs(certificates, tlsPort)): Promise<{ server: RunningBallast; tlsPort: number }> {
  const tlsPort = await freePort();
  const server = await startBallast({ args: [...base(tlsPort), ...args] });
  servers.push(server);
  return { server, tlsPort };
}

const client = (port: number, args: string[] = []) => sClient(port, certificates, certificates.client, args);

/** The line s_client prints for the session: `New, TLSv1.2, Cipher is …` or `Reused, …`. */
function sessionLine(output: string): string {
  return /^(New|Reused), .*$/m.exec(output)?.[0] ?? `no session line in:\n${output}`;
}

/** Whether a second connection resumed the first's session (saved with -sess_out, offered with -sess_in). */
async function resumes(port: number, extra: string[]): Promise<boolean> {
  const file = path.join(certificates.directory, `session-${port}-${extra.join('')}.pem`);
  expect(sessionLine(await client(port, ['-tls1_2', ...extra, '-sess_out', file]))).toMatch(/^New, TLSv1\.2/);
  return sessionLine(await client(port, ['-tls1_2', ...extra, '-sess_in', file])).startsWith('Reused');
}

describe('tls-* options', () => {
  it('accepts only the versions tls-protocols lists', async () => {
    const { tlsPort } = await startTls(['--tls-protocols', 'TLSv1.3']);
    expect(sessionLine(await client(tlsPort, ['-tls1_3']))).toMatch(/^New, TLSv1\.3/);
    expect(await client(tlsPort, ['-tls1_2'])).toMatch(/alert protocol version|no protocols available|wrong version/);
  });

  it('uses the server\'s cipher order with tls-prefer-server-ciphers yes', async () => {
    const ciphers = 'ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384';
    const clientOrder = ['-cipher', 'ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256'];
    const preferred = await startTls(['--tls-protocols', 'TLSv1.2', '--tls-ciphers', ciphers, '--tls-prefer-server-ciphers', 'yes']);
    expect(sessionLine(await client(preferred.tlsPort, clientOrder))).toBe('New, TLSv1.2, Cipher is ECDHE-RSA-AES128-GCM-SHA256');
    const clientFirst = await startTls(['--tls-protocols', 'TLSv1.2', '--tls-ciphers', ciphers]);
    expect(sessionLine(await client(clientFirst.tlsPort, clientOrder))).toBe('New, TLSv1.2, Cipher is ECDHE-RSA-AES256-GCM-SHA384');
    expect(await client(clientFirst.tlsPort, ['-cipher', 'AES128-SHA'])).toMatch(/handshake failure|no shared cipher|no ciphers available/);
  });

  it('resumes sessions by ID and by ticket with tls-session-caching yes, and none once it is set to no', async () => {
    const { server, tlsPort } = await startTls();
    expect(await resumes(tlsPort, ['-no_ticket']), 'session ID').toBe(true);
    expect(await resumes(tlsPort, []), 'ticket').toBe(true);
    execFileSync('redis-cli', ['-p', String(server.port), 'CONFIG', 'SET', 'tls-session-caching', 'no']);
    expect(await resumes(tlsPort, ['-no_ticket']), 'session ID').toBe(false);
    expect(await resumes(tlsPort, []), 'ticket').toBe(false);
  });

  it('verifies client certificates against a CA directory', async () => {
    const directory = path.join(certificates.directory, 'ca-dir');
    mkdirSync(directory);
    copyFileSync(certificates.ca.cert, path.join(directory, 'ca.pem'));
    const { server, tlsPort } = await startTls(['--tls-ca-cert-file', '', '--tls-ca-cert-dir', directory]);
    expect(sessionLine(await client(tlsPort))).toMatch(/^New, TLSv1\.3/);
    await sClient(tlsPort, certificates, certificates.stranger);
    await vi.waitFor(() => expect(server.output()).toMatch(/Error accepting a client connection from 127\.0\.0\.1:\d+: certificate verify failed/));
  });

  it('decrypts the key with tls-key-file-pass, and loads DH parameters', async () => {
    const encrypted = path.join(certificates.directory, 'server-encrypted.key');
    execFileSync('openssl', ['pkey', '-in', certificates.server.key, '-aes256', '-passout', 'pass:s3cret', '-out', encrypted]);
    const dhParameters = path.join(certificates.directory, 'dh.pem');
    execFileSync('openssl', ['dhparam', '-dsaparam', '-out', dhParameters, '2048'], { stdio: 'pipe' });
    const { tlsPort } = await startTls(['--tls-key-file', encrypted, '--tls-key-file-pass', 's3cret', '--tls-dh-params-file', dhParameters,
      '--tls-protocols', 'TLSv1.2', '--tls-ciphers', 'DHE-RSA-AES128-GCM-SHA256']);
    expect(sessionLine(await client(tlsPort))).toBe('New, TLSv1.2, Cipher is DHE-RSA-AES128-GCM-SHA256');
  }, 60_000);
});
