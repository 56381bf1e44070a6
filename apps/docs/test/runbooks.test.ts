/**
 * The runbooks' ```log blocks are real: each runbook's situation is produced on the real
 * ballast-server and ballast-check-aof (a torn tail, a flipped byte inside durable frames, a
 * shard-count mismatch and a reshard, a clean stop, a rotated log file, expired and rotated TLS
 * certificates, a replica's full sync, a FAILOVER), and every line of its
 * log blocks must match what they printed. A change of a message or of the AOF format fails here
 * until the runbook shows the new text.
 */
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  firstIncrementalFile, makeDirectory, must, removeDirectory, runCheckAof, runServer, startServer,
} from '../../../packages/server/test/durability/support.js';
import { freePort, runBallast, startBallast } from '../../../packages/server/test/support/ballast-server.js';
import { createTestCertificates } from '../../../packages/server/test/support/certificates.js';
import { logBlockLines, normalizeOutput, unmatchedLines } from './log-blocks.js';

const runbooks = path.join(path.dirname(path.dirname(fileURLToPath(import.meta.url))), 'runbooks');
const BLOCK_BYTES = 4096;
const directories: string[] = [];

afterAll(() => {
  for (const directory of directories) removeDirectory(directory);
});

function dataDirectory(): string {
  const directory = makeDirectory('ballast-runbook-');
  directories.push(directory);
  return directory;
}

/** Ten acknowledged SETs under always, as the runbooks' examples were made. */
async function tenWrites(directory: string, stop: 'kill' | 'stop'): Promise<string> {
  const server = await startServer(directory, ['--appendfsync', 'always']);
  const client = await server.connect();
  for (let index = 1; index <= 10; index++) await must(client, 'SET', `key:${index}`, `value ${index}`);
  client.close();
  if (stop === 'kill') await server.kill();
  else await server.stop();
  return server.output();
}

async function waitUntil(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** redis-cli on `port`: what it prints, trimmed. */
async function runCli(port: number, args: readonly string[]): Promise<string> {
  return (await promisify(execFile)('redis-cli', ['-p', String(port), ...args])).stdout.trim();
}

function expectDocumented(runbook: string, printed: readonly string[]): void {
  const documented = logBlockLines(path.join(runbooks, runbook));
  expect(documented.length, `${runbook} has log blocks`).toBeGreaterThan(0);
  expect(unmatchedLines(documented, printed), `lines of ${runbook} that Ballast did not print`).toEqual([]);
}

describe.sequential('the runbooks show what Ballast prints', () => {
  it('torn-tail.md: a file cut inside its last frame after kill -9', async () => {
    const directory = dataDirectory();
    await tenWrites(directory, 'kill');
    const file = firstIncrementalFile(directory);
    truncateSync(file, statSync(file).size - BLOCK_BYTES + 40);
    const check = await runCheckAof([directory]);
    const server = await startServer(directory, ['--appendfsync', 'always']);
    await server.stop();
    expectDocumented('torn-tail.md', normalizeOutput(check.output + server.output(), directory));
  });

  it('refuses-to-start.md: a byte flipped inside durable frames, then --aof-repair', async () => {
    const directory = dataDirectory();
    await tenWrites(directory, 'stop');
    const file = firstIncrementalFile(directory);
    const bytes = readFileSync(file);
    bytes[BLOCK_BYTES * 3 + 30] ^= 0xff;
    writeFileSync(file, bytes);
    const refused = await runServer(directory);
    expect(refused.code).toBe(2);
    const check = await runCheckAof([directory]);
    const repaired = await startServer(directory, ['--aof-repair']);
    await repaired.stop();
    expectDocumented('refuses-to-start.md', normalizeOutput(refused.output + check.output + repaired.output(), directory));
  });

  it('reshard.md: 1 shard started with --shards 4, then reshard', async () => {
    const directory = dataDirectory();
    const server = await startServer(directory);
    const client = await server.connect();
    for (let index = 1; index <= 20; index++) await must(client, 'SET', `key:${index}`, 'v');
    client.close();
    await server.stop();
    const refused = await runServer(directory, ['--shards', '4']);
    expect(refused.code).toBe(2);
    const reshard = await runBallast(['reshard', '--dir', directory, '--shards', '4']);
    expect(reshard.code).toBe(0);
    expectDocumented('reshard.md', normalizeOutput(refused.output + reshard.output, directory));
  });

  it('log-rotation.md: a move and SIGHUP, then a reopen whose folder is gone', async () => {
    const directory = dataDirectory();
    const logs = path.join(directory, 'logs');
    mkdirSync(logs);
    const file = path.join(logs, 'ballast.log');
    const server = await startBallast({ logFile: file });
    renameSync(file, `${file}.1`);
    server.kill('SIGHUP');
    await waitUntil(() => existsSync(file) && readFileSync(file, 'utf8').includes('reopened'));
    renameSync(logs, `${logs}.old`);
    server.kill('SIGHUP');
    await waitUntil(() => readFileSync(path.join(`${logs}.old`, 'ballast.log'), 'utf8').includes("can't reopen"));
    await server.stop();
    const printed = readFileSync(path.join(`${logs}.old`, 'ballast.log.1'), 'utf8') + readFileSync(path.join(`${logs}.old`, 'ballast.log'), 'utf8');
    expectDocumented('log-rotation.md', normalizeOutput(printed, directory));
  });

  it('certificate-rotation.md: an expired server certificate, a refused reload, a rotation, an expired client certificate', async () => {
    const certificates = createTestCertificates();
    try {
      const expired = certificates.issueServer('expired', { days: 0 });
      const expiredClient = certificates.issueClient('expired-client', { days: 0 });
      const notAfterMs = Date.parse(new X509Certificate(readFileSync(expired.cert)).validTo);
      await waitUntil(() => Date.now() > notAfterMs);
      const tlsPort = await freePort();
      const server = await startBallast({ args: ['--tls-port', String(tlsPort), '--tls-cert-file', expired.cert, '--tls-key-file', expired.key,
        '--tls-ca-cert-file', certificates.ca.cert] });
      // redis-cli checks with OpenSSL, which sends the server its alert (Node's client would just hang up).
      const connect = (pair: { cert: string; key: string }) => promisify(execFile)('redis-cli', ['--tls', '--cacert', certificates.ca.cert,
        '--cert', pair.cert, '--key', pair.key, '-p', String(tlsPort), 'PING']).catch(() => undefined);
      const cli = (...args: string[]) => runCli(server.port, args);
      try {
        await connect(certificates.client);
        await waitUntil(() => server.output().includes('sslv3 alert certificate expired'));
        expect(await cli('CONFIG', 'SET', 'tls-cert-file', path.join(certificates.directory, 'missing.crt'))).toContain('Unable to update TLS configuration');
        expect(await cli('CONFIG', 'SET', 'tls-cert-file', certificates.server.cert, 'tls-key-file', certificates.server.key)).toBe('OK');
        await connect(expiredClient);
        await waitUntil(() => server.output().includes('CERT_HAS_EXPIRED'));
      } finally {
        await server.stop();
      }
      expectDocumented('certificate-rotation.md', normalizeOutput(server.output(), certificates.directory));
    } finally {
      certificates.remove();
    }
  });

  it('adding-a-replica.md: a replica following a primary from the start', async () => {
    const primary = await startBallast({ args: ['--appendfsync', 'always'] });
    const replica = await startBallast({ args: ['--replicaof', `127.0.0.1 ${primary.port}`] });
    try {
      await runCli(primary.port, ['SET', 'key', 'value']);
      await waitUntil(() => replica.output().includes('the replication stream follows'));
      expectDocumented('adding-a-replica.md', normalizeOutput(replica.output(), replica.directory));
    } finally {
      await replica.stop();
      await primary.stop();
    }
  });

  it('failover.md: FAILOVER TO a replica', async () => {
    const primary = await startBallast({ args: ['--appendfsync', 'always'] });
    const replica = await startBallast({ args: ['--replicaof', `127.0.0.1 ${primary.port}`] });
    try {
      await runCli(primary.port, ['SET', 'key', 'value']);
      await waitUntil(() => replica.output().includes('the replication stream follows'));
      expect(await runCli(primary.port, ['FAILOVER', 'TO', '127.0.0.1', String(replica.port)])).toBe('OK');
      await waitUntil(() => primary.output().includes('Successful partial resynchronization with master.'));
      expectDocumented('failover.md', [...normalizeOutput(primary.output(), primary.directory), ...normalizeOutput(replica.output(), replica.directory)]);
    } finally {
      await replica.stop();
      await primary.stop();
    }
  });

  it('upgrading.md: a clean stop with SIGTERM', async () => {
    const directory = dataDirectory();
    expectDocumented('upgrading.md', normalizeOutput(await tenWrites(directory, 'stop'), directory));
  });
});
