// How the geo writes are logged: GEOADD as typed, the stores as the set they produced; random
// geo histories (cross-shard stores, MULTI, expiry, WRONGTYPE) replayed shard by shard rebuild
// the keyspace that logged them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { UnitEffects } from '../../src/aof/effect.js';
import { logRuleOf } from '../../src/effects/effect-rules.js';
import { ALL_COMMANDS } from '../../src/engine/engine-commands.js';
import { createTestEngine, durabilityPort } from '../support/test-engine.js';
import { writeAndReplay, type Step } from '../support/replay-history.js';

const rule = (name: string, args: string[]) => logRuleOf(ALL_COMMANDS.find((definition) => definition.name === name)!, args);

describe('geo log rules', () => {
  it('GEOADD is logged as typed; the stores as the state they left', () => {
    expect(rule('geoadd', ['GEOADD', 'k', '1', '2', 'm'])).toBe('as-typed');
    expect(rule('geosearchstore', ['GEOSEARCHSTORE', 'd', 's', 'FROMLONLAT', '1', '2', 'BYRADIUS', '1', 'km'])).toBe('resulting-state');
    expect(rule('georadius', ['GEORADIUS', 's', '1', '2', '1', 'km', 'STORE', 'd'])).toBe('resulting-state');
    expect(rule('georadiusbymember', ['GEORADIUSBYMEMBER', 's', 'm', '1', 'km', 'STOREDIST', 'd'])).toBe('resulting-state');
    for (const name of ['geopos', 'geohash', 'geodist', 'geosearch', 'georadius_ro', 'georadiusbymember_ro']) {
      expect(ALL_COMMANDS.find((definition) => definition.name === name)!.flags).toContain('readonly');
    }
  });
});

const KEYS = ['a', 'b', '{t}x', '{t}y', 'c'];
const key = fc.constantFrom(...KEYS);
const member = fc.constantFrom('m1', 'm2', 'm3', 'm4', 'm5', 'm6');
const longitude = fc.constantFrom('13.361389', '15.087269', '-0.1278', '2.3522', '179.99', '-179.99', '0', '180');
const latitude = fc.constantFrom('38.115556', '37.502669', '51.5074', '48.8566', '-12.5', '85.05112878', '0');
const radius = fc.constantFrom('50 km', '500 km', '5000 km', '100 mi', '0 m');
const command: fc.Arbitrary<string[]> = fc.oneof(
  fc.tuple(key, fc.constantFrom([], ['NX'], ['XX'], ['CH']), longitude, latitude, member, longitude, latitude, member)
    .map(([k, options, x1, y1, m1, x2, y2, m2]) => ['GEOADD', k, ...options, x1, y1, m1, x2, y2, m2]),
  fc.tuple(key, key, member, radius, fc.constantFrom([], ['STOREDIST'], ['COUNT', '2'], ['COUNT', '2', 'ANY', 'DESC']))
    .map(([d, s, m, r, options]) => ['GEOSEARCHSTORE', d, s, 'FROMMEMBER', m, 'BYRADIUS', ...r.split(' '), ...options]),
  fc.tuple(key, key, longitude, latitude, fc.constantFrom('100 100 km', '2000 500 km'))
    .map(([d, s, x, y, box]) => ['GEOSEARCHSTORE', d, s, 'FROMLONLAT', x, y, 'BYBOX', ...box.split(' '), 'ASC', 'STOREDIST']),
  fc.tuple(key, longitude, latitude, radius, fc.constantFrom('STORE', 'STOREDIST'), key)
    .map(([s, x, y, r, store, d]) => ['GEORADIUS', s, x, y, ...r.split(' '), store, d]),
  fc.tuple(key, member, radius, key).map(([s, m, r, d]) => ['GEORADIUSBYMEMBER', s, m, ...r.split(' '), 'STOREDIST', d, 'COUNT', '3']),
  fc.tuple(key, member).map(([k, m]) => ['ZREM', k, m]),
  fc.tuple(key, member).map(([k, m]) => ['ZADD', k, '1.5', m]),
  key.map((k) => ['SET', k, 'string']),
  key.map((k) => ['EXPIRE', k, '1']),
  key.map((k) => ['DEL', k]),
);
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 12, arbitrary: command.map((args) => ({ kind: 'command' as const, args })) },
  { weight: 1, arbitrary: fc.array(command, { minLength: 1, maxLength: 4 }).map((commands) => ({ kind: 'multi' as const, commands })) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 1500 }).map((ms) => ({ kind: 'wait' as const, ms })) },
);


describe('geo effects replay to the state that logged them', () => {
  for (const shards of [1, 4]) {
    it(`shards=${shards}`, () => {
      fc.assert(fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const { written, replayed } = writeAndReplay({ shards }, steps);
        expect(replayed).toEqual(written);
      }), { numRuns: 200 });
    });
  }

  it('a cross-shard GEOSEARCHSTORE is logged as the sorted set it stored, on the destination\'s shard', () => {
    const units: UnitEffects[] = [];
    const writer = createTestEngine({ shards: 4, durability: durabilityPort((unit) => units.push(unit)) });
    writer.engine.beginLogging(0);
    writer.engine.start();
    const client = writer.client();
    client.call('GEOADD', 'a', '13.361389', '38.115556', 'Palermo', '15.087269', '37.502669', 'Catania');
    client.call('GEOSEARCHSTORE', 'b', 'a', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'ASC', 'STOREDIST');
    const logged = units[1].flatMap((effects) => effects.map((effect) => effect.args));
    expect(logged).toEqual([['DEL', 'b'], ['ZADD', 'b', '56.441257870158204', 'Catania', '190.44242984775784', 'Palermo']]);
    expect(units[0].flatMap((effects) => effects.map((effect) => effect.args))).toEqual([
      ['GEOADD', 'a', '13.361389', '38.115556', 'Palermo', '15.087269', '37.502669', 'Catania'],
    ]);
  });
});
