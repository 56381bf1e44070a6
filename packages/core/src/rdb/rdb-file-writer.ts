/**
 * The RDB file writer: an image (rdb-image.ts) as the bytes redis-server 7.0 writes (rdbSaveRio),
 * in order: "REDIS0010"; AUX redis-ver, redis-bits, ctime, used-mem, [repl-stream-db, repl-id,
 * repl-offset], aof-base; FUNCTION2 per library; per database, in ascending index, SELECTDB,
 * RESIZEDB (keys, keys with a TTL) and its keys ([EXPIRETIME_MS] type key value); EOF; the CRC-64
 * of everything before it, or 8 zero bytes when checksums are off.
 *
 * rdbFileChunks yields the file as chunks of about CHUNK_BYTES, each step a bounded amount of work
 * (one value can exceed it: it is encoded whole), so the caller can yield to the event loop
 * between steps; an empty chunk means the step only indexed expiry times.
 */
import type { ByteString } from '../resp/byte-string.js';
import { Crc64 } from './crc64.js';
import type { RdbEncodingLimits } from './encoding-limits.js';
import { writeFunctionLibrary } from './function-library.js';
import { rdbCompressor } from './lzf.js';
import {
  RDB_OPCODE_AUX, RDB_OPCODE_EOF, RDB_OPCODE_EXPIRETIME_MS, RDB_OPCODE_RESIZEDB, RDB_OPCODE_SELECTDB, RDB_VERSION,
} from './rdb-constants.js';
import type { RdbAux, RdbDatabaseImage, RdbImage } from './rdb-image.js';
import { RdbOutput } from './rdb-output.js';
import { encodeValue, rdbTypeOf } from './value-encoder.js';

export type { RdbAux, RdbDatabaseImage, RdbImage, RdbReplicationAux } from './rdb-image.js';

/** A chunk is handed out once it passes this size. */
export const CHUNK_BYTES = 1024 * 1024;
/** Expiry times indexed per step. */
const EXPIRES_PER_STEP = 50_000;
const POINTER_BITS = 64;

export interface RdbWriteOptions {
  /** rdbcompression: LZF for strings and blobs longer than 20 bytes when it saves 4 or more. */
  readonly compression: boolean;
  /** rdbchecksum: the CRC-64 at the end, or 8 zero bytes. */
  readonly checksum: boolean;
  readonly limits: RdbEncodingLimits;
  /** Told how many keys each chunk holds (SAVE's progress, rdb-key-save-delay). */
  readonly onKeys?: (count: number) => void;
}

/** The image's databases merged per index (shards' parts of one database), ascending. */
function databasesByIndex(image: RdbImage): [number, RdbDatabaseImage[]][] {
  const groups = new Map<number, RdbDatabaseImage[]>();
  for (const database of image.databases) {
    if (database.keys.length === 0) continue;
    const group = groups.get(database.index);
    if (group === undefined) groups.set(database.index, [database]);
    else group.push(database);
  }
  return [...groups.entries()].sort(([a], [b]) => a - b);
}

function writeAux(output: RdbOutput, key: ByteString, value: ByteString | number): void {
  output.u8(RDB_OPCODE_AUX);
  output.string(key);
  output.string(typeof value === 'number' ? String(value) : value);
}

function writeHeader(output: RdbOutput, aux: RdbAux, functionLibraries: readonly ByteString[]): void {
  output.writer.byteString(`REDIS${String(RDB_VERSION).padStart(4, '0')}`);
  writeAux(output, 'redis-ver', aux.redisVersion);
  writeAux(output, 'redis-bits', POINTER_BITS);
  writeAux(output, 'ctime', aux.ctimeSeconds);
  writeAux(output, 'used-mem', aux.usedMemoryBytes);
  if (aux.replication !== undefined) {
    writeAux(output, 'repl-stream-db', aux.replication.streamDb);
    writeAux(output, 'repl-id', aux.replication.id);
    writeAux(output, 'repl-offset', aux.replication.offset);
  }
  writeAux(output, 'aof-base', aux.aofBase ? 1 : 0);
  for (const code of functionLibraries) writeFunctionLibrary(output, code);
}

/** The RDB file of `image`, in chunks; see the file comment. */
export function* rdbFileChunks(image: RdbImage, options: RdbWriteOptions): Generator<Uint8Array> {
  const output = new RdbOutput({ initialBytes: CHUNK_BYTES + 64 * 1024, compressor: options.compression ? rdbCompressor : undefined });
  const crc = new Crc64();
  const take = (): Uint8Array => {
    const chunk = output.take();
    if (options.checksum) crc.update(chunk);
    return chunk;
  };
  writeHeader(output, image.aux, image.functionLibraries);
  for (const [index, parts] of databasesByIndex(image)) {
    output.u8(RDB_OPCODE_SELECTDB);
    output.lengthValue(index);
    output.u8(RDB_OPCODE_RESIZEDB);
    output.lengthValue(parts.reduce((total, part) => total + part.keys.length, 0));
    output.lengthValue(parts.reduce((total, part) => total + part.expireKeys.length, 0));
    for (const part of parts) yield* databaseChunks(output, part, options, take);
  }
  output.u8(RDB_OPCODE_EOF);
  const body = take();
  yield concat(body, options.checksum ? crc.littleEndian() : new Uint8Array(8));
}

function* databaseChunks(
  output: RdbOutput, database: RdbDatabaseImage, options: RdbWriteOptions, take: () => Uint8Array,
): Generator<Uint8Array> {
  const expireAt = new Map<ByteString, number>();
  for (let i = 0; i < database.expireKeys.length; i++) {
    expireAt.set(database.expireKeys[i], database.expireTimes[i]);
    if ((i + 1) % EXPIRES_PER_STEP === 0) yield new Uint8Array(0);
  }
  let keys = 0;
  for (let i = 0; i < database.keys.length; i++) {
    const key = database.keys[i];
    const value = database.values[i];
    const expire = expireAt.get(key);
    if (expire !== undefined) {
      output.u8(RDB_OPCODE_EXPIRETIME_MS);
      output.milliseconds(expire);
    }
    const type = rdbTypeOf(value);
    output.u8(type);
    output.string(key);
    encodeValue(output, value, type, options.limits);
    keys++;
    if (output.length >= CHUNK_BYTES) {
      options.onKeys?.(keys);
      keys = 0;
      yield take();
    }
  }
  if (keys > 0) options.onKeys?.(keys);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
