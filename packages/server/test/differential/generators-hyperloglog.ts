/**
 * Generators for the HyperLogLog commands: PFADD of a few elements (binary ones included) or of
 * hundreds at once, so sequences cross the sparse → dense promotion; PFCOUNT of one key (which
 * rewrites the cached cardinality) and of several; PFMERGE across shards and on one slot;
 * PFDEBUG; and GET, so every byte of the representation is compared with redis-server. Values
 * that are not HLLs — other types, short or truncated headers, an HLL cut short, bytes changed
 * by SETRANGE or appended by APPEND — exercise the WRONGTYPE and INVALIDOBJ paths.
 */
import fc from 'fast-check';

const key = fc.constantFrom('h1', 'h2', '{h}1', '{h}2', '{h}3');
const element = fc.constantFrom('a', 'b', 'c', 'hello', '', '\x00', '\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8\xf7', 'e70', '12345678');
/** `e<start>` … : enough of them turn a sparse HLL dense (about 1700 at hll-sparse-max-bytes 3000). */
const many = fc.tuple(fc.integer({ min: 0, max: 20 }), fc.constantFrom(60, 700, 2500))
  .map(([start, count]) => Array.from({ length: count }, (_, i) => `e${start * 1000 + i}`));
const notHyperLogLog = fc.constantFrom(
  'text',
  'HYLL',
  `HYLL\x02${'\x00'.repeat(13)}`,
  `HYLL\x00${'\x00'.repeat(20)}`,
  // Sparse, cache valid, opcodes ending at register 100 (XZERO 100).
  `HYLL\x01${'\x00'.repeat(11)}\x40\x63`,
  // Sparse, cache stale, a VAL running past the last register after XZERO 16383.
  `HYLL\x01${'\x00'.repeat(10)}\x80\x7f\xfe\x83`,
  // Sparse, cache stale, a VAL after all 16384 registers: merging and TODENSE accept it, counting does not.
  `HYLL\x01${'\x00'.repeat(10)}\x80\x7f\xff\x83`,
);
const byte = fc.constantFrom('\x00', '\x3f', '\x40', '\x7f', '\x80', '\x83', '\xff');

export const HYPERLOGLOG_COMMANDS: fc.Arbitrary<string[]> = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(key, fc.array(element, { maxLength: 4 })).map(([k, items]) => ['PFADD', k, ...items]) },
  { weight: 2, arbitrary: fc.tuple(key, many).map(([k, items]) => ['PFADD', k, ...items]) },
  { weight: 4, arbitrary: key.map((k) => ['PFCOUNT', k]) },
  { weight: 2, arbitrary: fc.array(key, { minLength: 2, maxLength: 3 }).map((keys) => ['PFCOUNT', ...keys]) },
  { weight: 3, arbitrary: fc.array(key, { minLength: 1, maxLength: 3 }).map((keys) => ['PFMERGE', ...keys]) },
  { weight: 4, arbitrary: key.map((k) => ['GET', k]) },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.constantFrom('ENCODING', 'DECODE', 'TODENSE', 'GETREG', 'encoding', 'nope'), key)
      .map(([subcommand, k]) => ['PFDEBUG', subcommand, k]),
  },
  { weight: 1, arbitrary: fc.tuple(key, notHyperLogLog).map(([k, value]) => ['SET', k, value]) },
  { weight: 1, arbitrary: fc.tuple(key, fc.constantFrom('5', '15', '16', '17', '20', '12303'), byte).map(([k, offset, b]) => ['SETRANGE', k, offset, b]) },
  { weight: 1, arbitrary: fc.tuple(key, byte, byte).map(([k, b1, b2]) => ['APPEND', k, b1 + b2]) },
  { weight: 1, arbitrary: key.map((k) => ['RPUSH', k, 'x']) },
  { weight: 1, arbitrary: fc.tuple(key, fc.constantFrom('STRLEN', 'DEL', 'TYPE')).map(([k, name]) => [name, k]) },
  { weight: 1, arbitrary: fc.constantFrom(['PFADD'], ['PFCOUNT'], ['PFMERGE'], ['PFDEBUG', 'GETREG'], ['PFSELFTEST', 'x']).map((words) => [...words]) },
);
