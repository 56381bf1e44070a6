import { describe, expect, it } from 'vitest';
import { bytesToHuman, cpuSeconds, fixed2 } from '../../src/commands/server/format.js';
import { VerbatimString } from '../../src/resp/reply.js';
import { createTestEngine } from '../support/test-engine.js';

/** INFO text → section title → field → value, checking Redis's layout on the way. */
function parseInfo(reply: unknown): Map<string, Map<string, string>> {
  expect(typeof reply).toBe('string');
  const text = reply as string;
  const sections = new Map<string, Map<string, string>>();
  if (text === '') return sections;
  expect(text.endsWith('\r\n')).toBe(true);
  for (const block of text.slice(0, -2).split('\r\n\r\n')) {
    const [title, ...lines] = block.split('\r\n');
    expect(title).toMatch(/^# [A-Z][A-Za-z]+$/);
    const fields = new Map<string, string>();
    for (const line of lines) {
      const colon = line.indexOf(':');
      expect(colon).toBeGreaterThan(0);
      fields.set(line.slice(0, colon), line.slice(colon + 1));
    }
    sections.set(title.slice(2), fields);
  }
  return sections;
}

const DEFAULT_TITLES = ['Server', 'Clients', 'Memory', 'Persistence', 'Stats', 'Replication', 'CPU', 'Modules', 'Errorstats', 'Cluster', 'Keyspace'];

describe('INFO sections', () => {
  it('answers the default sections in Redis order, as CRLF text', () => {
    const { client } = createTestEngine();
    const a = client();
    const text = a.call('INFO') as string;
    expect(text.startsWith('# Server\r\nredis_version:7.0.15\r\nballast_version:0.0.0-test\r\n')).toBe(true);
    expect([...parseInfo(text).keys()]).toEqual(DEFAULT_TITLES);
    expect([...parseInfo(a.call('INFO', 'default')).keys()]).toEqual(DEFAULT_TITLES);
  });

  it('answers every section for all and everything', () => {
    const { client } = createTestEngine();
    const a = client();
    const every = [...DEFAULT_TITLES.slice(0, 8), 'Commandstats', 'Errorstats', 'Latencystats', ...DEFAULT_TITLES.slice(9)];
    expect([...parseInfo(a.call('INFO', 'all')).keys()]).toEqual(every);
    expect([...parseInfo(a.call('INFO', 'EVERYTHING')).keys()]).toEqual(every);
  });

  it('answers the named sections in Redis order, ignoring case, repeats and unknown names', () => {
    const { client } = createTestEngine();
    const a = client();
    expect([...parseInfo(a.call('INFO', 'KEYSPACE', 'server', 'Server', 'nope')).keys()]).toEqual(['Server', 'Keyspace']);
    expect([...parseInfo(a.call('INFO', 'commandstats', 'default')).keys()]).toEqual([
      ...DEFAULT_TITLES.slice(0, 8), 'Commandstats', ...DEFAULT_TITLES.slice(8),
    ]);
    expect(a.call('INFO', 'nope')).toBe('');
    expect(a.call('INFO', 'keyspace')).toBe('# Keyspace\r\n');
    expect(a.call('INFO', 'module_list')).toBe('# Modules\r\n');
  });

  it('answers RESP3 clients with verbatim text', () => {
    const { client } = createTestEngine();
    const a = client();
    a.call('HELLO', '3');
    expect(a.call('INFO', 'cluster')).toEqual(new VerbatimString('# Cluster\r\ncluster_enabled:0\r\n'));
  });
});

describe('INFO fields', () => {
  it('server: versions, host facts and uptime from the clock', () => {
    const { client, clock } = createTestEngine();
    clock.advanceMs(2 * 86_400_000 + 1_500);
    const server = parseInfo(client().call('INFO', 'server')).get('Server')!;
    expect(Object.fromEntries(server)).toMatchObject({
      redis_version: '7.0.15',
      ballast_version: '0.0.0-test',
      redis_mode: 'standalone',
      os: 'Test 1.0 x86_64',
      process_id: '4242',
      run_id: '0'.repeat(40),
      tcp_port: '6379',
      server_time_usec: String((1_700_000_000_000 + 2 * 86_400_000 + 1_500) * 1000),
      uptime_in_seconds: String(2 * 86_400 + 1),
      uptime_in_days: '2',
      hz: '10',
      configured_hz: '10',
      executable: '/usr/bin/ballast-server',
      config_file: '',
    });
  });

  it('clients: connected and blocked clients, maxclients', () => {
    const { client } = createTestEngine({ config: { maxclients: '77' } });
    const a = client();
    client();
    const clients = parseInfo(a.call('INFO', 'clients')).get('Clients')!;
    expect(clients.get('connected_clients')).toBe('2');
    expect(clients.get('blocked_clients')).toBe('0');
    expect(clients.get('maxclients')).toBe('77');
  });

  it('memory: used_memory is the memory model (what maxmemory bounds), the heap and RSS are the host figures', () => {
    const { client } = createTestEngine();
    const memory = parseInfo(client().call('INFO', 'memory')).get('Memory')!;
    // 16 empty databases of 700 bytes each: used_memory_startup.
    expect(Object.fromEntries(memory)).toMatchObject({
      used_memory: '11200',
      used_memory_human: '10.94K',
      used_memory_rss: '2000000',
      used_memory_rss_human: '1.91M',
      used_memory_startup: '11200',
      used_memory_dataset: '0',
      allocator_allocated: '1000000',
      allocator_resident: '2000000',
      maxmemory: '0',
      maxmemory_human: '0B',
      maxmemory_policy: 'noeviction',
      mem_fragmentation_ratio: '178.57',
      mem_fragmentation_bytes: '1988800',
      mem_not_counted_for_evict: '0',
    });
  });

  it('memory: maxmemory and its policy, used_memory growing with the dataset', () => {
    const { client } = createTestEngine({ config: { maxmemory: '10mb', 'maxmemory-policy': 'allkeys-lru' } });
    const c = client();
    c.call('SET', 'key', 'value');
    const memory = parseInfo(c.call('INFO', 'memory')).get('Memory')!;
    expect(memory.get('maxmemory')).toBe(String(10 * 1024 * 1024));
    expect(memory.get('maxmemory_human')).toBe('10.00M');
    expect(memory.get('maxmemory_policy')).toBe('allkeys-lru');
    expect(Number(memory.get('used_memory_dataset'))).toBeGreaterThan(100);
    expect(Number(memory.get('used_memory'))).toBe(11200 + Number(memory.get('used_memory_dataset')));
  });

  it('persistence: nothing loading, no AOF, the change counter', () => {
    const { engine, client } = createTestEngine();
    engine.stats.dirty = 12;
    const persistence = parseInfo(client().call('INFO', 'persistence')).get('Persistence')!;
    expect(persistence.get('loading')).toBe('0');
    expect(persistence.get('aof_enabled')).toBe('0');
    expect(persistence.get('rdb_changes_since_last_save')).toBe('12');
    expect(persistence.get('rdb_last_save_time')).toBe('1700000000');
  });

  it('stats: connections, commands, keyspace hits and misses, errors', () => {
    const { engine, client } = createTestEngine();
    const a = client();
    a.call('PING');
    a.call('NOPE');
    engine.stats.keyspaceHits = 4;
    engine.stats.keyspaceMisses = 2;
    engine.stats.expiredKeys = 1;
    const stats = parseInfo(a.call('INFO', 'stats')).get('Stats')!;
    expect(Object.fromEntries(stats)).toMatchObject({
      total_connections_received: '1',
      total_commands_processed: '1',
      instantaneous_ops_per_sec: '0',
      keyspace_hits: '4',
      keyspace_misses: '2',
      expired_keys: '1',
      total_error_replies: '1',
      pubsub_channels: '0',
    });
  });

  it('commandstats and errorstats: one line per command and per error code', () => {
    const { client } = createTestEngine();
    const a = client();
    a.call('PING');
    a.call('PING');
    a.call('CLIENT', 'ID');
    a.call('NOPE');
    a.call('CLIENT', 'SETNAME', 'a b');
    a.call('HELLO', '4');
    const sections = parseInfo(a.call('INFO', 'commandstats', 'errorstats'));
    expect(Object.fromEntries(sections.get('Commandstats')!)).toEqual({
      cmdstat_ping: 'calls=2,usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=0',
      'cmdstat_client|id': 'calls=1,usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=0',
      'cmdstat_client|setname': 'calls=1,usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=1',
      cmdstat_hello: 'calls=1,usec=0,usec_per_call=0.00,rejected_calls=0,failed_calls=1',
    });
    expect([...sections.get('Errorstats')!]).toEqual([
      ['errorstat_ERR', 'count=2'],
      ['errorstat_NOPROTO', 'count=1'],
    ]);
  });

  it('keyspace: every non-empty database, keys summed over shards', () => {
    const { engine, client, clock } = createTestEngine({ shards: 4 });
    for (let i = 0; i < 10; i++) engine.database(0).set(`key:${i}`, 'v');
    engine.database(0).setExpire('key:3', clock.now() + 60_000);
    engine.database(5).set('k', 'v');
    const keyspace = parseInfo(client().call('INFO', 'keyspace')).get('Keyspace')!;
    expect([...keyspace]).toEqual([
      ['db0', 'keys=10,expires=1,avg_ttl=0'],
      ['db5', 'keys=1,expires=0,avg_ttl=0'],
    ]);
  });

  it('cpu: the host\'s getrusage times, as Redis prints them, in the default sections', () => {
    const { client } = createTestEngine();
    expect(Object.fromEntries(parseInfo(client().call('INFO', 'cpu')).get('CPU')!)).toEqual({
      used_cpu_sys: '1.500000', used_cpu_user: '12.000042', used_cpu_sys_children: '0.000000', used_cpu_user_children: '0.000007',
      used_cpu_sys_main_thread: '1.000000', used_cpu_user_main_thread: '0.999999',
    });
  });

  it('replication and cluster: a lone master without cluster support', () => {
    const { client } = createTestEngine();
    const sections = parseInfo(client().call('INFO', 'replication', 'cluster'));
    expect(sections.get('Replication')!.get('role')).toBe('master');
    expect(sections.get('Replication')!.get('connected_slaves')).toBe('0');
    expect(Object.fromEntries(sections.get('Cluster')!)).toEqual({ cluster_enabled: '0' });
  });
});

describe('INFO number formats', () => {
  it('formats sizes as Redis bytesToHuman', () => {
    expect(bytesToHuman(0)).toBe('0B');
    expect(bytesToHuman(1023)).toBe('1023B');
    expect(bytesToHuman(1024)).toBe('1.00K');
    expect(bytesToHuman(1152)).toBe('1.12K');
    expect(bytesToHuman(1_000_000)).toBe('976.56K');
    expect(bytesToHuman(6_860_800)).toBe('6.54M');
    expect(bytesToHuman(25_276_502_016)).toBe('23.54G');
  });

  it('formats CPU times as %ld.%06ld seconds', () => {
    expect(cpuSeconds(0)).toBe('0.000000');
    expect(cpuSeconds(1)).toBe('0.000001');
    expect(cpuSeconds(1_065_795)).toBe('1.065795');
    expect(cpuSeconds(123_000_000)).toBe('123.000000');
  });

  it('rounds exact ties to even, as printf does', () => {
    expect(fixed2(1.125)).toBe('1.12');
    expect(fixed2(1.375)).toBe('1.38');
    expect(fixed2(2)).toBe('2.00');
    expect(fixed2(100.19)).toBe('100.19');
  });
});
