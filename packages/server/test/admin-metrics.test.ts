/**
 * GET /metrics on the real binary: every declared metric is served with its type and help, the
 * text parses with a Prometheus parser from npm, and the values move with the traffic —
 * commands and latency per family, clients, keys per shard, AOF bytes, sync latency per shard,
 * the committed LSN and the rewrite counters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRIC_DEFINITIONS } from '../src/admin/metric-definitions.js';
import { histogram, sample, scrape, startWithAdmin, type AdminBallast } from './support/admin-http.js';
import { RawClient } from './support/raw-client.js';

let server: AdminBallast;

beforeAll(async () => {
  server = await startWithAdmin({ shards: 2, args: ['--appendfsync', 'always'] });
});

afterAll(async () => {
  await server?.stop();
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('GET /metrics', () => {
  it('serves every declared metric with its type and help, and nothing undeclared', async () => {
    const client = await RawClient.connect(server.port);
    await client.call('SET', 'warm', 'up');
    const metrics = await scrape(server.adminPort);
    for (const definition of METRIC_DEFINITIONS) {
      expect(metrics[definition.name], definition.name).toMatchObject({ type: definition.type, help: definition.help });
    }
    expect(Object.keys(metrics).sort()).toEqual(METRIC_DEFINITIONS.map((definition) => definition.name).sort());
    expect(sample(metrics, 'ballast_ready')).toBe(1);
    expect(sample(metrics, 'ballast_aof_enabled')).toBe(1);
    expect(sample(metrics, 'ballast_build_info', { redis_version: '7.0.15' })).toBe(1);
    client.close();
  });

  it('moves with commands: counts and latency per family, clients, keys per shard, AOF bytes and LSNs', async () => {
    const before = await scrape(server.adminPort);
    const client = await RawClient.connect(server.port);
    // {a} and {b} hash to different slots of the two shards' halves of the slot table.
    const keys = ['{a}1', '{a}2', '{a}3', '{b}1', '{b}2'];
    for (const key of keys) expect(await client.call('SET', key, 'value')).toMatchObject({ value: 'OK' });
    await client.call('HSET', 'hash', 'field', 'value');
    await client.call('LPUSH', 'list', 'x');
    await client.call('HGET', 'warm', 'field');
    const after = await scrape(server.adminPort);

    const strings = (metrics: typeof after) => sample(metrics, 'ballast_commands_total', { family: 'string' });
    expect(strings(after) - strings(before)).toBe(keys.length);
    expect(sample(after, 'ballast_commands_total', { family: 'hash' })).toBe(2);
    expect(sample(after, 'ballast_command_failures_total', { family: 'hash' })).toBe(1);
    expect(sample(after, 'ballast_commands_total', { family: 'list' })).toBe(1);
    const latency = histogram(after, 'ballast_command_duration_seconds', { family: 'string' })!;
    expect(latency.count).toBe(strings(after));
    expect(latency.buckets['+Inf']).toBe(latency.count);
    expect(latency.sum).toBeGreaterThan(0);

    expect(sample(after, 'ballast_connected_clients')).toBe(1);
    const keysNow = sample(after, 'ballast_keys', { shard: '0' }) + sample(after, 'ballast_keys', { shard: '1' });
    expect(keysNow).toBe(1 + keys.length + 2);
    expect(sample(after, 'ballast_keys', { shard: '0' })).toBeGreaterThan(0);
    expect(sample(after, 'ballast_keys', { shard: '1' })).toBeGreaterThan(0);
    expect(sample(after, 'ballast_memory_used_bytes')).toBeGreaterThan(0);
    expect(sample(after, 'ballast_memory_resident_bytes')).toBeGreaterThan(0);

    expect(sample(after, 'ballast_aof_committed_lsn') - sample(before, 'ballast_aof_committed_lsn')).toBe(keys.length + 2);
    expect(sample(after, 'ballast_aof_last_lsn')).toBe(sample(after, 'ballast_aof_committed_lsn'));
    expect(sample(after, 'ballast_aof_written_bytes_total')).toBeGreaterThan(sample(before, 'ballast_aof_written_bytes_total'));
    for (const shard of ['0', '1']) {
      expect(sample(after, 'ballast_aof_file_bytes', { shard })).toBeGreaterThan(sample(before, 'ballast_aof_file_bytes', { shard }));
      const syncs = histogram(after, 'ballast_aof_sync_duration_seconds', { shard, operation: 'durable_write' });
      expect(syncs?.count ?? 0, `durable writes on shard ${shard}`).toBeGreaterThan(0);
    }
    expect(sample(after, 'ballast_aof_synced_batches_total')).toBeGreaterThan(sample(before, 'ballast_aof_synced_batches_total'));
    client.close();
    await waitFor(async () => sample(await scrape(server.adminPort), 'ballast_connected_clients') === 0);
  });

  it('counts a rewrite and reports the recovery of the last start', async () => {
    const client = await RawClient.connect(server.port);
    expect(await client.call('BGREWRITEAOF')).toMatchObject({ value: expect.stringMatching(/rewriting started/) });
    await waitFor(async () => sample(await scrape(server.adminPort), 'ballast_aof_rewrites_total') === 1);
    const metrics = await scrape(server.adminPort);
    expect(sample(metrics, 'ballast_aof_rewrite_in_progress')).toBe(0);
    expect(sample(metrics, 'ballast_aof_rewrite_last_success')).toBe(1);
    expect(sample(metrics, 'ballast_aof_rewrite_last_duration_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(metrics, 'ballast_recovery_duration_seconds')).toBeGreaterThan(0);
    expect(sample(metrics, 'ballast_recovery_truncated_bytes')).toBe(0);
    expect(sample(metrics, 'ballast_recovery_durable_cut_lsn')).toBe(0);
    client.close();
  });
});
