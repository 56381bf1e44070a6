/**
 * LZF (liblzf's format, which RDB uses for compressed strings): a control byte below 32 starts a
 * literal run of control+1 bytes; otherwise its top 3 bits are a match length (7 means "add the
 * next byte"), plus 2, and the rest with the next byte a back distance minus 1.
 *
 * lzfCompress is liblzf 3.6's lzf_compress as Redis builds it (HLOG 16, VERY_FAST, offsets in the
 * hash table), so its output is redis-server's byte for byte — with one caveat: Redis leaves the
 * hash table uninitialised (INIT_HTAB 0), so a stale slot from an earlier call can, rarely, turn
 * a literal into a valid back reference there; here the table always starts empty. Both outputs
 * decompress to the same bytes.
 */
import { RdbFormatError, rdbCheck } from './rdb-error.js';

/** The most one input byte can expand to: a 3-byte back reference yields up to 264 bytes. */
const EXPANSION_MAX = 88;

/** Refuses an announced length the input cannot expand to, before anything is allocated for it. */
function checkExpansion(inputBytes: number, length: number, offset: number): void {
  if (length > inputBytes * EXPANSION_MAX) throw new RdbFormatError(offset, `LZF input of ${inputBytes} bytes cannot expand to ${length}`);
}

/** The `length` bytes that `input` expands to (in `into` when it is large enough: a view of it); RdbFormatError at `offset` when it does not. */
export function lzfDecompress(input: Uint8Array, length: number, offset = 0, into?: Uint8Array): Uint8Array {
  checkExpansion(input.length, length, offset);
  const out = into !== undefined && into.length >= length ? into : new Uint8Array(length);
  lzfDecompressRange(input, 0, input.length, length, out, offset);
  return out.length === length ? out : out.subarray(0, length);
}

/**
 * Expands `input[start, end)` into the first `length` bytes of `out` (at least that long), with
 * lzfDecompress's checks: for a caller that reads the result in place, no view is made.
 */
export function lzfDecompressRange(input: Uint8Array, start: number, end: number, length: number, out: Uint8Array, offset = 0): void {
  checkExpansion(end - start, length, offset);
  let at = 0;
  let position = start;
  while (position < end) {
    const control = input[position++];
    if (control < 32) {
      const run = control + 1;
      rdbCheck(position + run <= end && at + run <= length, offset, 'LZF literal runs past its end');
      // A literal run is at most 32 bytes: a loop beats allocating a subarray view for each.
      for (let i = 0; i < run; i++) out[at + i] = input[position + i];
      position += run;
      at += run;
      continue;
    }
    let run = control >> 5;
    if (run === 7) {
      rdbCheck(position < end, offset, 'LZF match runs past its end');
      run += input[position++];
    }
    rdbCheck(position < end, offset, 'LZF match runs past its end');
    const from = at - ((control & 0x1f) << 8) - input[position++] - 1;
    rdbCheck(from >= 0, offset, 'LZF back reference before the start');
    rdbCheck(at + run + 2 <= length, offset, 'LZF output longer than announced');
    for (let i = 0; i < run + 2; i++) out[at + i] = out[from + i];
    at += run + 2;
  }
  if (at !== length) throw new RdbFormatError(offset, `LZF output is ${at} bytes, announced ${length}`);
}

const HASH_SLOTS = 1 << 16;
const LITERAL_RUN_MAX = 1 << 5;
const BACK_DISTANCE_MAX = 1 << 13;
const MATCH_BYTES_MAX = (1 << 8) + (1 << 3);
/** Positions in the hash table are stored as callBase + position; below callBase + 1 means empty. */
const hashTable = new Float64Array(HASH_SLOTS);
/** The output buffer every call reuses: what lzfCompress returns is a view, valid until its next call. */
let compressScratch = new Uint8Array(4096);
let callBase = 0;
const CALL_BASE_MAX = 2 ** 52;

function slot(hash: number): number {
  return ((hash >>> 8) - Math.imul(hash, 5)) & (HASH_SLOTS - 1);
}

/**
 * liblzf's lzf_compress of `input` into at most `outputBytesMax` bytes, or undefined when the
 * output would not fit (lzf_compress returning 0). The result is a view of a reused buffer, valid until the next call.
 */
export function lzfCompress(input: Uint8Array, outputBytesMax: number): Uint8Array | undefined {
  const length = input.length;
  if (length === 0 || outputBytesMax <= 0) return undefined;
  if (callBase + length + 1 >= CALL_BASE_MAX) {
    hashTable.fill(0);
    callBase = 0;
  }
  const base = callBase;
  callBase += length + 1;
  if (compressScratch.length < outputBytesMax + 2) compressScratch = new Uint8Array(Math.max(outputBytesMax + 2, compressScratch.length * 2));
  const out = compressScratch;
  const outEnd = outputBytesMax;
  let literals = 0;
  let op = 1;
  let ip = 0;
  let hash = ((input[0] << 8) | (input[1] ?? 0)) >>> 0;
  while (ip < length - 2) {
    hash = ((hash << 8) | input[ip + 2]) >>> 0;
    let index = slot(hash);
    const stored = hashTable[index] - base;
    hashTable[index] = base + ip;
    const distance = ip - stored - 1;
    if (stored > 0 && distance < BACK_DISTANCE_MAX
      && input[stored + 2] === input[ip + 2] && input[stored] === input[ip] && input[stored + 1] === input[ip + 1]) {
      if (op + 4 >= outEnd && op - (literals === 0 ? 1 : 0) + 4 >= outEnd) return undefined;
      out[op - literals - 1] = (literals - 1) & 0xff;
      if (literals === 0) op--;
      let matched = matchLength(input, stored, ip, Math.min(length - ip - 2, MATCH_BYTES_MAX)) - 2;
      ip++;
      if (matched < 7) {
        out[op++] = ((distance >> 8) + (matched << 5)) & 0xff;
      } else {
        out[op++] = ((distance >> 8) + (7 << 5)) & 0xff;
        out[op++] = matched - 7;
      }
      out[op++] = distance & 0xff;
      literals = 0;
      op++;
      ip += matched + 1;
      if (ip >= length - 2) break;
      ip -= 2;
      hash = ((input[ip] << 8) | input[ip + 1]) >>> 0;
      for (matched = 0; matched < 2; matched++) {
        hash = ((hash << 8) | input[ip + 2]) >>> 0;
        index = slot(hash);
        hashTable[index] = base + ip;
        ip++;
      }
    } else {
      if (op >= outEnd) return undefined;
      literals++;
      out[op++] = input[ip++];
      if (literals === LITERAL_RUN_MAX) {
        out[op - literals - 1] = literals - 1;
        literals = 0;
        op++;
      }
    }
  }
  if (op + 3 > outEnd) return undefined;
  while (ip < length) {
    literals++;
    out[op++] = input[ip++];
    if (literals === LITERAL_RUN_MAX) {
      out[op - literals - 1] = literals - 1;
      literals = 0;
      op++;
    }
  }
  out[op - literals - 1] = (literals - 1) & 0xff;
  if (literals === 0) op--;
  return out.subarray(0, op);
}

/**
 * How far the match at `ip` against `reference` runs (the first 3 bytes already match), as
 * lzf_compress measures it: 16 unchecked-bound steps first when more than 16 may follow.
 */
function matchLength(input: Uint8Array, reference: number, ip: number, lengthMax: number): number {
  let matched = 2;
  if (lengthMax > 16) {
    for (let step = 0; step < 16; step++) {
      matched++;
      if (input[reference + matched] !== input[ip + matched]) return matched;
    }
  }
  do matched++;
  while (matched < lengthMax && input[reference + matched] === input[ip + matched]);
  return matched;
}

/**
 * The RdbOutput compressor with rdbSaveLzfStringObject's rule: compress only when the result
 * takes at most the input's length less 4 bytes.
 */
export function rdbCompressor(input: Uint8Array): Uint8Array | undefined {
  return input.length <= 4 ? undefined : lzfCompress(input, input.length - 4);
}
