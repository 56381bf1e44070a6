/**
 * The dataset of the RDB interop tests and the one comparison they all use. `DATASET` holds
 * every value kind Redis 7.0 saves, in its small and large encodings: strings (integers, binary,
 * long and LZF-compressible ones), lists (one node, many nodes, nodes of one big element), sets
 * (intsets of 16/32/64-bit integers, hash tables), sorted sets (listpacks, skiplists, long
 * members, every kind of score), hashes (listpacks, hash tables), streams (consumer groups,
 * pending entries, several consumers — one with nothing pending —, deleted entries, many nodes,
 * an emptied stream, XSETID), HyperLogLogs (sparse, dense, empty, merged), geo sets, four
 * databases, expiry times and two function libraries. Stream IDs are explicit, so only
 * delivery and seen times depend on the clock.
 *
 * `describeDataset` reads a whole server through type-appropriate commands (the same ones on
 * either server): per key its TYPE, contents, PEXPIRETIME and OBJECT ENCODING — for a stream
 * XINFO STREAM FULL, for an HLL PFCOUNT and its bytes —, plus FUNCTION LIST WITHCODE. Two
 * descriptions are equal exactly when the two servers hold the same data; `expectSameDataset`
 * compares them key by key so that a difference names its key.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { ErrorReply, MapReply, SimpleString, type Reply } from '@ballast/core';

const FIXTURE = new URL('../../../core/test/rdb/fixtures/dataset.commands', import.meta.url);
/** A far-future expiry (2100-01-01), so no key expires while a test runs. */
const EXPIRE_AT_MS = 4_102_444_800_500;
/** Databases a description reads (redis-server's default count). */
export const DATABASES = 16;

/** redis-cli's splitting of a line: words and "…" with \n and \xHH escapes (as the fixture script writes them). */
export function splitArgs(line: string): string[] {
  const args: string[] = [];
  for (const match of line.matchAll(/"((?:[^"\\]|\\.)*)"|(\S+)/g)) {
    args.push(match[2] ?? match[1].replace(/\\x([0-9a-f]{2})|\\(.)/gi, (_, hex: string | undefined, char: string) =>
      (hex !== undefined ? String.fromCharCode(parseInt(hex, 16)) : ({ n: '\n', r: '\r', t: '\t' } as Record<string, string>)[char] ?? char)));
  }
  return args;
}

const range = (count: number, make: (index: number) => string[]): string[] => Array.from({ length: count }, (_, index) => make(index)).flat();

/** Streams: groups, pending entries, several consumers, deletions, many nodes, an emptied stream, XSETID. */
const STREAMS: string[][] = [
  ['XADD', 'stream:small', '1-1', 'name', 'alice', 'score', '1'],
  ['XADD', 'stream:small', '1-2', 'name', 'bob', 'score', '2'],
  ['XADD', 'stream:small', '2-0', 'name', 'carol'],
  ['XADD', 'stream:small', '3-0', 'name', 'dave', 'score', '4', 'extra', '\u0000\u00ff'],
  ['XADD', 'stream:small', '4-0', 'name', 'erin', 'score', '-5'],
  ['XADD', 'stream:small', '5-0', 'n', '12345678901234567890'],
  ['XDEL', 'stream:small', '2-0'],
  ['XGROUP', 'CREATE', 'stream:small', 'readers', '0'],
  ['XGROUP', 'CREATE', 'stream:small', 'late', '$'],
  ['XGROUP', 'CREATE', 'stream:small', 'middle', '1-2', 'ENTRIESREAD', '2'],
  ['XREADGROUP', 'GROUP', 'readers', 'alice', 'COUNT', '2', 'STREAMS', 'stream:small', '>'],
  ['XREADGROUP', 'GROUP', 'readers', 'bob', 'COUNT', '2', 'STREAMS', 'stream:small', '>'],
  ['XREADGROUP', 'GROUP', 'readers', 'carol', 'COUNT', '1', 'STREAMS', 'stream:small', '>'],
  ['XACK', 'stream:small', 'readers', '1-1'],
  ['XCLAIM', 'stream:small', 'readers', 'dave', '0', '1-2', 'RETRYCOUNT', '7'],
  ['XGROUP', 'CREATECONSUMER', 'stream:small', 'readers', 'erin'],
  ['XREADGROUP', 'GROUP', 'middle', 'alice', 'NOACK', 'STREAMS', 'stream:small', '>'],
  ['XREADGROUP', 'GROUP', 'late', 'zed', 'STREAMS', 'stream:small', '>'],
  // 1500 entries over many nodes, alternating field sets (SAMEFIELDS and not), trimmed at the front.
  ...Array.from({ length: 1500 }, (_, i) => (i % 3 === 0
    ? ['XADD', 'stream:big', `${1000 + i}-${i % 4}`, 'f', `v${i}`, 'g', String(i * 7)]
    : ['XADD', 'stream:big', `${1000 + i}-${i % 4}`, 'field', 'x'.repeat(i % 50), 'n', String(-i)])),
  ['XTRIM', 'stream:big', 'MINID', '1100'],
  ['XDEL', 'stream:big', '1200-0', '1301-1', '1302-2'],
  ['XGROUP', 'CREATE', 'stream:big', 'workers', '0'],
  ['XREADGROUP', 'GROUP', 'workers', 'w1', 'COUNT', '300', 'STREAMS', 'stream:big', '>'],
  ['XREADGROUP', 'GROUP', 'workers', 'w2', 'COUNT', '200', 'STREAMS', 'stream:big', '>'],
  ['XACK', 'stream:big', 'workers', ...range(100, (i) => [`${1150 + i}-${(150 + i) % 4}`])],
  ['PEXPIREAT', 'stream:big', String(EXPIRE_AT_MS)],
  ['XADD', 'stream:emptied', '7-0', 'a', '1'],
  ['XDEL', 'stream:emptied', '7-0'],
  ['XGROUP', 'CREATE', 'stream:emptied', 'g', '$'],
  ['XADD', 'stream:setid', '1-0', 'a', '1'],
  ['XADD', 'stream:setid', '2-0', 'b', '2'],
  ['XSETID', 'stream:setid', '50-5', 'ENTRIESADDED', '40', 'MAXDELETEDID', '9-0'],
  ['XADD', 'stream:capped', 'MAXLEN', '3', '1-0', 'a', '1'],
  ...Array.from({ length: 6 }, (_, i) => ['XADD', 'stream:capped', 'MAXLEN', '3', `${i + 2}-0`, 'a', String(i)]),
];

/** HyperLogLogs (sparse, dense, empty, merged; every cached count refreshed), geo sets, more strings and lists. */
const MORE: string[][] = [
  ['PFADD', 'hll:sparse', 'a', 'b', 'c', 'hello', ''],
  ['PFADD', 'hll:dense', ...Array.from({ length: 4000 }, (_, i) => `e${i}`)],
  ['PFADD', 'hll:empty'],
  ['PFMERGE', 'hll:merged', 'hll:sparse', 'hll:dense'],
  ['PFADD', 'hll:ttl', 'x', 'y'],
  ['PEXPIREAT', 'hll:ttl', String(EXPIRE_AT_MS)],
  ['GEOADD', 'geo:small', '13.361389', '38.115556', 'Palermo', '15.087269', '37.502669', 'Catania'],
  ['GEOADD', 'geo:big', ...range(200, (i) => [String(-170 + i * 1.7), String(-80 + i * 0.8), `place:${i}`])],
  ['SET', 'str:compressible', 'abc'.repeat(5000)],
  ['SET', 'str:allbytes', Array.from({ length: 256 * 4 }, (_, i) => String.fromCharCode(i % 256)).join('')],
  ['SET', 'str:exp-int', '77', 'PXAT', String(EXPIRE_AT_MS)],
  ['RPUSH', 'list:fat', 'a'.repeat(10_000), 'b'.repeat(9000), 'small', 'c'.repeat(20_000)],
  ['SADD', 'set:int16', '1', '-32768', '32767'],
  ['HSET', 'hash:ttl', 'a', '1'],
  ['PEXPIREAT', 'hash:ttl', String(EXPIRE_AT_MS)],
  ['SELECT', '15'],
  ['XADD', 'db15:stream', '1-0', 'k', 'v'],
  ['PFADD', 'db15:hll', 'one'],
  ['SADD', 'db15:set', 'x'],
  ['SELECT', '0'],
];

/** The fixture's commands (every non-stream type, three databases, two libraries), then the streams, HLLs and geo sets. */
export const DATASET: readonly string[][] = [
  ...readFileSync(FIXTURE, 'latin1').trim().split('\n').map(splitArgs),
  ['SELECT', '0'],
  ...STREAMS,
  ...MORE,
];

export type Call = (...args: string[]) => Promise<Reply>;

/** Runs the dataset's commands; any error reply fails the test naming the command. */
export async function loadDataset(call: Call, commands: readonly string[][] = DATASET): Promise<void> {
  for (const command of commands) {
    const reply = await call(...command);
    if (reply instanceof ErrorReply) throw new Error(`${command.join(' ').slice(0, 80)}: ${reply.message}`);
  }
}

/** A reply as plain data: simple strings unwrapped, maps as pairs, big numbers as text. */
function plain(reply: Reply): unknown {
  if (reply instanceof SimpleString) return reply.value;
  if (reply instanceof ErrorReply) return `error: ${reply.message}`;
  if (reply instanceof MapReply) return reply.entries.map(([label, value]) => [plain(label), plain(value)]);
  if (Array.isArray(reply)) return reply.map(plain);
  if (typeof reply === 'bigint') return String(reply);
  return reply;
}

/** XINFO STREAM FULL without radix-tree-nodes, which counts the nodes of Redis's radix tree (a memory layout, not data). */
function streamInfo(reply: Reply): unknown {
  const flat = plain(reply) as unknown[];
  const fields: unknown[] = [];
  for (let i = 0; i < flat.length; i += 2) if (flat[i] !== 'radix-tree-nodes') fields.push(flat[i], flat[i + 1]);
  return fields;
}

const sorted = (items: unknown[]): string[] => items.map(String).sort();

function pairs(flat: unknown[]): string[] {
  const result: string[] = [];
  for (let i = 0; i < flat.length; i += 2) result.push(`${String(flat[i])}=${String(flat[i + 1])}`);
  return result.sort();
}

/** What one key holds, read the same way from either server (SELECT already done). */
export async function describeKey(call: Call, key: string): Promise<Record<string, unknown>> {
  const type = plain(await call('TYPE', key)) as string;
  // Before the reads: PFCOUNT turns an HLL's embstr into raw in Redis (dbUnshareStringValue), not in Ballast.
  const encoding = plain(await call('OBJECT', 'ENCODING', key));
  let value: unknown;
  if (type === 'string') {
    value = plain(await call('GET', key));
    // An HLL: PFCOUNT first (it may refresh the cached count in the bytes, on either server alike), then its bytes.
    if (typeof value === 'string' && value.startsWith('HYLL')) value = { count: plain(await call('PFCOUNT', key)), bytes: plain(await call('GET', key)) };
  } else if (type === 'list') {
    value = plain(await call('LRANGE', key, '0', '-1'));
  } else if (type === 'set') {
    value = sorted(plain(await call('SMEMBERS', key)) as unknown[]);
  } else if (type === 'zset') {
    value = plain(await call('ZRANGE', key, '0', '-1', 'WITHSCORES'));
  } else if (type === 'hash') {
    value = pairs(plain(await call('HGETALL', key)) as unknown[]);
  } else if (type === 'stream') {
    value = streamInfo(await call('XINFO', 'STREAM', key, 'FULL', 'COUNT', '0'));
  } else {
    throw new Error(`${key}: unexpected type ${type}`);
  }
  return { type, value, pexpiretime: plain(await call('PEXPIRETIME', key)), encoding };
}

export interface DatasetDescription {
  /** `<database>:<key>` → the key's description, in key order. */
  readonly keys: Record<string, Record<string, unknown>>;
  /** FUNCTION LIST WITHCODE, one JSON text per library, sorted. */
  readonly functions: string[];
}

/** Every key of every database, and the function libraries; leaves the connection on database 0. */
export async function describeDataset(call: Call): Promise<DatasetDescription> {
  const keys: Record<string, Record<string, unknown>> = {};
  for (let database = 0; database < DATABASES; database++) {
    await call('SELECT', String(database));
    for (const key of sorted(plain(await call('KEYS', '*')) as unknown[])) keys[`${database}:${key}`] = await describeKey(call, key);
  }
  await call('SELECT', '0');
  const functions = (plain(await call('FUNCTION', 'LIST', 'WITHCODE')) as unknown[]).map((library) => JSON.stringify(library)).sort();
  return { keys, functions };
}

/** A stream's description without radix-tree-keys (its node count). */
function withoutNodeCount(description: Record<string, unknown>): Record<string, unknown> {
  if (description.type !== 'stream') return description;
  const fields = description.value as unknown[];
  const index = fields.indexOf('radix-tree-keys');
  return { ...description, value: [...fields.slice(0, index), ...fields.slice(index + 2)] };
}

/**
 * Fails, naming the key, unless `actual` holds exactly what `expected` holds. A stream's node
 * layout (radix-tree-keys) is compared too unless `streamNodes` is false: loading a dump keeps
 * the nodes it holds, replaying a log packs the entries into nodes afresh (Redis too).
 */
export function expectSameDataset(actual: DatasetDescription, expected: DatasetDescription, label: string, options: { streamNodes?: boolean } = {}): void {
  const comparable = options.streamNodes === false ? withoutNodeCount : (description: Record<string, unknown>) => description;
  expect(Object.keys(actual.keys), `${label}: the keys`).toEqual(Object.keys(expected.keys));
  for (const [key, description] of Object.entries(expected.keys)) expect(comparable(actual.keys[key]), `${label}: ${key}`).toEqual(comparable(description));
  expect(actual.functions, `${label}: FUNCTION LIST WITHCODE`).toEqual(expected.functions);
}
