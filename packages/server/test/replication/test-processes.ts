/**
 * What a replication test starts, stopped after each test in the reverse order: servers and
 * clients. Clients may outlive their server (a test kills it): their reconnection errors surface
 * as failed commands, not as unhandled events.
 */
import { Redis } from 'ioredis';
import { afterEach } from 'vitest';
import { startBallast, type RunningBallast } from '../support/ballast-server.js';

export interface TestProcesses {
  /** Stops `stop` after the test (later registrations first). */
  track(stop: () => Promise<void>): void;
  client(port: number): Promise<Redis>;
  ballast(shards: number, args?: string[]): Promise<RunningBallast>;
}

export function useTestProcesses(): TestProcesses {
  const running: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const stop of running.splice(0).reverse()) await stop();
  });
  return {
    track: (stop) => void running.push(stop),
    async client(port) {
      const redis = new Redis(port, { lazyConnect: true, maxRetriesPerRequest: 3 });
      redis.on('error', () => undefined);
      await redis.connect();
      running.push(async () => redis.disconnect());
      return redis;
    },
    async ballast(shards, args = []) {
      const server = await startBallast({ shards, args });
      running.push(() => server.stop());
      return server;
    },
  };
}
