/**
 * No client holds a shutdown open: with a TCP connection to the TLS port that never starts its
 * handshake (Node would wait for it up to its two-minute handshake timeout), a plain client that
 * never closes its side after the server's FIN, and a subscribed TLS client, SIGTERM still ends
 * the server with exit code 0 while the test keeps all three sockets open.
 */
import net from 'node:net';
import { readFileSync } from 'node:fs';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startBallast } from '../support/ballast-server.js';
import { createTestCertificates, tlsArgs, type TestCertificates } from '../support/certificates.js';

let certificates: TestCertificates;

beforeAll(() => {
  certificates = createTestCertificates();
});

afterAll(() => {
  certificates.remove();
});

function connected(socket: net.Socket, event: 'connect' | 'secureConnect'): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once(event, () => resolve());
    socket.once('error', reject);
  });
}

describe('shutdown with TLS and plain clients open', () => {
  it('exits on SIGTERM without waiting for a handshake that never starts or a peer that never closes', async () => {
    const tlsPort = await freePort();
    const server = await startBallast({ args: tlsArgs(certificates, tlsPort) });
    const handshaking = net.connect(tlsPort, '127.0.0.1');
    const halfOpen = net.connect({ port: server.port, host: '127.0.0.1', allowHalfOpen: true });
    const subscriber = tls.connect({
      port: tlsPort, host: '127.0.0.1', servername: 'localhost', ca: readFileSync(certificates.ca.cert),
      cert: readFileSync(certificates.client.cert), key: readFileSync(certificates.client.key),
    });
    await Promise.all([connected(handshaking, 'connect'), connected(halfOpen, 'connect'), connected(subscriber, 'secureConnect')]);
    const subscribed = new Promise<void>((resolve) => subscriber.once('data', () => resolve()));
    subscriber.write('SUBSCRIBE news\r\n');
    await subscribed;
    const subscriberClosed = new Promise<void>((resolve) => subscriber.once('close', () => resolve()));
    for (const socket of [handshaking, halfOpen, subscriber]) socket.on('error', () => undefined);

    server.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    await subscriberClosed;
    expect(server.output()).toContain('Ballast is now ready to exit');
    handshaking.destroy();
    halfOpen.destroy();
    await server.stop();
  });
});
