/**
 * LMPOP and BLMPOP (Redis 7.0): pop from the first non-empty list, the null array when all are
 * empty, WRONGTYPE in key order, argument errors checked before the timeout, and a blocked
 * BLMPOP served by a later push.
 */
import { describe, expect, it } from 'vitest';
import { ErrorReply, NULL_ARRAY } from '../../src/resp/reply.js';
import type { UnitEffects } from '../../src/aof/effect.js';
import { createTestEngine, durabilityPort } from '../support/test-engine.js';

describe('LMPOP / BLMPOP', () => {
  it('pops up to COUNT elements from the first non-empty list', () => {
    const { client } = createTestEngine({ shards: 4 });
    const c = client();
    c.call('RPUSH', 'b', '1', '2', '3');
    expect(c.call('LMPOP', '2', 'a', 'b', 'LEFT')).toEqual(['b', ['1']]);
    expect(c.call('LMPOP', '2', 'a', 'b', 'RIGHT', 'COUNT', '5')).toEqual(['b', ['3', '2']]);
    expect(c.call('EXISTS', 'b')).toBe(0);
    expect(c.call('LMPOP', '1', 'b', 'LEFT')).toEqual(NULL_ARRAY);
  });

  it('answers Redis errors, the argument errors before the timeout', () => {
    const { client } = createTestEngine();
    const c = client();
    c.call('SET', 's', 'v');
    expect(c.call('LMPOP', '1', 's', 'LEFT')).toEqual(new ErrorReply('WRONGTYPE Operation against a key holding the wrong kind of value'));
    expect(c.call('LMPOP', '0', 'a', 'LEFT')).toEqual(new ErrorReply('ERR numkeys should be greater than 0'));
    expect(c.call('LMPOP', '1', 'a', 'LEFT', 'COUNT', '0')).toEqual(new ErrorReply('ERR count should be greater than 0'));
    expect(c.call('LMPOP', '1', 'a', 'LEFT', 'COUNT', '1', 'COUNT', '2')).toEqual(new ErrorReply('ERR syntax error'));
    expect(c.call('BLMPOP', 'x', '1', 'a', 'a', 'LEFT')).toEqual(new ErrorReply('ERR syntax error'));
    expect(c.call('BLMPOP', 'x', '1', 'a', 'LEFT')).toEqual(new ErrorReply('ERR timeout is not a float or out of range'));
  });

  it('a blocked BLMPOP is served by a later push, and times out with the null array', () => {
    const { engine, client, clock } = createTestEngine({ shards: 2 });
    engine.start();
    const waiter = client();
    const pusher = client();
    expect(waiter.call('BLMPOP', '0', '2', 'x', 'y', 'LEFT', 'COUNT', '2'), 'blocked').toBeUndefined();
    pusher.call('RPUSH', 'y', 'a', 'b', 'c');
    expect(waiter.take()).toEqual([['y', ['a', 'b']]]);
    expect(waiter.call('BLMPOP', '0.5', '1', 'x', 'LEFT')).toBeUndefined();
    clock.advanceMs(600);
    expect(waiter.take()).toEqual([NULL_ARRAY]);
  });

  it('a blocking pop that blocks after expiring a key logs only the expiry (found by the simulator: the BLMPOP was logged as typed and blocked on replay)', () => {
    const units: UnitEffects[] = [];
    const { engine, client, clock } = createTestEngine({ durability: durabilityPort((unit) => units.push(unit)) });
    engine.beginLogging(0);
    const c = client();
    c.call('SET', 'hot', 'v', 'PX', '100');
    clock.advanceMs(200);
    for (const blocking of [['BLMPOP', '0.05', '2', 'hot', 'c', 'RIGHT'], ['BLPOP', 'hot', 'c', '0.05']]) {
      c.call('SET', 'hot', 'v', 'PX', '100');
      clock.advanceMs(200);
      const logged = units.length;
      expect(c.call(...blocking), `${blocking[0]} blocks`).toBeUndefined();
      expect(units.slice(logged).flat(2).map((effect) => effect.args.join(' '))).toEqual(['DEL hot']);
      clock.advanceMs(100);
      expect(c.take()).toEqual([NULL_ARRAY]);
    }
  });

  it('a BLMPOP served from its second key, after the first became a string, is logged as the state it left (found by the simulator: replayed as typed it answered WRONGTYPE)', () => {
    const units: UnitEffects[] = [];
    const { engine, client } = createTestEngine({ durability: durabilityPort((unit) => units.push(unit)) });
    engine.beginLogging(0);
    const [waiter, writer] = [client(), client()];
    expect(waiter.call('BLMPOP', '0', '2', 'x', 'y', 'LEFT')).toBeUndefined();
    writer.call('SET', 'x', 'string');
    const logged = units.length;
    writer.call('RPUSH', 'y', 'a');
    expect(waiter.take()).toEqual([['y', ['a']]]);
    expect(units.slice(logged).flat(2).map((effect) => effect.args.join(' '))).toEqual(['RPUSH y a', 'DEL y']);
  });
});
