/**
 * Shared by the RDB codec tests: redis-cli's argument splitting (to replay the fixture dataset),
 * a canonical description of a value (contents plus its compact flag), hex helpers and
 * fast-check arbitraries for values of every non-stream type in every encoding size class.
 */
import fc from 'fast-check';
import { HashValue, ListValue, SetValue, SortedSetValue, type Value } from '../../src/keyspace/values.js';
import type { RdbEncodingLimits } from '../../src/rdb/encoding-limits.js';
import { DEFAULT_ENCODING_LIMITS } from '../../src/rdb/encoding-limits.js';

/** redis-server 7.0.15's defaults (its hash-max-listpack-entries is 512). */
export const REDIS_LIMITS: RdbEncodingLimits = { ...DEFAULT_ENCODING_LIMITS, hashMaxListpackEntries: 512 };
/** The engine config that matches REDIS_LIMITS. */
export const REDIS_CONFIG = { 'hash-max-listpack-entries': '512' };

/** sdssplitargs as redis-cli reads a line: words, "…" with \n \r \t \\ \" \xHH escapes. */
export function splitArgs(line: string): string[] {
  const args: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (line[i] === ' ') i++;
    if (i >= line.length) break;
    let arg = '';
    if (line[i] === '"') {
      i++;
      while (line[i] !== '"') {
        if (line[i] === '\\') {
          const next = line[i + 1];
          if (next === 'x') {
            arg += String.fromCharCode(parseInt(line.slice(i + 2, i + 4), 16));
            i += 4;
            continue;
          }
          arg += ({ n: '\n', r: '\r', t: '\t' } as Record<string, string>)[next] ?? next;
          i += 2;
          continue;
        }
        arg += line[i++];
      }
      i++;
    } else {
      while (i < line.length && line[i] !== ' ') arg += line[i++];
    }
    args.push(arg);
  }
  return args;
}

export function hexToBytes(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g) ?? [], (byte) => parseInt(byte, 16));
}

export function bytesToHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export function hexToByteString(hex: string): string {
  return String.fromCharCode(...hexToBytes(hex));
}

/** The contents of a value in a comparable form (order-free for sets and hashes), with `compact`. */
export function describeValue(value: Value): string {
  if (typeof value === 'string') return `string ${JSON.stringify(value)}`;
  if (value instanceof ListValue) return `list ${JSON.stringify([...value])}`;
  if (value instanceof SetValue) return `set compact=${value.compact} ${JSON.stringify([...value.keys()].sort())}`;
  if (value instanceof HashValue) return `hash compact=${value.compact} ${JSON.stringify([...value.entries()].sort())}`;
  if (value instanceof SortedSetValue) {
    const entries = [...value.entries()].map(([member, score]) => [member, Object.is(score, -0) ? '-0' : String(score)]);
    return `zset compact=${value.compact} ${JSON.stringify(entries)}`;
  }
  return 'stream';
}

const byteString = (maxLength: number) => fc.string({ unit: 'binary-ascii', maxLength });
const element = fc.oneof(
  byteString(12),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String),
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.integer({ min: 65, max: 300 }).map((length) => 'z'.repeat(length)),
);
const score = fc.oneof(
  fc.double({ noNaN: true }),
  fc.integer({ min: -1000, max: 1000 }),
  fc.constantFrom(0.1, 1e20, 2 ** 62, 2 ** 62 + 2048, -Infinity, Infinity, -0),
);

/** A string value. */
export const stringValue: fc.Arbitrary<Value> = fc.oneof(element, byteString(200));

/** A list, from a few elements to several quicklist nodes. */
export const listValue: fc.Arbitrary<Value> = fc.oneof(
  fc.array(element, { minLength: 1, maxLength: 20 }),
  fc.integer({ min: 1000, max: 3000 }).map((count) => Array.from({ length: count }, (_, i) => `e${i}`)),
).map((elements) => {
  const list = new ListValue();
  list.replaceAll(elements);
  return list;
});

/** A set: small or large, integers only (intset) or not; `compact` as Ballast's commands set it. */
export const setValue: fc.Arbitrary<Value> = fc.oneof(
  fc.uniqueArray(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map(String), { minLength: 1, maxLength: 30 }),
  fc.uniqueArray(element, { minLength: 1, maxLength: 30 }),
  fc.integer({ min: 513, max: 900 }).map((count) => Array.from({ length: count }, (_, i) => String(i * 3))),
).map((members) => {
  const set = new SetValue();
  for (const member of members) set.set(member, true);
  set.compact = members.length <= 512 && members.every((member) => /^(0|-?[1-9][0-9]*)$/.test(member) && BigInt(member) >= -(2n ** 63n) && BigInt(member) < 2n ** 63n);
  return set;
});

/** A hash: listpack-sized or not (many fields, or a long field or value). */
export const hashValue: fc.Arbitrary<Value> = fc.oneof(
  fc.uniqueArray(fc.tuple(element, element), { minLength: 1, maxLength: 40, selector: ([field]) => field }),
  fc.integer({ min: 513, max: 700 }).map((count) => Array.from({ length: count }, (_, i): [string, string] => [`f${i}`, `${i}`])),
).map((pairs) => {
  const hash = new HashValue();
  for (const [field, value] of pairs) hash.set(field, value);
  hash.compact = pairs.length <= 512 && pairs.every(([field, value]) => field.length <= 64 && value.length <= 64);
  return hash;
});

/** A sorted set: listpack-sized or skiplist-sized. */
export const sortedSetValue: fc.Arbitrary<Value> = fc.oneof(
  fc.uniqueArray(fc.tuple(element, score), { minLength: 1, maxLength: 40, selector: ([member]) => member }),
  fc.integer({ min: 129, max: 400 }).map((count) => Array.from({ length: count }, (_, i): [string, number] => [`m${i}`, i / 7])),
).map((pairs) => {
  const set = new SortedSetValue();
  set.compact = pairs.length <= 128 && pairs.every(([member]) => member.length <= 64);
  for (const [member, value] of pairs) set.set(member, value);
  return set;
});

export const anyValue: fc.Arbitrary<Value> = fc.oneof(stringValue, listValue, setValue, hashValue, sortedSetValue);
