/**
 * Waiting for a replica and comparing it with its primary, whichever server plays which part:
 * WAIT on the primary (the replica acknowledged this connection's writes), then the replica's
 * processed offset equal to the primary's, then every key equal (support/dataset.ts).
 */
import type { Redis } from 'ioredis';
import { expect } from 'vitest';
import { datasetOf } from '../support/dataset.js';

export function infoField(info: string, field: string): string | undefined {
  return info.split('\r\n').find((line) => line.startsWith(`${field}:`))?.slice(field.length + 1);
}

/** Waits until the replica acknowledged the primary connection's last write and has processed everything shipped. */
export async function caughtUp(primary: Redis, replica: Redis, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  expect(await primary.call('WAIT', '1', String(timeoutMs))).toBe(1);
  for (;;) {
    const primaryInfo = await primary.info('replication');
    const replicaInfo = await replica.info('replication');
    const linked = infoField(replicaInfo, 'master_link_status') === 'up';
    const shipped = infoField(primaryInfo, 'master_repl_offset');
    if (linked && shipped !== undefined && infoField(replicaInfo, 'slave_repl_offset') === shipped
      && infoField(primaryInfo, 'slave0')?.includes(`offset=${shipped}`)) return;
    if (Date.now() > deadline) throw new Error(`replica did not catch up:\n${primaryInfo}\n${replicaInfo}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The replica caught up and holds exactly the primary's keys. */
export async function expectSameData(primary: Redis, replica: Redis): Promise<void> {
  await caughtUp(primary, replica);
  const [primaryData, replicaData] = [await datasetOf(primary), await datasetOf(replica)];
  expect(Object.keys(primaryData).length).toBeGreaterThan(0);
  expect(replicaData).toEqual(primaryData);
}
