/**
 * Keys, values, fields and members are bytes. Inside core they are held as "byte strings":
 * JavaScript strings whose every char code is one byte (0..255). V8 stores them as compact
 * one-byte strings, hashes them natively in Map and Set, and compares them exactly, so binary
 * data round-trips unchanged. Text for humans (error messages, INFO) is ASCII and is therefore
 * already a valid byte string.
 */
export type ByteString = string;

const CHUNK_CHARS = 8192;

/** Below this length a plain array of char codes is the fastest way to a flat string. */
const SHORT_CHARS = 128;
/** One reusable char-code array per short length: fromCharCode copies, so reuse is safe. */
const SCRATCH: number[][] = Array.from({ length: SHORT_CHARS + 1 }, (_, length) => new Array<number>(length).fill(0));

/**
 * Decodes `bytes[start, end)` into a byte string. The result is always a flat (sequential)
 * string: keys go straight into Map lookups, and a cons string would be flattened there anyway.
 */
export function bytesToByteString(bytes: Uint8Array, start = 0, end = bytes.length): ByteString {
  const length = end - start;
  if (length <= SHORT_CHARS) {
    const codes = SCRATCH[length];
    for (let i = 0; i < length; i++) codes[i] = bytes[start + i];
    return String.fromCharCode.apply(null, codes);
  }
  let out = '';
  for (let offset = start; offset < end; offset += CHUNK_CHARS) {
    const chunk = bytes.subarray(offset, Math.min(end, offset + CHUNK_CHARS));
    out += String.fromCharCode.apply(null, chunk as unknown as number[]);
  }
  return out;
}

/** Encodes a byte string into a new Uint8Array. */
export function byteStringToBytes(value: ByteString): Uint8Array {
  const out = new Uint8Array(value.length);
  for (let i = 0; i < value.length; i++) out[i] = value.charCodeAt(i);
  return out;
}
