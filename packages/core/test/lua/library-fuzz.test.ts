/**
 * Generated inputs for the libraries Ballast wrote itself (bit, struct, cmsgpack) and for cjson,
 * run on a live redis-server 7.0.15 and on the runtime: the replies must be byte-equal. Values
 * travel as ARGV strings (%.17g for numbers) so both sides see the same doubles and bytes.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LuaScripts } from '../../src/lua/index.js';
import { ModelHost } from './support/model-host.js';
import { haveRedisServer, startRedis, type RawConnection, type RunningRedis } from './support/redis-server.js';
import { evalBytes } from './support/run-script.js';

/** Lua: a canonical text for any value (tables with sorted keys, strings quoted, bytes as is). */
const SERIALIZE = `
local function ser(v, depth)
  depth = depth or 0
  if depth > 20 then return '...' end
  local t = type(v)
  if t == 'table' then
    local keys = {}
    for k in pairs(v) do keys[#keys + 1] = k end
    table.sort(keys, function(a, b)
      local ta, tb = type(a), type(b)
      if ta ~= tb then return ta < tb end
      if ta == 'number' or ta == 'string' then return a < b end
      return false
    end)
    local parts = {}
    for _, k in ipairs(keys) do
      local key = type(k) == 'table' and 'table' or ser(k, depth + 1)
      parts[#parts + 1] = key .. '=' .. ser(v[k], depth + 1)
    end
    return '{' .. table.concat(parts, ',') .. '}'
  elseif t == 'string' then
    return string.format('%q', v)
  end
  return tostring(v)
end
local function hex(s)
  return (string.gsub(s, '.', function(c) return string.format('%02x', string.byte(c)) end))
end
`;

const number = fc.oneof(
  fc.integer({ min: -100, max: 100 }),
  fc.integer(),
  fc.double({ noNaN: true, min: -1e20, max: 1e20 }),
  fc.constantFrom(0.5, 1.5, 2.5, -0.5, 2 ** 31, 2 ** 32, 2 ** 53, 2 ** 63, -(2 ** 63), 2 ** 64, 1e300, Infinity, -Infinity),
);
const text = (value: number) => (Number.isInteger(value) && Math.abs(value) < 1e21 ? String(value) : value.toPrecision(17));
const bytes = fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 24 }).map((codes) => String.fromCharCode(...codes));

describe.skipIf(!haveRedisServer)('libraries on generated inputs, against redis-server 7.0.15', () => {
  let redis: RunningRedis;
  let connection: RawConnection;
  const vm = new LuaScripts({ randomSeed: 1 });

  beforeAll(async () => {
    redis = await startRedis();
    connection = redis.connect();
  }, 30_000);

  afterAll(async () => {
    connection?.close();
    await redis?.stop();
  });

  async function same(script: string, args: string[]): Promise<void> {
    const expected = await connection.command('EVAL', script, '0', ...args);
    expect({ script, args, reply: evalBytes(vm, new ModelHost(), script, [], args) }).toEqual({ script, args, reply: expected });
  }

  it('bit', async () => {
    const script = `local a, b, n = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
      local r = {}
      for _, f in ipairs({
        function() return bit.tobit(a) end, function() return bit.bnot(a) end, function() return bit.band(a, b) end,
        function() return bit.bor(a, b, n) end, function() return bit.bxor(a, b) end, function() return bit.lshift(a, n) end,
        function() return bit.rshift(a, n) end, function() return bit.arshift(a, n) end, function() return bit.rol(a, n) end,
        function() return bit.ror(a, n) end, function() return bit.bswap(a) end, function() return bit.tohex(a) end,
        function() return bit.tohex(a, n) end }) do
        local ok, v = pcall(f)
        r[#r + 1] = tostring(ok) .. ':' .. tostring(v)
      end
      return r`;
    await fc.assert(fc.asyncProperty(number, number, number, async (a, b, n) => same(script, [text(a), text(b), text(n)])),
      { numRuns: 150 });
  });

  it('struct.pack, struct.unpack and struct.size', async () => {
    const option = fc.constantFrom('b', 'B', 'h', 'H', 'l', 'L', 'T', 'i', 'I', 'i3', 'I5', 'i8', 'I12', 'f', 'd', 'x', 's', 'c2', 'c0',
      '>', '<', '!', '!2', '!4', '!8', ' ', 'q');
    const script = `${SERIALIZE}
      local fmt = ARGV[1]
      local values = {}
      for i = 3, #ARGV do values[#values + 1] = tonumber(ARGV[i]) or ARGV[i] end
      local ok, packed = pcall(struct.pack, fmt, unpack(values))
      local r = {tostring(ok), ok and hex(packed) or tostring(packed)}
      r[#r + 1] = ser({pcall(struct.unpack, fmt, ARGV[2])})
      if ok then r[#r + 1] = ser({pcall(struct.unpack, fmt, packed)}) end
      r[#r + 1] = ser({pcall(struct.size, fmt)})
      return r`;
    const value = fc.oneof(number.map(text), fc.stringMatching(/^[a-z]{0,6}$/));
    await fc.assert(fc.asyncProperty(fc.array(option, { minLength: 1, maxLength: 6 }), bytes, fc.array(value, { maxLength: 6 }),
      async (options, data, values) => same(script, [options.join(''), data, ...values])), { numRuns: 200 });
  });

  it('cmsgpack.pack of generated values, and unpack of what it packed', async () => {
    const script = `${SERIALIZE}
      local function build(spec)
        local kind, rest = string.sub(spec, 1, 1), string.sub(spec, 2)
        if kind == 'n' then return tonumber(rest) elseif kind == 's' then return rest
        elseif kind == 'b' then return rest == '1' elseif kind == 'z' then return nil end
        return nil
      end
      local values = {}
      for i = 1, #ARGV do values[i] = build(ARGV[i]) end
      local whole = {}
      for i = 1, #ARGV do whole[i] = values[i] end
      local map = {}
      for i = 1, #ARGV do if values[i] ~= nil then map['k' .. i] = values[i] end end
      local packed = cmsgpack.pack(values[1], whole, map, {whole, {map}})
      return {hex(packed), ser({cmsgpack.unpack(packed)}), ser({cmsgpack.unpack_limit(packed, 2, 0)})}`;
    const spec = fc.oneof(number.map((n) => `n${text(n)}`), fc.string({ maxLength: 40 }).map((s) => `s${s}`),
      fc.boolean().map((b) => `b${b ? 1 : 0}`), fc.constant('z'));
    await fc.assert(fc.asyncProperty(fc.array(spec, { minLength: 1, maxLength: 20 }), async (specs) => same(script, specs)),
      { numRuns: 150 });
  });

  it('cmsgpack.unpack of arbitrary bytes', async () => {
    const script = `${SERIALIZE}
      return {ser({pcall(cmsgpack.unpack, ARGV[1])}), ser({pcall(cmsgpack.unpack_one, ARGV[1])}),
        ser({pcall(cmsgpack.unpack_limit, ARGV[1], 1, 1)})}`;
    const msgpackish = fc.array(fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0x90, 0x80, 0xa3, 0xcc, 0xcd, 0xce,
      0xcf, 0xd0, 0xd1, 0xd2, 0xd3, 0xca, 0xcb, 0xd9, 0xda, 0xdc, 0xde, 0xc0, 0xc2, 0xc3, 0x92, 0x81)), { maxLength: 30 })
      .map((codes) => String.fromCharCode(...codes));
    await fc.assert(fc.asyncProperty(msgpackish, async (data) => same(script, [data])), { numRuns: 200 });
  });

  it('string.format, tostring and tonumber', async () => {
    const script = `local x = tonumber(ARGV[1]) local ok, r = pcall(string.format, ARGV[2], x)
      return {tostring(x), tostring(ok), tostring(r), tostring(tonumber(ARGV[3])), tostring(x * 1e-5), x .. ''}`;
    const spec = fc.tuple(fc.constantFrom('', '-', '+', ' ', '#', '0', '-0', '+ '), fc.option(fc.integer({ min: 0, max: 30 })),
      fc.option(fc.integer({ min: 0, max: 20 })), fc.constantFrom(...'diucxXoeEfgGqsaA'))
      .map(([flags, width, precision, conversion]) => `%${flags}${width ?? ''}${precision === null ? '' : `.${precision}`}${conversion}`);
    const numeral = fc.constantFrom(' 0x1F ', '1e', '.5', '5.', '0x', '  12  ', '1e+5', '-.5e-3', 'inf', 'nan', '0x7fffffff', '1 2',
      '\t3\n', '1e400', '-0x10');
    await fc.assert(fc.asyncProperty(number, spec, numeral, async (x, format, text_) => same(script, [text(x), format, text_])),
      { numRuns: 300 });
  });

  it('cjson.decode of generated text and cjson.encode of the result', async () => {
    const script = `${SERIALIZE}
      local ok, value = pcall(cjson.decode, ARGV[1])
      local r = {tostring(ok), ok and ser(value) or tostring(value)}
      if ok then r[#r + 1] = tostring(select(2, pcall(cjson.encode, value))) end
      return r`;
    const json = fc.oneof(fc.json(), fc.string({ maxLength: 20 }), fc.jsonValue().map((v) => JSON.stringify(v)));
    await fc.assert(fc.asyncProperty(json, async (input) => same(script, [Buffer.from(input, 'utf8').toString('latin1')])),
      { numRuns: 200 });
  });
});
