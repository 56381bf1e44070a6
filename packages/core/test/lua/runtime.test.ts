/**
 * The Lua runtime's own guarantees: busy scripts suspend at checkpoints and resume exactly where
 * they stopped (also inside pcall), SCRIPT KILL ends a run in a way pcall cannot catch, the
 * memory cap, determinism of math.random, the FUNCTION VM's library loading, and the shape of
 * the API the engine builds on.
 */
import { describe, expect, it } from 'vitest';
import {
  CHECKPOINT_INSTRUCTIONS, errorAlreadyCounted, LuaFunctions, LuaScripts, sha1hex, type LuaHost,
} from '../../src/lua/index.js';
import { ErrorReply, SimpleString, type Reply } from '../../src/resp/reply.js';
import { ModelHost } from './support/model-host.js';
import { evalReply } from './support/run-script.js';

const KILLED = new ErrorReply('ERR Script killed by user with SCRIPT KILL...');

/** A host whose checkpoint always asks to yield, counting the checkpoints. */
class YieldingHost extends ModelHost {
  checkpoints = 0;
  override checkpoint(): 'continue' | 'yield' {
    this.checkpoints++;
    return 'yield';
  }
}

function runToEnd(vm: LuaScripts, host: LuaHost, body: string, onStep?: (steps: number) => void): { reply: Reply; steps: number } {
  const sha = sha1hex(body);
  expect(vm.define(sha, body)).toBeNull();
  const run = vm.start(sha, [], [], { host, protocol: 2 });
  let steps = 0;
  for (;;) {
    steps++;
    const outcome = run.step();
    if (outcome.done) return { reply: outcome.reply, steps };
    onStep?.(steps);
    if (steps > 10_000) throw new Error('the script never finished');
  }
}

describe('busy scripts', () => {
  const busy = 'local s = 0 for i = 1, 2000000 do s = s + i end return s';

  it('yields at checkpoints and resumes where it stopped', () => {
    const host = new YieldingHost();
    const { reply, steps } = runToEnd(new LuaScripts({ randomSeed: 1 }), host, busy);
    expect(reply).toBe(2000001000000);
    expect(steps).toBeGreaterThan(20);
    expect(host.checkpoints).toBe(steps - 1);
  });

  it('checks in about every CHECKPOINT_INSTRUCTIONS instructions', () => {
    const host = new YieldingHost();
    runToEnd(new LuaScripts({ randomSeed: 1 }), host, 'for i = 1, 1000000 do end');
    // A numeric for loop runs one FORLOOP instruction per iteration.
    expect(host.checkpoints).toBe(Math.floor(1_000_000 / CHECKPOINT_INSTRUCTIONS));
  });

  it('yields inside pcall and xpcall, nested, with the same results', () => {
    const scripts = [
      `local ok, v = pcall(function() ${busy.replace('return s', 'return s')} end) return {tostring(ok), v}`,
      `return {pcall(function() return pcall(function() ${busy} end) end)}`,
      `return {xpcall(function() local s = 0 for i = 1, 1000000 do s = s + i end error('late ' .. s) end, function(e) return 'handled ' .. e end)}`,
      `local ok, e = pcall(function() for i = 1, 1000000 do end error({err = 'table error'}) end) return e`,
      `local n = 0 for j = 1, 5 do pcall(function() for i = 1, 300000 do n = n + 1 end end) end return n`,
    ];
    for (const script of scripts) {
      const straight = evalReply(new LuaScripts({ randomSeed: 1 }), new ModelHost(), script);
      const host = new YieldingHost();
      const { reply, steps } = runToEnd(new LuaScripts({ randomSeed: 1 }), host, script);
      expect(reply).toEqual(straight);
      expect(steps).toBeGreaterThan(5);
    }
  });

  it('does not suspend a pcall that is its thread\'s entry (Lua 5.1 could not resume it), and gets its results right', () => {
    const busyFunction = 'function() local s = 0 for i = 1, 1000000 do s = s + i end return s end';
    for (const script of [`return {pcall(pcall, ${busyFunction})}`, `return {pcall(setmetatable({}, {__call = function(_, f) return f() end}), ${busyFunction})}`]) {
      const straight = evalReply(new LuaScripts({ randomSeed: 1 }), new ModelHost(), script);
      expect(runToEnd(new LuaScripts({ randomSeed: 1 }), new YieldingHost(), script).reply).toEqual(straight);
    }
  });

  it('keeps running where Lua 5.1 cannot yield (a sort comparator), and still finishes', () => {
    const script = 'local t = {} for i = 1, 200 do t[i] = 201 - i end '
      + 'table.sort(t, function(a, b) for j = 1, 2000 do end return a < b end) return {t[1], t[200]}';
    const { reply, steps } = runToEnd(new LuaScripts({ randomSeed: 1 }), new YieldingHost(), script);
    expect(reply).toEqual([1, 200]);
    expect(steps).toBeLessThan(5);
  });

  it('is killed at the next step with the line it stopped at, and pcall cannot catch it', () => {
    const cases = [
      { body: 'local i = 0\nwhile true do i = i + 1 end', line: 2 },
      { body: 'while true do pcall(function()\n while true do end\n end) end', line: 2 },
      { body: 'local function spin() while true do end end\nwhile true do xpcall(spin, function() return 1 end) end', line: 1 },
    ];
    for (const { body, line } of cases) {
      const vm = new LuaScripts({ randomSeed: 1 });
      const sha = sha1hex(body);
      vm.define(sha, body);
      const run = vm.start(sha, [], [], { host: new YieldingHost(), protocol: 2 });
      expect(run.step()).toEqual({ done: false });
      expect(run.step()).toEqual({ done: false });
      run.kill(KILLED);
      expect(run.step()).toEqual({ done: true, reply: new ErrorReply(`${KILLED.message} script: ${sha}, on @user_script:${line}.`) });
      // The VM runs the next script normally.
      expect(evalReply(vm, new ModelHost(), 'return 7')).toBe(7);
    }
  });

  it('a kill requested during a checkpoint suspends at once', () => {
    const vm = new LuaScripts({ randomSeed: 1 });
    const body = 'while true do end';
    vm.define(sha1hex(body), body);
    const host = new ModelHost();
    const run = vm.start(sha1hex(body), [], [], { host, protocol: 2 });
    host.checkpoint = () => {
      run.kill(KILLED);
      return 'continue';
    };
    expect(run.step()).toEqual({ done: false });
    const last = run.step();
    expect(last.done && last.reply instanceof ErrorReply && last.reply.message.startsWith(KILLED.message)).toBe(true);
  });
});

describe('memory', () => {
  it('refuses allocations past the cap with Lua\'s "not enough memory", and recovers', () => {
    const vm = new LuaScripts({ randomSeed: 1, memoryLimitBytes: 4 * 1024 * 1024 });
    const body = "local t = {} for i = 1, 1e7 do t[i] = 'value ' .. i end return #t";
    const reply = evalReply(vm, new ModelHost(), body);
    expect(reply).toEqual(new ErrorReply(`ERR Error running script ${sha1hex(body)}, not enough memory`));
    expect(vm.memoryBytes).toBeLessThanOrEqual(4 * 1024 * 1024);
    expect(evalReply(vm, new ModelHost(), "local t = {} for i = 1, 1000 do t[i] = i end return #t")).toBe(1000);
  });

  it('pcall catches a memory error as Lua 5.1 does', () => {
    const vm = new LuaScripts({ randomSeed: 1, memoryLimitBytes: 2 * 1024 * 1024 });
    const reply = evalReply(vm, new ModelHost(), "return {pcall(function() local t = {} for i = 1, 1e7 do t[i] = i end end)}");
    expect(reply).toEqual([null, 'not enough memory']);
  });

  it('reports the live Lua heap', () => {
    const vm = new LuaScripts({ randomSeed: 1 });
    const before = vm.memoryBytes;
    expect(before).toBeGreaterThan(10_000);
    expect(before).toBeLessThan(200_000);
    evalReply(vm, new ModelHost(), "big = nil local t = {} for i = 1, 1000 do t[i] = i end return 1");
    expect(vm.memoryBytes).toBeGreaterThan(0);
  });
});

describe('determinism', () => {
  const draw = 'local t = {} for i = 1, 5 do t[i] = tostring(math.random()) end return t';

  it('gives the same math.random sequence for the same seed, continuing across scripts', () => {
    const first = new LuaScripts({ randomSeed: 42 });
    const second = new LuaScripts({ randomSeed: 42 });
    const a = [evalReply(first, new ModelHost(), draw), evalReply(first, new ModelHost(), draw)];
    const b = [evalReply(second, new ModelHost(), draw), evalReply(second, new ModelHost(), draw)];
    expect(a).toEqual(b);
    expect(a[0]).not.toEqual(a[1]);
    expect(evalReply(new LuaScripts({ randomSeed: 43 }), new ModelHost(), draw)).not.toEqual(a[0]);
  });

  it('matches Redis\'s generator after math.randomseed', () => {
    // Values recorded from redis-server 7.0.15: EVAL "math.randomseed(1) return ..." 0.
    const reply = evalReply(new LuaScripts({ randomSeed: 9 }), new ModelHost(),
      'math.randomseed(1) return {tostring(math.random()), math.random(100), math.random(5, 10)}');
    expect(reply).toEqual(['0.041630344484761', 46, 10]);
  });

  it('iterates tables and prints addresses the same way on every VM', () => {
    const script = "local t = {} for i = 1, 50 do t['key' .. i] = i; t[{}] = i end "
      + "local out = {} for k, v in pairs(t) do out[#out + 1] = tostring(k) .. '=' .. v end return out";
    expect(evalReply(new LuaScripts({ randomSeed: 1 }), new ModelHost(), script))
      .toEqual(evalReply(new LuaScripts({ randomSeed: 2 }), new ModelHost(), script));
  });
});

describe('EVAL scripts', () => {
  it('skips the shebang line and keeps line numbers', () => {
    const vm = new LuaScripts({ randomSeed: 1 });
    expect(evalReply(vm, new ModelHost(), '#!lua flags=no-writes\nreturn 1')).toBe(1);
    const body = "#!lua\nerror('x')";
    expect(evalReply(vm, new ModelHost(), body)).toEqual(new ErrorReply(`ERR user_script:2: x script: ${sha1hex(body)}, on @user_script:2.`));
  });

  it('compiles once per SHA, forgets everything on flush', () => {
    const vm = new LuaScripts({ randomSeed: 1 });
    const sha = sha1hex('return 1');
    expect(vm.has(sha)).toBe(false);
    expect(vm.define(sha, 'return 1')).toBeNull();
    expect(vm.has(sha)).toBe(true);
    expect(vm.define(sha1hex('return ('), 'return (')).toEqual(
      new ErrorReply("ERR Error compiling script (new function): user_script:1: unexpected symbol near '<eof>'"));
    vm.flush();
    expect(vm.has(sha)).toBe(false);
  });

  it('passes log levels, messages and replication flags to the host', () => {
    const host = new ModelHost();
    evalReply(new LuaScripts({ randomSeed: 1 }), host,
      "redis.log(redis.LOG_NOTICE, 'a', 1.5, nil, 'b') redis.log(0, {}, 'x') redis.set_repl(redis.REPL_AOF) return 1");
    expect(host.logs).toEqual([[2, 'a 1.5 b'], [0, ' x']]);
    expect(host.replication).toBe(1);
  });

  it('gives a command the script\'s protocol of the moment', () => {
    const seen: number[] = [];
    const host = new ModelHost();
    host.call = (_argv, protocol) => {
      seen.push(protocol);
      return new SimpleString('OK');
    };
    evalReply(new LuaScripts({ randomSeed: 1 }), host, "redis.call('ping') redis.setresp(3) redis.call('ping') return 1");
    evalReply(new LuaScripts({ randomSeed: 1 }), host, "redis.call('ping') return 1");
    expect(seen).toEqual([2, 3, 2]);
  });

  it('marks the errors that came from a command the script ran (already counted by the engine)', () => {
    const vm = new LuaScripts({ randomSeed: 1 });
    const counted = (body: string): boolean[] => {
      const reply = evalReply(vm, new ModelHost(), body);
      const errors = (Array.isArray(reply) ? reply : [reply]).filter((item): item is ErrorReply => item instanceof ErrorReply);
      return errors.map(errorAlreadyCounted);
    };
    expect(counted("return redis.call('nosuch')")).toEqual([true]);
    expect(counted("return redis.pcall('nosuch')")).toEqual([true]);
    expect(counted("return {redis.pcall('nosuch'), redis.error_reply('E x'), {err = 'plain'}}")).toEqual([true, false, false]);
    expect(counted("error('raised')")).toEqual([false]);
    expect(counted("error(redis.pcall('nosuch'))")).toEqual([true]);
  });

  it('replaces a VM that a throwing host callback left inconsistent', () => {
    const vm = new LuaScripts({ randomSeed: 1 });
    const host = new ModelHost();
    host.call = () => {
      throw new Error('engine bug');
    };
    expect(() => evalReply(vm, host, "return redis.call('ping')")).toThrow('engine bug');
    expect(evalReply(vm, new ModelHost(), 'return 5')).toBe(5);
  });
});

describe('FUNCTION libraries', () => {
  const noTimeout = { log: () => undefined, checkpoint: () => 'continue' as const };

  function call(vm: LuaFunctions, library: string, name: string, keys: string[] = [], args: string[] = []): Reply {
    const run = vm.start(library, name, keys, args, { host: new ModelHost(), protocol: 2 });
    const outcome = run.step();
    if (!outcome.done) throw new Error('yielded');
    return outcome.reply;
  }

  it('loads, commits and calls functions with (keys, args)', () => {
    const vm = new LuaFunctions({ randomSeed: 1 });
    const code = "#!lua name=lib\nredis.register_function('f', function(keys, args) return {keys[1], args[1], redis.call('ping').ok} end)\n"
      + "redis.register_function{function_name='g', callback=function() return cjson.encode({1}) end, flags={'no-writes', 'ALLOW-OOM'}, description='desc'}";
    expect(vm.load('lib', code, noTimeout)).toEqual({ functions: [
      { name: 'f', flags: [], description: null },
      { name: 'g', flags: ['no-writes', 'allow-oom'], description: 'desc' },
    ] });
    vm.commit('lib');
    expect(call(vm, 'lib', 'f', ['k'], ['a'])).toEqual(['k', 'a', 'PONG']);
    expect(call(vm, 'lib', 'g')).toBe('[1]');
    vm.delete('lib');
    expect(() => call(vm, 'lib', 'f')).toThrow();
  });

  it('words load errors as Redis 7.0 does', () => {
    const vm = new LuaFunctions({ randomSeed: 1 });
    const errors: Record<string, string> = {
      "error('boom')": "ERR Error registering functions: ERR user_function:2: Script attempted to access nonexistent global variable 'error'",
      "redis.register_function('f')": 'ERR Error registering functions: ERR calling redis.register_function with a single argument is only applicable to Lua table (representing named arguments).',
      "redis.register_function('f-x', function() end)": 'ERR Error registering functions: ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one character long',
      "redis.register_function('f', function() end) redis.register_function('f', function() end)": 'ERR Error registering functions: ERR Function already exists in the library',
      "redis.register_function{function_name='f', callback=function() end, flags={'bad'}}": 'ERR Error registering functions: ERR unknown flag given',
      "redis.register_function{function_name='f'}": 'ERR Error registering functions: ERR redis.register_function must get a callback argument',
      "redis.register_function{callback=function() end}": 'ERR Error registering functions: ERR redis.register_function must get a function name argument',
      "redis.register_function{function_name='f', callback=function() end, x=1}": 'ERR Error registering functions: ERR unknown argument given to redis.register_function',
      "redis.register_function('f', 'x')": 'ERR Error registering functions: ERR second argument to redis.register_function must be a function',
      'redis.register_function()': 'ERR Error registering functions: ERR wrong number of arguments to redis.register_function',
      "redis.call('ping')": "ERR Error registering functions: ERR user_function:2: Script attempted to access nonexistent global variable 'call'",
      "redis.register_function('f', function() end": "ERR Error compiling function: user_function:2: ')' expected near '<eof>'",
      'x = 1': 'ERR Error registering functions: ERR user_function:2: Attempt to modify a readonly table',
    };
    for (const [body, message] of Object.entries(errors)) {
      expect(vm.load('lib', `#!lua name=lib\n${body}`, noTimeout)).toEqual(new ErrorReply(message));
      vm.discard();
    }
  });

  it('aborts a library that runs too long with Redis\'s timeout error', () => {
    const vm = new LuaFunctions({ randomSeed: 1 });
    const reply = vm.load('lib', '#!lua name=lib\nlocal function f() while true do end end f()', { log: () => undefined, checkpoint: () => 'yield' });
    expect(reply).toEqual(new ErrorReply('ERR Error registering functions: ERR FUNCTION LOAD timeout'));
  });

  it('runs functions with the full API and readonly globals', () => {
    const vm = new LuaFunctions({ randomSeed: 1 });
    const code = '#!lua name=lib\nlocal r = redis\n'
      + "r.register_function('reg', function() return r.register_function('x', function() end) end)\n"
      + "r.register_function('keys', function() return KEYS end)\n"
      + "r.register_function('write', function() y = 1 end)\n"
      + "r.register_function('version', function() return {redis.REDIS_VERSION, type(redis.call), type(redis.setresp)} end)";
    expect(vm.load('lib', code, noTimeout)).not.toBeInstanceOf(ErrorReply);
    vm.commit('lib');
    expect(call(vm, 'lib', 'reg')).toEqual(new ErrorReply('ERR redis.register_function can only be called on FUNCTION LOAD command script: reg, on @user_function:3.'));
    expect(call(vm, 'lib', 'keys')).toEqual(new ErrorReply("ERR user_function:4: Script attempted to access nonexistent global variable 'KEYS' script: keys, on @user_function:4."));
    expect(call(vm, 'lib', 'write')).toEqual(new ErrorReply('ERR user_function:5: Attempt to modify a readonly table script: write, on @user_function:5.'));
    expect(call(vm, 'lib', 'version')).toEqual(['7.0.15', 'function', 'function']);
  });

  it('rebuilds a VM that a throwing host callback broke, with its libraries', () => {
    const vm = new LuaFunctions({ randomSeed: 1 });
    vm.load('lib', "#!lua name=lib\nredis.register_function('f', function() return redis.call('ping') end)", noTimeout);
    vm.commit('lib');
    const host = new ModelHost();
    host.call = () => {
      throw new Error('engine bug');
    };
    expect(() => vm.start('lib', 'f', [], [], { host, protocol: 2 }).step()).toThrow('engine bug');
    expect(call(vm, 'lib', 'f')).toEqual(new SimpleString('PONG'));
  });

  it('replaces a library on commit and forgets everything on flush', () => {
    const vm = new LuaFunctions({ randomSeed: 1 });
    vm.load('lib', "#!lua name=lib\nredis.register_function('f', function() return 1 end)", noTimeout);
    vm.commit('lib');
    vm.load('lib', "#!lua name=lib\nredis.register_function('f', function() return 2 end)", noTimeout);
    expect(call(vm, 'lib', 'f')).toBe(1);
    vm.commit('lib');
    expect(call(vm, 'lib', 'f')).toBe(2);
    vm.flush();
    expect(() => call(vm, 'lib', 'f')).toThrow();
  });
});
