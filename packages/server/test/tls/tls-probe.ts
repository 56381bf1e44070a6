/**
 * Looking at a TLS port from outside: the certificate a new connection is served (node:tls), a
 * connection kept open to send commands on later, and `openssl s_client` for what only it can
 * show (protocol versions, ciphers, session resumption).
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import tls from 'node:tls';
import type { CertificatePair, TestCertificates } from '../support/certificates.js';

/** The certificate a new TLS connection to `port` is served, as the client identified by `pair` (verified against the CA). */
export function servedCertificate(port: number, certificates: TestCertificates, pair: CertificatePair): Promise<tls.PeerCertificate> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host: '127.0.0.1', port, servername: 'localhost', ca: readFileSync(certificates.ca.cert), cert: readFileSync(pair.cert), key: readFileSync(pair.key),
    }, () => {
      const certificate = socket.getPeerCertificate();
      socket.end();
      resolve(certificate);
    });
    socket.once('error', reject);
  });
}

/** A TLS connection that stays open: send a command (inline) and read its one-line reply. */
export interface OpenConnection {
  call(command: string): Promise<string>;
  close(): void;
}

export function openConnection(port: number, certificates: TestCertificates, pair: CertificatePair): Promise<OpenConnection> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host: '127.0.0.1', port, servername: 'localhost', ca: readFileSync(certificates.ca.cert), cert: readFileSync(pair.cert), key: readFileSync(pair.key),
    }, () => resolve({
      call: (command) => new Promise((answer, fail) => {
        let reply = '';
        const onData = (chunk: Buffer) => {
          reply += chunk.toString('latin1');
          if (!reply.endsWith('\r\n')) return;
          socket.off('data', onData);
          answer(reply);
        };
        socket.on('data', onData);
        socket.once('error', fail);
        socket.write(`${command}\r\n`);
      }),
      close: () => void socket.end(),
    }));
    socket.once('error', reject);
  });
}

/** `openssl s_client` to `port` as `pair`, with stdin closed at once: its output, whether the handshake worked or not. */
export function sClient(port: number, certificates: TestCertificates, pair: CertificatePair, args: readonly string[] = []): Promise<string> {
  return new Promise((resolve) => {
    const child = execFile('openssl', ['s_client', '-connect', `127.0.0.1:${port}`, '-servername', 'localhost', '-CAfile', certificates.ca.cert,
      '-cert', pair.cert, '-key', pair.key, ...args], (_error, stdout, stderr) => resolve(stdout + stderr));
    child.stdin?.end();
  });
}
