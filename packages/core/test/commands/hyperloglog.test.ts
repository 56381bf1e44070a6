/**
 * HyperLogLog commands against values recorded from redis-server 7.0.15: exact bytes (hex when
 * small, a SHA-256 prefix when dense), counts, encodings, the sparse → dense promotion point,
 * PFMERGE results, PFDEBUG replies and the error texts for values that are not HLLs.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ErrorReply, SimpleString } from '../../src/resp/reply.js';
import { createTestEngine } from '../support/test-engine.js';

const hex = (value: unknown) => Buffer.from(value as string, 'latin1').toString('hex');
const sha = (value: unknown) => createHash('sha256').update(Buffer.from(value as string, 'latin1')).digest('hex').slice(0, 16);
/** `e0` … `e<to-1>` from `from`: the elements the recorded vectors added. */
const elements = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `e${from + i}`);
const NOT_HLL = new ErrorReply('WRONGTYPE Key is not a valid HyperLogLog string value.');
const CORRUPT = new ErrorReply('INVALIDOBJ Corrupted HLL object detected');

function engine(config: Record<string, string> = {}) {
  return createTestEngine({ shards: 4, config }).client();
}

/** Adds `e<from>` … `e<to-1>` in PFADDs of at most 1000 elements, as the recording did. */
function addRange(c: ReturnType<typeof engine>, key: string, from: number, to: number): void {
  for (let start = from; start < to; start += 1000) c.call('PFADD', key, ...elements(start, Math.min(to, start + 1000)));
}

describe('PFADD and PFCOUNT', () => {
  it('create a sparse HLL with a stale cache and refresh the cache as Redis does', () => {
    const c = engine();
    expect(c.call('PFADD', 'k')).toBe(1);
    expect(hex(c.call('GET', 'k'))).toBe('48594c4c0100000000000000000000807fff');
    expect(c.call('PFADD', 'k')).toBe(0);
    expect(c.call('PFADD', 'k2', 'a')).toBe(1);
    expect(hex(c.call('GET', 'k2'))).toBe('48594c4c01000000000000000000008071a6844e57');
    expect(c.call('PFADD', 'k2', 'a')).toBe(0);
    expect(c.call('PFCOUNT', 'k2')).toBe(1);
    expect(hex(c.call('GET', 'k2'))).toBe('48594c4c01000000010000000000000071a6844e57');
    expect(c.call('PFCOUNT', 'missing')).toBe(0);
  });

  it('hash binary elements as Redis does (MurmurHash64A, seed 0xadc83b19, every tail length)', () => {
    const recorded: [string, string][] = [
      ['', '48594c4c01000000000000000000008057318468cc'],
      ['00', '48594c4c0100000000000000000000806287845d76'],
      ['ffffffffffffffff', '48594c4c0100000000000000000000807414844be9'],
      ['68656c6c6f20776f726c64', '48594c4c01000000000000000000008064b68c5b47'],
      ['6162636465666768', '48594c4c0100000000000000000000804566807a97'],
      ['616263646566676869', '48594c4c0100000000000000000000805af6806507'],
      ['80818283848586', '48594c4c01000000000000000000008047428478bb'],
    ];
    const c = engine();
    for (const [element, bytes] of recorded) {
      c.call('DEL', 'b');
      c.call('PFADD', 'b', Buffer.from(element, 'hex').toString('latin1'));
      expect(hex(c.call('GET', 'b')), element).toBe(bytes);
    }
  });

  it('count and encode as redis-server while growing past the promotion to dense', () => {
    // [elements, PFCOUNT, encoding, length, bytes before PFCOUNT, bytes after]
    const recorded: [number, number, string, number, string, string][] = [
      [10, 10, 'sparse', 48, '5e1f7c888c80593c', '0bba112db5cc118c'],
      [100, 100, 'sparse', 285, '608a092ccb3ebb14', 'aebee27e50c67272'],
      [1000, 1008, 'sparse', 1906, 'a45850019904dcb5', 'ab6313e24c05ff99'],
      [2000, 2000, 'dense', 12304, '01064628cadba97d', '934a6aaa45ebe9f4'],
      [5000, 4968, 'dense', 12304, '9b3141ec012ebc9f', 'bd470063c39f632f'],
      [10000, 9973, 'dense', 12304, '8ed07b205873654e', 'c44e2d26f9f332c8'],
      [100000, 100853, 'dense', 12304, '64c9cb3e6ee09140', '548dba672576d8a2'],
    ];
    const c = engine();
    let added = 0;
    for (const [count, cardinality, encoding, length, before, after] of recorded) {
      addRange(c, 'g', added, count);
      added = count;
      const value = c.call('GET', 'g');
      expect([count, c.call('PFCOUNT', 'g'), c.call('PFDEBUG', 'ENCODING', 'g'), c.call('STRLEN', 'g'), sha(value), sha(c.call('GET', 'g'))])
        .toEqual([count, cardinality, new SimpleString(encoding), length, before, after]);
    }
  });

  it('promote to dense exactly where redis-server does, for several hll-sparse-max-bytes', () => {
    // [hll-sparse-max-bytes, first element index that promoted, sparse length before, its bytes, dense bytes, PFCOUNT]
    const recorded: [number, number, number, string, string, number][] = [
      [3000, 1683, 3000, '36affd46ff09735c', 'b6d36312181edce0', 1685],
      [100, 28, 99, 'bf1933b5c088fdb0', '1eab662c1f69d544', 29],
      [0, 0, 0, 'e3b0c44298fc1c14', 'e4dc9ad71e348f6e', 1],
    ];
    for (const [sparseBytesMax, index, lengthBefore, before, after, cardinality] of recorded) {
      const c = engine({ 'hll-sparse-max-bytes': String(sparseBytesMax) });
      let previous = '';
      for (let i = 0; i < index; i++) {
        c.call('PFADD', 'p', `e${i}`);
        expect(c.call('PFDEBUG', 'ENCODING', 'p')).toEqual(new SimpleString('sparse'));
      }
      if (index > 0) previous = c.call('GET', 'p') as string;
      expect([previous.length, sha(previous)]).toEqual([lengthBefore, before]);
      c.call('PFADD', 'p', `e${index}`);
      expect(c.call('PFDEBUG', 'ENCODING', 'p')).toEqual(new SimpleString('dense'));
      expect([sha(c.call('GET', 'p')), c.call('PFCOUNT', 'p')]).toEqual([after, cardinality]);
    }
  });

  it('merge equal neighbouring VALs in Redis\'s five-opcode window, even in runs Redis would not write itself', () => {
    // [sparse opcodes after the header, register raised by PFMERGE, to, bytes recorded from redis-server]
    const recorded: [string, number, number, string][] = [
      ['89 83 84 80 80 82 84 7f f2', 2, 3, '48594c4c0100000000000000000000808a82848182847ff2'],
      ['84 83 80 85 85 88 7f f4', 4, 2, '48594c4c0100000000000000000000808482848087887ff4'],
      ['82 8a 8a 84 85 85 89 82 84 8a 7f e8', 5, 4, '48594c4c01000000000000000000008082898c8a86858982848a7fe8'],
    ];
    const header = `HYLL\x01${'\x00'.repeat(11)}`;
    const c = engine();
    for (const [opcodes, index, count, bytes] of recorded) {
      const rest = 16384 - index - 1;
      const source = header + String.fromCharCode(0x40, index - 1, 0x80 | ((count - 1) << 2), 0x40 | ((rest - 1) >> 8), (rest - 1) & 0xff);
      c.call('SET', '{v}d', header + Buffer.from(opcodes.replaceAll(' ', ''), 'hex').toString('latin1'));
      c.call('SET', '{v}s', source);
      c.call('PFMERGE', '{v}d', '{v}s');
      expect(hex(c.call('GET', '{v}d')), opcodes).toBe(bytes);
    }
  });

  it('keep the time to live of the key they change', () => {
    const c = engine();
    c.call('PFADD', 'k', 'a');
    c.call('EXPIRE', 'k', '100');
    c.call('PFADD', 'k', 'b');
    c.call('PFCOUNT', 'k');
    expect(c.call('TTL', 'k')).toBe(100);
  });
});

describe('PFMERGE and the union count', () => {
  it('merge as redis-server: sparse while every input is sparse, dense as soon as one is', () => {
    const c = engine();
    c.call('SET', '{m}', 'unused');
    addRange(c, '{m}1', 0, 500);
    addRange(c, '{m}2', 250, 1250);
    addRange(c, '{m}3', 0, 10000);
    const recorded: [string[], number, string, number, string][] = [
      [['{m}d1', '{m}1', '{m}2'], 1258, 'sparse', 2325, '32f4c4314e43cc6d'],
      [['{m}d2', '{m}2', '{m}1'], 1258, 'sparse', 2325, '32f4c4314e43cc6d'],
      [['{m}d3', '{m}1', '{m}3'], 9973, 'dense', 12304, '5f94be2c770f456c'],
      [['{m}d4', '{m}3', '{m}1', '{m}2'], 9973, 'dense', 12304, '5f94be2c770f456c'],
      [['{m}copy', '{m}1'], 506, 'sparse', 1068, 'fdd072e10d5463ce'],
    ];
    for (const [args, cardinality, encoding, length, bytes] of recorded) {
      expect(c.call('PFMERGE', ...args)).toEqual(new SimpleString('OK'));
      const value = c.call('GET', args[0]);
      expect([c.call('PFCOUNT', args[0]), c.call('PFDEBUG', 'ENCODING', args[0]), (value as string).length, sha(value)])
        .toEqual([cardinality, new SimpleString(encoding), length, bytes]);
    }
    expect(c.call('PFCOUNT', '{m}1', '{m}2')).toBe(1258);
    expect(c.call('PFCOUNT', '{m}1', '{m}2', '{m}3')).toBe(9973);
    expect(c.call('PFCOUNT', '{m}1', '{m}missing')).toBe(506);
  });

  it('merges keys on different shards and creates a missing destination', () => {
    const c = engine();
    c.call('PFADD', 'a', 'x', 'y');
    c.call('PFADD', 'b', 'y', 'z');
    expect(c.call('PFMERGE', 'c', 'a', 'b')).toEqual(new SimpleString('OK'));
    expect(c.call('PFCOUNT', 'c')).toBe(3);
    expect(c.call('PFMERGE', 'empty')).toEqual(new SimpleString('OK'));
    expect(hex(c.call('GET', 'empty'))).toBe('48594c4c0100000000000000000000807fff');
  });
});

describe('PFDEBUG and PFSELFTEST', () => {
  it('decode, report the encoding, convert to dense and list registers as Redis', () => {
    const c = engine();
    c.call('PFADD', 'small', 'a', 'b', 'c', 'hello', 'world');
    expect(hex(c.call('GET', 'small'))).toBe('48594c4c0100000000000000000000804ab588563c80430a804da5844bfb80425a');
    expect(c.call('PFDEBUG', 'DECODE', 'small')).toBe('Z:2742 v:3,1 Z:5693 v:1,1 Z:779 v:1,1 Z:3494 v:2,1 Z:3068 v:1,1 Z:603');
    expect(c.call('PFDEBUG', 'encoding', 'small')).toEqual(new SimpleString('sparse'));
    expect(c.call('PFDEBUG', 'TODENSE', 'small')).toBe(1);
    expect(c.call('PFDEBUG', 'TODENSE', 'small')).toBe(0);
    expect(c.call('STRLEN', 'small')).toBe(12304);
    expect(c.call('PFDEBUG', 'DECODE', 'small')).toEqual(new ErrorReply('ERR HLL encoding is not sparse'));
    const registers = c.call('PFDEBUG', 'GETREG', 'small') as number[];
    expect(registers).toHaveLength(16384);
    expect(registers.filter((value) => value > 0)).toEqual([3, 1, 1, 2, 1]);
    expect(registers.indexOf(3)).toBe(2742);
    expect(c.call('PFDEBUG', 'foo', 'small')).toEqual(new ErrorReply("ERR Unknown PFDEBUG subcommand 'foo'"));
    expect(c.call('PFDEBUG', 'GETREG', 'missing')).toEqual(new ErrorReply('ERR The specified key does not exist'));
    expect(c.call('PFDEBUG', 'foo', 'missing')).toEqual(new ErrorReply('ERR The specified key does not exist'));
    expect(c.call('PFDEBUG', 'GETREG')).toEqual(new ErrorReply("ERR wrong number of arguments for 'pfdebug' command"));
  });

  it('GETREG turns a sparse HLL dense, keeping its cached cardinality', () => {
    const c = engine();
    c.call('PFADD', 'k', 'a');
    c.call('PFCOUNT', 'k');
    c.call('PFDEBUG', 'GETREG', 'k');
    const value = c.call('GET', 'k') as string;
    expect([value.length, hex(value.slice(0, 16))]).toEqual([12304, '48594c4c000000000100000000000000']);
  });

  it('PFSELFTEST passes', () => {
    expect(engine().call('PFSELFTEST')).toEqual(new SimpleString('OK'));
  }, 30_000);
});

describe('values that are not HyperLogLogs', () => {
  it('answer WRONGTYPE for other types and for strings without a valid header', () => {
    const c = engine();
    c.call('RPUSH', 'list', 'x');
    c.call('SET', 'text', 'hello');
    c.call('SET', 'short', 'HYLL');
    c.call('SET', 'encoding2', `HYLL\x02${'\x00'.repeat(20)}`);
    c.call('SET', 'denseShort', `HYLL\x00${'\x00'.repeat(20)}`);
    const wrongType = new ErrorReply('WRONGTYPE Operation against a key holding the wrong kind of value');
    for (const command of [['PFADD', 'list', 'a'], ['PFCOUNT', 'list'], ['PFCOUNT', 'a', 'list'], ['PFMERGE', 'list'], ['PFMERGE', 'x', 'list'], ['PFDEBUG', 'GETREG', 'list']]) {
      expect(c.call(...command), command.join(' ')).toEqual(wrongType);
    }
    for (const key of ['text', 'short', 'encoding2', 'denseShort']) {
      for (const command of [['PFADD', key, 'a'], ['PFCOUNT', key], ['PFCOUNT', key, 'x'], ['PFMERGE', 'x', key], ['PFDEBUG', 'ENCODING', key]]) {
        expect(c.call(...command), command.join(' ')).toEqual(NOT_HLL);
      }
    }
    expect(c.call('EXISTS', 'x')).toBe(0);
  });

  it('answer INVALIDOBJ for a corrupt sparse HLL, keeping what PFADD set before it met the damage', () => {
    const c = engine();
    // Header (cache valid), then XZERO 100 and nothing else: registers 100 and up are missing.
    c.call('SET', 'cut', `HYLL\x01${'\x00'.repeat(11)}\x40\x63`);
    expect(c.call('PFCOUNT', 'cut')).toBe(0); // the cache is trusted, as in Redis
    // e70 raises register 55 to 2 (ZERO 55, VAL 2, ZERO 44; cache marked stale), then e0 (register 1318) meets the damage.
    expect(c.call('PFADD', 'cut', 'e70', 'e0')).toEqual(CORRUPT);
    expect(hex(c.call('GET', 'cut'))).toBe('48594c4c01000000000000000000008036842b');
    expect(c.call('PFCOUNT', 'cut')).toEqual(CORRUPT);
    expect(c.call('PFCOUNT', 'cut', 'other')).toEqual(CORRUPT);
    expect(c.call('PFMERGE', 'dest', 'cut')).toEqual(CORRUPT);
    expect(c.call('PFDEBUG', 'TODENSE', 'cut')).toEqual(CORRUPT);
    expect(c.call('PFDEBUG', 'GETREG', 'cut')).toEqual(CORRUPT);
    expect(c.call('EXISTS', 'dest')).toBe(0);
  });

  it('an opcode running past the last register is corrupt, as in Debian\'s 7.0.15 (the CVE-2025-32023 fix)', () => {
    const c = engine();
    // XZERO 16384, then a VAL beyond the end: PFADD still edits it (Redis's sparse update walks
    // only up to the register it sets), but counting, merging and TODENSE refuse it.
    c.call('SET', 't', `HYLL\x01${'\x00'.repeat(10)}\x80\x7f\xff\x83`);
    expect(c.call('PFCOUNT', 't')).toEqual(CORRUPT);
    expect(c.call('PFCOUNT', 't', 'other')).toEqual(CORRUPT);
    expect(c.call('PFMERGE', 'other', 't')).toEqual(CORRUPT);
    expect(c.call('PFADD', 't', 'a')).toBe(1);
    expect(c.call('PFDEBUG', 'DECODE', 't')).toBe('Z:12711 v:2,1 Z:3672 v:1,4');
    expect(c.call('PFDEBUG', 'TODENSE', 't')).toEqual(CORRUPT);
  });

  it('a dense HLL whose estimate overflows answers as Redis (llroundl wraps to -2^63)', () => {
    const c = engine();
    c.call('SET', 'max', `HYLL\x00${'\x00'.repeat(10)}\x80${'\xff'.repeat(12288)}`);
    expect(c.call('PFCOUNT', 'max')).toBe(-(2n ** 63n));
    expect(hex((c.call('GET', 'max') as string).slice(8, 16))).toBe('0000000000000080');
    expect(c.call('PFCOUNT', 'max', 'other')).toBe(-(2n ** 63n));
  });
});
