/**
 * The value codec: any value of every non-stream type and encoding size class survives DUMP and
 * RESTORE with its contents and its compact flag (property test, with and without compression,
 * under random list node sizes and compress depths); the encodings only older Redis versions
 * wrote (LIST, ZSET with text scores, ziplists, zipmaps, QUICKLIST with ziplist nodes) load and
 * convert as Redis converts them; and what Redis refuses is refused, with Redis's error texts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeDumpPayload, encodeDumpPayload } from '../../src/rdb/dump-payload.js';
import { Crc64 } from '../../src/rdb/crc64.js';
import { encodeIntset, decodeIntset } from '../../src/rdb/intset.js';
import { encodeListpack } from '../../src/rdb/listpack.js';
import { RdbOutput } from '../../src/rdb/rdb-output.js';
import { decodeZiplist } from '../../src/rdb/ziplist.js';
import { decodeZipmap } from '../../src/rdb/zipmap.js';
import { anyValue, describeValue, REDIS_LIMITS } from './rdb-test-support.js';

const latin1 = (bytes: Uint8Array) => String.fromCharCode(...bytes);

/** A DUMP payload around a body written by `write`. */
function payload(write: (output: RdbOutput) => void, version = 10): string {
  const output = new RdbOutput();
  write(output);
  output.u8(version & 0xff);
  output.u8(version >> 8);
  const body = output.take();
  return latin1(body) + latin1(new Crc64().update(body).littleEndian());
}

function restore(text: string) {
  return decodeDumpPayload(text, REDIS_LIMITS);
}

/** A ziplist as Redis 6 built them: strings, and integers where `integers` says so. */
function ziplist(entries: (string | bigint)[]): Uint8Array {
  const parts: number[][] = [];
  let previous = 0;
  let tail = 10;
  let offset = 10;
  for (const entry of entries) {
    const head = previous < 254 ? [previous] : [0xfe, previous & 0xff, (previous >> 8) & 0xff, (previous >> 16) & 0xff, previous >>> 24];
    let body: number[];
    if (typeof entry === 'bigint') {
      const small = entry >= 0n && entry <= 12n;
      const width = small ? 0 : entry >= -128n && entry <= 127n ? 1 : entry >= -32768n && entry <= 32767n ? 2 : entry >= -(2n ** 23n) && entry < 2n ** 23n ? 3 : entry >= -(2n ** 31n) && entry < 2n ** 31n ? 4 : 8;
      const encoding = small ? 0xf1 + Number(entry) : ({ 1: 0xfe, 2: 0xc0, 3: 0xf0, 4: 0xd0, 8: 0xe0 } as Record<number, number>)[width];
      let unsigned = BigInt.asUintN(Math.max(width, 1) * 8, entry);
      body = [encoding];
      for (let i = 0; i < width; i++, unsigned >>= 8n) body.push(Number(unsigned & 0xffn));
    } else {
      const length = entry.length;
      body = length < 64 ? [length] : length < 16384 ? [0x40 | (length >> 8), length & 0xff] : [0x80, length >>> 24, (length >> 16) & 0xff, (length >> 8) & 0xff, length & 0xff];
      for (const char of entry) body.push(char.charCodeAt(0));
    }
    const bytes = [...head, ...body];
    parts.push(bytes);
    tail = offset;
    offset += bytes.length;
    previous = bytes.length;
  }
  const total = offset + 1;
  const header = [total, total >> 8, total >> 16, total >>> 24].map((byte) => byte & 0xff);
  const tailBytes = [tail, tail >> 8, tail >> 16, tail >>> 24].map((byte) => byte & 0xff);
  return Uint8Array.from([...header, ...tailBytes, entries.length & 0xff, (entries.length >> 8) & 0xff, ...parts.flat(), 0xff]);
}

/** A zipmap as Redis 2.4 built them (each value with `free` unused bytes after it). */
function zipmap(pairs: [string, string][], free = 0): Uint8Array {
  const length = (n: number) => (n < 254 ? [n] : [254, n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24]);
  const bytes: number[] = [Math.min(pairs.length, 254)];
  for (const [field, value] of pairs) {
    bytes.push(...length(field.length), ...[...field].map((char) => char.charCodeAt(0)));
    bytes.push(...length(value.length), free, ...[...value].map((char) => char.charCodeAt(0)), ...new Array<number>(free).fill(0));
  }
  return Uint8Array.from([...bytes, 0xff]);
}

describe('value codec', () => {
  it('round-trips any value through DUMP and RESTORE, compact flag included', () => {
    const limits = fc.record({ listMaxListpackSize: fc.oneof(fc.integer({ min: -5, max: -1 }), fc.integer({ min: 1, max: 300 })), listCompressDepth: fc.nat(3) });
    fc.assert(fc.property(anyValue, fc.boolean(), limits, (value, compression, listLimits) => {
      const encoded = encodeDumpPayload(value, { compression, limits: { ...REDIS_LIMITS, ...listLimits } });
      const decoded = restore(encoded);
      if (!('value' in decoded)) throw new Error(`${decoded.error}: ${decoded.detail}`);
      expect(describeValue(decoded.value)).toBe(describeValue(value));
    }), { numRuns: 300 });
  });

  it('reads RDB 1-era plain types: LIST, SET, ZSET with text scores, HASH', () => {
    const list = restore(payload((out) => { out.u8(1); out.lengthValue(3); for (const element of ['a', '12', 'c']) out.string(element); }));
    expect('value' in list && describeValue(list.value)).toBe('list ["a","12","c"]');
    const zset = restore(payload((out) => {
      out.u8(3);
      out.lengthValue(3);
      out.string('a'); out.u8(3); out.writer.byteString('1.5');
      out.string('b'); out.u8(254);
      out.string('c'); out.u8(255);
    }));
    expect('value' in zset && describeValue(zset.value)).toBe('zset compact=true [["c","-Infinity"],["a","1.5"],["b","Infinity"]]');
    const set = restore(payload((out) => { out.u8(2); out.lengthValue(2); out.string('1'); out.string('2'); }));
    expect('value' in set && describeValue(set.value)).toBe('set compact=true ["1","2"]');
    const hash = restore(payload((out) => { out.u8(4); out.lengthValue(1); out.string('f'); out.string('x'.repeat(65)); }));
    expect('value' in hash && describeValue(hash.value)).toBe(`hash compact=false [["f","${'x'.repeat(65)}"]]`);
  });

  it('reads ziplists, zipmaps and ziplist quicklists, converting as Redis 7.0 does', () => {
    const entries: (string | bigint)[] = ['a', 0n, 12n, -1n, 200n, -30000n, 8000000n, 2n ** 31n - 1n, -(2n ** 63n), 'x'.repeat(300), 'y'.repeat(20000)];
    expect(decodeZiplist(ziplist(entries))).toEqual(entries.map(String));
    const big = Array.from({ length: 300 }, (_, i) => `e${i}`);
    expect(decodeZiplist(ziplist(big))).toEqual(big);
    const listZiplist = restore(payload((out) => { out.u8(10); out.blob(ziplist(['a', 5n])); }));
    expect('value' in listZiplist && describeValue(listZiplist.value)).toBe('list ["a","5"]');
    const quicklist = restore(payload((out) => { out.u8(14); out.lengthValue(3); out.blob(ziplist(['a'])); out.blob(ziplist([])); out.blob(ziplist(['b', 7n])); }));
    expect('value' in quicklist && describeValue(quicklist.value)).toBe('list ["a","b","7"]');
    const zsetZiplist = restore(payload((out) => { out.u8(12); out.blob(ziplist(['m', 3n, 'n', '2.5'])); }));
    expect('value' in zsetZiplist && describeValue(zsetZiplist.value)).toBe('zset compact=true [["n","2.5"],["m","3"]]');
    const hashZiplist = restore(payload((out) => { out.u8(13); out.blob(ziplist(['f', 1n, 'g', 'v'])); }));
    expect('value' in hashZiplist && describeValue(hashZiplist.value)).toBe('hash compact=true [["f","1"],["g","v"]]');
    expect(decodeZipmap(zipmap([['f', 'v'], ['long', 'w'.repeat(300)]], 2))).toEqual(['f', 'v', 'long', 'w'.repeat(300)]);
    const hashZipmap = restore(payload((out) => { out.u8(9); out.blob(zipmap([['f', 'w'.repeat(65)]])); }));
    expect('value' in hashZipmap && describeValue(hashZipmap.value)).toBe(`hash compact=false [["f","${'w'.repeat(65)}"]]`);
  });

  it('keeps encodings Redis keeps: a loaded listpack zset with a long member stays compact (only counts are checked)', () => {
    const loaded = restore(payload((out) => { out.u8(17); out.blob(encodeListpack(['m'.repeat(100), '1'])); }));
    expect('value' in loaded && describeValue(loaded.value)).toBe(`zset compact=true [["${'m'.repeat(100)}","1"]]`);
    const manyMembers = Array.from({ length: 129 }, (_, i) => [`m${i}`, String(i)]).flat();
    const converted = restore(payload((out) => { out.u8(17); out.blob(encodeListpack(manyMembers)); }));
    expect('value' in converted && describeValue(converted.value).startsWith('zset compact=false')).toBe(true);
    const wideIntset = restore(payload((out) => { out.u8(11); out.blob(encodeIntset(Array.from({ length: 513 }, (_, i) => String(i)))!); }));
    expect('value' in wideIntset && describeValue(wideIntset.value).startsWith('set compact=false')).toBe(true);
  });

  it('encodes intsets with the narrowest width and refuses bad ones', () => {
    expect([...encodeIntset(['3', '-1'])!]).toEqual([2, 0, 0, 0, 2, 0, 0, 0, 0xff, 0xff, 3, 0]);
    expect(encodeIntset(['1', 'a'])).toBeUndefined();
    expect(decodeIntset(encodeIntset(['5000000000', '-7'])!)).toEqual(['-7', '5000000000']);
    expect(() => decodeIntset(Uint8Array.of(2, 0, 0, 0, 2, 0, 0, 0, 3, 0, 3, 0))).toThrow(/out of order or duplicated/);
    expect(() => decodeIntset(Uint8Array.of(2, 0, 0, 0, 0, 0, 0, 0))).toThrow(/intset is empty/);
    expect(() => decodeIntset(Uint8Array.of(3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0))).toThrow(/unknown encoding 3/);
  });

  it('refuses what Redis refuses, with Redis\'s texts', () => {
    const bad = 'Bad data format';
    const cases: [string, (out: RdbOutput) => void][] = [
      ['duplicate set member', (out) => { out.u8(2); out.lengthValue(2); out.string('a'); out.string('a'); }],
      ['duplicate hash field', (out) => { out.u8(4); out.lengthValue(2); out.string('f'); out.string('1'); out.string('f'); out.string('2'); }],
      ['duplicate zset member', (out) => { out.u8(5); out.lengthValue(2); out.string('m'); out.binaryDouble(1); out.string('m'); out.binaryDouble(2); }],
      ['NaN score', (out) => { out.u8(5); out.lengthValue(1); out.string('m'); out.binaryDouble(Number.NaN); }],
      ['duplicate listpack hash field', (out) => { out.u8(16); out.blob(encodeListpack(['f', '1', 'f', '2'])); }],
      ['odd listpack hash', (out) => { out.u8(16); out.blob(encodeListpack(['f', '1', 'g'])); }],
      ['empty hash', (out) => { out.u8(4); out.lengthValue(0); }],
      ['empty listpack zset', (out) => { out.u8(17); out.blob(encodeListpack([])); }],
      ['empty quicklist', (out) => { out.u8(18); out.lengthValue(0); }],
      ['quicklist node of unknown container', (out) => { out.u8(18); out.lengthValue(1); out.lengthValue(3); out.blob(encodeListpack(['a'])); }],
      ['quicklist node empty string', (out) => { out.u8(18); out.lengthValue(1); out.lengthValue(2); out.lengthValue(0); }],
      ['module value', (out) => { out.u8(7); out.lengthValue(1); }],
      ['type 8', (out) => { out.u8(8); }],
      ['type 20', (out) => { out.u8(20); }],
      ['truncated string', (out) => { out.u8(0); out.lengthValue(100); }],
      ['bad zset score text', (out) => { out.u8(17); out.blob(encodeListpack(['m', 'abc'])); }],
    ];
    for (const [name, write] of cases) expect(restore(payload(write)), name).toMatchObject({ error: bad });
    expect(restore(payload((out) => { out.u8(0); out.string('x'); }, 11))).toEqual({ error: 'DUMP payload version or checksum are wrong' });
    const good = payload((out) => { out.u8(0); out.string('x'); });
    expect(restore(good.slice(0, -1) + String.fromCharCode(good.charCodeAt(good.length - 1) ^ 1))).toEqual({ error: 'DUMP payload version or checksum are wrong' });
    expect(restore('short')).toEqual({ error: 'DUMP payload version or checksum are wrong' });
    expect(restore(payload((out) => { out.u8(0); out.string('x'); }, 9))).toEqual({ value: 'x' });
  });
});
