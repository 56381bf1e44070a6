/**
 * Against redis-server 7.0.15's own files (fixtures/, made by fixtures/make-fixtures.sh): the
 * dataset's commands replayed into Ballast give the contents the fixture dump loads to; every
 * per-key DUMP payload decodes to the same value with the encoding Redis reported; and Ballast
 * encodes each value to redis-server's DUMP payload byte for byte, with and without
 * rdbcompression, wherever the encoding fixes the order (all but hash-table sets and hashes,
 * whose order is Redis's dict order).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Value } from '../../src/keyspace/values.js';
import { decodeDumpPayload, encodeDumpPayload } from '../../src/rdb/dump-payload.js';
import { RdbFileLoader, type RdbRecord } from '../../src/rdb/rdb-file-loader.js';
import { createTestEngine } from '../support/test-engine.js';
import { bytesToHex, describeValue, hexToByteString, REDIS_CONFIG, REDIS_LIMITS, splitArgs } from './rdb-test-support.js';

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url);

interface RedisDump { compression: boolean; database: number; key: string; encoding: string; hex: string }

const dumps: RedisDump[] = readFileSync(fixture('dumps.txt'), 'latin1').trim().split('\n').map((line) => {
  const [compression, database, key, encoding, hex] = line.split(' ');
  return { compression: compression === 'yes', database: Number(database), key, encoding, hex };
});

/** The dataset as Ballast builds it from the same commands. */
function ballastDataset() {
  const { engine, client } = createTestEngine({ config: REDIS_CONFIG });
  const connection = client();
  for (const line of readFileSync(fixture('dataset.commands'), 'latin1').trim().split('\n')) {
    const reply = connection.call(...splitArgs(line));
    expect(reply, line.slice(0, 60)).not.toBeInstanceOf(Error);
  }
  const keys = new Map<string, { value: Value; expireAtMs: number | undefined }>();
  engine.shards[0].forEach((database, index) => {
    for (const [key, value] of database.entries.entries()) keys.set(`${index} ${key}`, { value, expireAtMs: database.getExpire(key) });
  });
  return { keys, libraries: engine.scripting.libraryCodes().sort() };
}

const COMPACT_ENCODINGS = new Set(['listpack', 'intset']);

function compactOf(value: Value): boolean | undefined {
  return typeof value === 'string' || !('compact' in value) ? undefined : value.compact;
}

function loadFile(bytes: Uint8Array, splitBytes: number): RdbRecord[] {
  const loader = new RdbFileLoader({ databases: 16, limits: REDIS_LIMITS });
  const records: RdbRecord[] = [];
  for (let at = 0; at < bytes.length; at += splitBytes) records.push(...loader.feed(bytes.subarray(at, at + splitBytes)));
  records.push(...loader.end());
  return records;
}

describe('redis-server 7.0.15 fixtures', () => {
  const expected = ballastDataset();

  for (const name of ['dataset.rdb', 'dataset-compressed.rdb']) {
    it(`${name} loads to the dataset, whole and in small chunks`, () => {
      const bytes = new Uint8Array(readFileSync(fixture(name)));
      for (const split of [bytes.length, 7, 1000]) {
        const records = loadFile(bytes, split);
        const aux = new Map(records.flatMap((record) => (record.kind === 'aux' ? [[record.key, record.value]] : [])));
        expect(aux.get('redis-ver')).toBe('7.0.15');
        expect(aux.get('redis-bits')).toBe('64');
        expect(aux.get('aof-base')).toBe('0');
        expect(records.flatMap((record) => (record.kind === 'function' ? [record.code] : [])).sort()).toEqual(expected.libraries);
        const keys = records.flatMap((record) => (record.kind === 'key' ? [record] : []));
        expect(keys.length).toBe(expected.keys.size);
        for (const record of keys) {
          const want = expected.keys.get(`${record.database} ${record.key}`);
          expect(want, record.key).toBeDefined();
          expect(describeValue(record.value), record.key).toBe(describeValue(want!.value));
          expect(record.expireAtMs, record.key).toBe(want!.expireAtMs);
        }
        const resizes = records.flatMap((record) => (record.kind === 'resize' ? [[record.database, record.keys, record.expires]] : []));
        expect(resizes).toEqual([[0, 25, 1], [1, 3, 1], [5, 2, 1]]);
      }
    });
  }

  it('every DUMP payload decodes to the dataset\'s value with the encoding redis-server reported', () => {
    for (const dump of dumps) {
      const decoded = decodeDumpPayload(hexToByteString(dump.hex), REDIS_LIMITS);
      if (!('value' in decoded)) throw new Error(`${dump.key}: ${decoded.error} ${decoded.detail}`);
      const want = expected.keys.get(`${dump.database} ${dump.key}`)!.value;
      expect(describeValue(decoded.value), dump.key).toBe(describeValue(want));
      const compact = compactOf(decoded.value);
      if (compact !== undefined) expect(compact, `${dump.key} is ${dump.encoding}`).toBe(COMPACT_ENCODINGS.has(dump.encoding));
    }
  });

  it('Ballast\'s values encode to redis-server\'s DUMP payloads byte for byte (where the order is fixed)', () => {
    const checked: string[] = [];
    for (const dump of dumps) {
      if (dump.encoding === 'hashtable') continue;
      const value = expected.keys.get(`${dump.database} ${dump.key}`)!.value;
      const payload = encodeDumpPayload(value, { compression: dump.compression, limits: REDIS_LIMITS });
      expect(bytesToHex(Uint8Array.from(payload, (char) => char.charCodeAt(0))), `${dump.key} rdbcompression ${dump.compression}`).toBe(dump.hex);
      checked.push(dump.key);
    }
    expect(checked.length).toBe(2 * 25);
  });

  it('Ballast\'s compact flags are the encodings redis-server reported', () => {
    for (const dump of dumps) {
      const compact = compactOf(expected.keys.get(`${dump.database} ${dump.key}`)!.value);
      if (compact !== undefined) expect(compact, `${dump.key} is ${dump.encoding}`).toBe(COMPACT_ENCODINGS.has(dump.encoding));
    }
  });
});
