/**
 * CONFIG GET of a hidden option (Redis's HIDDEN_CONFIG, testing aids such as rdb-key-save-delay)
 * against redis-server: answered when named exactly, left out of every pattern's answer.
 */
import { describe, it } from 'vitest';
import { useComparedServers } from './compare-servers.js';

describe('CONFIG GET of hidden options (against redis-server)', () => {
  const compare = useComparedServers();

  it('answers rdb-key-save-delay by name only', async () => {
    await compare([
      ['CONFIG', 'GET', 'rdb-key-save-delay'],
      ['CONFIG', 'GET', 'RDB-KEY-SAVE-DELAY'],
      ['CONFIG', 'GET', '*save-delay*'],
      ['CONFIG', 'GET', 'rdb-key-save-dela?'],
      ['CONFIG', 'GET', '*save-delay', 'rdb-key-save-delay'],
      ['CONFIG', 'SET', 'rdb-key-save-delay', '0'],
    ]);
  });
});
