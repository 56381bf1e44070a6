/**
 * The three servers a multi-connection differential test compares: redis-server 7.0.15 and
 * ballast-server with 1 and with 4 shards, started before the file's tests and stopped after.
 * useServerTrio returns their ports by name (filled once the servers are up); useGatedTrio runs
 * the 4-shard ballast-server under appendfsync always, where the reply gate holds replies and
 * messages until their write is committed.
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

/** redis-server, ballast-server (1 shard, everysec) and ballast-server (4 shards, appendfsync always): their ports once they are up. */
export function useGatedTrio(): { redisPort(): number; readonly ballastPorts: readonly number[] } {
  let redis: RunningRedis | undefined;
  const ballasts: RunningBallast[] = [];
  const ballastPorts: number[] = [];
  beforeAll(async () => {
    redis = await startRedis();
    ballasts.push(await startBallast({ shards: 1 }), await startBallast({ shards: 4, args: ['--appendfsync', 'always'] }));
    ballastPorts.push(...ballasts.map((ballast) => ballast.port));
  }, 60_000);
  afterAll(async () => {
    await Promise.all([redis?.stop(), ...ballasts.map((ballast) => ballast.stop())]);
  });
  return { redisPort: () => redis!.port, ballastPorts };
}
