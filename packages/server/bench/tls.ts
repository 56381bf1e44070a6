/**
 * TLS throughput (issue 19): SET and GET with redis-benchmark --tls against ballast-server and
 * redis-server, both serving TLS with the same openssl-made certificates (client certificates
 * required, tls-auth-clients yes, as deployed) and no log, alternating which goes first, as
 * ratios. The target is 0.8x at -P 16.
 */
import { freePort, startBallast } from '../test/support/ballast-server.js';
import { createTestCertificates, tlsArgs } from '../test/support/certificates.js';
import { startRedis } from '../test/support/redis-server.js';
import { compareThroughput, type ThroughputRow } from './throughput.js';

export const TLS_TESTS = ['set', 'get'];
/** Target ratio at a pipeline depth: the issue asks ≥ 0.8x at -P 16; -P 1 is reported against the same bar. */
export const TLS_TARGET = 0.8;

export async function compareTls(options: { shards: number; pipelines: number[]; rounds: number; requests: number }): Promise<ThroughputRow[]> {
  const certificates = createTestCertificates();
  const ports = { ballast: await freePort(), redis: await freePort() };
  const redis = await startRedis(tlsArgs(certificates, ports.redis));
  const ballast = await startBallast({ shards: options.shards, args: ['--appendonly', 'no', ...tlsArgs(certificates, ports.ballast)] });
  try {
    return await compareThroughput({
      durability: 'tls', ports, pipelines: options.pipelines, rounds: options.rounds, requests: options.requests,
      target: () => TLS_TARGET, tests: TLS_TESTS,
      connection: (port) => ['--tls', '--cacert', certificates.ca.cert, '--cert', certificates.client.cert, '--key', certificates.client.key,
        '-h', '127.0.0.1', '-p', String(port)],
    });
  } finally {
    await ballast.stop();
    await redis.stop();
    certificates.remove();
  }
}
