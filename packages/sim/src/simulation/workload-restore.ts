/**
 * Workload generator for RESTORE, for the extended stream (workload-extended.ts). The payload
 * is core's encodeDumpPayload (Redis 7.0's DUMP format, LZF or not) of a value built from the
 * workload stream alone: a string (text or integer), a list, a set (intset or not), a sorted
 * set or a hash, small (compact encodings) or past the default limits (Redis's large
 * encodings). The TTL is 0, relative, or ABSTTL — in 2100, or in the past, where the key is not
 * created and REPLACE deletes the one it replaces; REPLACE, IDLETIME and FREQ come and go, so
 * BUSYKEY and WRONGTYPE-free overwrites of any type both happen, and now and then a payload
 * with a bad checksum is refused. RESTORE is logged as the key's resulting state, which the
 * durability, prefix and base-snapshot checks hold to the live keyspace after every crash.
 *
 * FUNCTION RESTORE (APPEND, REPLACE or FLUSH) of a payload holding one library, and, rarely,
 * FUNCTION FLUSH, join the function library's churn of workload-scripts.ts.
 */
import {
  Crc64, DEFAULT_ENCODING_LIMITS, encodeDumpPayload, HashValue, ListValue, RDB_VERSION, SetValue, SortedSetValue, type Random, type Value,
} from '@ballast/core';
import { chance, randomInteger } from '../seed-streams.js';
import { key, MEMBERS, pick, type Generator } from './workload.js';

/** 2100-01-01: an absolute expiry no run reaches. */
const FAR_FUTURE_MS = 4_102_444_800_000;
/** Past the default limits (512 hash fields, 128 sorted-set members, 512 intset entries), so the large encodings are written. */
const LARGE_COUNT = 600;

function member(r: Random): string {
  return chance(r, 0.7) ? pick(r, MEMBERS) : `m${randomInteger(r, 0, 99)}`;
}

/** A collection's size: mostly a few, now and then past every compact-encoding limit. */
function size(r: Random): { count: number; compact: boolean } {
  return chance(r, 0.1) ? { count: LARGE_COUNT, compact: false } : { count: randomInteger(r, 1, 6), compact: true };
}

function buildValue(r: Random): Value {
  switch (randomInteger(r, 0, 6)) {
    case 0:
      return `v${randomInteger(r, 0, 999)}`;
    case 1:
      return String(randomInteger(r, -100_000, 100_000));
    case 2: {
      const list = new ListValue();
      const { count } = size(r);
      for (let i = 0; i < count; i++) list.pushBack(count > 6 ? `item-${i}` : member(r));
      return list;
    }
    case 3: {
      const set = new SetValue();
      const { count, compact } = size(r);
      const integers = chance(r, 0.5);
      for (let i = 0; i < count; i++) set.set(count > 6 ? `${integers ? '' : 's'}${i}` : integers ? String(randomInteger(r, -5, 70_000)) : member(r), true);
      set.compact = compact;
      return set;
    }
    case 4: {
      const zset = new SortedSetValue();
      const { count, compact } = size(r);
      zset.compact = compact;
      for (let i = 0; i < count; i++) zset.set(count > 6 ? `z${i}` : member(r), randomInteger(r, -5, 5) / 2);
      return zset;
    }
    default: {
      const hash = new HashValue();
      const { count, compact } = size(r);
      for (let i = 0; i < count; i++) hash.set(count > 6 ? `f${i}` : member(r), `v${randomInteger(r, 0, 99)}`);
      hash.compact = compact;
      return hash;
    }
  }
}

/** DUMP's payload of a generated value; now and then with one byte flipped (a bad checksum). */
function payload(r: Random): string {
  const dumped = encodeDumpPayload(buildValue(r), { compression: chance(r, 0.5), limits: DEFAULT_ENCODING_LIMITS });
  if (!chance(r, 0.05)) return dumped;
  const at = randomInteger(r, 0, dumped.length - 1);
  return dumped.slice(0, at) + String.fromCharCode(dumped.charCodeAt(at) ^ 0x20) + dumped.slice(at + 1);
}

/** The TTL argument and ABSTTL when it is absolute. */
function ttl(r: Random): string[] {
  switch (randomInteger(r, 0, 3)) {
    case 0: return ['0'];
    case 1: return [String(randomInteger(r, 50, 3000))];
    case 2: return [String(FAR_FUTURE_MS), 'ABSTTL'];
    default: return ['1', 'ABSTTL'];
  }
}

function restore(r: Random): string[] {
  const target = key(r);
  const body = payload(r);
  const [ttlArgument, ...absolute] = ttl(r);
  const options = [...absolute];
  if (chance(r, 0.6)) options.push('REPLACE');
  if (chance(r, 0.1)) options.push(...(chance(r, 0.5) ? ['IDLETIME', String(randomInteger(r, 0, 100))] : ['FREQ', String(randomInteger(r, 0, 255))]));
  return ['RESTORE', target, ttlArgument, body, ...options];
}

/** A library of its own, so APPEND fails only while an earlier restore of it is still loaded. */
const RESTORED_LIBRARY = `#!lua name=restored
redis.register_function('restored_get', function(keys) return redis.call('GET', keys[1]) end)`;
/** RDB's 14-bit string length prefix holds up to this many bytes. */
const LENGTH_14_BIT_MAX = 16_383;

/** FUNCTION DUMP's payload of one library: FUNCTION2 (245), the code as an RDB string, the RDB version, the CRC-64. */
function functionPayload(code: string): string {
  if (code.length > LENGTH_14_BIT_MAX) throw new Error('functionPayload: library code too long for a 14-bit length');
  const body = Uint8Array.from([245, 0x40 | (code.length >> 8), code.length & 0xff, ...Array.from(code, (char) => char.charCodeAt(0)),
    RDB_VERSION & 0xff, RDB_VERSION >> 8]);
  return String.fromCharCode(...body, ...new Crc64().update(body).littleEndian());
}

const FUNCTION_PAYLOAD = functionPayload(RESTORED_LIBRARY);

export const RESTORE_GENERATORS: ReadonlyArray<readonly [number, Generator]> = [
  [3, restore],
  [1, (r) => ['FUNCTION', 'RESTORE', FUNCTION_PAYLOAD, ...pick(r, [[], ['APPEND'], ['REPLACE'], ['FLUSH']])]],
  [0.2, () => ['FUNCTION', 'FLUSH']],
];
