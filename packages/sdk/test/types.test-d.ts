/**
 * Type tests (run by `vitest --typecheck`): the hand-typed commands' arguments and replies,
 * Buffer views, generic commands from the generated table, and the typed results of pipelines
 * and transactions.
 */
import { describe, expectTypeOf, it } from 'vitest';
import {
  createClient, type BitfieldValue, type Client, type GeoCoordinates, type GeoSearchMatch, type LibraryDescription, type ScoredMember, type Script,
  type Value,
} from '../src/index.js';

declare const client: Client;
declare const bufferClient: Client<Buffer>;

describe('typed commands', () => {
  it('strings and keys', () => {
    expectTypeOf(client.get('k')).toEqualTypeOf<Promise<string | null>>();
    expectTypeOf(client.set('k', 'v', { nx: true, px: 1000 })).toEqualTypeOf<Promise<'OK' | null>>();
    expectTypeOf(client.mget(['a', 'b'])).toEqualTypeOf<Promise<Array<string | null>>>();
    expectTypeOf(client.incr('k')).toEqualTypeOf<Promise<number>>();
    expectTypeOf(client.incrbyfloat('k', 1.5)).toEqualTypeOf<Promise<number>>();
    expectTypeOf(client.expire('k', 10, 'NX')).toEqualTypeOf<Promise<boolean>>();
    expectTypeOf(client.del(['a', 'b'])).toEqualTypeOf<Promise<number>>();
    // @ts-expect-error SET takes an options object, not flag strings
    void client.set('k', 'v', 'NX');
    // @ts-expect-error expire conditions are NX, XX, GT or LT
    void client.expire('k', 10, 'ZZ');
  });

  it('hashes, lists, sets and sorted sets', () => {
    expectTypeOf(client.hgetall('h')).toEqualTypeOf<Promise<Map<string, string>>>();
    expectTypeOf(client.hexists('h', 'f')).toEqualTypeOf<Promise<boolean>>();
    expectTypeOf(client.lrange('l', 0, -1)).toEqualTypeOf<Promise<string[]>>();
    expectTypeOf(client.blpop(['a', 'b'], 1)).toEqualTypeOf<Promise<{ key: string; element: string } | null>>();
    expectTypeOf(client.smembers('s')).toEqualTypeOf<Promise<Set<string>>>();
    expectTypeOf(client.zscore('z', 'm')).toEqualTypeOf<Promise<number | null>>();
    expectTypeOf(client.zrangeWithScores('z', 0, -1)).toEqualTypeOf<Promise<Array<ScoredMember<string>>>>();
    expectTypeOf(client.publish('c', 'm')).toEqualTypeOf<Promise<number>>();
    expectTypeOf(client.zpopmin('z')).toEqualTypeOf<Promise<Array<ScoredMember<string>>>>();
    expectTypeOf(client.sinter(['a', 'b'])).toEqualTypeOf<Promise<Set<string>>>();
    expectTypeOf(client.getex('k', { persist: true })).toEqualTypeOf<Promise<string | null>>();
  });

  it('Buffer clients and views get Buffers', () => {
    expectTypeOf(bufferClient.get('k')).toEqualTypeOf<Promise<Buffer | null>>();
    expectTypeOf(client.buffers().hgetall('h')).toEqualTypeOf<Promise<Map<string, Buffer>>>();
    expectTypeOf(createClient({ returnBuffers: true }).lpop('l')).toEqualTypeOf<Promise<Buffer | null>>();
    expectTypeOf(createClient().lpop('l')).toEqualTypeOf<Promise<string | null>>();
  });

  it('every other command is generic, from the generated table', () => {
    expectTypeOf(client.getrange('k', 0, 1)).toEqualTypeOf<Promise<Value>>();
    expectTypeOf(client.configGet('maxclients')).toEqualTypeOf<Promise<Value>>();
    expectTypeOf(client.call('ANYTHING', 1, 'x')).toEqualTypeOf<Promise<Value>>();
  });
});

describe('geo and bitfields', () => {
  it('take options objects and reply typed', () => {
    const box = { width: 10, height: 20, unit: 'km' } as const;
    expectTypeOf(client.geoadd('g', [{ longitude: 13.4, latitude: 38.1, member: 'm' }], { ch: true })).toEqualTypeOf<Promise<number>>();
    expectTypeOf(client.geodist('g', 'a', 'b', 'mi')).toEqualTypeOf<Promise<number | null>>();
    expectTypeOf(client.geopos('g', ['a', 'b'])).toEqualTypeOf<Promise<Array<GeoCoordinates | null>>>();
    expectTypeOf(client.geosearch('g', { member: 'a' }, { radius: 5, unit: 'm' }, { order: 'ASC', count: 3 })).toEqualTypeOf<Promise<string[]>>();
    expectTypeOf(client.geosearchWith('g', { longitude: 1, latitude: 2 }, box, { withDist: true }))
      .toEqualTypeOf<Promise<Array<GeoSearchMatch<string>>>>();
    expectTypeOf(bufferClient.geosearch('g', { member: 'a' }, box)).toEqualTypeOf<Promise<Buffer[]>>();
    expectTypeOf(client.geosearchstore('d', 'g', { member: 'a' }, box, { storeDist: true })).toEqualTypeOf<Promise<number>>();
    expectTypeOf(client.bitfield('b', [{ op: 'INCRBY', encoding: 'u8', offset: '#1', increment: 1 }, { op: 'OVERFLOW', behavior: 'FAIL' }]))
      .toEqualTypeOf<Promise<Array<BitfieldValue | null>>>();
    expectTypeOf(client.bitfieldRo('b', [{ encoding: 'i64', offset: 0 }])).toEqualTypeOf<Promise<BitfieldValue[]>>();
    expectTypeOf(client.pipeline().geopos('g', 'a').bitfieldRo('b', []).exec())
      .toEqualTypeOf<Promise<[Array<GeoCoordinates | null>, BitfieldValue[]]>>();
    // @ts-expect-error units are m, km, ft or mi
    void client.geosearch('g', { member: 'a' }, { radius: 5, unit: 'yd' });
    // @ts-expect-error encodings are i<bits> or u<bits>
    void client.bitfield('b', [{ op: 'GET', encoding: 'x8', offset: 0 }]);
    // @ts-expect-error OVERFLOW takes WRAP, SAT or FAIL
    void client.bitfield('b', [{ op: 'OVERFLOW', behavior: 'CLAMP' }]);
  });
});

describe('scripting', () => {
  it('scripts and functions reply with the generic Value; the cache and library commands are typed', () => {
    expectTypeOf(client.eval('return 1', { keys: ['k'], args: ['a', 1] })).toEqualTypeOf<Promise<Value>>();
    expectTypeOf(client.evalshaRo('0'.repeat(40))).toEqualTypeOf<Promise<Value>>();
    expectTypeOf(client.fcall('f', { keys: ['k'] })).toEqualTypeOf<Promise<Value>>();
    expectTypeOf(client.scriptLoad('return 1')).toEqualTypeOf<Promise<string>>();
    expectTypeOf(client.scriptExists(['a', 'b'])).toEqualTypeOf<Promise<boolean[]>>();
    expectTypeOf(client.functionLoad('#!lua name=l', { replace: true })).toEqualTypeOf<Promise<string>>();
    expectTypeOf(client.functionList({ withCode: true })).toEqualTypeOf<Promise<LibraryDescription[]>>();
    expectTypeOf(bufferClient.functionDump()).toEqualTypeOf<Promise<Buffer>>();
    // @ts-expect-error keys and args go in an options object
    void client.eval('return 1', 1, 'k');
    // @ts-expect-error flush modes are ASYNC or SYNC
    void client.scriptFlush('LATER');
  });

  it('the script helper runs alone and in batches', () => {
    const script = client.script('return 1');
    expectTypeOf(script).toEqualTypeOf<Script>();
    expectTypeOf(script.run({ keys: ['k'] })).toEqualTypeOf<Promise<Value>>();
    expectTypeOf(client.multi().incr('a').runScript(script, { args: [1] }).exec()).toEqualTypeOf<Promise<[number, Value] | null>>();
    expectTypeOf(client.pipeline().runScript(script).get('k').exec()).toEqualTypeOf<Promise<[Value, string | null]>>();
  });
});

describe('pipelines and transactions', () => {
  it('accumulate the result types in order', () => {
    expectTypeOf(client.pipeline().set('a', '1').get('a').hgetall('h').exec())
      .toEqualTypeOf<Promise<['OK' | null, string | null, Map<string, string>]>>();
    expectTypeOf(client.multi().incr('a').smembers('s').exec()).toEqualTypeOf<Promise<[number, Set<string>] | null>>();
    expectTypeOf(client.pipeline().call('PING').strlen('k').exec()).toEqualTypeOf<Promise<[Value, number]>>();
  });

  it('watch() resolves with the transaction results or null', () => {
    expectTypeOf(client.watch(['k'], (tx) => tx.multi().get('k').incr('n'))).toEqualTypeOf<Promise<[string | null, number] | null>>();
  });

  it('subscribe listeners receive the client\'s bulk type', () => {
    void client.subscribe('c', (message, channel) => {
      expectTypeOf(message).toEqualTypeOf<string>();
      expectTypeOf(channel).toEqualTypeOf<string>();
    });
    void bufferClient.subscribe('c', (message) => expectTypeOf(message).toEqualTypeOf<Buffer>());
  });
});
