/**
 * The three clients the bench compares, behind one small interface: SET and GET awaited one at
 * a time, and many issued at once. Each runs as its authors recommend for the case: ioredis with
 * `enableAutoPipelining` for bursts (plain for single commands, where batching only adds a tick),
 * node-redis v4 (which pipelines a tick's commands by itself), and @ballast/sdk (always
 * auto-pipelining).
 */
import { Redis } from 'ioredis';
import { createClient as createNodeRedis } from 'redis';
import { createClient } from '../src/index.js';

export interface BenchClient {
  set(key: string, value: string): Promise<unknown>;
  get(key: string): Promise<unknown>;
  close(): Promise<void>;
  /** Drops the connection at once (after a run that did not finish). */
  destroy(): void;
}

export type ClientName = '@ballast/sdk' | 'ioredis' | 'node-redis';
export const CLIENT_NAMES: readonly ClientName[] = ['@ballast/sdk', 'ioredis', 'node-redis'];

export async function openClient(name: ClientName, port: number, burst: boolean): Promise<BenchClient> {
  if (name === '@ballast/sdk') {
    const client = createClient({ port });
    await client.ready();
    return {
      set: (key, value) => client.set(key, value), get: (key) => client.get(key), close: () => client.quit(),
      destroy: () => void client.disconnect(),
    };
  }
  if (name === 'ioredis') {
    const client = new Redis({ port, host: '127.0.0.1', enableAutoPipelining: burst, lazyConnect: true });
    await client.connect();
    return {
      set: (key, value) => client.set(key, value), get: (key) => client.get(key), close: async () => void (await client.quit()),
      destroy: () => client.disconnect(),
    };
  }
  const client = createNodeRedis({ socket: { port, host: '127.0.0.1' } });
  await client.connect();
  return {
    set: (key, value) => client.set(key, value), get: (key) => client.get(key), close: async () => void (await client.quit()),
    destroy: () => void client.disconnect().catch(() => undefined),
  };
}
