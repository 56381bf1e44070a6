/**
 * INFO cpu on ballast-server against redis-server: the same fields in the same order, printed as
 * Redis prints a struct timeval, taken from this process (HostInfo.cpuUsage in host-info.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processCpuUsage } from '../../src/host-info.js';
import { RawClient } from '../support/raw-client.js';
import { startBallast, type RunningBallast } from '../support/ballast-server.js';
import { startRedis, type RunningRedis } from '../support/redis-server.js';

const TIMEVAL = /^\d+\.\d{6}$/;

async function infoFields(port: number, ...sections: string[]): Promise<Array<[string, string]>> {
  const client = await RawClient.connect(port);
  try {
    const text = (await client.call('INFO', ...sections)) as string;
    return text.split('\r\n').filter((line) => line.includes(':')).map((line) => line.split(':') as [string, string]);
  } finally {
    client.close();
  }
}

describe('INFO cpu against redis-server', () => {
  let redis: RunningRedis;
  let ballast: RunningBallast;

  beforeAll(async () => {
    [redis, ballast] = await Promise.all([startRedis(), startBallast()]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([redis?.stop(), ballast?.stop()]);
  });

  it('lists the fields Redis lists, in its order and format, in the default sections too', async () => {
    const expected = await infoFields(redis.port, 'cpu');
    const actual = await infoFields(ballast.port, 'cpu');
    expect(actual.map(([name]) => name)).toEqual(expected.map(([name]) => name));
    for (const [, value] of actual) expect(value).toMatch(TIMEVAL);
    const everyDefault = (await infoFields(ballast.port)).map(([name]) => name);
    expect(everyDefault).toContain('used_cpu_user');
    expect(everyDefault.indexOf('used_cpu_sys')).toBeGreaterThan(everyDefault.indexOf('master_repl_offset'));
  });

  it('counts the server\'s own CPU time, which only grows as it works', async () => {
    const before = new Map(await infoFields(ballast.port, 'cpu'));
    const client = await RawClient.connect(ballast.port);
    for (let i = 0; i < 2000; i++) await client.call('SET', `key:${i}`, 'x'.repeat(100));
    client.close();
    const after = new Map(await infoFields(ballast.port, 'cpu'));
    const total = (fields: Map<string, string>) => Number(fields.get('used_cpu_user')) + Number(fields.get('used_cpu_sys'));
    expect(total(before)).toBeGreaterThan(0);
    expect(total(after)).toBeGreaterThan(total(before));
    expect(Number(after.get('used_cpu_user_main_thread'))).toBeLessThanOrEqual(Number(after.get('used_cpu_user')));
  });
});

describe('processCpuUsage', () => {
  it('reads this process: the main thread within the process total, no children', () => {
    const usage = processCpuUsage();
    expect(usage.userUs).toBeGreaterThan(0);
    expect(Number.isInteger(usage.childrenUserUs) && Number.isInteger(usage.childrenSystemUs)).toBe(true);
    expect(usage.mainThread).toBeDefined();
    // The thread's /proc figure is in 10 ms ticks, rounded down: never above the process total.
    expect(usage.mainThread!.userUs).toBeLessThanOrEqual(usage.userUs + 10_000);
  });
});
