/**
 * LCS (Redis 7.0): the subsequence, its length, and the match ranges Redis emits walking back
 * from the end — recorded from redis-server 7.0.15 for Redis's own documentation example (RESP2:
 * the IDX map is a flat array).
 */
import { describe, expect, it } from 'vitest';
import { ErrorReply } from '../../src/resp/reply.js';
import { createTestEngine } from '../support/test-engine.js';

describe('LCS', () => {
  it('answers as redis-server does for its documentation example', () => {
    const { client } = createTestEngine({ shards: 4 });
    const c = client();
    c.call('MSET', '{k}1', 'ohmytext', '{k}2', 'mynewtext');
    expect(c.call('LCS', '{k}1', '{k}2')).toBe('mytext');
    expect(c.call('LCS', '{k}1', '{k}2', 'LEN')).toBe(6);
    expect(c.call('LCS', '{k}1', '{k}2', 'IDX')).toEqual(['matches', [[[4, 7], [5, 8]], [[2, 3], [0, 1]]], 'len', 6]);
    expect(c.call('LCS', '{k}1', '{k}2', 'IDX', 'MINMATCHLEN', '4', 'WITHMATCHLEN')).toEqual(['matches', [[[4, 7], [5, 8], 4]], 'len', 6]);
    expect(c.call('LCS', '{k}1', 'missing', 'IDX')).toEqual(['matches', [], 'len', 0]);
  });

  it('refuses non-strings, LEN with IDX, and unknown options', () => {
    const { client } = createTestEngine();
    const c = client();
    c.call('RPUSH', 'list', 'a');
    expect(c.call('LCS', 'a', 'list')).toEqual(new ErrorReply('ERR The specified keys must contain string values'));
    expect(c.call('LCS', 'a', 'b', 'LEN', 'IDX')).toEqual(new ErrorReply('ERR If you want both the length and indexes, please just use IDX.'));
    expect(c.call('LCS', 'a', 'b', 'FOO')).toEqual(new ErrorReply('ERR syntax error'));
  });
});
