/**
 * maxmemory and eviction (Redis 7.0's evict.c and processCommand over the memory model): the
 * -OOM refusal under noeviction, what each policy may evict, LRU/LFU choices, the eviction
 * pool, MULTI and scripts under OOM, OBJECT FREQ/IDLETIME, notifications, INFO, and evictions
 * logged as DEL effects that replay to the same keyspace.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { UnitEffects } from '../../src/aof/effect.js';
import { EVICTION_POOL_SIZE, EvictionPool, evictionTimeLimitUs } from '../../src/engine/eviction.js';
import { ErrorReply, NULL_ARRAY, OK, QUEUED, SimpleString, type Reply } from '../../src/resp/reply.js';
import { createTestEngine, durabilityPort, type TestClient } from '../support/test-engine.js';
import { replayUnits } from '../support/replay-history.js';
import { dumpKeyspace } from '../../src/engine/keyspace-dump.js';

const OOM = new ErrorReply("OOM command not allowed when used memory > 'maxmemory'.");

function info(client: TestClient, field: string): string {
  const text = client.call('INFO', 'everything') as string;
  const line = text.split('\r\n').find((candidate) => candidate.startsWith(`${field}:`));
  if (line === undefined) throw new Error(`INFO has no ${field}`);
  return line.slice(field.length + 1);
}

/** An engine whose limit is its empty use plus `headroomBytes`. */
function limitedEngine(policy: string, headroomBytes: number, config: Record<string, string> = {}) {
  const probe = createTestEngine();
  const limit = probe.engine.usedMemory() + headroomBytes;
  const test = createTestEngine({ config: { maxmemory: String(limit), 'maxmemory-policy': policy, ...config } });
  return { ...test, limit };
}

describe('maxmemory under noeviction', () => {
  it('refuses deny-oom commands with Redis\'s error and serves the rest', () => {
    const { client } = createTestEngine({ config: { maxmemory: '1' } });
    const c = client();
    expect(c.call('SET', 'k', 'v')).toEqual(OOM);
    expect(c.call('GET', 'k')).toBeNull();
    expect(c.call('DEL', 'k')).toBe(0);
    expect(c.call('CONFIG', 'SET', 'maxmemory', '0')).toEqual(OK);
    expect(c.call('SET', 'k', 'v')).toEqual(OK);
    expect(c.call('CONFIG', 'SET', 'maxmemory', '1')).toEqual(OK);
    expect(c.call('APPEND', 'k', 'x')).toEqual(OOM);
    expect(c.call('INCR', 'counter')).toEqual(OOM);
    expect(c.call('GET', 'k')).toBe('v');
    expect(c.call('DEL', 'k')).toBe(1);
    expect(c.call('INFO', 'stats')).toContain('evicted_keys:0');
  });

  it('inside MULTI refuses every queued command but EXEC and DISCARD, and EXEC aborts', () => {
    const { client } = createTestEngine({ config: { maxmemory: '1' } });
    const c = client();
    expect(c.call('MULTI')).toEqual(OK);
    expect(c.call('GET', 'x')).toEqual(OOM);
    expect(c.call('DISCARD')).toEqual(OK);
    expect(c.call('MULTI')).toEqual(OK);
    expect(c.call('SET', 'x', '1')).toEqual(OOM);
    expect(c.call('EXEC')).toEqual(new ErrorReply('EXECABORT Transaction discarded because of previous errors.'));
  });

  it('EXEC of reads runs; EXEC holding a deny-oom command is aborted with the OOM error (the limit set after queueing)', () => {
    const { client } = createTestEngine();
    const c = client();
    const admin = client();
    c.call('SET', 'x', 'value');
    c.call('MULTI');
    c.call('GET', 'x');
    c.call('PING');
    admin.call('CONFIG', 'SET', 'maxmemory', '1');
    expect(c.call('EXEC')).toEqual(['value', new SimpleString('PONG')]);
    admin.call('CONFIG', 'SET', 'maxmemory', '0');
    c.call('MULTI');
    expect(c.call('SET', 'x', '1')).toEqual(QUEUED);
    c.call('GET', 'x');
    admin.call('CONFIG', 'SET', 'maxmemory', '1');
    expect(c.call('EXEC')).toEqual(new ErrorReply(`EXECABORT Transaction discarded because of: ${OOM.message}`));
    expect(c.call('GET', 'x')).toBe('value');
  });

  it('scripts: a write inside a script without flags is refused, allow-oom writes, no-writes reads', () => {
    const { client } = createTestEngine({ config: { maxmemory: '1' } });
    const c = client();
    // A script without declared flags runs, and its first deny-oom call fails (Redis's scriptVerifyOOM).
    expect((c.call('EVAL', "return redis.call('set', 'x', 1)", '0') as ErrorReply).message).toMatch(/^OOM command not allowed when used memory > 'maxmemory'\. script: /);
    expect(c.call('EVAL', "return redis.call('get', 'x')", '0')).toBeNull();
    expect(c.call('EVAL', "#!lua\nreturn redis.call('set', 'x', 1)", '0')).toEqual(OOM);
    expect(c.call('EVAL', "#!lua flags=allow-oom\nreturn redis.call('set', 'x', 1)", '0')).toEqual(OK);
    expect(c.call('EVAL', "#!lua flags=no-writes\nreturn redis.call('get', 'x')", '0')).toBe('1');
    expect(c.call('FUNCTION', 'LOAD', "#!lua name=lib\nredis.register_function('w', function() return redis.call('set', 'y', 1) end)")).toEqual(OOM);
    c.call('CONFIG', 'SET', 'maxmemory', '0');
    c.call('FUNCTION', 'LOAD', "#!lua name=lib\nredis.register_function('w', function() return redis.call('set', 'y', 1) end)\n"
      + "redis.register_function{function_name='oom', callback=function() return redis.call('set', 'z', 1) end, flags={'allow-oom'}}");
    c.call('CONFIG', 'SET', 'maxmemory', '1');
    // A function declares its flags: without allow-oom, FCALL is deny-oom and refused before it runs.
    expect(c.call('FCALL', 'w', '0')).toEqual(OOM);
    expect(c.call('FCALL', 'oom', '0')).toEqual(OK);
  });

  it('a declared script run inside EXEC while out of memory gets the allow-oom error', () => {
    const { client } = createTestEngine();
    const c = client();
    const admin = client();
    c.call('MULTI');
    c.call('EVAL', "#!lua\nreturn redis.call('set', 'x', 1)", '0');
    c.call('PING');
    admin.call('CONFIG', 'SET', 'maxmemory', '1');
    // The EVAL is deny-oom by its (empty) declared flags: EXEC is refused as a whole.
    expect(c.call('EXEC')).toEqual(new ErrorReply(`EXECABORT Transaction discarded because of: ${OOM.message}`));
  });
});

describe('eviction by policy', () => {
  const policies = ['allkeys-lru', 'allkeys-lfu', 'allkeys-random', 'volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl'];
  for (const policy of policies) {
    it(`${policy}: stays within maxmemory (plus the last write), evicts only what the policy may`, () => {
      const { engine, client, limit } = limitedEngine(policy, 20_000);
      const c = client();
      const volatile = policy.startsWith('volatile-');
      let refused = 0;
      for (let i = 0; i < 600; i++) {
        const key = `key:${i}`;
        // Under a volatile policy, every third key has no TTL and must survive.
        const reply = volatile && i % 3 === 0 ? c.call('SET', key, 'x'.repeat(20)) : c.call('SET', key, 'x'.repeat(20), 'EX', String(1000 + i));
        if (reply instanceof ErrorReply) {
          expect(reply).toEqual(OOM);
          refused++;
        }
        // Eviction runs before each command: what the write added may stand over the limit until the next one.
        expect(engine.usedMemory()).toBeLessThanOrEqual(limit + 200);
      }
      c.call('PING');
      // Out of volatile keys, writes are refused: the last write that got in may still stand over the limit.
      expect(engine.usedMemory()).toBeLessThanOrEqual(refused === 0 ? limit : limit + 200);
      expect(Number(info(c, 'evicted_keys'))).toBeGreaterThan(0);
      if (volatile) {
        for (let i = 0; i < 600; i += 3) {
          if (c.call('EXISTS', `key:${i}`) === 0) {
            // Only keys refused with OOM (never stored) may be missing.
            expect(refused).toBeGreaterThan(0);
          }
        }
      } else {
        expect(refused).toBe(0);
      }
    });
  }

  it('volatile policies refuse writes once no key has a TTL', () => {
    const { client } = limitedEngine('volatile-lru', 5_000);
    const c = client();
    let reply: Reply | undefined = OK;
    for (let i = 0; i < 200 && !(reply instanceof ErrorReply); i++) reply = c.call('SET', `persistent:${i}`, 'x'.repeat(50));
    expect(reply).toEqual(OOM);
    expect(c.call('INFO', 'stats')).toContain('evicted_keys:0');
  });

  it('allkeys-lru evicts the keys not used for longest', () => {
    const { client, clock } = limitedEngine('allkeys-lru', 30_000, { 'maxmemory-samples': '64' });
    const c = client();
    for (let i = 0; i < 100; i++) c.call('SET', `old:${i}`, 'x'.repeat(20));
    clock.advanceMs(10_000);
    // Half of them are read again: they become recent.
    for (let i = 0; i < 100; i += 2) c.call('GET', `old:${i}`);
    clock.advanceMs(10_000);
    let evicted = 0;
    for (let i = 0; evicted < 20; i++) {
      c.call('SET', `new:${i}`, 'x'.repeat(20));
      evicted = Number(info(c, 'evicted_keys'));
    }
    let recentMissing = 0;
    for (let i = 0; i < 100; i += 2) if (c.call('EXISTS', `old:${i}`) === 0) recentMissing++;
    expect(recentMissing).toBe(0);
  });

  it('allkeys-lfu keeps the keys used often', () => {
    const { client } = limitedEngine('allkeys-lfu', 30_000, { 'maxmemory-samples': '64', 'lfu-log-factor': '0' });
    const c = client();
    for (let i = 0; i < 100; i++) c.call('SET', `k:${i}`, 'x'.repeat(20));
    for (let round = 0; round < 20; round++) for (let i = 0; i < 100; i += 2) c.call('GET', `k:${i}`);
    for (let i = 0; Number(info(c, 'evicted_keys')) < 30; i++) c.call('SET', `new:${i}`, 'x'.repeat(20));
    for (let i = 0; i < 100; i += 2) expect(c.call('EXISTS', `k:${i}`)).toBe(1);
  });

  it('volatile-ttl evicts the nearest expiry first', () => {
    const { client } = limitedEngine('volatile-ttl', 20_000, { 'maxmemory-samples': '64' });
    const c = client();
    for (let i = 0; i < 200; i++) {
      const reply = c.call('SET', `k:${i}`, 'x'.repeat(20), 'EX', String(10_000 - i));
      if (reply instanceof ErrorReply) throw new Error('refused');
    }
    const evicted = Number(info(c, 'evicted_keys'));
    expect(evicted).toBeGreaterThan(0);
    // Keys written last expire first: after the fill, the first keys (latest expiry) are all there.
    for (let i = 0; i < 20; i++) expect(c.call('EXISTS', `k:${i}`)).toBe(1);
  });

  it('CONFIG SET maxmemory below the use evicts in a timer event, logged as a unit of its own', () => {
    const units: UnitEffects[] = [];
    const { engine, client, clock } = createTestEngine({ config: { 'maxmemory-policy': 'allkeys-random' }, durability: durabilityPort((unit) => units.push(unit)) });
    engine.beginLogging(0);
    const c = client();
    for (let i = 0; i < 50; i++) c.call('SET', `k:${i}`, 'v');
    expect(units).toHaveLength(50);
    c.call('CONFIG', 'SET', 'maxmemory', '1');
    expect(units).toHaveLength(50);
    clock.advanceMs(0);
    expect(c.call('DBSIZE')).toBe(0);
    expect(units).toHaveLength(51);
    expect(units[50][0].map((effect) => effect.args[0])).toEqual(Array(50).fill('DEL'));
    expect(info(c, 'evicted_keys')).toBe('50');
  });

  it('an eviction before a write is logged as DEL in that write\'s unit, before its effects; the log replays to the same keyspace', () => {
    const units: UnitEffects[] = [];
    const probe = createTestEngine();
    const limit = probe.engine.usedMemory() + 3_000;
    const { engine, client } = createTestEngine({
      config: { maxmemory: String(limit), 'maxmemory-policy': 'allkeys-lru' }, durability: durabilityPort((unit) => units.push(unit)),
    });
    engine.beginLogging(0);
    const c = client();
    for (let i = 0; i < 100; i++) c.call('SET', `k:${i}`, 'x'.repeat(30));
    const withEviction = units.find((unit) => unit[0].some((effect) => effect.args[0] === 'DEL'));
    expect(withEviction).toBeDefined();
    expect(withEviction![0][0].args[0]).toBe('DEL');
    expect(withEviction![0].at(-1)!.args[0]).toBe('SET');
    expect(replayUnits({ shards: 1 }, units)).toEqual(dumpKeyspace(engine));
  });

  it('publishes evicted notifications and dirties WATCH', () => {
    const { client, limit, engine } = limitedEngine('allkeys-random', 2_000, { 'notify-keyspace-events': 'Ee' });
    const watcher = client();
    const subscriber = client();
    subscriber.call('SUBSCRIBE', '__keyevent@0__:evicted');
    const c = client();
    c.call('SET', 'watched', 'v');
    watcher.call('WATCH', 'watched');
    for (let i = 0; engine.usedMemory() <= limit || i < 200; i++) {
      c.call('SET', `k:${i}`, 'x'.repeat(20));
      if (c.call('EXISTS', 'watched') === 0) break;
    }
    expect(c.call('EXISTS', 'watched')).toBe(0);
    watcher.call('MULTI');
    watcher.call('PING');
    expect(watcher.call('EXEC')).toEqual(NULL_ARRAY);
    const messages = subscriber.take();
    expect(messages.some((message) => Array.isArray(message) && message[0] === 'message' && message[2] === 'watched')).toBe(true);
  });
});

describe('OBJECT FREQ and IDLETIME', () => {
  it('IDLETIME counts seconds since the last access; FREQ needs an LFU policy', () => {
    const { client, clock } = createTestEngine();
    const c = client();
    c.call('SET', 'k', 'v');
    clock.advanceMs(5_500);
    expect(c.call('OBJECT', 'IDLETIME', 'k')).toBe(5);
    // OBJECT, TYPE, TTL and EXISTS do not count as accesses.
    c.call('TYPE', 'k');
    c.call('TTL', 'k');
    c.call('EXISTS', 'k');
    expect(c.call('OBJECT', 'IDLETIME', 'k')).toBe(5);
    c.call('GET', 'k');
    expect(c.call('OBJECT', 'IDLETIME', 'k')).toBe(0);
    clock.advanceMs(3_000);
    c.call('TOUCH', 'k');
    expect(c.call('OBJECT', 'IDLETIME', 'k')).toBe(0);
    expect(c.call('OBJECT', 'FREQ', 'k')).toEqual(new ErrorReply('ERR An LFU maxmemory policy is not selected, access frequency not tracked. '
      + 'Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.'));
    expect(c.call('OBJECT', 'IDLETIME', 'missing')).toBeNull();
    expect(c.call('OBJECT', 'FREQ', 'missing')).toBeNull();
  });

  it('FREQ starts at 5, grows logarithmically with accesses and decays by one per lfu-decay-time minutes', () => {
    const { client, clock } = createTestEngine({ config: { 'maxmemory-policy': 'allkeys-lfu', 'lfu-log-factor': '0' } });
    const c = client();
    c.call('SET', 'k', 'v');
    expect(c.call('OBJECT', 'FREQ', 'k')).toBe(5);
    for (let i = 0; i < 10; i++) c.call('GET', 'k');
    // lfu-log-factor 0: every access increments.
    expect(c.call('OBJECT', 'FREQ', 'k')).toBe(15);
    clock.advanceMs(3 * 60_000);
    expect(c.call('OBJECT', 'FREQ', 'k')).toBe(12);
    expect(c.call('OBJECT', 'IDLETIME', 'k')).toEqual(new ErrorReply('ERR An LFU maxmemory policy is selected, idle time not tracked. '
      + 'Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.'));
    // Decay is computed when read, never stored: with lfu-decay-time 0 the stored counter shows again.
    c.call('CONFIG', 'SET', 'lfu-decay-time', '0');
    clock.advanceMs(60 * 60_000);
    expect(c.call('OBJECT', 'FREQ', 'k')).toBe(15);
  });

  it('one access per command: a lookup, or the overwrite of SET; KEYS and SCAN do not count', () => {
    const { client, clock } = createTestEngine({ config: { 'maxmemory-policy': 'allkeys-lfu', 'lfu-log-factor': '0' } });
    const c = client();
    c.call('SET', 'k', '1');
    c.call('SET', 'k', '2');
    expect(c.call('OBJECT', 'FREQ', 'k')).toBe(6);
    c.call('INCR', 'k');
    c.call('APPEND', 'k', 'x');
    expect(c.call('OBJECT', 'FREQ', 'k')).toBe(8);
    c.call('KEYS', '*');
    c.call('SCAN', '0');
    c.call('EXISTS', 'k');
    expect(c.call('OBJECT', 'FREQ', 'k')).toBe(8);
    c.call('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru');
    c.call('GET', 'k');
    clock.advanceMs(4_000);
    c.call('KEYS', '*');
    c.call('SCAN', '0');
    expect(c.call('OBJECT', 'IDLETIME', 'k')).toBe(4);
  });

  it('with the default lfu-log-factor, a thousand accesses reach about 18 (Redis\'s table)', () => {
    const { client } = createTestEngine({ config: { 'maxmemory-policy': 'allkeys-lfu' } });
    const c = client();
    c.call('SET', 'k', 'v');
    for (let i = 0; i < 1000; i++) c.call('GET', 'k');
    const frequency = c.call('OBJECT', 'FREQ', 'k') as number;
    expect(frequency).toBeGreaterThanOrEqual(12);
    expect(frequency).toBeLessThanOrEqual(24);
  });

  it('RESTORE sets IDLETIME or FREQ by the policy in force', () => {
    const { client } = createTestEngine();
    const c = client();
    c.call('SET', 'k', 'v');
    const payload = c.call('DUMP', 'k') as string;
    expect(c.call('RESTORE', 'lru', '0', payload, 'IDLETIME', '1000')).toEqual(OK);
    expect(c.call('OBJECT', 'IDLETIME', 'lru')).toBe(1000);
    c.call('CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lfu');
    expect(c.call('RESTORE', 'lfu', '0', payload, 'FREQ', '100')).toEqual(OK);
    expect(c.call('OBJECT', 'FREQ', 'lfu')).toBe(100);
  });
});

describe('the eviction pool', () => {
  it('keeps the 16 best candidates in ascending order of score', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 1_000_000 }), { maxLength: 80 }), (scores) => {
      const pool = new EvictionPool();
      scores.forEach((score, index) => pool.offer(`k${index}`, score, 0, 0));
      const expected = [...scores].sort((a, b) => a - b).slice(-EVICTION_POOL_SIZE);
      const held = pool.scores.filter((_, k) => pool.keys[k] !== null);
      expect(held).toEqual(expected);
      // Filled from the left: no gap before a held entry.
      const firstEmpty = pool.keys.indexOf(null);
      if (firstEmpty >= 0) expect(pool.keys.slice(firstEmpty).every((key) => key === null)).toBe(true);
      for (let k = 0; k < EVICTION_POOL_SIZE; k++) if (pool.keys[k] !== null) expect(pool.keys[k]).toBe(`k${scores.indexOf(pool.scores[k])}`);
    }));
  });

  it('tenacity: Redis\'s time limits', () => {
    expect(evictionTimeLimitUs(0)).toBe(0);
    expect(evictionTimeLimitUs(10)).toBe(500);
    expect(evictionTimeLimitUs(11)).toBe(575);
    expect(evictionTimeLimitUs(99)).toBe(Math.floor(500 * 1.15 ** 89));
    expect(evictionTimeLimitUs(100)).toBe(Number.POSITIVE_INFINITY);
  });
});
