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
});
