/**
 * FUNCTION DUMP / FUNCTION RESTORE payloads in Redis 7.0's format, so payloads move between
 * Ballast and redis-server: for each library the RDB opcode FUNCTION2 (245) and its code as an
 * RDB string, then the RDB version (2 bytes, little-endian; 10 for Redis 7.0) and the CRC-64 of
 * everything before it (8 bytes, little-endian). Reading goes through the RDB codec (rdb/), so
 * it accepts every string encoding Redis writes (plain, integer, LZF-compressed) and the rc-era
 * FUNCTION (246) records.
 */
import type { ByteString } from '../resp/byte-string.js';
import { byteStringToBytes, bytesToByteString } from '../resp/byte-string.js';
import { Crc64 } from '../rdb/crc64.js';
import { readFunctionLibrary, writeFunctionLibrary } from '../rdb/function-library.js';
import { RDB_OPCODE_FUNCTION, RDB_OPCODE_FUNCTION2, RDB_VERSION } from '../rdb/rdb-constants.js';
import { RdbFormatError } from '../rdb/rdb-error.js';
import { RdbInput } from '../rdb/rdb-input.js';
import { RdbOutput } from '../rdb/rdb-output.js';
import { rdbCompressor } from '../rdb/lzf.js';
import { verifyDumpPayload } from '../rdb/dump-payload.js';

const FOOTER_BYTES = 10;

/** FUNCTION DUMP's payload; `compression` (rdbcompression) LZF-compresses library code as Redis does. */
export function encodeFunctionPayload(codes: readonly ByteString[], compression = false): ByteString {
  const output = new RdbOutput({ compressor: compression ? rdbCompressor : undefined });
  for (const code of codes) writeFunctionLibrary(output, code);
  output.u8(RDB_VERSION & 0xff);
  output.u8(RDB_VERSION >> 8);
  const body = output.take();
  return bytesToByteString(body) + bytesToByteString(new Crc64().update(body).littleEndian());
}

/** The library codes of a payload, or Redis's error text (without `ERR `). */
export function decodeFunctionPayload(payload: ByteString): ByteString[] | string {
  const bytes = byteStringToBytes(payload);
  if (!verifyDumpPayload(bytes)) return 'DUMP payload version or checksum are wrong';
  const input = new RdbInput(bytes.subarray(0, bytes.length - FOOTER_BYTES));
  const codes: ByteString[] = [];
  while (input.remaining > 0) {
    const type = input.u8();
    if (type !== RDB_OPCODE_FUNCTION2 && type !== RDB_OPCODE_FUNCTION) return 'given type is not a function';
    try {
      codes.push(readFunctionLibrary(input, type));
    } catch (error) {
      if (error instanceof RdbFormatError) return error.reason;
      throw error;
    }
  }
  return codes;
}
