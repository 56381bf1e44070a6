/**
 * ballast-check-rdb on dumps written by core's RDB writer (every type, two databases, expiries
 * in the future and in the past, a function library, LZF strings; with and without a checksum),
 * read at several chunk sizes; on an empty collection, which a load skips; and on damaged
 * copies: cut at every few bytes, a byte flipped in a value, a bad CRC-64, an unknown opcode, a
 * module value, a database beyond --databases. Damage exits 2 with the offset, the reason and
 * the runbook; nothing is written.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkInProcess, dumpOf, reportLine } from './support.js';
import { inProcessEngine } from '../support/in-process-engine.js';

const NOW_MS = 1_800_000_000_000;
const LIBRARY = "#!lua name=checklib\nredis.register_function('answer', function() return 42 end)";

let directory: string;
let dump: Buffer;

function copy(name: string, bytes: Uint8Array): string {
  const file = path.join(directory, name);
  writeFileSync(file, bytes);
  return file;
}

beforeAll(() => {
  directory = mkdtempSync(path.join(os.tmpdir(), 'ballast-check-rdb-'));
  const { engine, call } = inProcessEngine({ shards: '2' });
  call('SET', 'string:plain', 'hello-value');
  call('SET', 'string:number', '12345');
  call('SET', 'string:long', 'abc'.repeat(200));
  call('PFADD', 'hll', 'a', 'b', 'c');
  call('PEXPIREAT', 'string:plain', String(NOW_MS + 3_600_000));
  call('RPUSH', 'list', 'a', 'b', 'c');
  call('SADD', 'set:ints', '1', '2', '3');
  call('SADD', 'set:words', ...Array.from({ length: 600 }, (_, i) => `member-${i}`));
  call('HSET', 'hash', 'field', 'value');
  call('ZADD', 'zset', '1', 'one', '2.5', 'two');
  call('XADD', 'stream', '1-1', 'field', 'value');
  call('XGROUP', 'CREATE', 'stream', 'group', '0');
  call('SELECT', '2');
  call('SET', 'other', 'db2');
  call('FUNCTION', 'LOAD', LIBRARY);
  dump = dumpOf(engine, { checksum: true, extraExpires: new Map([['string:number', 1000]]) });
  copy('dump.rdb', dump);
});

afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('ballast-check-rdb on a dump written by core', () => {
  it('reports the AUX fields, the library, the keys per type and database, the expiries and the checksum', async () => {
    const { code, out, error } = await checkInProcess([path.join(directory, 'dump.rdb')], { nowMs: NOW_MS });
    expect(error).toBe('');
    expect(code).toBe(0);
    expect(out).toContain(`RDB file: ${path.join(directory, 'dump.rdb')}\nSize: ${dump.length} bytes\nFormat: RDB version 10\n`);
    expect(out).toContain([
      'AUX fields: 5',
      "  redis-ver = '7.0.15'",
      "  redis-bits = '64'",
      "  ctime = '1700000000' (2023-11-14T22:13:20.000Z)",
      "  used-mem = '1000000'",
      "  aof-base = '0'",
      'Function libraries: 1',
      '  checklib (engine lua)',
      'Databases: 2',
      '  db 0: 10 keys (string 4, list 1, set 2, zset 1, hash 1, stream 1), 2 with an expiry, 1 already expired',
      '  db 2: 1 key (string 1), 0 with an expiry, 0 already expired',
      `Keys: 11, 2 with an expiry, 1 already expired at ${new Date(NOW_MS).toISOString()}`,
      'A start loads 10 keys and 1 function library (the 1 already expired are skipped)',
      'Checksum: CRC-64 verified',
      'Verdict: OK',
    ].join('\n'));
  });

  it('gives the same report whatever the chunk size it reads in', async () => {
    const whole = await checkInProcess([directory], { nowMs: NOW_MS });
    for (const readBytes of [1, 7, 64, 4096]) expect((await checkInProcess([directory], { nowMs: NOW_MS, readBytes })).out).toBe(whole.out);
  });

  it('says when the checksum is absent (rdbchecksum no: stored as 0)', async () => {
    const { engine, call } = inProcessEngine({ shards: '2' });
    call('SET', 'k', 'v');
    const file = copy('no-checksum.rdb', dumpOf(engine, { checksum: false }));
    const { code, out } = await checkInProcess([file]);
    expect(code).toBe(0);
    expect(reportLine(out, 'Checksum:')).toBe('Checksum: absent (stored as 0: written with rdbchecksum no; not verified)');
    expect(reportLine(out, 'Function libraries:')).toBe('Function libraries: 0');
  });

  it('counts the empty collections a load skips (Redis 7.0 could write them)', async () => {
    // SELECTDB 0, an empty set "e", a set "s" of one member, EOF, no checksum.
    const body = [0xfe, 0x00, 0x02, 0x01, 0x65, 0x00, 0x02, 0x01, 0x73, 0x01, 0x01, 0x61, 0xff];
    const file = copy('empty-key.rdb', Buffer.concat([Buffer.from('REDIS0010', 'latin1'), Buffer.from(body), Buffer.alloc(8)]));
    const { code, out } = await checkInProcess([file]);
    expect(code, out).toBe(0);
    expect(reportLine(out, 'db 0:')).toBe('db 0: 1 key (set 1), 0 with an expiry, 0 already expired, 1 empty key skipped');
    expect(reportLine(out, 'Empty keys:')).toBe('Empty keys: 1 (empty collections; a load skips them, as Redis does)');
  });
});

describe('ballast-check-rdb on damaged copies', () => {
  async function expectDamage(file: string, offset: number, reason: string, argv: string[] = []): Promise<string> {
    const before = readFileSync(file);
    const { code, out, error } = await checkInProcess([...argv, file], { nowMs: NOW_MS });
    expect(error).toBe('');
    expect(code, out).toBe(2);
    expect(reportLine(out, 'Damage:')).toBe(`Damage: at offset ${offset} of ${before.length}: ${reason}`);
    expect(reportLine(out, 'Checksum:')).toBe('Checksum: not reached');
    expect(out.trimEnd().split('\n').at(-1)).toBe(`Verdict: DAMAGED at offset ${offset} (ballast-server refuses to start on this dump and leaves it unchanged; `
      + 'see the runbook apps/docs/runbooks/backup-restore.md)');
    expect(readFileSync(file).equals(before), 'the file is unchanged').toBe(true);
    return out;
  }

  it('a file cut anywhere: unexpected end of file at its new end', async () => {
    for (let length = 0; length < dump.length; length += length < 40 ? 1 : 37) {
      await expectDamage(copy('cut.rdb', dump.subarray(0, length)), length, 'unexpected end of file');
    }
    await expectDamage(copy('cut.rdb', dump.subarray(0, dump.length - 1)), dump.length - 1, 'unexpected end of file');
  });

  it('what was read before the damage is still reported', async () => {
    const cut = dump.indexOf('other') + 2;
    const out = await expectDamage(copy('cut.rdb', dump.subarray(0, cut)), cut, 'unexpected end of file');
    expect(out).toContain('  checklib (engine lua)');
    expect(out).toContain('  db 0: 10 keys');
    expect(out).not.toContain('A start loads');
  });

  it('a byte flipped inside a value: bad CRC-64 at the trailer', async () => {
    const flipped = Buffer.from(dump);
    flipped[dump.indexOf('hello-value') + 3] ^= 0x20;
    await expectDamage(copy('flipped.rdb', flipped), dump.length - 8, 'bad CRC-64');
  });

  it('a damaged CRC-64: bad CRC-64', async () => {
    const bad = Buffer.from(dump);
    bad[bad.length - 1] ^= 0x01;
    await expectDamage(copy('bad-crc.rdb', bad), dump.length - 8, 'bad CRC-64');
  });

  it('an unknown opcode where a record starts', async () => {
    const selectDb = dump.indexOf(Buffer.from([0xfe, 0x00, 0xfb]));
    expect(selectDb).toBeGreaterThan(9);
    const bad = Buffer.from(dump);
    bad[selectDb] = 8;
    await expectDamage(copy('opcode.rdb', bad), selectDb, 'unknown opcode 8');
  });

  it('not an RDB file, and a version above 10', async () => {
    await expectDamage(copy('text.rdb', Buffer.from('hello world, not a dump')), 0, 'not an RDB file (no REDIS signature)');
    const future = Buffer.from(dump);
    future.write('0011', 5, 'latin1');
    await expectDamage(copy('future.rdb', future), 5, 'unsupported RDB version "0011"');
  });

  it('a module value: refused, naming the key (Ballast has no modules)', async () => {
    const file = Buffer.concat([Buffer.from('REDIS0010', 'latin1'), Buffer.from([0xfe, 0x00, 0x07, 0x01, 0x6d, 0x81, 0x02, 0x03, 0xff]), Buffer.alloc(8)]);
    await expectDamage(copy('module.rdb', file), 12, 'key "m" holds a module value (type 7), which Ballast cannot load: it has no modules');
  });

  it('a database beyond --databases, as a start with that setting refuses it', async () => {
    const selectDb2 = dump.indexOf(Buffer.from([0xfe, 0x02, 0xfb]));
    await expectDamage(path.join(directory, 'dump.rdb'), selectDb2, 'database index 2 out of range (2 databases)', ['--databases', '2']);
  });
});
