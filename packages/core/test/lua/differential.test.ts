/**
 * Differential tests of the Lua runtime against a real redis-server 7.0.15: the same script runs
 * as EVAL on redis-server and on the runtime (with ModelHost standing in for the commands it
 * calls), and the reply bytes must be equal — numbers, conversions both ways in RESP2 and RESP3,
 * error texts, the sandbox, and the cjson, cmsgpack, struct and bit libraries.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LuaFunctions, LuaScripts } from '../../src/lua/index.js';
import { encodeReply } from '../../src/resp/encoder.js';
import { ErrorReply } from '../../src/resp/reply.js';
import { ModelHost } from './support/model-host.js';
import { haveRedisServer, startRedis, type RawConnection, type RunningRedis } from './support/redis-server.js';
import { evalBytes } from './support/run-script.js';
import { SCRIPTING_TCL_SNIPPETS } from './support/scripting-tcl-snippets.js';

interface Case {
  script: string;
  keys?: string[];
  args?: string[];
}

const numbers: Case[] = [
  'return tostring(10/2)', "return 'id_'..101.0", 'return 65536*65536', "return string.format('%d', 3.5)",
  "return string.format('%d', 1700000000000)", 'return 3.99', 'return -3.99', 'return 0/0', 'return 1/0', 'return -1/0',
  'return 2^63', 'return -2^63', 'return 2^53+1', 'return tostring(1e15)', 'return tostring(1e16)', 'return tostring(0.1)',
  'return tostring(-0.0)', 'return tostring(1/3)', "return string.format('%x %X %o', -1, 255, 8)",
  "return string.format('%5.2f|%g|%e|%.3s|%5s|%-5s|', 3.14159, 1e20, 12345.678, 'abcdef', 'ab', 'ab')",
  "return tostring(tonumber('0x10'))", "return tostring(tonumber('  12  '))", "return tostring(tonumber('1e2'))",
  "return tostring(tonumber('z', 36))", "return tostring(tonumber(''))", 'return tostring(math.floor(-3.5))',
  'return tostring(math.fmod(7, 3))', 'return tostring(math.mod(-7, 3))', 'return table.getn({1, 2, 3})',
  'return {unpack({1, 2, 3})}', "return select('#', unpack({1, nil, 3}))", 'return tostring(math.huge)',
  'return tostring(2^31) .. tostring(-2^31)', 'return tostring(123456789012)', 'return tostring(1e100)',
  "return string.format('%q', 'a\\nb\\0c\"')", 'return tostring(math.pi)', 'return tostring(math.sqrt(2))',
  'return tostring(7 % -3) .. tostring(-7 % 3) .. tostring(5.5 % 2)', "return string.format('%c%c', 72, 105)",
  "return string.format('[%5c|%-3c|%c]', 2^40, -1e300, 65.9)",
  "return string.rep('ab', 3, 'x')", 'return tostring(math.asin(2)) .. tostring(math.acos(-3)) .. tostring(math.log10(-1)) .. tostring(math.log(-1))',
  'return tostring(math.sqrt(-1)) .. tostring(0/0) .. tostring(-(0/0)) .. tostring(math.huge - math.huge)', "return tostring(#'\\0\\1\\2')", "return tostring(10 / 0 == math.huge)",
].map((script) => ({ script }));

const conversions: Case[] = [
  "return {1, 2, 3, 'ciao', {1, 2}}", 'return {1, nil, 3}', 'return {1, false, 3}', 'return true', 'return false',
  'return nil', "return {ok = 'fine'}", "return {err = 'My Error'}", "return {err = 'x'}", "return {err = 'x\\r\\ny\\n'}",
  "return redis.error_reply('My Error')", "return redis.error_reply('x')", "return redis.error_reply('-X y')",
  "return redis.error_reply('')", "return redis.status_reply('PONG')", 'return redis.error_reply(5)',
  'return redis.status_reply()', 'return {err = {}}', "return {double = 3.5}", "return {double = 'x'}",
  "return {big_number = '123'}", "return {verbatim_string = {format = 'txt', string = 'hi'}}",
  "return {verbatim_string = {format = 'markdown', string = 'hi'}}", "return {map = {a = 1}}", "return {set = {a = true}}",
  "return {1, {err = 'e'}, 3}", "return {1, redis.error_reply('E x'), {ok = 'o'}}", "return {a = 1}",
  'return function() end', 'return {1, {2, {3, {4}}}}', "return {ok = 'a\\0b'}", "return 'a\\0b'",
  "return {ok = 'line\\r\\nbreak'}", 'return {1.5, 2.7, -0.5}', "return {double = 0.1}", "return {double = 1/0}",
  "return redis.call('ping')", "return redis.call('ping', 'x')", "return redis.call('get', 'missing')",
  "redis.call('set', 'n', 3.5) return redis.call('get', 'n')", "redis.call('set', 'n', 0.1) return redis.call('get', 'n')",
  "redis.call('set', 'n', 1e20) return redis.call('get', 'n')", "return redis.call('incr', 'c')",
  "redis.call('hset', 'h', 'a', '1', 'b', '2') return redis.call('hgetall', 'h')",
  "redis.call('sadd', 's', '3', '1', '2') return redis.call('smembers', 's')",
  "redis.call('zadd', 'z', '1.5', 'a', '2', 'b') return redis.call('zrange', 'z', '0', '-1', 'withscores')",
  "redis.call('zadd', 'z', '1.5', 'a') return redis.call('zscore', 'z', 'a')",
  "redis.call('rpush', 'l', 'a', 'b') return redis.call('lrange', 'l', '0', '-1')",
  "return type(redis.call('get', 'missing'))", "return type(redis.call('ping'))",
  "redis.setresp(3) redis.call('hset', 'h', 'a', '1') local r = redis.call('hgetall', 'h') return r.map.a",
  "redis.setresp(3) redis.call('sadd', 's', '7') local r = redis.call('smembers', 's') return tostring(r.set['7'])",
  "redis.setresp(3) redis.call('zadd', 'z', '1.5', 'a') return tostring(redis.call('zscore', 'z', 'a').double)",
  "redis.setresp(3) return type(redis.call('get', 'missing'))", 'redis.setresp(3) return true', 'redis.setresp(3) return false',
  "redis.setresp(3) redis.call('zadd', 'z', '1', 'a') return redis.call('zrange', 'z', '0', '-1', 'withscores')",
  "redis.setresp(3) redis.call('hset', 'h', 'a', '1') return redis.call('hgetall', 'h')",
  'return {KEYS[1], ARGV[1], #KEYS, #ARGV}', "return redis.pcall('nosuch')", "local r = redis.pcall('nosuch') return r.err",
  "local r = redis.pcall('nosuch') return tostring(r.ignore_error_stats_update)",
  "redis.call('rpush', 'k', 'a') return redis.pcall('get', 'k')",
].map((script) => ({ script, keys: ['k1', 'k2'], args: ['a1'] }));

const errors: Case[] = [
  'x = 1', 'return a', "error('boom')", "error({err = 'My Error'})", 'error(5)', 'error()', "error('x', 0)",
  "local function f() error('deep', 2) end f()", "return redis.call('nosuch')", 'return redis.call()',
  'return redis.call({})', "return redis.call('get', {})", "return redis.call('set', 'x')",
  "return pcall(redis.call, 'nosuch')", "redis.call('rpush', 'k', 'a') return redis.call('get', 'k')",
  "return 'a' .. nil", 'return nil + 1', 'return #nil', 'return ({}).x.y', 'return (', 'x =', "return 'unfinished",
  'return 1 +* 2', 'return redis.setresp(4)', 'return redis.setresp()', 'return redis.set_repl()',
  'return redis.set_repl(99)', 'return redis.log()', "return redis.log('x', 'y')", "return redis.log(99, 'y')",
  'return redis.sha1hex()', "return redis.sha1hex('abc')", 'return redis.sha1hex(1, 2)', 'return redis.sha1hex(nil)',
  "print('x')", 'return loadfile', 'return dofile', 'return setfenv', 'return getfenv', 'return newproxy', 'return os',
  'return io', 'return debug', 'return package', 'return require', 'return module',
  "getmetatable('').__index = nil", 'string.x = 1', "rawset(_G, 'x', 1)", 'setmetatable(_G, {})', 'redis.call = nil',
  'cjson.encode = nil', "table.insert(KEYS, 'x') return KEYS", 'KEYS = 1', 'math.random = nil', 'bit.band = nil',
  "local f, e = loadstring(string.dump(function() return 1 end)) return e", "return loadstring('return 5')()",
  "local f, e = loadstring('return (') return e", 'return coroutine.yield(1)', 'return coroutine.running()',
  "local co = coroutine.wrap(function(a) local b = coroutine.yield(a + 1) return b * 2 end) return {co(1), co(10)}",
  'local co = coroutine.create(function() end) coroutine.resume(co) return coroutine.status(co)',
  'return {pcall()}', 'return {pcall(error)}', "return {pcall(error, 'x')}", "return {pcall(error, {err = 'x'})}",
  "local r = {pcall(error, {x = 1})} return {#r, type(r[2])}", "return {xpcall(error, function(e) return 'h:' .. tostring(e) end)}",
  "return {xpcall(function() return 1, 2 end, error)}", "return select('#', pcall(function() return 1, 2, 3 end))",
  "return {pcall(function() local t = setmetatable({}, {__index = function() error('meta') end}) return t.x end)}",
  'local function f(n) if n == 0 then return 0 end local ok, v = pcall(f, n - 1) return v end return f(150)',
  "return {pcall(string.rep)}", "return {pcall(setmetatable, 1, 2)}", 'return {pcall(coroutine.yield)}',
  "local t = {} for k in pairs(_G) do t[#t + 1] = k end table.sort(t) return t",
  "local t = {} for k in pairs(redis) do t[#t + 1] = k end table.sort(t) return t",
  "local t = {} for _, lib in ipairs({'string', 'table', 'math', 'coroutine', 'cjson', 'struct', 'cmsgpack', 'bit'}) do for k in pairs(_G[lib]) do t[#t + 1] = lib .. '.' .. k end end table.sort(t) return t",
  'return _VERSION', 'return {redis.REDIS_VERSION, redis.REDIS_VERSION_NUM}', 'return redis.replicate_commands()',
  'return redis.breakpoint()', "return redis.debug('x')", "return {redis.LOG_DEBUG, redis.LOG_VERBOSE, redis.LOG_NOTICE, redis.LOG_WARNING}",
  'return {redis.REPL_NONE, redis.REPL_AOF, redis.REPL_SLAVE, redis.REPL_REPLICA, redis.REPL_ALL}',
  "redis.log(redis.LOG_WARNING, 'a', 1, nil, 'b') return 1", 'redis.set_repl(redis.REPL_ALL) return 1',
  "return redis.acl_check_cmd('get', 'x')", 'return gcinfo() > 0', "return collectgarbage('count') > 0",
  "return tostring(nil) .. tostring(true)", "return type(_G)", 'return __redis__err__handler ~= nil',
].map((script) => ({ script, keys: ['k'], args: ['a'] }));

const libraries: Case[] = [
  'return cjson.encode({1.5, 10, 1e20, 0.1, 123456789012345})', "return cjson.encode({a = 1})", 'return cjson.encode({})',
  "return cjson.encode('x\"y\\n/\\1')", 'return cjson.encode(nil)', "return cjson.encode({[1] = 1, [3] = 3})",
  "return cjson.encode({[1] = 1, [2] = 2, [5] = 5})", 'return cjson.encode({[1e10] = 1})', 'return cjson.encode({[2^31] = 1})',
  'return cjson.encode({[3e9] = 1, [1] = 2})', 'return cjson.encode({[2^31 - 1] = 1})', 'return cjson.encode(0/0)', 'return cjson.encode(1/0)',
  "local t = cjson.decode('[1,2,{\"a\":null}]') return {t[1], t[2], type(t[3].a)}", "return tostring(cjson.decode('{\"a\":1.5e300}').a)",
  "return cjson.decode('[1e400]')[1]", "return cjson.decode('{bad')", "return cjson.encode(cjson.decode('{\"x\":[1,\"2\",true,false]}'))",
  "return cjson.encode({true, false, 'x', -0.5, 1e-5})", "return tostring(cjson.decode('\"\\\\u00e9\"'))",
  "return cjson.encode(cjson.null)", "return tostring(cjson.decode('null') == cjson.null)", 'return cjson.encode({{{{}}}})',
  "return cmsgpack.pack({1, 2, 3})", "return cmsgpack.pack({a = 1})", "return cmsgpack.pack(1.5, 0.1, -1, -33, -129, -32769, -2147483649)",
  "return cmsgpack.pack(127, 128, 255, 256, 65535, 65536, 4294967295, 4294967296, 2^63, -2^63)",
  "return cmsgpack.pack(string.rep('x', 31), string.rep('y', 32), string.rep('z', 256))",
  "return cmsgpack.pack(true, false, nil, {}, 0/0, 1/0)", "return #cmsgpack.pack(string.rep('x', 65536))",
  "local t = {} for i = 1, 20 do t[i] = i end return cmsgpack.pack(t)",
  "local t = {} for i = 1, 20 do t['k' .. i] = i end return #cmsgpack.pack(t)",
  "local t = {} t[1] = t return cmsgpack.pack(t)", "return {cmsgpack.unpack(cmsgpack.pack(1, 'two', {3, 4}))}",
  "local t = cmsgpack.unpack(cmsgpack.pack({a = {b = {1, 2}}, c = 1.25})) return {t.a.b[2], tostring(t.c)}",
  "return {cmsgpack.unpack_one(cmsgpack.pack(1, 2, 3))}", "return {cmsgpack.unpack_one(cmsgpack.pack(1, 2, 3), 1)}",
  "return {cmsgpack.unpack_limit(cmsgpack.pack(1, 2, 3), 2)}", "return {cmsgpack.unpack_limit(cmsgpack.pack(1, 2, 3), 2, 2)}",
  "return cmsgpack.unpack('\\192\\193')", "return cmsgpack.unpack('\\217')", "return cmsgpack.unpack_one('\\1', 5)",
  "return cmsgpack.unpack_one('\\1', -1)", 'return cmsgpack.pack()', "return {cmsgpack.unpack('\\207\\255\\255\\255\\255\\255\\255\\255\\255')}",
  "return tostring(cmsgpack.unpack('\\202\\63\\192\\0\\0'))", "return tostring(cmsgpack.unpack(cmsgpack.pack(0.1)))",
  "return struct.pack('>i', 1)", "return struct.pack('<hHbBlLT', -2, 65535, -1, 255, -3, 7, 9)",
  "return struct.pack('!4 b i', 1, 2)", "return struct.pack('>d f', 1.5, 2.25)", "return struct.pack('c5 s', 'abc', 'zz')",
  "return struct.pack('c0', 'whole')", "return {struct.unpack('>i', struct.pack('>i', -5))}",
  "return {struct.unpack('<hH', struct.pack('<hH', -2, 65535))}", "return {struct.unpack('s c3', 'ab\\0xyz')}",
  "return {struct.unpack('b c0', struct.pack('b c0', 3, 'abc'))}", "return struct.size('>i h d !8 d')", "return struct.size('s')",
  "return struct.pack('q', 1)", "return struct.pack('i40', 1)", "return struct.unpack('>i', 'ab')", "return struct.pack('!3 i', 1)",
  "return {struct.unpack('i', 'abcdefgh', 5)}", "return struct.unpack('i', 'abcd', 0)", "return struct.pack('i16', -1)",
  "return {struct.unpack('>I16', string.rep('\\255', 16))}", "return struct.pack('>L', 2^64)", "return struct.size('z')",
  'return bit.tobit(0xffffffff + 1)', 'return bit.tobit(2^40 + 1234)', 'return bit.tobit(1.5)', 'return bit.tobit(2.5)',
  'return {bit.bnot(0), bit.band(0xff, 0x0f, 0x3), bit.bor(1, 2, 4), bit.bxor(3, 5)}',
  'return {bit.lshift(1, 31), bit.rshift(-1, 28), bit.arshift(-256, 4), bit.rol(0x12345678, 8), bit.ror(0x12345678, 8), bit.bswap(0x12345678)}',
  "return {bit.tohex(-1), bit.tohex(255, 2), bit.tohex(255, -4), bit.tohex(1, 20)}", "return bit.band('x')",
  "return bit.band('12', 8)", 'return bit.lshift(1, 33)', 'return bit.tohex(0/0)',
  'math.randomseed(42) return {math.random(100), math.random(5, 10), tostring(math.random())}',
  "math.randomseed('7') return tostring(math.random())", 'return math.random(0)', 'return math.random(1, 2, 3)',
  "local t = {} for w in string.gmatch('one two three', '%a+') do t[#t + 1] = w end return t",
  "return {string.gsub('hello world', 'o', '0')}", "return {string.find('hello', 'l+')}", "return {string.byte('abc', 1, 3)}",
  "return table.concat({1, 2, 'x'}, '-')", "local t = {5, 2, 8, 1} table.sort(t) return t",
  "local t = {5, 2, 8, 1} table.sort(t, function(a, b) return a > b end) return t",
  "return {string.upper('abc'), string.lower('ABC'), string.len('abc'), string.sub('abcdef', 2, -2), string.reverse('abc')}",
  "return {string.format('%s %d %5.1f', 'x', 42, 3.14159)}", "local t = {} t[1.5] = 'a' t[2] = 'b' return {t[1.5], #t}",
  "local t = {} for i = 1, 10 do t['k' .. i] = i end local keys = {} for k in pairs(t) do keys[#keys + 1] = k end return keys",
  "local t = {} for i = 1, 10 do t['k' .. i] = i end return cjson.encode(t)",
].map((script) => ({ script }));

const resp3Cases: Case[] = [
  'return true', 'return false', 'return nil', "return {double = 3.5}", "return {map = {a = 1}}", "return {set = {a = true}}",
  "return {verbatim_string = {format = 'txt', string = 'hi'}}", 'redis.setresp(3) return true', 'redis.setresp(3) return false',
  "return {1, nil, 3}", "redis.setresp(3) redis.call('hset', 'h', 'a', '1') return redis.call('hgetall', 'h')",
  "redis.setresp(3) redis.call('zadd', 'z', '1.5', 'a') return redis.call('zscore', 'z', 'a')",
  "redis.setresp(3) return redis.call('get', 'missing')", "return redis.call('get', 'missing')",
  "return {err = 'x'}", "return {ok = 'y'}", "return {double = 1/0}",
].map((script) => ({ script }));

/** FUNCTION LOAD bodies (after `#!lua name=lib`) and the functions to FCALL when they load. */
const functionLibraries: Array<{ body: string; calls?: Array<{ name: string; keys?: string[]; args?: string[] }> }> = [
  { body: "error('boom')" }, { body: "redis.register_function('f')" }, { body: 'local a = string' },
  { body: "redis.register_function('f-x', function() end)" },
  { body: "redis.register_function('f', function() end) redis.register_function('f', function() end)" },
  { body: "redis.register_function{function_name='f', callback=function() end, flags={'bad'}}" },
  { body: "redis.register_function{function_name='f'}" }, { body: 'redis.register_function{callback=function() end}' },
  { body: "redis.register_function{function_name='f', callback=function() end, x=1}" },
  { body: "redis.register_function('f', 'x')" }, { body: 'redis.register_function()' }, { body: "redis.call('ping')" },
  { body: "redis.register_function('f', function() end" }, { body: 'x = 1' }, { body: 'return redis.REDIS_VERSION .. undefined_global' },
  { body: "redis.register_function(1, function() end)" }, { body: "redis.register_function{function_name=1, callback=function() end}" },
  { body: "redis.register_function{[1]='f'}" }, { body: "redis.register_function{function_name='f', callback=function() end, flags='no-writes'}" },
  { body: "redis.register_function{function_name='f', callback=function() end, description=function() end}" },
  { body: "redis.log(redis.LOG_WARNING, 'loading') redis.register_function('f', function() return 1 end)", calls: [{ name: 'f' }] },
  {
    body: "local function helper(x) return x * 2 end\n"
      + "redis.register_function('double', function(keys, args) return helper(tonumber(args[1])) end)\n"
      + "redis.register_function{function_name='echo', callback=function(keys, args) return {keys, args} end, flags={'no-writes'}}\n"
      + "redis.register_function('fail', function() return nosuch end)\n"
      + "redis.register_function('write', function() x = 1 end)\n"
      + "redis.register_function('keysglobal', function() return KEYS end)\n"
      + "redis.register_function('ping', function() return redis.call('ping') end)\n"
      + "redis.register_function('err', function() return redis.call('nosuch') end)\n"
      + "redis.register_function('json', function() return cjson.encode({a = {1, 2}}) end)",
    calls: [{ name: 'double', args: ['21'] }, { name: 'echo', keys: ['k1', 'k2'], args: ['a'] }, { name: 'fail' }, { name: 'write' },
      { name: 'keysglobal' }, { name: 'ping' }, { name: 'err' }, { name: 'json' }],
  },
];

describe.skipIf(!haveRedisServer)('the Lua runtime against redis-server 7.0.15', () => {
  let redis: RunningRedis;
  let resp2: RawConnection;
  let resp3: RawConnection;
  const vm = new LuaScripts({ randomSeed: 1 });

  beforeAll(async () => {
    redis = await startRedis();
    resp2 = redis.connect();
    resp3 = redis.connect();
    await resp3.command('HELLO', '3');
  }, 30_000);

  afterAll(async () => {
    resp2?.close();
    resp3?.close();
    await redis?.stop();
  });

  async function compare(cases: Case[], protocol: 2 | 3): Promise<void> {
    const connection = protocol === 2 ? resp2 : resp3;
    const mismatches: string[] = [];
    for (const { script, keys = [], args = [] } of cases) {
      await connection.command('FLUSHALL');
      const expected = await connection.command('EVAL', script, String(keys.length), ...keys, ...args);
      const actual = evalBytes(vm, new ModelHost(), script, keys, args, protocol);
      if (actual !== expected) mismatches.push(`${script}\n  redis:   ${JSON.stringify(expected)}\n  ballast: ${JSON.stringify(actual)}`);
    }
    expect(mismatches.join('\n')).toBe('');
  }

  it('formats numbers as Lua 5.1 does', () => compare(numbers, 2));
  it('converts values both ways (RESP2 client)', () => compare(conversions, 2));
  it('raises the same errors and keeps the same sandbox', () => compare(errors, 2));
  it('has the same cjson, cmsgpack, struct, bit, math.random, string and table', () => compare(libraries, 2));
  it("runs Redis's own scripting.tcl snippets alike", () => compare(SCRIPTING_TCL_SNIPPETS.map((script) => ({ script })), 2));
  it('loads libraries and calls functions alike', async () => {
    const mismatches: string[] = [];
    for (const { body, calls = [] } of functionLibraries) {
      const code = `#!lua name=lib\n${body}`;
      const functions = new LuaFunctions({ randomSeed: 1 });
      const expected = await resp2.command('FUNCTION', 'LOAD', 'REPLACE', code);
      const loaded = functions.load('lib', code, { log: () => undefined, checkpoint: () => 'continue' });
      const actual = loaded instanceof ErrorReply ? `-${loaded.message}\r\n` : '$3\r\nlib\r\n';
      if (actual !== expected) mismatches.push(`${body}\n  redis:   ${JSON.stringify(expected)}\n  ballast: ${JSON.stringify(actual)}`);
      if (loaded instanceof ErrorReply) continue;
      functions.commit('lib');
      for (const { name, keys = [], args = [] } of calls) {
        const redisReply = await resp2.command('FCALL', name, String(keys.length), ...keys, ...args);
        const outcome = functions.start('lib', name, keys, args, { host: new ModelHost(), protocol: 2 }).step();
        const ours = outcome.done ? Buffer.from(encodeReply(outcome.reply, 2)).toString('latin1') : 'yielded';
        if (ours !== redisReply) mismatches.push(`FCALL ${name}\n  redis:   ${JSON.stringify(redisReply)}\n  ballast: ${JSON.stringify(ours)}`);
      }
    }
    expect(mismatches.join('\n')).toBe('');
  });

  it('converts results for a RESP3 client', () => compare(resp3Cases, 3));
});
