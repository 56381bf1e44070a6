/**
 * A TLS configuration that cannot be used refuses the start — exit code 2, before any client is
 * served — with a message naming the option, the file and the reason: missing, garbled or
 * mismatched certificates and keys, a missing CA while client certificates are required, and
 * protocols, ciphers and DH parameters Node or OpenSSL refuse.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, runBallast } from '../support/ballast-server.js';
import { createTestCertificates, type TestCertificates } from '../support/certificates.js';

let certificates: TestCertificates;
let dataDirectory: string;
/** Files that exist but hold no usable PEM: a certificate with a garbled body, and plain text. */
let garbled: string;
let text: string;

beforeAll(() => {
  certificates = createTestCertificates();
  dataDirectory = mkdtempSync(path.join(os.tmpdir(), 'ballast-tls-refusals-'));
  garbled = path.join(certificates.directory, 'garbled.crt');
  writeFileSync(garbled, '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n');
  text = path.join(certificates.directory, 'notes.txt');
  writeFileSync(text, 'not a certificate\n');
});

afterAll(() => {
  certificates.remove();
  rmSync(dataDirectory, { recursive: true, force: true });
});

/** Runs ballast-server on TLS with the working files, the `changes` applied over them. */
async function startWith(changes: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const options: Record<string, string> = {
    port: String(await freePort()), 'tls-port': String(await freePort()), dir: dataDirectory, 'appendonly': 'no',
    'tls-cert-file': certificates.server.cert, 'tls-key-file': certificates.server.key, 'tls-ca-cert-file': certificates.ca.cert,
    ...changes,
  };
  return runBallast(Object.entries(options).flatMap(([name, value]) => [`--${name}`, value]));
}

describe('a TLS configuration that cannot be used', () => {
  const missing = () => path.join(certificates.directory, 'missing.pem');
  const cases: Array<[string, () => Record<string, string>, () => string | RegExp]> = [
    ['a missing certificate', () => ({ 'tls-cert-file': missing() }), () => `Failed to load tls-cert-file '${missing()}': ENOENT: no such file or directory`],
    ['a key given as the certificate', () => ({ 'tls-cert-file': certificates.server.key }),
      () => `Failed to load tls-cert-file '${certificates.server.key}': no PEM certificate in it`],
    ['a garbled certificate', () => ({ 'tls-cert-file': garbled }), () => new RegExp(`Failed to load tls-cert-file '${garbled}': .+`)],
    ['no key', () => ({ 'tls-key-file': '' }), () => 'No tls-key-file configured'],
    ['the key of another certificate', () => ({ 'tls-key-file': certificates.client.key }),
      () => `Failed to load tls-key-file '${certificates.client.key}': it is not the private key of tls-cert-file '${certificates.server.cert}'`],
    ['a key that is not one', () => ({ 'tls-key-file': text }), () => new RegExp(`Failed to load tls-key-file '${text}': .+`)],
    ['no CA while client certificates are required', () => ({ 'tls-ca-cert-file': '' }),
      () => 'Either tls-ca-cert-file or tls-ca-cert-dir must be specified when tls-auth-clients is yes (the default) or optional'],
    ['a missing CA file', () => ({ 'tls-ca-cert-file': missing() }), () => `Failed to load tls-ca-cert-file '${missing()}': ENOENT`],
    ['a CA file with no certificate', () => ({ 'tls-ca-cert-file': text }), () => `Failed to load tls-ca-cert-file '${text}': no PEM certificate in it`],
    ['a missing CA directory', () => ({ 'tls-ca-cert-file': '', 'tls-ca-cert-dir': missing() }), () => `Failed to load tls-ca-cert-dir '${missing()}': ENOENT`],
    ['an unknown protocol', () => ({ 'tls-protocols': 'TLSv1.2 TLSv1.4' }),
      () => "Invalid tls-protocols specified. Use a combination of 'TLSv1', 'TLSv1.1', 'TLSv1.2' and 'TLSv1.3'."],
    ['an unknown cipher', () => ({ 'tls-ciphers': 'NO-SUCH-CIPHER' }), () => "Failed to configure tls-ciphers 'NO-SUCH-CIPHER': error:0A0000B9:SSL routines::no cipher match"],
    ['an unknown ciphersuite', () => ({ 'tls-ciphersuites': 'TLS_NO_SUCH_SUITE' }), () => /Failed to configure tls-ciphersuites 'TLS_NO_SUCH_SUITE': .+/],
    ['garbled DH parameters', () => ({ 'tls-dh-params-file': text }), () => `Failed to load tls-dh-params-file '${text}': no PEM DH parameters`],
  ];

  it.each(cases)('refuses %s: exit 2, and the log says which file and why', async (_name, changes, message) => {
    const { code, output } = await startWith(changes());
    const expected = message();
    if (typeof expected === 'string') expect(output).toContain(`Failed to configure TLS: ${expected}`);
    else expect(output).toMatch(new RegExp(`Failed to configure TLS: ${expected.source}`));
    expect(code).toBe(2);
    expect(output).not.toContain('Ready to accept connections');
  });
});
