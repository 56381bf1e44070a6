/**
 * The RDB file writer and loader. The writer reproduces redis-server 7.0.15's own dump byte for
 * byte when given its keys in its order and its AUX values (both fixtures, with and without
 * compression); any generated keyspace — shards sharing a database index, expiries, libraries —
 * loads back as written whatever the chunking; and the loader reads every opcode Redis reads and
 * refuses, with an RdbFormatError naming the offset, every file that is not complete and sound.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Value } from '../../src/keyspace/values.js';
import { Crc64 } from '../../src/rdb/crc64.js';
import { RdbFormatError } from '../../src/rdb/rdb-error.js';
import { RdbFileLoader, type RdbRecord } from '../../src/rdb/rdb-file-loader.js';
import { rdbFileChunks, type RdbDatabaseImage, type RdbImage } from '../../src/rdb/rdb-file-writer.js';
import { RdbOutput } from '../../src/rdb/rdb-output.js';
import { anyValue, describeValue, REDIS_LIMITS } from './rdb-test-support.js';

const AUX = { redisVersion: '7.0.15', ctimeSeconds: 1_700_000_000, usedMemoryBytes: 1_234_567, aofBase: false };

function write(image: RdbImage, options: { compression?: boolean; checksum?: boolean } = {}): Uint8Array {
  const chunks = [...rdbFileChunks(image, { compression: options.compression ?? false, checksum: options.checksum ?? true, limits: REDIS_LIMITS })];
  return Uint8Array.from(chunks.flatMap((chunk) => [...chunk]));
}

function load(bytes: Uint8Array, splits: number[] = [], databases = 16): RdbRecord[] {
  const loader = new RdbFileLoader({ databases, limits: REDIS_LIMITS });
  const records: RdbRecord[] = [];
  let at = 0;
  for (const cut of [...splits, bytes.length].sort((a, b) => a - b)) {
    records.push(...loader.feed(bytes.subarray(at, Math.max(at, cut))));
    at = Math.max(at, cut);
  }
  records.push(...loader.end());
  return records;
}

/** An RDB file: header, `write`'s records, EOF and the CRC. */
function file(write: (out: RdbOutput) => void, version = '0010'): Uint8Array {
  const out = new RdbOutput();
  out.writer.byteString(`REDIS${version}`);
  write(out);
  out.u8(255);
  const body = out.take();
  return Uint8Array.from([...body, ...new Crc64().update(body).littleEndian()]);
}

function imageOf(records: RdbRecord[], aux: Map<string, string>): RdbImage {
  const databases = new Map<number, { index: number; keys: string[]; values: Value[]; expireKeys: string[]; expireTimes: number[] }>();
  for (const record of records) {
    if (record.kind !== 'key') continue;
    let database = databases.get(record.database);
    if (database === undefined) databases.set(record.database, (database = { index: record.database, keys: [], values: [], expireKeys: [], expireTimes: [] }));
    database.keys.push(record.key);
    database.values.push(record.value);
    if (record.expireAtMs !== undefined) {
      database.expireKeys.push(record.key);
      database.expireTimes.push(record.expireAtMs);
    }
  }
  return {
    databases: [...databases.values()],
    functionLibraries: records.flatMap((record) => (record.kind === 'function' ? [record.code] : [])),
    aux: { redisVersion: aux.get('redis-ver')!, ctimeSeconds: Number(aux.get('ctime')), usedMemoryBytes: Number(aux.get('used-mem')), aofBase: false },
  };
}

function expectFormatError(run: () => unknown, reason: RegExp): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(RdbFormatError);
    expect((error as RdbFormatError).message).toMatch(reason);
    return;
  }
  throw new Error(`expected ${reason}`);
}

describe('RDB files', () => {
  for (const [name, compression] of [['dataset.rdb', false], ['dataset-compressed.rdb', true]] as const) {
    it(`writes redis-server's ${name} byte for byte from its keys in its order`, () => {
      const original = new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));
      const records = load(original);
      const aux = new Map(records.flatMap((record) => (record.kind === 'aux' ? [[record.key, record.value]] : [])));
      expect(Buffer.from(write(imageOf(records, aux), { compression })).equals(Buffer.from(original))).toBe(true);
    });
  }

  it('loads back any keyspace it wrote, shards merged under one SELECTDB, whatever the chunking', () => {
    const key = fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 12 });
    const part = fc.record({
      index: fc.constantFrom(0, 3, 15),
      entries: fc.uniqueArray(fc.tuple(key, anyValue, fc.option(fc.integer({ min: 0, max: 2 ** 45 }), { nil: undefined })), { maxLength: 6, selector: ([name]) => name }),
    });
    fc.assert(fc.property(fc.array(part, { maxLength: 4 }), fc.array(fc.string({ unit: 'binary-ascii', maxLength: 30 }), { maxLength: 2 }), fc.boolean(), fc.array(fc.nat(20_000), { maxLength: 5 }),
      (parts, libraries, compression, splits) => {
        const seen = new Set<string>();
        const databases: RdbDatabaseImage[] = parts.map(({ index, entries }) => {
          const unique = entries.filter(([name]) => !seen.has(`${index} ${name}`) && seen.add(`${index} ${name}`));
          const expiring = unique.filter(([, , expire]) => expire !== undefined);
          return { index, keys: unique.map(([name]) => name), values: unique.map(([, value]) => value), expireKeys: expiring.map(([name]) => name), expireTimes: expiring.map(([, , expire]) => expire!) };
        });
        const records = load(write({ databases, functionLibraries: libraries, aux: AUX }, { compression }), splits);
        const want = databases.flatMap((database) => database.keys.map((name, i) => {
          const expire = database.expireTimes[database.expireKeys.indexOf(name)];
          return `${database.index} ${JSON.stringify(name)} ${describeValue(database.values[i])} ${expire ?? '-'}`;
        })).sort();
        const got = records.flatMap((record) => (record.kind === 'key' ? [`${record.database} ${JSON.stringify(record.key)} ${describeValue(record.value)} ${record.expireAtMs ?? '-'}`] : [])).sort();
        expect(got).toEqual(want);
        expect(records.flatMap((record) => (record.kind === 'function' ? [record.code] : []))).toEqual(libraries);
        const resizes = records.flatMap((record) => (record.kind === 'resize' ? [record] : []));
        expect(resizes.map((record) => record.database)).toEqual([...new Set(databases.filter((database) => database.keys.length > 0).map((database) => database.index))].sort((a, b) => a - b));
        for (const resize of resizes) expect(resize.keys).toBe(want.filter((line) => line.startsWith(`${resize.database} `)).length);
      }), { numRuns: 60 });
  });

  it('writes the AUX fields Redis writes, replication ones included, and 8 zero bytes without checksums', () => {
    const replication = { streamDb: 2, id: 'a'.repeat(40), offset: 12345 };
    const bytes = write({ databases: [], functionLibraries: [], aux: { ...AUX, aofBase: true, replication } }, { checksum: false });
    expect(Buffer.from(bytes.subarray(bytes.length - 8)).toString('hex')).toBe('0000000000000000');
    const records = load(bytes);
    expect(records.flatMap((record) => (record.kind === 'aux' ? [`${record.key}=${record.value}`] : []))).toEqual([
      'redis-ver=7.0.15', 'redis-bits=64', 'ctime=1700000000', 'used-mem=1234567', 'repl-stream-db=2', `repl-id=${'a'.repeat(40)}`, 'repl-offset=12345', 'aof-base=1',
    ]);
  });

  it('reads EXPIRETIME, IDLE, FREQ, rc-era FUNCTION records and skips empty keys as Redis does', () => {
    const bytes = file((out) => {
      out.u8(246); out.string('lib'); out.string('LUA'); out.lengthValue(1); out.string('described'); out.string('return 1');
      out.u8(254); out.lengthValue(4);
      out.u8(253); out.writer.u32(1_700_000_000);
      out.u8(248); out.lengthValue(77);
      out.u8(0); out.string('k'); out.string('v');
      out.u8(249); out.u8(5);
      out.u8(4); out.string('empty'); out.lengthValue(0);
      out.u8(0); out.string('plain'); out.string('w');
    });
    const records = load(bytes);
    expect(records).toEqual([
      { kind: 'function', code: '#!LUA name=lib\nreturn 1' },
      { kind: 'key', database: 4, key: 'k', value: 'v', expireAtMs: 1_700_000_000_000, idleSeconds: 77 },
      { kind: 'empty-key', database: 4, key: 'empty' },
      { kind: 'key', database: 4, key: 'plain', value: 'w' },
    ]);
  });

  it('refuses files that are not complete and sound, naming the offset', () => {
    const good = write({ databases: [{ index: 0, keys: ['a', 'b'], values: ['1', 'x'.repeat(300)], expireKeys: [], expireTimes: [] }], functionLibraries: [], aux: AUX });
    for (let cut = 0; cut < good.length; cut++) expectFormatError(() => load(good.subarray(0, cut), [cut >> 1]), /unexpected end of file/);
    const badCrc = good.slice();
    badCrc[badCrc.length - 1] ^= 1;
    expectFormatError(() => load(badCrc), new RegExp(`bad CRC-64 at offset ${good.length - 8}`));
    expectFormatError(() => load(Uint8Array.from([...good, 0])), /trailing bytes after the end of the file/);
    const zeroed = good.slice();
    zeroed.fill(0, zeroed.length - 8);
    expect(load(zeroed).filter((record) => record.kind === 'key').length).toBe(2);
    expectFormatError(() => load(file((out) => out.u8(200))), /unknown opcode 200 at offset 9/);
    expectFormatError(() => load(file((out) => { out.u8(254); out.lengthValue(20); })), /database index 20 out of range \(16 databases\) at offset 9/);
    expectFormatError(() => load(file((out) => { for (let i = 0; i < 2; i++) { out.u8(0); out.string('k'); out.string('v'); } })), /duplicate key "k" in database 0 at offset 15/);
    const twice = file((out) => { for (let i = 0; i < 2; i++) { out.u8(0); out.string('k'); out.string('v'); } });
    const unchecked = new RdbFileLoader({ databases: 16, limits: REDIS_LIMITS, checkDuplicateKeys: false });
    expect([...unchecked.feed(twice), ...unchecked.end()].filter((record) => record.kind === 'key').length).toBe(2);
    expectFormatError(() => load(file((out) => { out.u8(247); out.lengthValue(1); })), /module auxiliary data/);
    expectFormatError(() => load(file((out) => { out.u8(7); out.string('modkey'); out.lengthValue(1); })), /key "modkey" holds a module value \(type 7\)/);
    expectFormatError(() => load(file(() => undefined, '0011')), /unsupported RDB version "0011" at offset 5/);
    expectFormatError(() => load(Uint8Array.from('RDB0010', (char) => char.charCodeAt(0))), /not an RDB file|unexpected end of file/);
    expectFormatError(() => load(Uint8Array.from('NOTREDIS0', (char) => char.charCodeAt(0))), /not an RDB file/);
    expect(load(file((out) => { out.u8(0); out.string('k'); out.string('v'); }, '0009')).length).toBe(1);
  });

  it('stays failed after an error', () => {
    const loader = new RdbFileLoader({ databases: 16, limits: REDIS_LIMITS });
    expect(() => loader.feed(Uint8Array.from('NOTREDIS0', (char) => char.charCodeAt(0)))).toThrow(RdbFormatError);
    expect(() => loader.feed(Uint8Array.of(1))).toThrow(/not an RDB file/);
    expect(() => loader.end()).toThrow(/not an RDB file/);
  });
});
