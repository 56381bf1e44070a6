/**
 * SHA-1 of a byte string: as 40 lowercase hex digits, the name of an EVAL script (EVALSHA,
 * SCRIPT LOAD) and redis.sha1hex; as 20 raw bytes, DEBUG DIGEST's building block
 * (keyspace/dataset-digest.ts). Pure TypeScript, one implementation for all of them.
 */
import type { ByteString } from '../resp/byte-string.js';

const HEX = '0123456789abcdef';
const words = new Int32Array(80);
const state = new Int32Array(5);

/** Hashes `length` bytes, read one by one through `byteAt`, into `state` (h0..h4). */
function hash(length: number, byteAt: (index: number) => number): void {
  const blocks = ((length + 8) >>> 6) + 1;
  const padded = new Uint8Array(blocks * 64);
  for (let i = 0; i < length; i++) padded[i] = byteAt(i);
  padded[length] = 0x80;
  const bitLength = length * 8;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(bitLength / 0x100000000));
  view.setUint32(padded.length - 4, bitLength >>> 0);
  let h0 = 0x67452301, h1 = 0xefcdab89 | 0, h2 = 0x98badcfe | 0, h3 = 0x10325476, h4 = 0xc3d2e1f0 | 0;
  for (let block = 0; block < blocks; block++) {
    const offset = block * 64;
    for (let i = 0; i < 16; i++) words[i] = view.getInt32(offset + i * 4);
    for (let i = 16; i < 80; i++) {
      const x = words[i - 3] ^ words[i - 8] ^ words[i - 14] ^ words[i - 16];
      words[i] = (x << 1) | (x >>> 31);
    }
    let a = h0, b = h1, c = h2, d = h3, e = h4;
    for (let i = 0; i < 80; i++) {
      let f: number, k: number;
      if (i < 20) { f = (b & c) | (~b & d); k = 0x5a827999; }
      else if (i < 40) { f = b ^ c ^ d; k = 0x6ed9eba1; }
      else if (i < 60) { f = (b & c) | (b & d) | (c & d); k = 0x8f1bbcdc | 0; }
      else { f = b ^ c ^ d; k = 0xca62c1d6 | 0; }
      const temp = (((a << 5) | (a >>> 27)) + f + e + k + words[i]) | 0;
      e = d;
      d = c;
      c = (b << 30) | (b >>> 2);
      b = a;
      a = temp;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
  }
  state[0] = h0;
  state[1] = h1;
  state[2] = h2;
  state[3] = h3;
  state[4] = h4;
}

export function sha1hex(bytes: ByteString): string {
  hash(bytes.length, (index) => bytes.charCodeAt(index));
  let out = '';
  for (const h of state) {
    for (let shift = 28; shift >= 0; shift -= 4) out += HEX[(h >>> shift) & 15];
  }
  return out;
}

/** The 20-byte SHA-1 of `input` (a byte string or bytes), written into `into`. */
export function sha1Into(input: ByteString | Uint8Array, into: Uint8Array): void {
  if (typeof input === 'string') hash(input.length, (index) => input.charCodeAt(index));
  else hash(input.length, (index) => input[index]);
  for (let word = 0; word < 5; word++) {
    const h = state[word];
    into[word * 4] = h >>> 24;
    into[word * 4 + 1] = (h >>> 16) & 0xff;
    into[word * 4 + 2] = (h >>> 8) & 0xff;
    into[word * 4 + 3] = h & 0xff;
  }
}
