/**
 * The three servers a multi-connection differential test compares: redis-server 7.0.15 and
 * ballast-server with 1 and with 4 shards, started before the file's tests and stopped after.
 * Returns their ports by name (filled once the servers are up).
 */
import { afterAll, beforeAll } from 'vitest';
import { startBallast, type RunningBallast } from './ballast-server.js';
import { startRedis, type RunningRedis } from './redis-server.js';

export function useServerTrio(): Record<string, number> {
  const ports: Record<string, number> = {};
  let redis: RunningRedis | undefined;
  const ballasts: RunningBallast[] = [];
  beforeAll(async () => {
    redis = await startRedis();
    ballasts.push(await startBallast({ shards: 1 }), await startBallast({ shards: 4 }));
    ports.redis = redis.port;
    ports['ballast --shards 1'] = ballasts[0].port;
    ports['ballast --shards 4'] = ballasts[1].port;
  }, 60_000);
  afterAll(async () => {
    await Promise.all([redis?.stop(), ...ballasts.map((ballast) => ballast.stop())]);
  });
  return ports;
}
