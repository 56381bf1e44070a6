import { describe, expect, it } from 'vitest';
import type { UnitEffects } from '../../src/aof/effect.js';
import { sha1hex } from '../../src/lua/index.js';
import { ErrorReply, OK, PONG } from '../../src/resp/reply.js';
import { ManualClock } from '../support/manual-clock.js';
import { createTestEngine, durabilityPort } from '../support/test-engine.js';

/** Monotonic time moves 10 ms at every reading: a script's checkpoints see it run long. */
class BusyClock extends ManualClock {
  private readings = 0;

  override monotonic(): number {
    return super.monotonic() + 10 * this.readings++;
  }
}

const BUSY_EVAL = new ErrorReply('BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.');
const BUSY_FUNCTION = new ErrorReply('BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.');

function busyEngine() {
  const units: UnitEffects[] = [];
  const test = createTestEngine({ clock: new BusyClock(), config: { 'busy-reply-threshold': '100' }, durability: durabilityPort((unit) => units.push(unit)) });
  test.engine.beginLogging(0);
  return { ...test, units };
}

describe('busy scripts (busy-reply-threshold) and SCRIPT KILL / FUNCTION KILL', () => {
  it('a script past the threshold is suspended: others get -BUSY, SCRIPT KILL stops it, pcall cannot swallow the kill', () => {
    const { client, clock } = busyEngine();
    const [a, b] = [client(), client()];
    const script = 'while true do pcall(function() while true do end end) end';
    expect(a.call('EVAL', script, '0')).toBeUndefined();
    expect(b.call('PING')).toEqual(BUSY_EVAL);
    expect(b.call('GET', 'k')).toEqual(BUSY_EVAL);
    expect(b.call('FUNCTION', 'KILL')).toEqual(BUSY_EVAL);
    expect(b.call('FUNCTION', 'STATS')).toEqual(BUSY_EVAL);
    expect(b.call('SCRIPT', 'KILL')).toEqual(OK);
    clock.advanceMs(1);
    expect(a.take()).toEqual([new ErrorReply(`ERR Script killed by user with SCRIPT KILL... script: ${sha1hex(script)}, on @user_script:1.`)]);
    expect(b.call('PING')).toEqual(PONG);
    expect(b.call('SCRIPT', 'KILL')).toEqual(new ErrorReply('NOTBUSY No scripts in execution right now.'));
  });

  it('a command refused as BUSY inside MULTI aborts the transaction; EXEC refused as BUSY discards it', () => {
    const { client, clock } = busyEngine();
    const [a, b, c] = [client(), client(), client()];
    b.call('MULTI');
    c.call('MULTI');
    c.call('SET', 'k', 'v');
    expect(a.call('EVAL', 'local i = 0 while i < 3000000 do i = i + 1 end return 1', '0')).toBeUndefined();
    expect(b.call('SET', 'k', 'v')).toEqual(BUSY_EVAL);
    expect(c.call('EXEC')).toEqual(new ErrorReply(`EXECABORT Transaction discarded because of: ${BUSY_EVAL.message}`));
    for (let i = 0; i < 100 && a.take().length === 0; i++) clock.advanceMs(1);
    expect(b.call('EXEC')).toEqual(new ErrorReply('EXECABORT Transaction discarded because of previous errors.'));
    expect(c.call('EXEC')).toEqual(new ErrorReply('ERR EXEC without MULTI'));
  });

  it('a script that wrote cannot be killed', () => {
    const { client } = busyEngine();
    const [a, b] = [client(), client()];
    expect(a.call('EVAL', "redis.call('SET', 'x', 'y') while true do end", '0')).toBeUndefined();
    expect(b.call('SCRIPT', 'KILL')).toEqual(new ErrorReply('UNKILLABLE Sorry the script already executed write commands against the dataset. '
      + 'You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.'));
  });

  it('a busy function answers FUNCTION STATS and is killed by FUNCTION KILL only', () => {
    const { client, clock } = busyEngine();
    const [a, b] = [client(), client()];
    b.call('FUNCTION', 'LOAD', "#!lua name=spin\nredis.register_function('spin', function() while true do end end)");
    expect(a.call('FCALL', 'spin', '0')).toBeUndefined();
    expect(b.call('SCRIPT', 'KILL')).toEqual(BUSY_FUNCTION);
    const stats = b.call('FUNCTION', 'STATS') as unknown[];
    expect(stats.slice(0, 2)).toEqual(['running_script', ['name', 'spin', 'command', ['FCALL', 'spin', '0'], 'duration_ms', expect.any(Number)]]);
    expect(b.call('FUNCTION', 'KILL')).toEqual(OK);
    clock.advanceMs(1);
    expect((a.take()[0] as ErrorReply).message).toMatch(/^ERR Script killed by user with SCRIPT KILL\.\.\./);
  });

  it('a suspended script\'s writes stay one unit, logged when it ends, and its reply comes then', () => {
    const { client, clock, units } = busyEngine();
    const a = client();
    const script = "redis.call('SET', 'x', '1') for i = 1, 3000000 do end redis.call('SET', 'y', '2') return 'done'";
    expect(a.call('EVAL', script, '0')).toBeUndefined();
    expect(units).toEqual([]);
    const replies = [];
    for (let i = 0; i < 100 && replies.length === 0; i++) {
      clock.advanceMs(1);
      replies.push(...a.take());
    }
    expect(replies).toEqual(['done']);
    expect(units.length).toBe(1);
    expect(units[0].flat().map((effect) => effect.args.join(' '))).toEqual(['SET x 1', 'SET y 2']);
  });
});
