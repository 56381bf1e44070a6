/**
 * CLIENT PAUSE / UNPAUSE (Redis 7.0's pauseClients): which commands are postponed under WRITE and
 * ALL, that postponed clients count as blocked and resume in order — on UNPAUSE or once the
 * injected clock passes the end — that errors are answered at once, and that keys neither expire
 * lazily nor actively while paused (nothing is logged), except inside the transaction that paused.
 */
import { describe, expect, it } from 'vitest';
import { ErrorReply, OK, PONG, QUEUED } from '../../src/resp/reply.js';
import type { UnitEffects } from '../../src/aof/effect.js';
import { createTestEngine, durabilityPort, type TestClient } from '../support/test-engine.js';

function pausedEngine(config: Record<string, string> = {}) {
  const units: UnitEffects[] = [];
  const setup = createTestEngine({ config, durability: durabilityPort((unit) => units.push(unit)) });
  setup.engine.beginLogging(0);
  return { ...setup, units };
}

function infoField(client: TestClient, field: string): string | undefined {
  const text = client.call('INFO', 'everything') as string;
  return new RegExp(`${field}:([^\\r]*)`).exec(text)?.[1];
}

describe('CLIENT PAUSE WRITE', () => {
  it('answers reads at once and postpones writes until UNPAUSE, which answers them in order', () => {
    const { client } = pausedEngine();
    const admin = client();
    const [first, second, third] = [client(), client(), client()];
    expect(admin.call('CLIENT', 'PAUSE', '100000', 'WRITE')).toEqual(OK);
    expect(first.call('GET', 'k')).toBe(null);
    expect(first.call('PING')).toEqual(PONG);
    expect(first.call('SET', 'k', '1')).toBeUndefined();
    expect(second.call('INCR', 'k')).toBeUndefined();
    expect(third.call('APPEND', 'k', 'x')).toBeUndefined();
    expect(infoField(admin, 'blocked_clients')).toBe('3');
    expect(admin.call('CLIENT', 'LIST', 'ID', String(first.connection.id))).toMatch(/ flags=b .* cmd=set /);
    expect(admin.call('GET', 'k')).toBe(null);
    expect(admin.call('CLIENT', 'UNPAUSE')).toEqual(OK);
    expect([first.take(), second.take(), third.take()]).toEqual([[OK], [2], [2]]);
    expect(admin.call('GET', 'k')).toBe('2x');
    expect(infoField(admin, 'blocked_clients')).toBe('0');
  });

  it('postpones what may write or propagate: PUBLISH, PFCOUNT, scripts without no-writes, EXEC of a queued write', () => {
    const { client } = pausedEngine();
    const admin = client();
    admin.call('FUNCTION', 'LOAD', "#!lua name=lib\nredis.register_function{function_name='ro', callback=function() return 'ro' end, flags={'no-writes'}}\n"
      + "redis.register_function('rw', function() return 'rw' end)");
    const transaction = client();
    transaction.call('MULTI');
    transaction.call('SET', 'k', 'v');
    admin.call('CLIENT', 'PAUSE', '100000', 'WRITE');
    const postponed = [['PUBLISH', 'ch', 'm'], ['PFCOUNT', 'h'], ['EVAL', 'return 1', '0'], ['EVAL', '#!lua\nreturn 2', '0'], ['FCALL', 'rw', '0'],
      ['EVALSHA', 'f'.repeat(40), '0'], ['EVAL_RO', '#!lua\nreturn 3', '0']];
    const waiting = postponed.map((args) => {
      const c = client();
      expect(c.call(...args), args.join(' ')).toBeUndefined();
      return c;
    });
    expect(transaction.call('EXEC')).toBeUndefined();
    const free = client();
    expect(free.call('EVAL', '#!lua flags=no-writes\nreturn 4', '0')).toBe(4);
    expect(free.call('EVAL_RO', 'return 5', '0')).toBe(5);
    expect(free.call('FCALL', 'ro', '0')).toBe('ro');
    expect(free.call('FCALL_RO', 'ro', '0')).toBe('ro');
    expect(free.call('MULTI')).toEqual(OK);
    expect(free.call('GET', 'k')).toEqual(QUEUED);
    expect(free.call('EXEC')).toEqual([null]);
    admin.call('CLIENT', 'UNPAUSE');
    expect(waiting.map((c) => c.take()[0])).toEqual([0, 0, 1, 2, 'rw', new ErrorReply('NOSCRIPT No matching script. Please use EVAL.'),
      new ErrorReply('ERR Can not execute a script with write flag using *_ro command.')]);
    expect(transaction.take()).toEqual([[OK]]);
  });

  it('answers refused commands at once: arity, unknown command, NOAUTH', () => {
    const { client } = pausedEngine({ requirepass: 'pw' });
    const admin = client();
    admin.call('AUTH', 'pw');
    admin.call('CLIENT', 'PAUSE', '100000', 'WRITE');
    const other = client();
    expect(other.call('SET', 'k', 'v')).toEqual(new ErrorReply('NOAUTH Authentication required.'));
    other.call('AUTH', 'pw');
    expect(other.call('SET', 'k')).toEqual(new ErrorReply("ERR wrong number of arguments for 'set' command"));
    expect(other.call('NOPE')).toEqual(new ErrorReply("ERR unknown command 'NOPE', with args beginning with: "));
  });

  it('keeps a postponed client\'s pipelined commands behind the postponed one, and CLIENT UNBLOCK leaves it alone', () => {
    const { client } = pausedEngine();
    const admin = client();
    const pipelined = client();
    admin.call('CLIENT', 'PAUSE', '100000', 'WRITE');
    pipelined.call('RPUSH', 'l', 'a');
    expect(pipelined.call('LRANGE', 'l', '0', '-1')).toBeUndefined();
    expect(admin.call('CLIENT', 'UNBLOCK', String(pipelined.connection.id))).toBe(0);
    admin.call('CLIENT', 'UNPAUSE');
    expect(pipelined.take()).toEqual([1, ['a']]);
  });

  it('ends on the injected clock: a client postponed past the end runs once the clock passes it', () => {
    const { client, clock } = pausedEngine();
    const admin = client();
    const writer = client();
    admin.call('CLIENT', 'PAUSE', '50', 'WRITE');
    expect(writer.call('SET', 'k', 'v')).toBeUndefined();
    clock.advanceMs(50);
    expect(writer.take()).toEqual([]);
    clock.advanceMs(1);
    expect(writer.take()).toEqual([OK]);
    expect(writer.call('SET', 'k', 'w')).toEqual(OK);
  });

  it('forgets a postponed client that disconnects', () => {
    const { client, engine } = pausedEngine();
    const admin = client();
    const writer = client();
    admin.call('CLIENT', 'PAUSE', '100000', 'WRITE');
    writer.call('SET', 'k', 'v');
    expect(engine.pause.postponedCount).toBe(1);
    writer.connection.disconnected();
    expect(engine.pause.postponedCount).toBe(0);
    admin.call('CLIENT', 'UNPAUSE');
    expect(admin.call('EXISTS', 'k')).toBe(0);
  });
});

describe('CLIENT PAUSE ALL', () => {
  it('postpones every command, CLIENT UNPAUSE included, until the end', () => {
    const { client, clock } = pausedEngine();
    const admin = client();
    const reader = client();
    expect(admin.call('CLIENT', 'PAUSE', '1000')).toEqual(OK);
    expect(reader.call('PING')).toBeUndefined();
    expect(reader.call('GET', 'k')).toBeUndefined();
    expect(admin.call('CLIENT', 'UNPAUSE')).toBeUndefined();
    clock.advanceMs(1001);
    expect(reader.take()).toHaveLength(2);
    expect(admin.take()).toEqual([OK]);
  });

  it('keeps the more restrictive mode and the later end when paused again', () => {
    const { client, clock } = pausedEngine();
    const admin = client();
    const reader = client();
    admin.call('CLIENT', 'PAUSE', '1000', 'WRITE');
    admin.call('CLIENT', 'PAUSE', '0', 'ALL');
    expect(reader.call('GET', 'k')).toBeUndefined();
    clock.advanceMs(1000);
    expect(reader.take()).toEqual([]);
    clock.advanceMs(1);
    expect(reader.take()).toEqual([null]);
  });

  it('pauses nothing with timeout 0, and answers Redis\'s errors', () => {
    const { client } = pausedEngine();
    const admin = client();
    expect(admin.call('CLIENT', 'PAUSE', '0')).toEqual(OK);
    expect(admin.call('SET', 'k', 'v')).toEqual(OK);
    expect(admin.call('CLIENT', 'PAUSE', '10', 'READ')).toEqual(new ErrorReply('ERR CLIENT PAUSE mode must be WRITE or ALL'));
    expect(admin.call('CLIENT', 'PAUSE', 'x', 'READ')).toEqual(new ErrorReply('ERR CLIENT PAUSE mode must be WRITE or ALL'));
    expect(admin.call('CLIENT', 'PAUSE', 'x')).toEqual(new ErrorReply('ERR timeout is not an integer or out of range'));
    expect(admin.call('CLIENT', 'PAUSE', '-1')).toEqual(new ErrorReply('ERR timeout is negative'));
    expect(admin.call('CLIENT', 'PAUSE', '1', 'ALL', 'x'))
      .toEqual(new ErrorReply("ERR unknown subcommand or wrong number of arguments for 'PAUSE'. Try CLIENT HELP."));
    expect(admin.call('CLIENT', 'UNPAUSE', 'x')).toEqual(new ErrorReply("ERR wrong number of arguments for 'client|unpause' command"));
  });
});

describe('expiry while clients are paused', () => {
  it('reads expired keys as missing without deleting them, lazily or actively, and logs nothing until the pause ends', () => {
    const { client, clock, engine, units } = pausedEngine();
    engine.start();
    const admin = client();
    admin.call('SET', 'a', '1', 'PX', '10');
    admin.call('SET', 'b', '2', 'PX', '10');
    admin.call('CLIENT', 'PAUSE', '100000', 'WRITE');
    const logged = units.length;
    clock.advanceMs(500);
    expect(admin.call('GET', 'a')).toBe(null);
    expect(admin.call('EXISTS', 'b')).toBe(0);
    expect(admin.call('DBSIZE')).toBe(2);
    expect(infoField(admin, 'expired_keys')).toBe('0');
    expect(units.length).toBe(logged);
    admin.call('CLIENT', 'UNPAUSE');
    expect(admin.call('GET', 'a')).toBe(null);
    clock.advanceMs(500);
    expect(admin.call('DBSIZE')).toBe(0);
    expect(infoField(admin, 'expired_keys')).toBe('2');
    expect(units.length).toBe(logged + 2);
    engine.stop();
  });

  it('starts at the end of the transaction that paused: its later commands run, and expire keys, before it takes hold', () => {
    const { client, clock } = pausedEngine();
    const admin = client();
    admin.call('SET', 'old', 'v', 'PX', '10');
    clock.advanceMs(20);
    admin.call('MULTI');
    admin.call('SET', 'one', '1');
    admin.call('CLIENT', 'PAUSE', '100000', 'WRITE');
    admin.call('SET', 'two', '2');
    admin.call('GET', 'old');
    expect(admin.call('EXEC')).toEqual([OK, OK, OK, null]);
    expect(admin.call('DBSIZE')).toBe(2);
    const writer = client();
    expect(writer.call('SET', 'three', '3')).toBeUndefined();
    admin.call('CLIENT', 'UNPAUSE');
    expect(writer.take()).toEqual([OK]);
  });
});
