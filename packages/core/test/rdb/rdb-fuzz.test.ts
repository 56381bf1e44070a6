/**
 * Fuzzing the decoders: random bytes and mutations of real and generated DUMP payloads (with the
 * CRC recomputed, so the value decoder sees them) and RDB files (checksum zeroed, fed in random
 * chunks) must only ever end in a refusal — an error result from RESTORE, an RdbFormatError from
 * the loader — never in another exception, a hang or a huge allocation. Every crash this test
 * ever found is kept below as a named regression case.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Crc64 } from '../../src/rdb/crc64.js';
import { decodeDumpPayload, encodeDumpPayload } from '../../src/rdb/dump-payload.js';
import { RdbFormatError } from '../../src/rdb/rdb-error.js';
import { RdbFileLoader } from '../../src/rdb/rdb-file-loader.js';
import { anyValue, hexToBytes, REDIS_LIMITS } from './rdb-test-support.js';

const STREAM_TYPES = new Set([15, 19]);

const redisDumps = readFileSync(new URL('./fixtures/dumps.txt', import.meta.url), 'latin1').trim().split('\n')
  .map((line) => hexToBytes(line.split(' ')[4]));
const redisFiles = ['dataset.rdb', 'dataset-compressed.rdb'].map((name) => new Uint8Array(readFileSync(new URL(`./fixtures/${name}`, import.meta.url))));

type Mutation = { kind: 'flip'; at: number; byte: number } | { kind: 'cut'; at: number } | { kind: 'splice'; at: number; bytes: Uint8Array } | { kind: 'copy'; from: number; to: number; length: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('splice' as const), at: fc.nat(), bytes: fc.uint8Array({ maxLength: 8 }) }),
  fc.record({ kind: fc.constant('copy' as const), from: fc.nat(), to: fc.nat(), length: fc.integer({ min: 1, max: 16 }) }),
);

function mutate(bytes: Uint8Array, mutations: Mutation[]): Uint8Array {
  let out = bytes.slice();
  for (const change of mutations) {
    if (out.length === 0) break;
    if (change.kind === 'flip') out[change.at % out.length] = change.byte;
    else if (change.kind === 'cut') out = out.slice(0, change.at % out.length);
    else if (change.kind === 'splice') out = Uint8Array.from([...out.subarray(0, change.at % out.length), ...change.bytes, ...out.subarray(change.at % out.length)]);
    else out.copyWithin(change.to % out.length, change.from % out.length, (change.from % out.length) + change.length);
  }
  return out;
}

/** A payload around `body` (type and value) with a correct footer. */
function sealPayload(body: Uint8Array): string {
  const withVersion = Uint8Array.from([...body, 10, 0]);
  return String.fromCharCode(...withVersion, ...new Crc64().update(withVersion).littleEndian());
}

function restoreOnlyRefuses(body: Uint8Array): void {
  if (body.length > 0 && STREAM_TYPES.has(body[0])) return;
  const result = decodeDumpPayload(sealPayload(body), REDIS_LIMITS);
  if ('error' in result) expect(result.error).toBe('Bad data format');
}

function loadOnlyRefuses(bytes: Uint8Array, splits: number[]): void {
  const loader = new RdbFileLoader({ databases: 16, limits: REDIS_LIMITS });
  try {
    let at = 0;
    for (const cut of [...splits.map((split) => split % (bytes.length + 1)), bytes.length].sort((a, b) => a - b)) {
      loader.feed(bytes.subarray(at, Math.max(at, cut)));
      at = Math.max(at, cut);
    }
    loader.end();
  } catch (error) {
    if (!(error instanceof RdbFormatError)) throw error;
  }
}

/** The file with its checksum zeroed, so mutations reach the decoders. */
function unchecked(bytes: Uint8Array): Uint8Array {
  const out = bytes.slice();
  out.fill(0, out.length - 8);
  return out;
}

describe('RDB fuzzing', () => {
  it('RESTORE of random bytes only refuses', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 19 }), fc.uint8Array({ maxLength: 64 }), (type, rest) => {
      restoreOnlyRefuses(Uint8Array.from([type, ...rest]));
    }), { numRuns: 3000 });
  });

  it('RESTORE of mutated redis-server and Ballast payloads only refuses', () => {
    const seed = fc.oneof(
      fc.constantFrom(...redisDumps).map((dump) => dump.subarray(0, dump.length - 10)),
      fc.tuple(anyValue, fc.boolean()).map(([value, compression]) => {
        const payload = encodeDumpPayload(value, { compression, limits: REDIS_LIMITS });
        return Uint8Array.from(payload.slice(0, -10), (char) => char.charCodeAt(0));
      }),
    );
    fc.assert(fc.property(seed, fc.array(mutation, { minLength: 1, maxLength: 4 }), (body, mutations) => {
      restoreOnlyRefuses(mutate(body, mutations));
    }), { numRuns: 1500 });
  });

  it('loading mutated redis-server files only refuses', () => {
    fc.assert(fc.property(fc.constantFrom(...redisFiles), fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.array(fc.nat(), { maxLength: 3 }), (file, mutations, splits) => {
      const mutated = mutate(unchecked(file), mutations);
      if (mutated.length >= 8) mutated.fill(0, mutated.length - 8);
      loadOnlyRefuses(mutated, splits);
    }), { numRuns: 300 });
  });

  it('loading random bytes after a valid header only refuses', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), fc.array(fc.nat(), { maxLength: 3 }), (rest, splits) => {
      loadOnlyRefuses(Uint8Array.from([...Buffer.from('REDIS0010'), ...rest]), splits);
    }), { numRuns: 2000 });
  });

  describe('regressions', () => {
    it('an LZF string announcing a huge uncompressed length is refused, not allocated', () => {
      restoreOnlyRefuses(Uint8Array.of(0, 0xc3, 0x01, 0x81, 0, 0, 0, 0x10, 0, 0, 0, 0, 0x00, 0x61));
      expect(decodeDumpPayload(sealPayload(Uint8Array.of(0, 0xc3, 0x02, 0x80, 0x40, 0, 0, 0, 0x00, 0x61)), REDIS_LIMITS)).toMatchObject({ error: 'Bad data format' });
    });
  });
});
