/**
 * DUMP / RESTORE payloads in redis-server 7.0's format (createDumpPayload, verifyDumpPayload):
 * the value's RDB type byte and body, the RDB version (2 bytes LE, 10) and the CRC-64 of all
 * that (8 bytes LE). A payload of a version above 10 or with a wrong checksum is refused with
 * Redis's text, and one whose value Redis would not load (malformed, empty, a module value) with
 * "Bad data format". As in Redis, the value is read from the start of the payload and bytes it
 * leaves before the footer are ignored.
 */
import type { Value } from '../keyspace/values.js';
import type { ByteString } from '../resp/byte-string.js';
import { byteStringToBytes, bytesToByteString } from '../resp/byte-string.js';
import { Crc64 } from './crc64.js';
import type { RdbEncodingLimits } from './encoding-limits.js';
import { rdbCompressor } from './lzf.js';
import { isObjectType, RDB_VERSION } from './rdb-constants.js';
import { RdbFormatError } from './rdb-error.js';
import { RdbInput } from './rdb-input.js';
import { RdbOutput } from './rdb-output.js';
import { decodeValue } from './value-decoder.js';
import { encodeTypedValue } from './value-encoder.js';

const FOOTER_BYTES = 10;
export const DUMP_VERSION_OR_CHECKSUM_WRONG = 'DUMP payload version or checksum are wrong';
export const DUMP_BAD_DATA_FORMAT = 'Bad data format';

export interface DumpOptions {
  /** rdbcompression: LZF for strings and blobs longer than 20 bytes when it saves 4 or more. */
  readonly compression: boolean;
  readonly limits: RdbEncodingLimits;
}

/** DUMP's payload for `value`. */
export function encodeDumpPayload(value: Value, options: DumpOptions): ByteString {
  const output = new RdbOutput({ compressor: options.compression ? rdbCompressor : undefined });
  encodeTypedValue(output, value, options.limits);
  output.u8(RDB_VERSION & 0xff);
  output.u8(RDB_VERSION >> 8);
  const body = output.take();
  const crc = new Crc64().update(body).littleEndian();
  return bytesToByteString(body) + bytesToByteString(crc);
}

/** verifyDumpPayload: the footer's version is at most 10 and the CRC-64 matches. */
export function verifyDumpPayload(payload: Uint8Array): boolean {
  if (payload.length < FOOTER_BYTES) return false;
  const footer = payload.length - FOOTER_BYTES;
  const version = payload[footer] | (payload[footer + 1] << 8);
  if (version > RDB_VERSION) return false;
  return new Crc64().update(payload, 0, payload.length - 8).matches(payload, payload.length - 8);
}

export type DumpDecoding = { readonly value: Value } | { readonly error: string; readonly detail?: string };

/** RESTORE's reading of `payload`: the value, or Redis's error text (without "ERR "). */
export function decodeDumpPayload(payload: ByteString, limits: RdbEncodingLimits): DumpDecoding {
  const bytes = byteStringToBytes(payload);
  if (!verifyDumpPayload(bytes)) return { error: DUMP_VERSION_OR_CHECKSUM_WRONG };
  const input = new RdbInput(bytes);
  try {
    const type = input.u8();
    if (!isObjectType(type)) return { error: DUMP_BAD_DATA_FORMAT, detail: `unknown value type ${type}` };
    const value = decodeValue(input, type, limits);
    return value === undefined ? { error: DUMP_BAD_DATA_FORMAT, detail: 'empty collection' } : { value };
  } catch (error) {
    if (error instanceof RdbFormatError) return { error: DUMP_BAD_DATA_FORMAT, detail: error.message };
    throw error;
  }
}
