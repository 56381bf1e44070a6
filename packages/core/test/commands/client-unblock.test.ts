/**
 * CLIENT UNBLOCK: ends a blocking command's wait with its timeout reply or -UNBLOCKED, as Redis
 * 7.0; clients parked for another reason (a busy script's caller) are not touched, and ending a
 * wait logs nothing, so replay still reaches the written state.
 */
import { describe, expect, it } from 'vitest';
import type { UnitEffects } from '../../src/aof/effect.js';
import { ErrorReply, NULL_ARRAY, OK, PONG } from '../../src/resp/reply.js';
import { ManualClock } from '../support/manual-clock.js';
import { writeAndReplay } from '../support/replay-history.js';
import { createTestEngine, durabilityPort } from '../support/test-engine.js';

const UNBLOCKED = new ErrorReply('UNBLOCKED client unblocked via CLIENT UNBLOCK');

describe('CLIENT UNBLOCK', () => {
  it('answers a blocked pop with its timeout reply (the default) or -UNBLOCKED, and the client reads on', () => {
    const { client } = createTestEngine();
    const [admin, waiter] = [client(), client()];
    const id = waiter.connection.id;
    for (const reason of [[], ['TIMEOUT'], ['timeout']]) {
      expect(waiter.call('BLPOP', 'l', '0')).toBeUndefined();
      expect(admin.call('CLIENT', 'UNBLOCK', id, ...reason)).toBe(1);
      expect(waiter.take()).toEqual([NULL_ARRAY]);
    }
    expect(waiter.call('BLMOVE', 'l', 'm', 'LEFT', 'RIGHT', '0')).toBeUndefined();
    expect(admin.call('CLIENT', 'UNBLOCK', id, 'Error')).toBe(1);
    expect(waiter.take()).toEqual([UNBLOCKED]);
    expect(waiter.call('PING')).toEqual(PONG);
    // No longer blocked: a push later reaches nobody.
    expect(admin.call('RPUSH', 'l', 'x')).toBe(1);
    expect(admin.call('LLEN', 'l')).toBe(1);
  });

  it('answers 0 for a client that is not blocked, an unknown id and itself', () => {
    const { client } = createTestEngine();
    const [admin, idle] = [client(), client()];
    expect(admin.call('CLIENT', 'UNBLOCK', idle.connection.id)).toBe(0);
    expect(admin.call('CLIENT', 'UNBLOCK', '999999')).toBe(0);
    expect(admin.call('CLIENT', 'UNBLOCK', admin.connection.id, 'ERROR')).toBe(0);
    expect(admin.call('CLIENT', 'UNBLOCK', '-1')).toBe(0);
  });

  it('refuses a bad reason before a bad id, a non-integer id, and extra arguments, with Redis\'s texts', () => {
    const { client } = createTestEngine();
    const a = client();
    expect(a.call('CLIENT', 'UNBLOCK', 'asd', 'maybe')).toEqual(new ErrorReply('ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR'));
    expect(a.call('CLIENT', 'UNBLOCK', 'asd')).toEqual(new ErrorReply('ERR value is not an integer or out of range'));
    expect(a.call('CLIENT', 'UNBLOCK', '1', 'ERROR', 'x')).toEqual(
      new ErrorReply("ERR unknown subcommand or wrong number of arguments for 'UNBLOCK'. Try CLIENT HELP."));
    expect(a.call('CLIENT', 'UNBLOCK')).toEqual(new ErrorReply("ERR wrong number of arguments for 'client|unblock' command"));
  });

  it('unblocks XREAD and BZPOPMIN too, and counts the blocked call as failed (ERROR also in errorstats)', () => {
    const { client } = createTestEngine();
    const [admin, waiter] = [client(), client()];
    const id = waiter.connection.id;
    expect(waiter.call('XREAD', 'BLOCK', '0', 'STREAMS', 's', '$')).toBeUndefined();
    expect(admin.call('CLIENT', 'UNBLOCK', id)).toBe(1);
    expect(waiter.take()).toEqual([NULL_ARRAY]);
    expect(waiter.call('BZPOPMIN', 'z', '0')).toBeUndefined();
    expect(admin.call('CLIENT', 'UNBLOCK', id, 'ERROR')).toBe(1);
    expect(waiter.take()).toEqual([UNBLOCKED]);
    const info = admin.call('INFO', 'commandstats', 'errorstats') as string;
    expect(info).toMatch(/cmdstat_xread:calls=1,.*,rejected_calls=0,failed_calls=1\r\n/);
    expect(info).toMatch(/cmdstat_bzpopmin:calls=1,.*,rejected_calls=0,failed_calls=1\r\n/);
    expect(info).toMatch(/errorstat_UNBLOCKED:count=1\r\n/);
  });

  it('cancels the blocked command\'s timer: its timeout never fires later', () => {
    const clock = new ManualClock();
    const { client } = createTestEngine({ clock });
    const [admin, waiter] = [client(), client()];
    expect(waiter.call('BLPOP', 'l', '1')).toBeUndefined();
    expect(admin.call('CLIENT', 'UNBLOCK', waiter.connection.id, 'ERROR')).toBe(1);
    expect(waiter.take()).toEqual([UNBLOCKED]);
    clock.advanceMs(2000);
    expect(waiter.take()).toEqual([]);
  });

  it('does not touch the caller of a busy script (parked, not blocked by a blocking command)', () => {
    /** Monotonic time moves 10 ms at every reading: the script runs past busy-reply-threshold. */
    class BusyClock extends ManualClock {
      private readings = 0;
      override monotonic(): number {
        return super.monotonic() + 10 * this.readings++;
      }
    }
    const { client, engine } = createTestEngine({ clock: new BusyClock(), config: { 'busy-reply-threshold': '100' } });
    const [caller, admin] = [client(), client()];
    expect(caller.call('EVAL', 'while true do end', '0')).toBeUndefined();
    expect(caller.connection.blocked).toBe(true);
    expect(admin.call('CLIENT', 'UNBLOCK', caller.connection.id)).toEqual(
      new ErrorReply('BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.'));
    expect(engine.unblockClient(caller.connection.id, 'error')).toBe(false);
    expect(engine.unblockClient(caller.connection.id, 'timeout')).toBe(false);
    expect(admin.call('SCRIPT', 'KILL')).toEqual(OK);
  });

  it('logs nothing for the unblocked command: replay reaches the written state', () => {
    const units: UnitEffects[] = [];
    const { client, engine } = createTestEngine({ durability: durabilityPort((unit) => units.push(unit)) });
    engine.beginLogging(0);
    const [admin, waiter] = [client(), client()];
    expect(waiter.call('BLMOVE', 'src', 'dst', 'LEFT', 'RIGHT', '0')).toBeUndefined();
    expect(admin.call('CLIENT', 'UNBLOCK', waiter.connection.id)).toBe(1);
    expect(units).toEqual([]);
    admin.call('RPUSH', 'src', 'a');
    expect(units).toHaveLength(1);
    expect(admin.call('LRANGE', 'src', '0', '-1')).toEqual(['a']);
  });

  it('replays histories with blocked pops ended by CLIENT UNBLOCK', () => {
    for (const shards of [1, 3]) {
      const { written, replayed } = writeAndReplay({ shards }, [
        { kind: 'block', args: ['BLMOVE', 'a', 'b', 'LEFT', 'RIGHT', '0'] },
        { kind: 'unblock', how: 'ERROR' },
        { kind: 'command', args: ['RPUSH', 'a', 'x', 'y'] },
        { kind: 'block', args: ['BLPOP', 'c', '0'] },
        { kind: 'unblock', how: 'TIMEOUT' },
        { kind: 'command', args: ['RPUSH', 'c', 'z'] },
        { kind: 'block', args: ['BLPOP', 'a', '0'] },
        { kind: 'unblock', how: 'TIMEOUT' },
      ]);
      expect(replayed).toEqual(written);
      expect(written.length).toBe(2);
    }
  });
});
