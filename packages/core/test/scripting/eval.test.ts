import { describe, expect, it } from 'vitest';
import type { UnitEffects } from '../../src/aof/effect.js';
import { sha1hex } from '../../src/lua/index.js';
import { ErrorReply, OK } from '../../src/resp/reply.js';
import { createTestEngine, durabilityPort } from '../support/test-engine.js';

function loggingEngine(shards = 1) {
  const units: UnitEffects[] = [];
  const test = createTestEngine({ shards, durability: durabilityPort((unit) => units.push(unit)) });
  test.engine.beginLogging(0);
  return { ...test, units };
}

describe('EVAL and EVALSHA (Redis 7.0 replies and errors)', () => {
  it('runs a script with KEYS and ARGV and converts its result', () => {
    const { client } = createTestEngine();
    const a = client();
    expect(a.call('EVAL', 'return {1, 2, {3, "x"}, false, nil, 5}', '0')).toEqual([1, 2, [3, 'x'], null]);
    expect(a.call('EVAL', "redis.call('SET', KEYS[1], ARGV[1]); return redis.call('GET', KEYS[1])", '1', 'k', 'v')).toBe('v');
    expect(a.call('GET', 'k')).toBe('v');
    expect(a.call('EVAL', 'return 3.99', '0')).toBe(3);
  });

  it('answers numkeys errors as Redis does', () => {
    const { client } = createTestEngine();
    const a = client();
    expect(a.call('EVAL', 'return 1', '-1')).toEqual(new ErrorReply("ERR Number of keys can't be negative"));
    expect(a.call('EVAL', 'return 1', '2', 'a')).toEqual(new ErrorReply("ERR Number of keys can't be greater than number of args"));
    expect(a.call('EVAL', 'return 1', 'x')).toEqual(new ErrorReply('ERR value is not an integer or out of range'));
  });

  it('EVALSHA runs a cached script; NOSCRIPT otherwise; SCRIPT LOAD, EXISTS and FLUSH manage the cache', () => {
    const { client } = createTestEngine();
    const a = client();
    const body = 'return ARGV[1]';
    const sha = sha1hex(body);
    expect(a.call('EVALSHA', sha, '0', 'x')).toEqual(new ErrorReply('NOSCRIPT No matching script. Please use EVAL.'));
    expect(a.call('SCRIPT', 'LOAD', body)).toBe(sha);
    expect(a.call('EVALSHA', sha.toUpperCase(), '0', 'x')).toBe('x');
    expect(a.call('SCRIPT', 'EXISTS', sha, '0'.repeat(40))).toEqual([1, 0]);
    expect(a.call('SCRIPT', 'FLUSH')).toEqual(OK);
    expect(a.call('SCRIPT', 'EXISTS', sha)).toEqual([0]);
    expect(a.call('SCRIPT', 'FLUSH', 'LAZY')).toEqual(new ErrorReply('ERR SCRIPT FLUSH only support SYNC|ASYNC option'));
  });

  it('refuses what a script may not call, naming the script and line', () => {
    const { client } = createTestEngine();
    const a = client();
    const unknown = "return redis.call('nosuch')";
    expect(a.call('EVAL', unknown, '0')).toEqual(new ErrorReply(
      `ERR Unknown Redis command called from script script: ${sha1hex(unknown)}, on @user_script:1.`));
    const arity = "return redis.call('set','x')";
    expect(a.call('EVAL', arity, '0')).toEqual(new ErrorReply(
      `ERR Wrong number of args calling Redis command from script script: ${sha1hex(arity)}, on @user_script:1.`));
    const write = "return redis.call('set','k','v')";
    expect(a.call('EVAL_RO', write, '1', 'k')).toEqual(new ErrorReply(
      `ERR Write commands are not allowed from read-only scripts. script: ${sha1hex(write)}, on @user_script:1.`));
    const noWrites = "#!lua flags=no-writes\nreturn redis.call('set','k','v')";
    expect(a.call('EVAL', noWrites, '1', 'k')).toEqual(new ErrorReply(
      `ERR Write commands are not allowed from read-only scripts. script: ${sha1hex(noWrites)}, on @user_script:2.`));
    expect(a.call('EVAL', "#!lua\nreturn redis.call('set','k','v')", '1', 'k')).toEqual(OK);
    expect(a.call('EVAL_RO', "#!lua\nreturn 1", '0')).toEqual(new ErrorReply('ERR Can not execute a script with write flag using *_ro command.'));
    expect(a.call('EVAL', "return redis.call('multi')", '0')).toEqual(new ErrorReply(
      `ERR This Redis command is not allowed from script script: ${sha1hex("return redis.call('multi')")}, on @user_script:1.`));
    expect(a.call('EVAL', "return redis.pcall('nosuch')", '0')).toEqual(new ErrorReply('ERR Unknown Redis command called from script'));
  });

  it('SELECT inside a script does not change the caller\'s database', () => {
    const { client } = createTestEngine();
    const a = client();
    expect(a.call('EVAL', "redis.call('SELECT', '5'); redis.call('SET', 'k', 'in5'); return 1", '0')).toBe(1);
    expect(a.call('GET', 'k')).toBe(null);
    a.call('SELECT', '5');
    expect(a.call('GET', 'k')).toBe('in5');
  });
});

describe('a script is one unit in the log', () => {
  it('writes on several shards under one LSN', () => {
    const { client, units } = loggingEngine(4);
    const a = client();
    const before = units.length;
    a.call('EVAL', "for i, k in ipairs(KEYS) do redis.call('SET', k, i) end return 1", '6', 'a', 'b', 'c', 'd', 'e', 'f');
    expect(units.length).toBe(before + 1);
    const shardsWritten = units[units.length - 1].filter((effects) => effects.length > 0).length;
    expect(shardsWritten).toBeGreaterThan(1);
  });

  it('logs keys a script builds itself (not declared in KEYS) on their own shards, in the same unit', () => {
    const { client, units } = loggingEngine(4);
    const a = client();
    expect(a.call('EVAL', "for i = 1, 8 do redis.call('SET', 'job:' .. i, i) end return 1", '0')).toBe(1);
    expect(units.length).toBe(1);
    expect(units[0].filter((effects) => effects.length > 0).length).toBeGreaterThan(1);
    expect(units[0].flat().length).toBe(8);
  });

  it('keeps and logs the writes of a script that fails midway, as one unit', () => {
    const { client, units } = loggingEngine(4);
    const a = client();
    const reply = a.call('EVAL', "redis.call('SET', KEYS[1], 'x'); redis.call('SET', KEYS[2], 'y'); return redis.call('INCR', KEYS[1])", '2', 'p', 'q');
    expect(reply).toBeInstanceOf(ErrorReply);
    expect(a.call('MGET', 'p', 'q')).toEqual(['x', 'y']);
    expect(units.length).toBe(1);
    expect(units[0].flat().map((effect) => effect.args[0])).toEqual(['SET', 'SET']);
  });

  it('logs nothing for a read-only script', () => {
    const { client, units } = loggingEngine(2);
    client().call('EVAL', "return redis.call('GET', KEYS[1])", '1', 'k');
    expect(units).toEqual([]);
  });
});

describe('commands that behave differently for scripts', () => {
  it('SORT BY a constant of a set is sorted ALPHA inside a script, so its output does not depend on hash order', () => {
    const { client } = createTestEngine();
    const a = client();
    a.call('SADD', 'myset', 'b', 'aa', 'a', 'c');
    expect(a.call('EVAL', "return redis.call('sort', KEYS[1], 'by', '_')", '1', 'myset')).toEqual(['a', 'aa', 'b', 'c']);
    expect(a.call('EVAL', "return redis.call('sort', KEYS[1], 'by', '_', 'get', '#', 'get', '_:*')", '1', 'myset'))
      .toEqual(['a', null, 'aa', null, 'b', null, 'c', null]);
  });

  it('XREAD and XREADGROUP refuse BLOCK from a script; the blocking list and zset pops are noscript', () => {
    const { client } = createTestEngine();
    const a = client();
    expect(a.call('EVAL', "return redis.pcall('xread','BLOCK',0,'STREAMS','s','$')", '1', 's'))
      .toEqual(new ErrorReply('ERR xread command is not allowed with BLOCK option from scripts'));
    expect(a.call('EVAL', "return redis.pcall('blpop','empty_list',0)", '0')).toEqual(new ErrorReply('ERR This Redis command is not allowed from script'));
  });
});

describe('error statistics', () => {
  it('an error a script passes on from a command it ran counts once in errorstats', () => {
    const { client, engine } = createTestEngine();
    const a = client();
    a.call('SET', 'text', 'abc');
    expect(a.call('EVAL', "return redis.call('INCR', KEYS[1])", '1', 'text')).toBeInstanceOf(ErrorReply);
    expect(engine.stats.errors.get('ERR')).toBe(1);
    expect(a.call('EVAL', "return redis.error_reply('MY own')", '0')).toEqual(new ErrorReply('MY own'));
    expect(engine.stats.errors.get('MY')).toBe(1);
  });
});

describe('after a durability failure', () => {
  it('a script that may write is refused with MISCONF naming the AOF error; a no-writes script runs', () => {
    const { client, engine } = loggingEngine();
    const a = client();
    engine.onDurabilityFailure('No space left on device');
    expect(a.call('EVAL', '#!lua\nreturn 1', '0')).toEqual(new ErrorReply('MISCONF Redis is configured to persist data to AOF, but it\'s currently unable to persist to disk. '
      + 'Writable scripts are blocked. Use \'no-writes\' flag for read only scripts. AOF error: No space left on device'));
    expect(a.call('EVAL', '#!lua flags=no-writes\nreturn 1', '0')).toBe(1);
  });
});
