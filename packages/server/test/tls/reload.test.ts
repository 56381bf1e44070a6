/**
 * Certificates reloaded with CONFIG SET, without a restart: a new certificate file (new
 * connections are served it, checked by its serial and subject; an open connection keeps
 * working), the same path after its files were replaced in place (the rotation the runbook
 * describes), and values that cannot be loaded — a missing file, a key of another certificate —
 * refused with Redis 7.0's error text while the certificate in use stays.
 */
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { copyFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startBallast, type RunningBallast } from '../support/ballast-server.js';
import { createTestCertificates, type CertificatePair, type TestCertificates } from '../support/certificates.js';
import { openConnection, servedCertificate } from './tls-probe.js';

const run = promisify(execFile);
const REFUSED = (option: string) => `ERR CONFIG SET failed (possibly related to argument '${option}') - Unable to update TLS configuration. Check server logs.`;

let certificates: TestCertificates;
let server: RunningBallast;
let tlsPort: number;
/** The files the server is started with, replaced in place by the rotation test. */
let live: CertificatePair;

beforeAll(async () => {
  certificates = createTestCertificates();
  live = { cert: path.join(certificates.directory, 'live.crt'), key: path.join(certificates.directory, 'live.key') };
  copyFileSync(certificates.server.cert, live.cert);
  copyFileSync(certificates.server.key, live.key);
  tlsPort = await freePort();
  server = await startBallast({ args: ['--tls-port', String(tlsPort), '--tls-cert-file', live.cert, '--tls-key-file', live.key,
    '--tls-ca-cert-file', certificates.ca.cert] });
});

afterAll(async () => {
  await server.stop();
  certificates.remove();
});

/** redis-cli on the plain port: what it prints (an error reply as its text), trimmed. */
async function cli(...command: string[]): Promise<string> {
  const { stdout } = await run('redis-cli', ['-p', String(server.port), ...command]);
  return stdout.trim();
}

const serialOf = (file: string) => new X509Certificate(readFileSync(file)).serialNumber;
const served = () => servedCertificate(tlsPort, certificates, certificates.client);

describe('CONFIG SET tls-*', () => {
  it('serves a new certificate to new connections while an open connection keeps working', async () => {
    const open = await openConnection(tlsPort, certificates, certificates.client);
    expect(await open.call('SET reload:k before')).toBe('+OK\r\n');
    expect((await served()).serialNumber).toBe(serialOf(certificates.server.cert));

    const rotated = certificates.issueServer('rotated', { subject: '/O=Ballast tests/CN=rotated' });
    expect(await cli('CONFIG', 'SET', 'tls-cert-file', rotated.cert, 'tls-key-file', rotated.key)).toBe('OK');
    const after = await served();
    expect(after.serialNumber).toBe(serialOf(rotated.cert));
    expect(after.subject.CN).toBe('rotated');
    expect(await open.call('GET reload:k')).toBe('$6\r\nbefore\r\n');
    expect(server.output()).toContain(`TLS configuration reloaded: subject 'O=Ballast tests, CN=rotated', serial ${serialOf(rotated.cert)}`);
    open.close();

    expect(await cli('CONFIG', 'SET', 'tls-cert-file', live.cert, 'tls-key-file', live.key)).toBe('OK');
  });

  it('re-reads files replaced in place when the same path is set again', async () => {
    const renewed = certificates.issueServer('renewed');
    copyFileSync(renewed.cert, live.cert);
    copyFileSync(renewed.key, live.key);
    expect((await served()).serialNumber, 'nothing changes before CONFIG SET').toBe(serialOf(certificates.server.cert));
    expect(await cli('CONFIG', 'SET', 'tls-cert-file', live.cert, 'tls-key-file', live.key)).toBe('OK');
    expect((await served()).serialNumber).toBe(serialOf(renewed.cert));
  });

  it('refuses a missing file or a key of another certificate with Redis\'s error, and keeps the certificate in use', async () => {
    const before = (await served()).serialNumber;
    const missing = path.join(certificates.directory, 'missing.crt');
    expect(await cli('CONFIG', 'SET', 'tls-cert-file', missing)).toBe(REFUSED('tls-cert-file'));
    expect(server.output()).toContain(`Failed to load tls-cert-file '${missing}': ENOENT: no such file or directory`);
    expect(server.output()).toContain('Failed applying new configuration. Possibly related to new tls-cert-file setting. Restoring previous settings.');
    expect(await cli('CONFIG', 'GET', 'tls-cert-file')).toBe(`tls-cert-file\n${live.cert}`);

    expect(await cli('CONFIG', 'SET', 'tls-auth-clients', 'no', 'tls-key-file', certificates.client.key)).toBe(REFUSED('tls-key-file'));
    expect(server.output()).toContain(`Failed to load tls-key-file '${certificates.client.key}': it is not the private key of tls-cert-file '${live.cert}'`);
    expect(await cli('CONFIG', 'GET', 'tls-auth-clients'), 'the whole CONFIG SET rolled back').toBe('tls-auth-clients\nyes');
    expect((await served()).serialNumber).toBe(before);
  });

  it('takes an expired certificate, as Redis does, but says so in the log; clients that verify it refuse it', async () => {
    const expired = certificates.issueServer('expired', { days: 0 });
    const notAfterMs = Date.parse(new X509Certificate(readFileSync(expired.cert)).validTo);
    while (Date.now() <= notAfterMs) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await cli('CONFIG', 'SET', 'tls-cert-file', expired.cert, 'tls-key-file', expired.key)).toBe('OK');
    expect(server.output()).toMatch(new RegExp(`tls-cert-file '${expired.cert}' expired on .*: clients that verify it will refuse to connect`));
    await expect(served()).rejects.toThrow(/certificate has expired/);
    expect(await cli('CONFIG', 'SET', 'tls-cert-file', live.cert, 'tls-key-file', live.key)).toBe('OK');
    expect((await served()).serialNumber).toBe(serialOf(live.cert));
  });
});
