/**
 * SLOWLOG and the slow log, with a clock whose monotonic time moves a set cost at every reading,
 * so each command lasts exactly what the test says.
 */
import { describe, expect, it } from 'vitest';
import { ErrorReply, OK, SimpleString } from '../../src/resp/reply.js';
import { ManualClock } from '../support/manual-clock.js';
import { createTestEngine } from '../support/test-engine.js';

/** Each monotonic() reading is `costMs` after the previous one: a command's two readings span costMs. */
class CostClock extends ManualClock {
  costMs = 0;
  private extraMs = 0;

  override monotonic(): number {
    this.extraMs += this.costMs;
    return super.monotonic() + this.extraMs;
  }
}

const START_SECONDS = 1_700_000_000;

function slowEngine(config: Record<string, string> = {}) {
  const clock = new CostClock();
  const test = createTestEngine({ clock, config });
  return { ...test, clock };
}

/** The arguments of every entry SLOWLOG GET -1 returns, newest first. */
function loggedCommands(reply: unknown): string[] {
  return (reply as unknown[][]).map((entry) => (entry[3] as string[]).join(' '));
}

describe('SLOWLOG', () => {
  it('has Redis\'s defaults: 10000 µs and 128 entries, changed with CONFIG SET', () => {
    const { client } = slowEngine();
    const a = client();
    expect(a.call('CONFIG', 'GET', 'slowlog-*')).toEqual(['slowlog-log-slower-than', '10000', 'slowlog-max-len', '128']);
    expect(a.call('CONFIG', 'SET', 'slowlog-log-slower-than', '-1')).toEqual(OK);
    expect(a.call('CONFIG', 'SET', 'slowlog-log-slower-than', '-2')).toBeInstanceOf(ErrorReply);
    expect(a.call('CONFIG', 'SET', 'slowlog-max-len', '-1')).toBeInstanceOf(ErrorReply);
  });

  it('logs a command that ran at least slowlog-log-slower-than µs, with id, time, duration, arguments, address and name', () => {
    const { client, clock } = slowEngine();
    const a = client();
    a.call('CLIENT', 'SETNAME', 'worker');
    clock.costMs = 9.999;
    a.call('SET', 'k', 'v');
    expect(a.call('SLOWLOG', 'LEN')).toBe(0);
    clock.costMs = 10;
    a.call('GET', 'k');
    clock.costMs = 0;
    expect(a.call('SLOWLOG', 'GET')).toEqual([[0, START_SECONDS, 10_000, ['GET', 'k'], a.connection.address, 'worker']]);
    expect(a.call('SLOWLOG', 'LEN')).toBe(1);
  });

  it('0 logs every command (SLOWLOG RESET included, after it resets), -1 none; ids keep counting across RESET', () => {
    const { client } = slowEngine({ 'slowlog-log-slower-than': '0' });
    const a = client();
    a.call('PING');
    a.call('ECHO', 'x');
    expect(loggedCommands(a.call('SLOWLOG', 'GET'))).toEqual(['ECHO x', 'PING']);
    expect(a.call('SLOWLOG', 'RESET')).toEqual(OK);
    const afterReset = a.call('SLOWLOG', 'GET') as unknown[][];
    expect(loggedCommands(afterReset)).toEqual(['SLOWLOG RESET']);
    expect(afterReset[0][0]).toBe(3);
    expect(afterReset[0][5]).toBe('');
    a.call('CONFIG', 'SET', 'slowlog-log-slower-than', '-1');
    a.call('PING');
    // The CONFIG SET that turns it off is not logged itself: the limit is read after the command ran.
    expect(loggedCommands(a.call('SLOWLOG', 'GET', '-1'))).toEqual(['SLOWLOG GET', 'SLOWLOG RESET']);
  });

  it('GET count: 10 by default, -1 all, 0 none; below -1 or not an integer is refused; LEN and RESET take no arguments', () => {
    const { client } = slowEngine({ 'slowlog-log-slower-than': '0' });
    const a = client();
    for (let i = 0; i < 14; i++) a.call('ECHO', String(i));
    expect((a.call('SLOWLOG', 'GET') as unknown[]).length).toBe(10);
    expect((a.call('SLOWLOG', 'GET', '-1') as unknown[]).length).toBe(15);
    expect(a.call('SLOWLOG', 'GET', '0')).toEqual([]);
    expect(loggedCommands(a.call('SLOWLOG', 'GET', '2'))).toEqual(['SLOWLOG GET 0', 'SLOWLOG GET -1']);
    const badCount = new ErrorReply('ERR count should be greater than or equal to -1');
    expect(a.call('SLOWLOG', 'GET', '-2')).toEqual(badCount);
    expect(a.call('SLOWLOG', 'GET', 'abc')).toEqual(badCount);
    expect(a.call('SLOWLOG', 'get', '1', '2')).toEqual(new ErrorReply("ERR unknown subcommand or wrong number of arguments for 'get'. Try SLOWLOG HELP."));
    expect(a.call('SLOWLOG', 'LEN', 'x')).toEqual(new ErrorReply("ERR wrong number of arguments for 'slowlog|len' command"));
    expect(a.call('SLOWLOG', 'NOPE')).toEqual(new ErrorReply("ERR unknown subcommand 'NOPE'. Try SLOWLOG HELP."));
    const help = a.call('SLOWLOG', 'HELP') as SimpleString[];
    expect(help[0]).toEqual(new SimpleString('SLOWLOG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:'));
    expect(help).toHaveLength(12);
  });

  it('keeps the newest slowlog-max-len entries, trimming at the next command', () => {
    const { client } = slowEngine({ 'slowlog-log-slower-than': '0', 'slowlog-max-len': '10' });
    const a = client();
    for (let i = 0; i < 100; i++) a.call('PING');
    expect(a.call('SLOWLOG', 'LEN')).toBe(10);
    a.call('CONFIG', 'SET', 'slowlog-max-len', '1');
    expect(loggedCommands(a.call('SLOWLOG', 'GET'))).toEqual(['CONFIG SET slowlog-max-len 1']);
  });

  it('cuts a command to 32 arguments and each argument to 128 bytes, as Redis says it', () => {
    const { client } = slowEngine({ 'slowlog-log-slower-than': '0' });
    const a = client();
    const members = Array.from({ length: 31 }, (_, i) => String(i + 3));
    a.call('SADD', 'set', ...members);
    const [, , , args] = (a.call('SLOWLOG', 'GET', '1') as unknown[][])[0] as [number, number, number, string[]];
    expect(args).toHaveLength(32);
    expect(args.slice(0, 3)).toEqual(['SADD', 'set', '3']);
    expect(args[30]).toBe('31');
    expect(args[31]).toBe('... (2 more arguments)');
    a.call('SADD', 'set', 'foo', 'A'.repeat(129));
    const [, , , cut] = (a.call('SLOWLOG', 'GET', '1') as unknown[][])[0] as [number, number, number, string[]];
    expect(cut).toEqual(['SADD', 'set', 'foo', `${'A'.repeat(128)}... (1 more bytes)`]);
  });

  it('logs MULTI and the commands EXEC ran, not EXEC (skip_slowlog)', () => {
    const { client } = slowEngine({ 'slowlog-log-slower-than': '0' });
    const a = client();
    a.call('MULTI');
    a.call('SET', 'a', '1');
    a.call('INCR', 'a');
    a.call('EXEC');
    expect(loggedCommands(a.call('SLOWLOG', 'GET'))).toEqual(['INCR a', 'SET a 1', 'MULTI']);
  });

  it('redacts the passwords of AUTH, HELLO AUTH, ACL SETUSER and CONFIG SET requirepass', () => {
    const { client } = slowEngine({ 'slowlog-log-slower-than': '0' });
    const a = client();
    a.call('AUTH', 'secret');
    a.call('AUTH', 'default', 'secret');
    a.call('HELLO', '2', 'AUTH', 'default', 'secret', 'SETNAME', 'n');
    a.call('CONFIG', 'SET', 'requirepass', 'secret', 'timeout', '0');
    a.call('CONFIG', 'SET', 'requirepass', '');
    a.call('ACL', 'SETUSER', 'u', 'on', '>secret');
    expect(loggedCommands(a.call('SLOWLOG', 'GET'))).toEqual([
      'ACL SETUSER (redacted) (redacted) (redacted)',
      'CONFIG SET requirepass (redacted)',
      'CONFIG SET requirepass (redacted) timeout 0',
      'HELLO 2 AUTH (redacted) (redacted) SETNAME n',
      'AUTH (redacted) (redacted)',
      'AUTH (redacted)',
    ]);
  });

  it('logs a blocked command when it is served or unblocked (without its arguments, as Redis 7.0), not when it blocks or times out', () => {
    const { client, clock } = slowEngine({ 'slowlog-log-slower-than': '0' });
    const [a, waiter] = [client(), client()];
    waiter.call('BLPOP', 'l', '1');
    expect(loggedCommands(a.call('SLOWLOG', 'GET'))).toEqual([]);
    clock.advanceMs(1500);
    expect(waiter.take()).toHaveLength(1);
    waiter.call('BLPOP', 'l', '0');
    a.call('RPUSH', 'l', 'x');
    waiter.call('BLMOVE', 'm', 'n', 'LEFT', 'LEFT', '0');
    a.call('CLIENT', 'UNBLOCK', waiter.connection.id);
    const entries = a.call('SLOWLOG', 'GET') as unknown[][];
    // The push is logged when it returns, the pop it served after it (Redis serves blocked clients after the call).
    expect(loggedCommands(entries)).toEqual(['CLIENT UNBLOCK ' + waiter.connection.id, '', 'BLPOP l 0', 'RPUSH l x', 'SLOWLOG GET']);
    // Redis 7.0 logs a call ended by CLIENT UNBLOCK without its arguments (it frees them first).
    expect(entries[1][3]).toEqual([]);
    expect(entries[1][4]).toBe(waiter.connection.address);
  });

  it('logs the commands a script ran as the script client ("?:0", no name), then the script', () => {
    const { client } = slowEngine({ 'slowlog-log-slower-than': '0' });
    const a = client();
    a.call('CLIENT', 'SETNAME', 'caller');
    a.call('EVAL', "redis.call('set','a','b') return 1", '0');
    const entries = a.call('SLOWLOG', 'GET', '2') as unknown[][];
    expect(loggedCommands(entries)).toEqual(["EVAL redis.call('set','a','b') return 1 0", 'set a b']);
    expect(entries[1].slice(4)).toEqual(['?:0', '']);
    expect(entries[0].slice(4)).toEqual([a.connection.address, 'caller']);
  });
});
