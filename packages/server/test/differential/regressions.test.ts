/**
 * Named regressions: shrunk counterexamples of the differential suite, each run against
 * redis-server and Ballast (1 and 4 shards) from an empty database. A case marked `it.fails`
 * is a Ballast bug still open: when it is fixed the case starts passing, vitest reports it,
 * and it becomes a plain `it`.
 */
import { describe, it } from 'vitest';
import { useComparedServers } from './compare-servers.js';

const compare = useComparedServers();

describe('differential regressions', () => {
  // Seeds 788261014 and 2103867122 (transactions family): Redis 7.0's SWAPDB touches only
  // watched keys that exist in either database, so EXEC still runs and answers []; Ballast
  // used to abort the transaction (null array).
  it('SWAPDB does not abort a transaction watching a key missing from both databases', async () => {
    await compare([['WATCH', 'a'], ['SWAPDB', '0', '1'], ['MULTI'], ['EXEC']]);
  });

  it('SWAPDB aborts a transaction watching a key that exists', async () => {
    await compare([['SET', 'a', '1'], ['WATCH', 'a'], ['SWAPDB', '0', '1'], ['MULTI'], ['EXEC']]);
  });
  // Generated counterexamples found while building issue 2, each fixed in core.
  it('LSET on a missing key reports the key before the bad index', async () => {
    await compare([['LSET', 'a', 'x', '1'], ['LINDEX', 'a', 'x'], ['RPUSH', 'a', 'v'], ['LSET', 'a', 'x', '1']]);
  });

  it('SMOVE from a missing source answers 0 even when the destination has another type', async () => {
    await compare([['SET', '{t}x', '1'], ['SMOVE', 'a', '{t}x', '1'], ['SADD', 'q', '1'], ['SMOVE', 'q', '{t}x', '1']]);
  });

  it('INCRBYFLOAT computes in long double precision', async () => {
    await compare([['SET', 'c', '9223372036854775807'], ['INCRBYFLOAT', 'c', '0.1'],
      ['HSET', 'h', 'f', '9223372036854775807'], ['HINCRBYFLOAT', 'h', 'f', '1.5'], ['INCRBYFLOAT', 'c', 'inf']]);
  });

  it('SRANDMEMBER parses its count before looking at the key type', async () => {
    await compare([['SET', 'b', '1'], ['SRANDMEMBER', 'b', 'x'], ['SRANDMEMBER', 'b', '1']]);
  });
});
