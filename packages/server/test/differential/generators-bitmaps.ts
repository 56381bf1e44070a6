/**
 * Generators for the bitmap commands — SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD,
 * BITFIELD_RO — and SUBSTR, over a few keys holding binary strings, bitmaps grown by SETBIT and
 * BITFIELD, and lists (WRONGTYPE). Arguments mix valid values with Redis's edge cases: negative
 * and reversed ranges, BYTE|BIT and bad units, every error of BITFIELD's parser, `#` offsets,
 * values beyond a field's range under each OVERFLOW. Offsets stay small except in errors and
 * reads, so no command makes redis-server allocate the 512 MB a far SETBIT would.
 */
import fc from 'fast-check';

/** Mostly valid, sometimes one of Redis's edge cases: `valid` nine times in ten. */
const mostly = (valid: string[], edge: string[]) => fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...valid) }, { weight: 1, arbitrary: fc.constantFrom(...edge) });
/** Few keys, so that reads meet what was written; `a` and `{t}…` lie on different shards of four. */
const key = mostly(['a', '{t}x', '{t}y'], ['k\x00\xff']);
/** Strings with runs of ones and of zeros (where BITPOS's edge cases live), text, and none. */
const value = fc.constantFrom('', 'foobar', '\xff', '\xff\xf0\x00', '\xff\xff\xff', '\xf0\xff\xff\x0f', '\x7f\xff\xff\xfe', '\x00\x00\x01',
  '\x00\x00\x00', '\x0f\xf0ab', '123', '\x80\x00\x00\x00\x00\x00\x00\x00\x01', '\xff'.repeat(20), 'x'.repeat(40));
const bitOffset = mostly(['0', '1', '7', '8', '15', '23', '33', '100'], ['-1', 'x', '01', '4294967296', '#1']);
const bit = mostly(['0', '1'], ['2', '-1', 'x']);
const index = mostly(['0', '1', '2', '3', '-1', '-2', '-3', '5', '7', '12', '20', '-20'], ['100', '-100', 'x', '9223372036854775807', '-9223372036854775808']);
const unit = mostly(['BYTE', 'BIT', 'bit'], ['FOO']);
const fieldType = mostly(['i1', 'i5', 'i8', 'i16', 'i32', 'i63', 'i64', 'u1', 'u3', 'u8', 'u16', 'u31', 'u63'], ['u64', 'I8', 'i0', 'i65', 'x']);
const writtenOffset = mostly(['0', '3', '7', '8', '13', '64', '#0', '#1', '#3'], ['-1', 'x', '#', '#-1', '#9223372036854775807']);
/** A read may reach the last bit below 512 MB: nothing is allocated for it. */
const fieldOffset = fc.oneof({ weight: 9, arbitrary: writtenOffset }, { weight: 1, arbitrary: fc.constant('4294967295') });
const fieldValue = mostly(['0', '1', '-1', '5', '127', '128', '-129', '255', '256', '1000', '-1000', '9223372036854775807', '-9223372036854775808'], ['x']);
const overflow = mostly(['WRAP', 'SAT', 'FAIL', 'fail'], ['FOO']);

/** Words of one BITFIELD subcommand, mostly well formed. */
const fieldOperation: fc.Arbitrary<string[]> = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(fieldType, fieldOffset).map(([type, offset]) => ['GET', type, offset]) },
  { weight: 3, arbitrary: fc.tuple(fieldType, writtenOffset, fieldValue).map(([type, offset, v]) => ['SET', type, offset, v]) },
  { weight: 3, arbitrary: fc.tuple(fieldType, writtenOffset, fieldValue).map(([type, offset, v]) => ['INCRBY', type, offset, v]) },
  { weight: 2, arbitrary: overflow.map((name) => ['OVERFLOW', name]) },
  { weight: 1, arbitrary: fc.constantFrom(['GET', 'u8'], ['FOO', 'u8', '0'], ['OVERFLOW'], ['SET', 'i8', '0']).map((words) => [...words]) },
);
const readOperation = fc.tuple(fieldType, fieldOffset).map(([type, offset]) => ['GET', type, offset]);

/** The first `count` of `parts`, for every `count` from none to all (some counts are syntax errors). */
const range = (...parts: fc.Arbitrary<string>[]) => fc.integer({ min: 0, max: parts.length }).chain((count) =>
  count === 0 ? fc.constant<string[]>([]) : fc.tuple(...parts.slice(0, count)));
const bitcountRange = fc.oneof({ weight: 6, arbitrary: fc.tuple(index, index, unit).map((words) => [...words]) },
  { weight: 2, arbitrary: fc.tuple(index, index).map((words) => [...words]) }, { weight: 2, arbitrary: range(index, index, unit, unit) });
const bitposRange = fc.oneof({ weight: 6, arbitrary: fc.tuple(index, index, unit).map((words) => [...words]) },
  { weight: 3, arbitrary: range(index, index) }, { weight: 1, arbitrary: range(index, index, unit, unit) });

export const BITMAP_COMMANDS: fc.Arbitrary<string[]> = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(key, value).map(([k, v]) => ['SET', k, v]) },
  { weight: 4, arbitrary: fc.tuple(key, bitOffset, bit).map(([k, offset, b]) => ['SETBIT', k, offset, b]) },
  { weight: 2, arbitrary: fc.tuple(key, bitOffset).map(([k, offset]) => ['GETBIT', k, offset]) },
  { weight: 3, arbitrary: fc.tuple(key, bitcountRange).map(([k, words]) => ['BITCOUNT', k, ...words]) },
  { weight: 6, arbitrary: fc.tuple(key, bit, bitposRange).map(([k, b, words]) => ['BITPOS', k, b, ...words]) },
  {
    weight: 3,
    arbitrary: fc.tuple(fc.constantFrom('AND', 'OR', 'XOR', 'NOT', 'and', 'FOO'), key, fc.array(key, { minLength: 1, maxLength: 3 }))
      .map(([operation, destination, sources]) => ['BITOP', operation, destination, ...sources]),
  },
  { weight: 4, arbitrary: fc.tuple(key, fc.array(fieldOperation, { maxLength: 4 })).map(([k, operations]) => ['BITFIELD', k, ...operations.flat()]) },
  { weight: 2, arbitrary: fc.tuple(key, fc.array(readOperation, { maxLength: 3 })).map(([k, operations]) => ['BITFIELD_RO', k, ...operations.flat()]) },
  { weight: 1, arbitrary: fc.tuple(key, fieldType, fieldOffset, fieldValue).map(([k, type, offset, v]) => ['BITFIELD_RO', k, 'SET', type, offset, v]) },
  { weight: 2, arbitrary: fc.tuple(key, index, index).map(([k, start, end]) => ['SUBSTR', k, start, end]) },
  { weight: 2, arbitrary: key.map((k) => ['GET', k]) },
  { weight: 1, arbitrary: key.map((k) => ['STRLEN', k]) },
  { weight: 1, arbitrary: key.map((k) => ['TTL', k]) },
  { weight: 1, arbitrary: key.map((k) => ['EXISTS', k]) },
  { weight: 1, arbitrary: fc.tuple(key, value).map(([k, v]) => ['SET', k, v, 'EX', '100']) },
  { weight: 1, arbitrary: fc.tuple(key, value).map(([k, v]) => ['APPEND', k, v]) },
  { weight: 1, arbitrary: key.map((k) => ['RPUSH', k, 'item']) },
  { weight: 1, arbitrary: key.map((k) => ['DEL', k]) },
);
