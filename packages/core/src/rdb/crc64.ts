/**
 * Redis's CRC-64 (Jones polynomial 0xad93d23594c935a9, reflected in and out, initial value 0),
 * the checksum at the end of every DUMP and FUNCTION DUMP payload. Check value: "123456789" →
 * 0xe9c6d914c4b8d9ca.
 */
import type { ByteString } from '../resp/byte-string.js';

/** The polynomial bit-reversed, for the reflected (LSB-first) table algorithm. */
const REFLECTED_POLY = 0x95ac9329ac4bc9b5n;
const MASK = 0xffffffffffffffffn;

const TABLE: bigint[] = Array.from({ length: 256 }, (_, byte) => {
  let crc = BigInt(byte);
  for (let bit = 0; bit < 8; bit++) crc = (crc & 1n) !== 0n ? (crc >> 1n) ^ REFLECTED_POLY : crc >> 1n;
  return crc;
});

export function crc64(bytes: ByteString, crc = 0n): bigint {
  for (let i = 0; i < bytes.length; i++) crc = TABLE[Number((crc ^ BigInt(bytes.charCodeAt(i))) & 0xffn)] ^ (crc >> 8n);
  return crc & MASK;
}

/** The checksum as 8 little-endian bytes, as payloads store it. */
export function crc64Bytes(bytes: ByteString): ByteString {
  let crc = crc64(bytes);
  let out = '';
  for (let i = 0; i < 8; i++) {
    out += String.fromCharCode(Number(crc & 0xffn));
    crc >>= 8n;
  }
  return out;
}
