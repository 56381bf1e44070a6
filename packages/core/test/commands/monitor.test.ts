/**
 * MONITOR, as Redis 7.0 feeds its monitors: the line format (time from the injected clock,
 * database, client address, sdscatrepr quoting), commands fed after they ran and scripts before
 * theirs (lua as the client), EXEC after what it ran, admin and refused commands never, AUTH
 * redacted; a monitor may not touch the keyspace, RESET ends it; under appendfsync always a line
 * waits for the commit its command's reply waits for.
 */
import { describe, expect, it } from 'vitest';
import { ErrorReply, OK, SimpleString } from '../../src/resp/reply.js';
import { LOCAL_FSYNC } from '../../src/engine/reply-gate.js';
import { monitorLine, quotedArgument } from '../../src/engine/monitor-feed.js';
import { createTestEngine, durabilityPort, type TestClient } from '../support/test-engine.js';

/** The lines a monitor received, without their time. */
function lines(monitor: TestClient): string[] {
  return monitor.take().map((reply) => {
    expect(reply).toBeInstanceOf(SimpleString);
    return (reply as SimpleString).value.replace(/^\d+\.\d{6} /, '');
  });
}

function monitored(options: Parameters<typeof createTestEngine>[0] = {}) {
  const setup = createTestEngine(options);
  const monitor = setup.client();
  expect(monitor.call('MONITOR')).toEqual(OK);
  return { ...setup, monitor, address: (client: TestClient) => client.connection.address };
}

describe('MONITOR', () => {
  it('writes each command as Redis does: time, database and address, quoted arguments', () => {
    const { client, monitor, clock } = monitored();
    const a = client();
    a.call('SET', 'foo', 'bar');
    expect(monitor.take()).toEqual([new SimpleString(`${Math.floor(clock.now() / 1000)}.${String((clock.now() % 1000) * 1000).padStart(6, '0')} [0 ${a.connection.address}] "SET" "foo" "bar"`)]);
    a.call('SELECT', '3');
    a.call('SET', 'k', 'a"b\\c\r\n\t\x07\x08\x00\xff');
    expect(lines(monitor)).toEqual([`[3 ${a.connection.address}] "SELECT" "3"`, `[3 ${a.connection.address}] "SET" "k" "a\\"b\\\\c\\r\\n\\t\\a\\b\\x00\\xff"`]);
  });

  it('feeds scripts before the commands they run, which come from lua in the script\'s database', () => {
    const { client, monitor } = monitored();
    const a = client();
    a.call('EVAL', "redis.call('select', 2) return redis.call('set', KEYS[1], ARGV[1])", '1', 'foo', 'bar');
    a.call('FUNCTION', 'LOAD', "#!lua name=test\nredis.register_function('test', function() return redis.call('set', 'foo', 'bar') end)");
    a.call('FCALL', 'test', '0');
    const at = a.connection.address;
    expect(lines(monitor)).toEqual([
      `[0 ${at}] "EVAL" "redis.call('select', 2) return redis.call('set', KEYS[1], ARGV[1])" "1" "foo" "bar"`,
      '[2 lua] "select" "2"', '[2 lua] "set" "foo" "bar"',
      `[0 ${at}] "FUNCTION" "LOAD" "#!lua name=test\\nredis.register_function('test', function() return redis.call('set', 'foo', 'bar') end)"`,
      `[0 ${at}] "FCALL" "test" "0"`, '[0 lua] "set" "foo" "bar"',
    ]);
  });

  it('feeds EXEC after the commands it ran; queued, refused and admin commands are not fed', () => {
    const { client, monitor } = monitored();
    const a = client();
    a.call('MULTI');
    a.call('SET', 'foo', 'bar');
    a.call('EXEC');
    a.call('MULTI');
    a.call('SYNTAX', 'ERROR');
    a.call('EXEC');
    a.call('GET');
    a.call('CONFIG', 'GET', 'hz');
    a.call('CLIENT', 'ID');
    const at = a.connection.address;
    expect(lines(monitor)).toEqual([`[0 ${at}] "MULTI"`, `[0 ${at}] "SET" "foo" "bar"`, `[0 ${at}] "EXEC"`, `[0 ${at}] "MULTI"`, `[0 ${at}] "EXEC"`,
      `[0 ${at}] "CLIENT" "ID"`]);
  });

  it('redacts AUTH and HELLO AUTH passwords', () => {
    const { client, monitor } = monitored();
    const a = client();
    a.call('AUTH', 'not-real');
    a.call('AUTH', 'not-real', 'not-a-password');
    a.call('HELLO', '2', 'AUTH', 'not-real', 'not-a-password');
    const at = a.connection.address;
    expect(lines(monitor)).toEqual([`[0 ${at}] "AUTH" "(redacted)"`, `[0 ${at}] "AUTH" "(redacted)" "(redacted)"`,
      `[0 ${at}] "HELLO" "2" "AUTH" "(redacted)" "(redacted)"`]);
  });

  it('feeds a blocking command when it blocks, not when it is served', () => {
    const { client, monitor } = monitored();
    const [a, b] = [client(), client()];
    a.call('BLPOP', 'l', '0');
    b.call('RPUSH', 'l', 'x');
    expect(a.take()).toEqual([['l', 'x']]);
    expect(lines(monitor)).toEqual([`[0 ${a.connection.address}] "BLPOP" "l" "0"`, `[0 ${b.connection.address}] "RPUSH" "l" "x"`]);
  });

  it('keeps a monitor off the keyspace, shows it as O, answers a second MONITOR with nothing, and RESET ends it', () => {
    const { client, monitor } = monitored();
    const other = client();
    expect(monitor.call('GET', 'k')).toEqual(new ErrorReply("ERR Replica can't interact with the keyspace"));
    expect(monitor.call('EVAL', 'return 1', '0')).toEqual(new ErrorReply("ERR Replica can't interact with the keyspace"));
    expect(monitor.call('MONITOR')).toBeUndefined();
    expect(other.call('CLIENT', 'LIST', 'ID', String(monitor.connection.id))).toMatch(/ flags=O /);
    monitor.call('PING');
    expect(lines(monitor)).toEqual([`[0 ${monitor.connection.address}] "PING"`]);
    expect(monitor.call('RESET')).toEqual(new SimpleString('RESET'));
    other.call('SET', 'k', 'v');
    expect(monitor.take()).toEqual([]);
    expect(monitor.call('GET', 'k')).toBe('v');
  });

  it('refuses MONITOR inside a transaction', () => {
    const { client } = createTestEngine();
    const a = client();
    a.call('MULTI');
    a.call('MONITOR');
    expect(a.call('EXEC')).toEqual([new ErrorReply("ERR MONITOR isn't allowed for DENY BLOCKING client")]);
  });

  it('under appendfsync always, holds a line until what its command wrote is committed', () => {
    const { client, monitor, engine } = monitored({ durability: durabilityPort(() => 1) });
    engine.beginLogging(0);
    engine.gateReplies(true);
    const a = client();
    expect(a.call('SET', 'k', 'v')).toBeUndefined();
    expect(monitor.take()).toEqual([]);
    engine.commitProgress(LOCAL_FSYNC, 1);
    expect(a.take()).toEqual([OK]);
    expect(lines(monitor)).toEqual([`[0 ${a.connection.address}] "SET" "k" "v"`]);
  });

  it('formats a line as replicationFeedMonitors does', () => {
    expect(monitorLine(1339518083107.412, 0, '127.0.0.1:60866', 'keys', ['keys', '*'])).toBe('1339518083.107412 [0 127.0.0.1:60866] "keys" "*"');
    expect(monitorLine(5, 1, 'unix:/tmp/s.sock', 'auth', ['auth', 'pw'])).toBe('0.005000 [1 unix:/tmp/s.sock] "auth" "(redacted)"');
    expect(quotedArgument('\x7f\x1f ~')).toBe('"\\x7f\\x1f ~"');
  });
});
