/**
 * Certificates for the TLS tests and the TLS benchmark, made by `openssl` in a temporary
 * directory: a CA, server certificates for localhost / 127.0.0.1 signed by it (more can be
 * issued, e.g. to rotate), a client certificate, and a second CA that signed nothing of the
 * server's, for clients the server must refuse.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A certificate and its private key (PEM files). */
export interface CertificatePair {
  readonly cert: string;
  readonly key: string;
}

export interface TestCertificates {
  readonly directory: string;
  /** The CA that signed the server and client certificates. */
  readonly ca: CertificatePair;
  readonly server: CertificatePair;
  readonly client: CertificatePair;
  /** A client certificate from another CA: not to be trusted. */
  readonly stranger: CertificatePair;
  /** Issues another server certificate from the CA, valid for `days` (0: it expires at once). */
  issueServer(name: string, options?: { days?: number; subject?: string }): CertificatePair;
  /** Issues another client certificate from the CA, valid for `days` (0: it expires at once). */
  issueClient(name: string, options?: { days?: number }): CertificatePair;
  remove(): void;
}

function openssl(directory: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: directory, stdio: 'pipe' });
}

function makeCa(directory: string, name: string): CertificatePair {
  const pair = { cert: path.join(directory, `${name}.crt`), key: path.join(directory, `${name}.key`) };
  openssl(directory, ['req', '-x509', '-new', '-nodes', '-newkey', 'rsa:2048', '-keyout', pair.key, '-out', pair.cert, '-days', '2',
    '-subj', `/O=Ballast tests/CN=${name}`]);
  return pair;
}

/** A key and a certificate for `subject` signed by `ca`, with the given extensions (an `-extfile` text). */
function issue(directory: string, ca: CertificatePair, options: { name: string; subject: string; days: number; extensions: string }): CertificatePair {
  const pair = { cert: path.join(directory, `${options.name}.crt`), key: path.join(directory, `${options.name}.key`) };
  const request = path.join(directory, `${options.name}.csr`);
  const extensions = path.join(directory, `${options.name}.ext`);
  writeFileSync(extensions, `${options.extensions}\n`);
  openssl(directory, ['req', '-new', '-nodes', '-newkey', 'rsa:2048', '-keyout', pair.key, '-out', request, '-subj', options.subject]);
  openssl(directory, ['x509', '-req', '-in', request, '-CA', ca.cert, '-CAkey', ca.key, '-CAcreateserial', '-out', pair.cert,
    '-days', String(options.days), '-extfile', extensions]);
  return pair;
}

const SERVER_EXTENSIONS = 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth';
const CLIENT_EXTENSIONS = 'extendedKeyUsage=clientAuth';

export function createTestCertificates(): TestCertificates {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'ballast-tls-'));
  const ca = makeCa(directory, 'ca');
  const otherCa = makeCa(directory, 'other-ca');
  const issueServer = (name: string, options: { days?: number; subject?: string } = {}) => issue(directory, ca, {
    name, subject: options.subject ?? `/O=Ballast tests/CN=${name}`, days: options.days ?? 2, extensions: SERVER_EXTENSIONS,
  });
  const issueClient = (name: string, options: { days?: number } = {}) => issue(directory, ca, {
    name, subject: `/O=Ballast tests/CN=${name}`, days: options.days ?? 2, extensions: CLIENT_EXTENSIONS,
  });
  return {
    directory,
    ca,
    server: issueServer('server'),
    client: issueClient('client'),
    stranger: issue(directory, otherCa, { name: 'stranger', subject: '/O=Elsewhere/CN=stranger', days: 2, extensions: CLIENT_EXTENSIONS }),
    issueServer,
    issueClient,
    remove: () => rmSync(directory, { recursive: true, force: true }),
  };
}

/** ballast-server / redis-server arguments serving TLS on `tlsPort` with `certificates`' server pair and CA. */
export function tlsArgs(certificates: TestCertificates, tlsPort: number): string[] {
  return ['--tls-port', String(tlsPort), '--tls-cert-file', certificates.server.cert, '--tls-key-file', certificates.server.key,
    '--tls-ca-cert-file', certificates.ca.cert];
}
