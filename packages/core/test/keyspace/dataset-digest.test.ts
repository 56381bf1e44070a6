import { describe, expect, it } from 'vitest';
import { datasetDigest, valueDigest } from '../../src/keyspace/dataset-digest.js';
import { createTestEngine } from '../support/test-engine.js';

/** Digests redis-server 7.0.15 answered for the same commands (DEBUG DIGEST, DEBUG DIGEST-VALUE). */
const REDIS = {
  empty: '0000000000000000000000000000000000000000',
  fooOnly: 'd2ab4820c1be0580ea28efbfe8bfa1dc05bb802a',
  fooValue: '68467c70ae30376e7ce005bcc8827f5ba7fd67dc',
  fooWithTtl: '8ec3828f7209dd3abdf6ee448de8b0c0bd53265f',
  list: '8bf72d812571eea9b927f3c11beb0c4165a6ff89',
  set: 'd9a5e496512416d64a1c5e6d33afd9f2f9c366c5',
  zset: '214cdc2bc2b14f2709cb9171c76c5c68bee1840f',
  hash: 'd127864ed50239662bf61bafc9bda63c17da5b37',
  stream: 'fcd3be309300645129b22598982f9610a33ff522',
  all: '0b3ae1df075a917703ba351b6be92a87f750a101',
};

function digestOf(engine: ReturnType<typeof createTestEngine>['engine']): string {
  return datasetDigest(Array.from({ length: engine.databaseCount }, (_, index) => engine.database(index).shards));
}

describe.each([1, 4])('DEBUG DIGEST with %i shard(s)', (shards) => {
  it('equals redis-server 7.0.15 on a dataset of every type', () => {
    const { engine, client } = createTestEngine({ shards });
    const a = client();
    expect(digestOf(engine)).toBe(REDIS.empty);
    a.call('SET', 'foo', 'bar');
    expect(digestOf(engine)).toBe(REDIS.fooOnly);
    expect(valueDigest(engine.database(0).of('foo'), 'foo')).toBe(REDIS.fooValue);
    expect(valueDigest(engine.database(0).of('nokey'), 'nokey')).toBe(REDIS.empty);
    a.call('RPUSH', 'l', 'a', 'b', 'c');
    a.call('SADD', 's', 'x', 'y', '1', '2');
    a.call('ZADD', 'z', '1.5', 'a', '2', 'b', '-0', 'c');
    a.call('HSET', 'h', 'f', 'v', 'g', 'w');
    a.call('XADD', 'x', '5-1', 'a', '1', 'b', '2');
    a.call('XADD', 'x', '6-0', 'a', '3', 'b', '4');
    a.call('EXPIRE', 'foo', '1000');
    a.call('SELECT', '3');
    a.call('SET', 'k', 'v');
    const value = (key: string) => valueDigest(engine.database(0).of(key), key);
    expect([value('foo'), value('l'), value('s'), value('z'), value('h'), value('x')])
      .toEqual([REDIS.fooWithTtl, REDIS.list, REDIS.set, REDIS.zset, REDIS.hash, REDIS.stream]);
    expect(digestOf(engine)).toBe(REDIS.all);
  });
});
