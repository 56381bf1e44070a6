/**
 * FUNCTION DUMP / FUNCTION RESTORE payloads in Redis 7.0's format, so payloads move between
 * Ballast and redis-server: for each library the RDB opcode FUNCTION2 (245) and its code as an
 * RDB string, then the RDB version (2 bytes, little-endian; 10 for Redis 7.0) and the CRC-64 of
 * everything before it (8 bytes, little-endian). Reading accepts every RDB string encoding
 * Redis writes (plain, integer, LZF-compressed).
 */
import type { ByteString } from '../resp/byte-string.js';
import { crc64Bytes } from '../rdb/crc64.js';

export const RDB_VERSION = 10;
const OPCODE_FUNCTION2 = 245;
const OPCODE_FUNCTION = 246;
const FOOTER_BYTES = 10;

export function encodeFunctionPayload(codes: readonly ByteString[]): ByteString {
  let out = '';
  for (const code of codes) out += String.fromCharCode(OPCODE_FUNCTION2) + encodeLength(code.length) + code;
  out += String.fromCharCode(RDB_VERSION & 0xff, RDB_VERSION >> 8);
  return out + crc64Bytes(out);
}

/** The library codes of a payload, or Redis's error text (without `ERR `). */
export function decodeFunctionPayload(payload: ByteString): ByteString[] | string {
  if (!verifyPayload(payload)) return 'DUMP payload version or checksum are wrong';
  const reader = new RdbReader(payload, payload.length - FOOTER_BYTES);
  const codes: ByteString[] = [];
  while (reader.remaining > 0) {
    const type = reader.byte();
    if (type === undefined) return 'can not read data type';
    if (type !== OPCODE_FUNCTION2 && type !== OPCODE_FUNCTION) return 'given type is not a function';
    const code = type === OPCODE_FUNCTION2 ? reader.string() : reader.releaseCandidateLibrary();
    if (code === undefined) return 'Failed loading library payload';
    codes.push(code);
  }
  return codes;
}

function verifyPayload(payload: ByteString): boolean {
  if (payload.length < FOOTER_BYTES) return false;
  const footer = payload.length - FOOTER_BYTES;
  const version = payload.charCodeAt(footer) | (payload.charCodeAt(footer + 1) << 8);
  if (version > RDB_VERSION) return false;
  return crc64Bytes(payload.slice(0, payload.length - 8)) === payload.slice(payload.length - 8);
}

function encodeLength(length: number): ByteString {
  if (length < 1 << 6) return String.fromCharCode(length);
  if (length < 1 << 14) return String.fromCharCode(0x40 | (length >> 8), length & 0xff);
  return String.fromCharCode(0x80, (length >>> 24) & 0xff, (length >>> 16) & 0xff, (length >>> 8) & 0xff, length & 0xff);
}

/** Reads RDB lengths and strings up to `end`; undefined when the data runs out or is malformed. */
class RdbReader {
  private position = 0;

  constructor(private readonly data: ByteString, private readonly end: number) {}

  get remaining(): number {
    return this.end - this.position;
  }

  byte(): number | undefined {
    return this.position < this.end ? this.data.charCodeAt(this.position++) : undefined;
  }

  string(): ByteString | undefined {
    const first = this.byte();
    if (first === undefined) return undefined;
    if (first >> 6 !== 3) {
      const length = this.lengthFrom(first);
      return length === undefined ? undefined : this.take(length);
    }
    switch (first & 0x3f) {
      case 0: return this.integer(1);
      case 1: return this.integer(2);
      case 2: return this.integer(4);
      case 3: return this.compressed();
      default: return undefined;
    }
  }

  /** Redis 7.0 rc1/rc2's format: name, engine, optional description, code; as a library with a shebang. */
  releaseCandidateLibrary(): ByteString | undefined {
    const name = this.string();
    const engine = this.string();
    const hasDescription = this.length();
    if (name === undefined || engine === undefined || hasDescription === undefined) return undefined;
    if (hasDescription !== 0 && this.string() === undefined) return undefined;
    const code = this.string();
    return code === undefined ? undefined : `#!${engine} name=${name}\n${code}`;
  }

  private lengthFrom(first: number): number | undefined {
    switch (first >> 6) {
      case 0: return first & 0x3f;
      case 1: {
        const second = this.byte();
        return second === undefined ? undefined : ((first & 0x3f) << 8) | second;
      }
      default:
        if (first === 0x80) return this.bigEndian(4);
        if (first === 0x81) return this.bigEndian(8);
        return undefined;
    }
  }

  private length(): number | undefined {
    const first = this.byte();
    return first === undefined || first >> 6 === 3 ? undefined : this.lengthFrom(first);
  }

  private bigEndian(bytes: number): number | undefined {
    let value = 0;
    for (let i = 0; i < bytes; i++) {
      const byte = this.byte();
      if (byte === undefined) return undefined;
      value = value * 256 + byte;
    }
    return value;
  }

  private integer(bytes: number): ByteString | undefined {
    let value = 0;
    for (let i = 0; i < bytes; i++) {
      const byte = this.byte();
      if (byte === undefined) return undefined;
      value += byte * 2 ** (8 * i);
    }
    const bits = 8 * bytes;
    return String(value >= 2 ** (bits - 1) ? value - 2 ** bits : value);
  }

  private take(length: number): ByteString | undefined {
    if (length > this.remaining) return undefined;
    const out = this.data.slice(this.position, this.position + length);
    this.position += length;
    return out;
  }

  private compressed(): ByteString | undefined {
    const compressedLength = this.length();
    const length = this.length();
    if (compressedLength === undefined || length === undefined) return undefined;
    const input = this.take(compressedLength);
    return input === undefined ? undefined : lzfDecompress(input, length);
  }
}

/** liblzf's format: literal runs (control < 32) and back references; undefined when malformed. */
export function lzfDecompress(input: ByteString, length: number): ByteString | undefined {
  const out: number[] = [];
  let position = 0;
  while (position < input.length) {
    const control = input.charCodeAt(position++);
    if (control < 32) {
      const run = control + 1;
      if (position + run > input.length) return undefined;
      for (let i = 0; i < run; i++) out.push(input.charCodeAt(position++));
      continue;
    }
    let run = control >> 5;
    if (run === 7) {
      if (position >= input.length) return undefined;
      run += input.charCodeAt(position++);
    }
    if (position >= input.length) return undefined;
    const from = out.length - ((control & 0x1f) << 8) - input.charCodeAt(position++) - 1;
    if (from < 0) return undefined;
    for (let i = 0; i < run + 2; i++) out.push(out[from + i]);
  }
  if (out.length !== length) return undefined;
  let text = '';
  for (let i = 0; i < out.length; i += 8192) text += String.fromCharCode(...out.slice(i, i + 8192));
  return text;
}
