import { describe, expect, it } from 'vitest';
import type { UnitEffects } from '../../src/aof/effect.js';
import { dumpKeyspace } from '../../src/engine/keyspace-dump.js';
import { ErrorReply, MapReply, OK, SetReply, SimpleString } from '../../src/resp/reply.js';
import { createTestEngine, durabilityPort } from '../support/test-engine.js';

const LIBRARY = `#!lua name=mylib
redis.register_function('myfunc', function(keys, args) return args[1] end)
redis.register_function{function_name='ro', callback=function() return 1 end, flags={'no-writes'}, description='read only'}`;

describe('FUNCTION and FCALL (Redis 7.0 replies and errors)', () => {
  it('loads a library, calls its functions, lists and deletes it', () => {
    const { client } = createTestEngine();
    const a = client();
    expect(a.call('FUNCTION', 'LOAD', LIBRARY)).toBe('mylib');
    expect(a.call('FCALL', 'myfunc', '0', 'hello')).toBe('hello');
    expect(a.call('FCALL', 'ro', '0')).toBe(1);
    expect(a.call('FCALL_RO', 'myfunc', '0', 'x')).toEqual(new ErrorReply('ERR Can not execute a script with write flag using *_ro command.'));
    expect(a.call('FCALL_RO', 'ro', '0')).toBe(1);
    expect(a.call('FCALL', 'nosuch', 'x')).toEqual(new ErrorReply('ERR Function not found'));
    expect(a.call('FCALL', 'myfunc', 'x')).toEqual(new ErrorReply('ERR Bad number of keys provided'));
    expect(a.call('FUNCTION', 'LIST', 'WITHCODE')).toEqual([[
      'library_name', 'mylib', 'engine', 'LUA',
      'functions', [
        ['name', 'myfunc', 'description', null, 'flags', []],
        ['name', 'ro', 'description', 'read only', 'flags', [new SimpleString('no-writes')]],
      ],
      'library_code', LIBRARY,
    ]]);
    a.call('HELLO', '3');
    expect(a.call('FUNCTION', 'LIST', 'LIBRARYNAME', 'my*')).toEqual([new MapReply([
      ['library_name', 'mylib'], ['engine', 'LUA'],
      ['functions', [
        new MapReply([['name', 'myfunc'], ['description', null], ['flags', new SetReply([])]]),
        new MapReply([['name', 'ro'], ['description', 'read only'], ['flags', new SetReply([new SimpleString('no-writes')])]]),
      ]],
    ])]);
    a.call('HELLO', '2');
    expect(a.call('FUNCTION', 'LIST', 'LIBRARYNAME', 'other*')).toEqual([]);
    expect(a.call('FUNCTION', 'DELETE', 'mylib')).toEqual(OK);
    expect(a.call('FUNCTION', 'DELETE', 'mylib')).toEqual(new ErrorReply('ERR Library not found'));
    expect(a.call('FCALL', 'myfunc', '0')).toEqual(new ErrorReply('ERR Function not found'));
  });

  it('refuses bad libraries with Redis\'s errors', () => {
    const { client } = createTestEngine();
    const a = client();
    a.call('FUNCTION', 'LOAD', LIBRARY);
    expect(a.call('FUNCTION', 'LOAD', "#!lua name=mylib\nredis.register_function('f2', function() return 1 end)"))
      .toEqual(new ErrorReply("ERR Library 'mylib' already exists"));
    expect(a.call('FUNCTION', 'LOAD', "#!lua name=lib2\nredis.register_function('myfunc', function() return 1 end)"))
      .toEqual(new ErrorReply('ERR Function myfunc already exists'));
    expect(a.call('FUNCTION', 'LOAD', '#!lua name=lib3\nreturn 1')).toEqual(new ErrorReply('ERR No functions registered'));
    expect(a.call('FUNCTION', 'LOAD', '#!lua name=bad-name\nreturn 1')).toEqual(new ErrorReply(
      'ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one character long'));
    expect(a.call('FUNCTION', 'LOAD', '#!js name=x\nreturn 1')).toEqual(new ErrorReply("ERR Engine 'js' not found"));
    expect(a.call('FUNCTION', 'LOAD', "#!lua name=lib4\nredis.call('set','x','y')")).toEqual(new ErrorReply(
      "ERR Error registering functions: ERR user_function:2: Script attempted to access nonexistent global variable 'call'"));
    expect(a.call('FUNCTION', 'LOAD', 'REPLACE', "#!lua name=mylib\nredis.register_function('other', function() return 2 end)")).toBe('mylib');
    expect(a.call('FCALL', 'other', '0')).toBe(2);
    expect(a.call('FCALL', 'myfunc', '0')).toEqual(new ErrorReply('ERR Function not found'));
  });

  it('DUMP and RESTORE move libraries with each policy', () => {
    const { client } = createTestEngine();
    const a = client();
    a.call('FUNCTION', 'LOAD', LIBRARY);
    const payload = a.call('FUNCTION', 'DUMP') as string;
    expect(a.call('FUNCTION', 'RESTORE', payload)).toEqual(new ErrorReply('ERR Library mylib already exists'));
    expect(a.call('FUNCTION', 'RESTORE', payload, 'REPLACE')).toEqual(OK);
    expect(a.call('FUNCTION', 'FLUSH')).toEqual(OK);
    expect(a.call('FCALL', 'ro', '0')).toEqual(new ErrorReply('ERR Function not found'));
    expect(a.call('FUNCTION', 'RESTORE', payload)).toEqual(OK);
    expect(a.call('FCALL', 'ro', '0')).toBe(1);
    expect(a.call('FUNCTION', 'RESTORE', payload, 'FLUSH')).toEqual(OK);
    expect(a.call('FUNCTION', 'RESTORE', payload, 'BAD')).toEqual(new ErrorReply('ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.'));
    expect(a.call('FUNCTION', 'RESTORE', 'garbage')).toEqual(new ErrorReply('ERR DUMP payload version or checksum are wrong'));
  });

  it('FUNCTION STATS reports the engine\'s libraries', () => {
    const { client } = createTestEngine();
    const a = client();
    a.call('FUNCTION', 'LOAD', LIBRARY);
    expect(a.call('FUNCTION', 'STATS')).toEqual(['running_script', null, 'engines', ['LUA', ['libraries_count', 1, 'functions_count', 2]]]);
  });
});

describe('function libraries are durable state', () => {
  it('FUNCTION LOAD, DELETE and FLUSH are logged as typed on shard 0 and replay into the same libraries', () => {
    const units: UnitEffects[] = [];
    const writer = createTestEngine({ shards: 4, durability: durabilityPort((unit) => units.push(unit)) });
    writer.engine.beginLogging(0);
    const a = writer.client();
    a.call('FUNCTION', 'LOAD', LIBRARY);
    a.call('FUNCTION', 'LOAD', "#!lua name=gone\nredis.register_function('g', function() return 1 end)");
    a.call('FUNCTION', 'DELETE', 'gone');
    a.call('FCALL', 'myfunc', '0', 'x');
    expect(units.map((unit) => unit.map((effects) => effects.map((effect) => effect.args.slice(0, 2).join(' '))))).toEqual([
      [['FUNCTION LOAD'], [], [], []],
      [['FUNCTION LOAD'], [], [], []],
      [['FUNCTION DELETE'], [], [], []],
    ]);
    const replayed = createTestEngine({ shards: 4 });
    for (const unit of units) unit.forEach((effects, shard) => effects.forEach((effect) => replayed.engine.replayEffect(shard, effect.database, effect.args)));
    expect(dumpKeyspace(replayed.engine)).toEqual(dumpKeyspace(writer.engine));
    expect(dumpKeyspace(replayed.engine).some((line) => line.startsWith('function library'))).toBe(true);
  });
});

describe('function names', () => {
  it('FCALL finds a function whatever its case; library names keep theirs', () => {
    const { client } = createTestEngine();
    const a = client();
    a.call('FUNCTION', 'LOAD', LIBRARY);
    expect(a.call('FCALL', 'MYFUNC', '0', 'x')).toBe('x');
    expect(a.call('FUNCTION', 'LOAD', "#!lua name=other\nredis.register_function('MyFunc', function() return 1 end)"))
      .toEqual(new ErrorReply('ERR Function MyFunc already exists'));
    expect(a.call('FUNCTION', 'DELETE', 'MYLIB')).toEqual(new ErrorReply('ERR Library not found'));
  });
});
