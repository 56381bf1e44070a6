/**
 * Client libraries over TLS against ballast-server, with client certificates required: ioredis
 * (its `tls` options, commands, a pipeline and pub/sub) and redis-py (Debian's python3-redis run
 * by /usr/bin/python3, which npm test's pretest installs).
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startBallast, type RunningBallast } from '../support/ballast-server.js';
import { createTestCertificates, tlsArgs, type TestCertificates } from '../support/certificates.js';

const run = promisify(execFile);
let certificates: TestCertificates;
let server: RunningBallast;
let tlsPort: number;

beforeAll(async () => {
  certificates = createTestCertificates();
  tlsPort = await freePort();
  server = await startBallast({ args: tlsArgs(certificates, tlsPort) });
});

afterAll(async () => {
  await server.stop();
  certificates.remove();
});

describe('ioredis over TLS', () => {
  const tlsOptions = () => ({
    ca: readFileSync(certificates.ca.cert), cert: readFileSync(certificates.client.cert), key: readFileSync(certificates.client.key), servername: 'localhost',
  });

  it('runs commands, a pipeline and pub/sub with a client certificate', async () => {
    const client = new Redis({ port: tlsPort, host: '127.0.0.1', tls: tlsOptions(), lazyConnect: true, maxRetriesPerRequest: 0 });
    const subscriber = new Redis({ port: tlsPort, host: '127.0.0.1', tls: tlsOptions(), lazyConnect: true, maxRetriesPerRequest: 0 });
    await client.connect();
    await subscriber.connect();
    expect(await client.set('io:tls', 'v')).toBe('OK');
    expect(await client.get('io:tls')).toBe('v');
    const results = await client.pipeline().incr('io:n').incr('io:n').get('io:n').exec();
    expect(results?.map(([, value]) => value)).toEqual([1, 2, '2']);
    const message = new Promise<string>((resolve) => subscriber.on('message', (_channel, text: string) => resolve(text)));
    await subscriber.subscribe('news');
    expect(await client.publish('news', 'hello over tls')).toBe(1);
    expect(await message).toBe('hello over tls');
    client.disconnect();
    subscriber.disconnect();
  });

  it('is refused without a client certificate', async () => {
    const { cert: _cert, key: _key, ...withoutIdentity } = tlsOptions();
    const client = new Redis({ port: tlsPort, host: '127.0.0.1', tls: withoutIdentity, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined);
    await expect(client.connect().then(() => client.ping())).rejects.toThrow();
    client.disconnect();
  });
});

describe('redis-py over TLS', () => {
  const SCRIPT = `
import json, sys, redis
port, ca, cert, key = sys.argv[1:5]
client = redis.Redis(host="localhost", port=int(port), ssl=True, ssl_ca_certs=ca, ssl_certfile=cert, ssl_keyfile=key)
client.set("py:tls", "from python")
pipe = client.pipeline(transaction=True)
pipe.incr("py:n").incr("py:n").get("py:n")
print(json.dumps({"get": client.get("py:tls").decode(), "pipeline": [str(value) for value in pipe.execute()],
                  "tls": client.connection_pool.connection_class.__name__}))
`;

  it('connects with ssl=True and a client certificate', async () => {
    const { stdout } = await run('/usr/bin/python3', ['-c', SCRIPT, String(tlsPort), certificates.ca.cert, certificates.client.cert, certificates.client.key]);
    expect(JSON.parse(stdout)).toEqual({ get: 'from python', pipeline: ['1', '2', "b'2'"], tls: 'SSLConnection' });
  });
});
