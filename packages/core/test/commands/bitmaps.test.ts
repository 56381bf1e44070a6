/**
 * Bitmaps (Redis 7.0): SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD, BITFIELD_RO on ordinary
 * strings. Example replies and error texts were recorded from redis-server 7.0.15; the property
 * tests check each command against a naive bit-by-bit model written independently of the handlers,
 * and that the effects the writes log replay to the state that logged them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { UnitEffects } from '../../src/aof/effect.js';
import { dumpKeyspace } from '../../src/engine/keyspace-dump.js';
import { ErrorReply } from '../../src/resp/reply.js';
import { createTestEngine, durabilityPort } from '../support/test-engine.js';

const WRONG_TYPE = new ErrorReply('WRONGTYPE Operation against a key holding the wrong kind of value');
const SYNTAX = new ErrorReply('ERR syntax error');
const NOT_INTEGER = new ErrorReply('ERR value is not an integer or out of range');
const BAD_OFFSET = new ErrorReply('ERR bit offset is not an integer or out of range');
const BAD_BIT = new ErrorReply('ERR bit is not an integer or out of range');
const BAD_TYPE = new ErrorReply('ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.');

const bytes = (...codes: number[]) => String.fromCharCode(...codes);
/** Bit `position` of a byte string, most significant bit of byte 0 first. */
const bitOf = (value: string, position: number) => (value.charCodeAt(position >> 3) >> (7 - (position & 7))) & 1;
const byteString = fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 24 }).map((codes) => bytes(...codes));
/** Bytes drawn mostly from 0x00 and 0xff, so that long runs of one bit value occur. */
const runnyString = fc.array(fc.constantFrom(0, 0xff, 0xff, 0, 0x80, 0x01, 0x7f, 0xfe, 0x10), { maxLength: 24 }).map((codes) => bytes(...codes));

function client(shards = 1) {
  return createTestEngine({ shards }).client();
}

/** Redis's conversion of start/end over `total` units. */
function clamp(start: number, end: number, total: number): [number, number] {
  if (start < 0) start += total;
  if (end < 0) end += total;
  return [Math.max(0, start), Math.min(Math.max(0, end), total - 1)];
}

describe('SETBIT and GETBIT', () => {
  it('set bits most significant first, grow with zero bytes and answer the old bit', () => {
    const c = client();
    expect(c.call('SETBIT', 's', '7', '1')).toBe(0);
    expect(c.call('GET', 's')).toBe('\x01');
    expect(c.call('SETBIT', 's', '7', '1')).toBe(1);
    expect(c.call('SETBIT', 's', '0', '1')).toBe(0);
    expect(c.call('SETBIT', 's', '17', '1')).toBe(0);
    expect(c.call('GET', 's')).toBe(bytes(0x81, 0, 0x40));
    expect(c.call('SETBIT', 's', '0', '0')).toBe(1);
    expect(c.call('GETBIT', 's', '7')).toBe(1);
    expect(c.call('GETBIT', 's', '6')).toBe(0);
    expect(c.call('GETBIT', 's', '100')).toBe(0);
    expect(c.call('GETBIT', 'missing', '0')).toBe(0);
    c.call('SET', 'n', '123');
    expect(c.call('SETBIT', 'n', '0', '1')).toBe(0);
    expect(c.call('GET', 'n')).toBe('\xb123');
  });

  it('keep the TTL of the string they change', () => {
    const c = client();
    c.call('SET', 't', 'abc', 'EX', '100');
    c.call('SETBIT', 't', '100', '1');
    expect(c.call('TTL', 't')).toBe(100);
  });

  it('answer Redis errors in its order: offset, bit, then type', () => {
    const c = client();
    c.call('RPUSH', 'l', 'a');
    for (const offset of ['x', '-1', '4294967296', '#1', '01', '']) expect(c.call('SETBIT', 's', offset, '1'), offset).toEqual(BAD_OFFSET);
    for (const bit of ['2', '-1', 'x', '01', '1.0', ' 1']) expect(c.call('SETBIT', 's', '0', bit), bit).toEqual(BAD_BIT);
    expect(c.call('SETBIT', 'l', 'x', '5')).toEqual(BAD_OFFSET);
    expect(c.call('SETBIT', 'l', '0', '5')).toEqual(BAD_BIT);
    expect(c.call('SETBIT', 'l', '0', '1')).toEqual(WRONG_TYPE);
    expect(c.call('GETBIT', 'l', 'x')).toEqual(BAD_OFFSET);
    expect(c.call('GETBIT', 'l', '0')).toEqual(WRONG_TYPE);
    expect(c.call('GETBIT', 's', '4294967296')).toEqual(BAD_OFFSET);
    expect(c.call('EXISTS', 's')).toBe(0);
  });

  it('offsets follow proto-max-bulk-len, and a bitmap longer than a V8 string is refused, not a crash', () => {
    const c = client();
    expect(c.call('GETBIT', 's', '4294967295')).toBe(0);
    expect(c.call('SETBIT', 's', '4294967295', '1')).toEqual(new ErrorReply('ERR string exceeds maximum allowed size (proto-max-bulk-len)'));
    c.call('CONFIG', 'SET', 'proto-max-bulk-len', '1mb');
    expect(c.call('SETBIT', 's', String(8 * 1024 * 1024), '1')).toEqual(BAD_OFFSET);
    expect(c.call('SETBIT', 's', String(8 * 1024 * 1024 - 1), '1')).toBe(0);
    expect(c.call('STRLEN', 's')).toBe(1024 * 1024);
  });

  it('agree with a bit array model', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 80 }), fc.constantFrom(0, 1)), { maxLength: 30 }), (writes) => {
      const c = client();
      const model: number[] = [];
      for (const [offset, bit] of writes) {
        expect(c.call('SETBIT', 'k', String(offset), String(bit))).toBe(model[offset] ?? 0);
        while (model.length <= (offset | 7)) model.push(0);
        model[offset] = bit;
      }
      const value = (c.call('GET', 'k') ?? '') as string;
      expect(value.length * 8).toBe(model.length);
      for (let position = 0; position < model.length + 8; position++) {
        expect(c.call('GETBIT', 'k', String(position))).toBe(model[position] ?? 0);
        if (position < model.length) expect(bitOf(value, position)).toBe(model[position]);
      }
    }), { numRuns: 60 });
  });
});

describe('BITCOUNT', () => {
  it('answers as redis-server does', () => {
    const c = client();
    c.call('SET', 'k', 'foobar');
    expect(c.call('BITCOUNT', 'k')).toBe(26);
    expect(c.call('BITCOUNT', 'k', '0', '0')).toBe(4);
    expect(c.call('BITCOUNT', 'k', '1', '1')).toBe(6);
    expect(c.call('BITCOUNT', 'k', '1', '1', 'BYTE')).toBe(6);
    expect(c.call('BITCOUNT', 'k', '5', '30', 'BIT')).toBe(17);
    expect(c.call('BITCOUNT', 'k', '0', '-1', 'bit')).toBe(26);
    expect(c.call('BITCOUNT', 'k', '-1', '-2', 'FOO')).toBe(0);
    expect(c.call('BITCOUNT', 'missing', 'x', 'y')).toBe(0);
    expect(c.call('BITCOUNT', 'k', '0')).toEqual(SYNTAX);
    expect(c.call('BITCOUNT', 'k', '0', '1', '2', '3')).toEqual(SYNTAX);
    expect(c.call('BITCOUNT', 'k', '0', '-1', 'FOO')).toEqual(SYNTAX);
    expect(c.call('BITCOUNT', 'k', 'x', '1')).toEqual(NOT_INTEGER);
    expect(c.call('BITCOUNT', 'k', '0', '-9223372036854775809')).toEqual(NOT_INTEGER);
    expect(c.call('BITCOUNT', 'k', '-9223372036854775807', '-9223372036854775808')).toBe(0);
    c.call('RPUSH', 'l', 'a');
    expect(c.call('BITCOUNT', 'l', 'x')).toEqual(WRONG_TYPE);
  });

  it('counts the bits a naive loop counts, in bytes and in bits', () => {
    const index = fc.integer({ min: -200, max: 200 });
    fc.assert(fc.property(byteString, index, index, fc.constantFrom('BYTE', 'BIT'), (value, start, end, unit) => {
      const c = client();
      c.call('SET', 'k', value);
      const total = unit === 'BIT' ? value.length * 8 : value.length;
      let expected = 0;
      if (!(start < 0 && end < 0 && start > end)) {
        const [from, to] = clamp(start, end, total);
        const bitFrom = unit === 'BIT' ? from : from * 8;
        const bitTo = unit === 'BIT' ? to : to * 8 + 7;
        for (let position = bitFrom; position <= bitTo; position++) expected += bitOf(value, position);
      }
      expect(c.call('BITCOUNT', 'k', String(start), String(end), unit)).toBe(expected);
      if (unit === 'BYTE') expect(c.call('BITCOUNT', 'k', String(start), String(end))).toBe(expected);
    }), { numRuns: 500 });
  });
});

describe('BITPOS', () => {
  it('answers as redis-server does', () => {
    const c = client();
    c.call('SET', 'f', '\xff');
    c.call('SET', 'g', bytes(0xff, 0xf0, 0x00));
    c.call('SET', 'e', '');
    const expectations: Array<[string[], number | ErrorReply]> = [
      [['f', '0'], 8], [['f', '0', '0'], 8], [['f', '0', '0', '-1'], -1], [['f', '0', '0', '-1', 'bit'], -1],
      [['f', '0', '2', '-1', 'bit'], -1], [['f', '1', '3', '2', 'bit'], -1],
      [['g', '0', '1', '-1', 'bit'], 12], [['g', '0', '0', '11', 'bit'], -1], [['g', '0', '0', '12', 'bit'], 12],
      [['g', '1', '-1'], -1], [['g', '0', '-1'], 16], [['g', '0', '0', '0'], -1], [['g', '1', '2'], -1],
      [['e', '0'], -1], [['e', '1'], -1], [['e', '0', '0', '-1', 'bit'], -1],
      [['missing', '1', 'x'], -1], [['missing', '0'], 0],
      [['missing', '2'], new ErrorReply('ERR The bit argument must be 1 or 0.')], [['missing', 'x'], NOT_INTEGER],
      [['g', '1', '12', 'bit'], NOT_INTEGER], [['g', '1', 'x'], NOT_INTEGER], [['g', '1', '0', 'FOO', 'bit'], NOT_INTEGER],
      [['g', '1', '0', '1', 'FOO'], SYNTAX], [['g', '1', '0', 'x', 'FOO'], SYNTAX], [['g', '1', '0', '1', '2', '3'], SYNTAX],
    ];
    for (const [args, expected] of expectations) expect(c.call('BITPOS', ...args), args.join(' ')).toEqual(expected);
  });

  it('finds the bit a naive scan finds, in bytes and in bits', () => {
    const index = fc.integer({ min: -100, max: 100 });
    const range = fc.oneof(
      fc.constant<number[]>([]), index.map((start) => [start]), fc.tuple(index, index).map((pair) => [...pair]),
    );
    fc.assert(fc.property(runnyString, fc.constantFrom(0, 1), range, fc.constantFrom('BYTE', 'BIT'), (value, bit, bounds, unit) => {
      const c = client();
      c.call('SET', 'k', value);
      const isBit = bounds.length === 2 && unit === 'BIT';
      const total = isBit ? value.length * 8 : value.length;
      const [from, to] = clamp(bounds[0] ?? 0, bounds[1] ?? -1, total);
      const bitFrom = isBit ? from : from * 8;
      const bitTo = isBit ? to : to * 8 + 7;
      let expected = -1;
      if (from <= to) {
        for (let position = bitFrom; position <= bitTo && expected < 0; position++) if (bitOf(value, position) === bit) expected = position;
        // Looking for a 0 without an explicit end, the string continues with zeros past its end.
        if (expected < 0 && bit === 0 && bounds.length < 2) expected = bitTo + 1;
      }
      const args = ['BITPOS', 'k', String(bit), ...bounds.map(String), ...(bounds.length === 2 ? [unit] : [])];
      expect(c.call(...args), args.join(' ')).toBe(expected);
    }), { numRuns: 1000 });
  });
});

describe('BITOP', () => {
  it('answers as redis-server does', () => {
    const c = client();
    c.call('SET', 'a', bytes(0x0f, 0xf0, 0x61, 0x62));
    c.call('SET', 'd', 'x', 'EX', '100');
    expect(c.call('BITOP', 'and', 'd', 'm1', 'm2')).toBe(0);
    expect(c.call('EXISTS', 'd')).toBe(0);
    c.call('SET', 'd', 'x', 'EX', '100');
    expect(c.call('BITOP', 'or', 'd', 'a')).toBe(4);
    expect(c.call('TTL', 'd')).toBe(-1);
    expect(c.call('BITOP', 'NOT', 'd', 'a')).toBe(4);
    expect(c.call('GET', 'd')).toBe(bytes(0xf0, 0x0f, 0x9e, 0x9d));
    expect(c.call('BITOP', 'XOR', 'd', 'a', 'a', 'missing')).toBe(4);
    expect(c.call('GET', 'd')).toBe(bytes(0, 0, 0, 0));
    c.call('RPUSH', 'l', 'a');
    expect(c.call('BITOP', 'foo', 'd', 'l')).toEqual(SYNTAX);
    expect(c.call('BITOP', 'not', 'd', 'l', 'a')).toEqual(new ErrorReply('ERR BITOP NOT must be called with a single source key.'));
    expect(c.call('BITOP', 'and', 'd', 'a', 'l')).toEqual(WRONG_TYPE);
    expect(c.call('BITOP', 'and', 'd')).toEqual(new ErrorReply("ERR wrong number of arguments for 'bitop' command"));
  });

  it('computes what per-byte operations compute, with keys on several shards', () => {
    const operation = fc.constantFrom('AND', 'OR', 'XOR', 'NOT');
    fc.assert(fc.property(operation, fc.array(fc.option(byteString), { minLength: 1, maxLength: 4 }), (name, values) => {
      const c = client(3);
      const keys = values.map((_, index) => `src${index}`);
      values.forEach((value, index) => value !== null && c.call('SET', keys[index], value));
      const sources = name === 'NOT' ? [values[0]] : values;
      const length = Math.max(0, ...sources.map((value) => value?.length ?? 0));
      const expected: number[] = [];
      for (let index = 0; index < length; index++) {
        const at = (value: string | null) => (value !== null && index < value.length ? value.charCodeAt(index) : 0);
        let byte = at(sources[0]);
        for (const value of sources.slice(1)) byte = name === 'AND' ? byte & at(value) : name === 'OR' ? byte | at(value) : byte ^ at(value);
        expected.push(name === 'NOT' ? ~byte & 0xff : byte);
      }
      expect(c.call('BITOP', name, 'dest', ...(name === 'NOT' ? [keys[0]] : keys))).toBe(length);
      expect(c.call('GET', 'dest')).toBe(length === 0 ? null : bytes(...expected));
    }), { numRuns: 300 });
  });
});

describe('BITFIELD', () => {
  it('answers as redis-server does', () => {
    const c = client();
    expect(c.call('BITFIELD', 'b')).toEqual([]);
    expect(c.call('BITFIELD', 'b', 'OVERFLOW', 'SAT')).toEqual([]);
    expect(c.call('BITFIELD', 'b', 'OVERFLOW', 'FAIL', 'INCRBY', 'u2', '100', '10')).toEqual([null]);
    expect(c.call('STRLEN', 'b')).toBe(13);
    expect(c.call('BITFIELD', 'b', 'OVERFLOW', 'SAT', 'SET', 'u8', '0', '-1', 'GET', 'u8', '0')).toEqual([0, 255]);
    expect(c.call('BITFIELD', 'b', 'OVERFLOW', 'WRAP', 'SET', 'u8', '8', '-1', 'GET', 'u8', '8')).toEqual([0, 255]);
    expect(c.call('BITFIELD', 'b', 'OVERFLOW', 'FAIL', 'SET', 'u8', '16', '-1', 'GET', 'u8', '16')).toEqual([null, 0]);
    expect(c.call('BITFIELD', 'b', 'SET', 'i64', '0', '-9223372036854775808', 'INCRBY', 'i64', '0', '-1'))
      .toEqual([-281474976710656, 9223372036854775807n]);
    expect(c.call('BITFIELD', 'b', 'OVERFLOW', 'SAT', 'INCRBY', 'i64', '0', '-1')).toEqual([9223372036854775806n]);
    expect(c.call('BITFIELD', 'b', 'GET', 'u63', '0', 'GET', 'i1', '0', 'GET', 'u1', '0')).toEqual([4611686018427387903n, 0, 0]);
    expect(c.call('BITFIELD', 'b', 'GET', 'i8', '#1', 'GET', 'u4', '#3')).toEqual([-1, 15]);
    expect(c.call('BITFIELD', 'c', 'SET', 'u5', '7', '23')).toEqual([0]);
    expect(c.call('GET', 'c')).toBe(bytes(0x01, 0x70));
    expect(c.call('BITFIELD_RO', 'c', 'GET', 'u5', '7', 'GET', 'i5', '7')).toEqual([23, -9]);
    expect(c.call('BITFIELD_RO', 'missing', 'GET', 'u8', '0')).toEqual([0]);
    expect(c.call('EXISTS', 'missing')).toBe(0);
  });

  it('answers Redis errors in its order and changes nothing on one', () => {
    const c = client();
    c.call('RPUSH', 'l', 'a');
    const expectations: Array<[string[], ErrorReply]> = [
      [['b', 'GET'], SYNTAX], [['b', 'FOO'], SYNTAX], [['b', 'GET', 'u8'], SYNTAX], [['b', 'SET', 'i8', '0'], SYNTAX],
      [['b', 'GET', 'u64', '0'], BAD_TYPE], [['b', 'GET', 'I8', '0'], BAD_TYPE], [['b', 'GET', 'i65', '0'], BAD_TYPE],
      [['b', 'GET', 'i0', '0'], BAD_TYPE], [['b', 'GET', 'u', '0'], BAD_TYPE], [['b', 'GET', 'i08', '0'], BAD_TYPE], [['b', 'GET', 'u-1', '0'], BAD_TYPE],
      [['b', 'GET', 'i8', '-1'], BAD_OFFSET], [['b', 'GET', 'i8', '#-1'], BAD_OFFSET], [['b', 'GET', 'i8', '#'], BAD_OFFSET],
      [['b', 'GET', 'i8', '+1'], BAD_OFFSET], [['b', 'GET', 'i8', '4294967296'], BAD_OFFSET],
      [['b', 'GET', 'i8', '#9223372036854775807'], BAD_OFFSET], [['b', 'GET', 'i64', '#144115188075855872'], BAD_OFFSET],
      [['b', 'SET', 'i8', '0', 'x'], NOT_INTEGER], [['b', 'SET', 'i8', '0', '1', 'GET', 'u64', '0'], BAD_TYPE],
      [['b', 'OVERFLOW', 'foo', 'GET', 'i8', '0'], new ErrorReply('ERR Invalid OVERFLOW type specified')],
      [['l', 'GET', 'i8', 'x'], BAD_OFFSET], [['l', 'GET', 'i8', '0'], WRONG_TYPE], [['l', 'SET', 'i8', '0', '1'], WRONG_TYPE],
    ];
    for (const [args, expected] of expectations) expect(c.call('BITFIELD', ...args), args.join(' ')).toEqual(expected);
    expect(c.call('EXISTS', 'b')).toBe(0);
    expect(c.call('BITFIELD', 'b', 'GET', 'i8', '4294967295')).toEqual([0]);
    const readOnly = new ErrorReply('ERR BITFIELD_RO only supports the GET subcommand');
    expect(c.call('BITFIELD_RO', 'b', 'SET', 'i8', '0', '1')).toEqual(readOnly);
    expect(c.call('BITFIELD_RO', 'b', 'INCRBY', 'i8', '0', '1', 'GET', 'u8', '0')).toEqual(readOnly);
    expect(c.call('BITFIELD_RO', 'b', 'GET', 'i8', '0', 'foo')).toEqual(SYNTAX);
    expect(c.call('BITFIELD_RO', 'l', 'SET', 'i8', '0', '1')).toEqual(readOnly);
  });

  const fieldType = fc.oneof(
    fc.integer({ min: 1, max: 64 }).map((bits) => ({ signed: true, bits })),
    fc.integer({ min: 1, max: 63 }).map((bits) => ({ signed: false, bits })),
  );
  const int64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });

  it('reads back what it set, for every width and signedness, at any bit offset', () => {
    fc.assert(fc.property(byteString, fieldType, fc.integer({ min: 0, max: 100 }), int64, (initial, type, offset, raw) => {
      const c = client();
      c.call('SET', 'k', initial);
      const name = `${type.signed ? 'i' : 'u'}${type.bits}`;
      const fitting = type.signed ? BigInt.asIntN(type.bits, raw) : BigInt.asUintN(type.bits, raw);
      const reply = c.call('BITFIELD', 'k', 'SET', name, String(offset), String(fitting), 'GET', name, String(offset)) as unknown[];
      expect(BigInt(reply[1] as number)).toBe(fitting);
      // The bits around the field are untouched, and the field holds the value's bits.
      const value = c.call('GET', 'k') as string;
      expect(value.length).toBe(Math.max(initial.length, ((offset + type.bits - 1) >> 3) + 1));
      for (let position = 0; position < value.length * 8; position++) {
        const inField = position >= offset && position < offset + type.bits;
        const expected = inField ? Number((BigInt.asUintN(type.bits, fitting) >> BigInt(offset + type.bits - 1 - position)) & 1n)
          : position < initial.length * 8 ? bitOf(initial, position) : 0;
        expect(bitOf(value, position)).toBe(expected);
      }
    }), { numRuns: 400 });
  });

  it('wraps, saturates or fails on overflow as Redis defines it', () => {
    fc.assert(fc.property(fieldType, int64, int64, fc.constantFrom('WRAP', 'SAT', 'FAIL'), (type, start, increment, overflow) => {
      const c = client();
      const name = `${type.signed ? 'i' : 'u'}${type.bits}`;
      const max = type.signed ? 2n ** BigInt(type.bits - 1) - 1n : 2n ** BigInt(type.bits) - 1n;
      const min = type.signed ? -max - 1n : 0n;
      const initial = type.signed ? BigInt.asIntN(type.bits, start) : BigInt.asUintN(type.bits, start);
      c.call('BITFIELD', 'k', 'SET', name, '3', String(initial));
      const sum = initial + increment;
      const inRange = sum >= min && sum <= max;
      const wrapped = type.signed ? BigInt.asIntN(type.bits, sum) : BigInt.asUintN(type.bits, sum);
      const expected = inRange ? sum : overflow === 'FAIL' ? null : overflow === 'SAT' ? (sum > max ? max : min) : wrapped;
      const reply = c.call('BITFIELD', 'k', 'OVERFLOW', overflow, 'INCRBY', name, '3', String(increment), 'GET', name, '3') as unknown[];
      expect(reply[0] === null ? null : BigInt(reply[0] as number)).toBe(expected);
      expect(BigInt(reply[1] as number)).toBe(expected ?? initial);
    }), { numRuns: 400 });
  });
});

describe('SUBSTR', () => {
  it('is GETRANGE', () => {
    const c = client();
    c.call('SET', 'k', 'This is a string');
    expect(c.call('SUBSTR', 'k', '0', '3')).toBe('This');
    expect(c.call('SUBSTR', 'k', '-3', '-1')).toBe('ing');
    expect(c.call('SUBSTR', 'k', 'x', '1')).toEqual(NOT_INTEGER);
  });
});

describe('bitmap writes are logged so that replay rebuilds the state', () => {
  const key = fc.constantFrom('a', 'b', '{t}x', '{t}y', 'c');
  const offset = fc.constantFrom('0', '7', '9', '31', '100', '#2');
  const command: fc.Arbitrary<string[]> = fc.oneof(
    fc.tuple(key, offset.filter((text) => !text.startsWith('#')), fc.constantFrom('0', '1')).map(([k, o, bit]) => ['SETBIT', k, o, bit]),
    fc.tuple(fc.constantFrom('AND', 'OR', 'XOR'), key, key, key).map(([name, d, k1, k2]) => ['BITOP', name, d, k1, k2]),
    fc.tuple(key, key).map(([d, k]) => ['BITOP', 'NOT', d, k]),
    fc.tuple(key, fc.constantFrom('WRAP', 'SAT', 'FAIL'), fc.constantFrom('u3', 'i8', 'i64', 'u63'), offset, fc.constantFrom('1', '-100', '9000'))
      .map(([k, overflow, type, o, n]) => ['BITFIELD', k, 'OVERFLOW', overflow, 'INCRBY', type, o, n, 'SET', 'u4', o, n]),
    fc.tuple(key, fc.constantFrom('a', 'xyz')).map(([k, v]) => ['SET', k, v, 'PX', '300']),
    key.map((k) => ['RPUSH', k, 'm']),
    key.map((k) => ['DEL', k]),
  );
  const step = fc.oneof({ weight: 8, arbitrary: command }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 400 }) });

  for (const shards of [1, 3]) {
    it(`shards=${shards}`, () => {
      fc.assert(fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const units: UnitEffects[] = [];
        const writer = createTestEngine({ shards, durability: durabilityPort((unit) => units.push(unit)) });
        writer.engine.beginLogging(0);
        const c = writer.client();
        for (const current of steps) {
          if (typeof current === 'number') writer.clock.advanceMs(current);
          else c.call(...current);
        }
        const reader = createTestEngine({ shards });
        for (const unit of units) {
          unit.forEach((effects, shard) => {
            for (const effect of effects) {
              expect(reader.engine.replayEffect(shard, effect.database, effect.args), effect.args.join(' ')).not.toBeInstanceOf(ErrorReply);
            }
          });
        }
        expect(dumpKeyspace(reader.engine)).toEqual(dumpKeyspace(writer.engine));
      }), { numRuns: 200 });
    });
  }

  it('logs SETBIT and BITFIELD as typed, BITOP across shards as the value it stored, and nothing for an unchanged bit or a GET', () => {
    const units: UnitEffects[] = [];
    const { engine, client: connect } = createTestEngine({ shards: 4, durability: durabilityPort((unit) => units.push(unit)) });
    engine.beginLogging(0);
    const c = connect();
    const logged = (...args: string[]) => {
      const from = units.length;
      c.call(...args);
      return units.slice(from).flat(2).map((effect) => effect.args.join(' '));
    };
    expect(logged('SETBIT', 'a', '1', '1')).toEqual(['SETBIT a 1 1']);
    expect(logged('SETBIT', 'a', '1', '1')).toEqual([]);
    expect(logged('BITFIELD', 'a', 'GET', 'u8', '0')).toEqual([]);
    expect(logged('BITFIELD', 'a', 'OVERFLOW', 'FAIL', 'INCRBY', 'u2', '0', '9')).toEqual([]);
    expect(logged('BITFIELD', 'a', 'OVERFLOW', 'FAIL', 'INCRBY', 'u2', '8', '9')).toEqual(['BITFIELD a OVERFLOW FAIL INCRBY u2 8 9']);
    expect(logged('BITOP', 'OR', '{t}d', '{t}a', '{t}b')).toEqual([]);
    c.call('SET', '{t}a', 'x');
    expect(logged('BITOP', 'OR', '{t}d', '{t}a', '{t}b')).toEqual(['BITOP OR {t}d {t}a {t}b']);
    expect(logged('BITOP', 'NOT', 'd', 'a')).toEqual(['SET d \xbf\xff']);
  });
});
