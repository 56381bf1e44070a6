/**
 * CRC16-XMODEM (polynomial 0x1021, initial value 0), the checksum Redis Cluster uses to map keys
 * to hash slots. Computed over the bytes of a byte string.
 */
import type { ByteString } from '../resp/byte-string.js';

const TABLE = buildTable();

function buildTable(): Uint16Array {
  const table = new Uint16Array(256);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    table[byte] = crc;
  }
  return table;
}

/** CRC16-XMODEM of `value[start, end)`. */
export function crc16(value: ByteString, start = 0, end = value.length): number {
  let crc = 0;
  for (let i = start; i < end; i++) crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >> 8) ^ value.charCodeAt(i)) & 0xff];
  return crc;
}
