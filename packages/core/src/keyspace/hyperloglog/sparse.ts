/**
 * The sparse encoding of a Redis HyperLogLog: after the header, run-length opcodes cover the
 * 16384 registers in order —
 *
 * - ZERO  `00xxxxxx`: 1..64 registers at zero;
 * - XZERO `01xxxxxx xxxxxxxx`: 1..16384 registers at zero;
 * - VAL   `1vvvvvxx`: 1..4 registers at value 1..32.
 *
 * Updates follow Redis's algorithm step for step (split the opcode that covers the register,
 * then merge equal neighbouring VALs in a window of five opcodes), because the result is not
 * canonical: only the same steps give the same bytes. Every walk is bounded by the bytes it
 * walks, so a corrupt value ends in an error, never a loop or a read out of range.
 */
import type { ByteString } from '../../resp/byte-string.js';
import { HLL_ENCODING_DENSE, HLL_ENCODING_OFFSET, HLL_DENSE_BYTES, HLL_HEADER_BYTES, HLL_CACHE_FLAG_OFFSET, HLL_CACHE_STALE_BIT, setDenseRegister } from './layout.js';
import { HLL_REGISTERS } from './murmur-hash.js';

export const SPARSE_VAL_MAX_VALUE = 32;
const SPARSE_VAL_MAX_LENGTH = 4;
const SPARSE_ZERO_MAX_LENGTH = 64;
export const SPARSE_XZERO_MAX_LENGTH = 16384;

/**
 * A byte string being edited: `bytes[0, length)` is the value; `bytes[length]` is always 0,
 * standing for the NUL that ends every Redis string (a truncated XZERO reads it).
 */
export interface ByteBuffer {
  bytes: Uint8Array;
  length: number;
}

/** What sparseSet did: the register changed, it did not need to, the HLL is corrupt, or it must become dense first. */
export type SparseSetResult = 'updated' | 'unchanged' | 'corrupt' | 'promote';

function isZero(op: number): boolean {
  return (op & 0xc0) === 0;
}

function isXZero(op: number): boolean {
  return (op & 0xc0) === 0x40;
}

function zeroLength(op: number): number {
  return (op & 0x3f) + 1;
}

function xzeroLength(op: number, second: number): number {
  return (((op & 0x3f) << 8) | second) + 1;
}

function valValue(op: number): number {
  return ((op >>> 2) & 0x1f) + 1;
}

function valLength(op: number): number {
  return (op & 0x3) + 1;
}

function valOpcode(value: number, length: number): number {
  return 0x80 | ((value - 1) << 2) | (length - 1);
}

/** Appends the ZERO or XZERO opcode for a run of `length` zero registers. */
function pushZeroRun(out: number[], length: number): void {
  if (length > SPARSE_ZERO_MAX_LENGTH) out.push(0x40 | ((length - 1) >>> 8), (length - 1) & 0xff);
  else out.push(length - 1);
}

/** A new, empty sparse HLL (every register zero, cached cardinality 0 and valid): 18 bytes. */
export function emptySparse(): ByteString {
  let out = 'HYLL\x01' + '\x00'.repeat(HLL_HEADER_BYTES - 5);
  for (let left = HLL_REGISTERS; left > 0; left -= SPARSE_XZERO_MAX_LENGTH) {
    const run = Math.min(left, SPARSE_XZERO_MAX_LENGTH) - 1;
    out += String.fromCharCode(0x40 | (run >>> 8), run & 0xff);
  }
  return out;
}

/** Makes room for `extra` more bytes (plus the terminating zero). */
export function reserve(buffer: ByteBuffer, extra: number): void {
  if (buffer.length + extra + 1 <= buffer.bytes.length) return;
  const grown = new Uint8Array(Math.max(buffer.length + extra + 1, buffer.bytes.length * 2));
  grown.set(buffer.bytes.subarray(0, buffer.length));
  buffer.bytes = grown;
}

function resize(buffer: ByteBuffer, length: number): void {
  buffer.length = length;
  buffer.bytes[length] = 0;
}

/**
 * Raises register `index` of a sparse HLL to `count` if it is lower (Redis's hllSparseSet).
 * 'promote' when the value needs the dense encoding: `count` above 32, or an update that
 * would grow the string beyond `sparseBytesMax`; nothing has changed then.
 */
export function sparseSet(buffer: ByteBuffer, index: number, count: number, sparseBytesMax: number): SparseSetResult {
  if (count > SPARSE_VAL_MAX_VALUE) return 'promote';
  reserve(buffer, 3);
  const bytes = buffer.bytes;
  let end = buffer.length;
  // Step 1: find the opcode covering `index`.
  let p = HLL_HEADER_BYTES;
  let first = 0;
  let prev = -1;
  let span = 0;
  while (p < end) {
    const op = bytes[p];
    let length = 1;
    if (isZero(op)) span = zeroLength(op);
    else if (op & 0x80) span = valLength(op);
    else {
      span = xzeroLength(op, bytes[p + 1]);
      length = 2;
    }
    if (index <= first + span - 1) break;
    prev = p;
    p += length;
    first += span;
  }
  if (span === 0 || p >= end) return 'corrupt';
  const op = bytes[p];
  const opIsXZero = isXZero(op);
  const opIsZero = isZero(op);
  let next = opIsXZero ? p + 2 : p + 1;
  if (next >= end) next = -1;
  const runLength = opIsZero ? zeroLength(op) : opIsXZero ? xzeroLength(op, bytes[p + 1]) : valLength(op);

  // Step 2: the trivial cases update one byte in place.
  let inPlace = false;
  if (!opIsZero && !opIsXZero) {
    if (valValue(op) >= count) return 'unchanged';
    inPlace = runLength === 1;
  } else if (opIsZero && runLength === 1) {
    inPlace = true;
  }
  if (inPlace) {
    bytes[p] = valOpcode(count, 1);
  } else {
    // The general case: split the opcode into up to three (XZERO → XZERO VAL XZERO).
    const sequence: number[] = [];
    const last = first + span - 1;
    if (opIsZero || opIsXZero) {
      if (index !== first) pushZeroRun(sequence, index - first);
      sequence.push(valOpcode(count, 1));
      if (index !== last) pushZeroRun(sequence, last - index);
    } else {
      const current = valValue(op);
      if (index !== first) sequence.push(valOpcode(current, index - first));
      sequence.push(valOpcode(count, 1));
      if (index !== last) sequence.push(valOpcode(current, last - index));
    }
    // Step 3: put the new sequence in place of the old opcode.
    const delta = sequence.length - (opIsXZero ? 2 : 1);
    if (delta > 0 && buffer.length + delta > sparseBytesMax) return 'promote';
    if (delta !== 0 && next >= 0) bytes.copyWithin(next + delta, next, end);
    resize(buffer, buffer.length + delta);
    bytes.set(sequence, p);
    end += delta;
  }
  // Step 4: merge equal adjacent VALs, scanning at most five opcodes from the previous one.
  p = prev >= 0 ? prev : HLL_HEADER_BYTES;
  let scans = 5;
  while (p < end && scans-- > 0) {
    const current = bytes[p];
    if (isXZero(current)) {
      p += 2;
      continue;
    }
    if (isZero(current)) {
      p++;
      continue;
    }
    if (p + 1 < end && (bytes[p + 1] & 0x80) !== 0 && valValue(current) === valValue(bytes[p + 1])) {
      const merged = valLength(current) + valLength(bytes[p + 1]);
      if (merged <= SPARSE_VAL_MAX_LENGTH) {
        bytes[p + 1] = valOpcode(valValue(current), merged);
        bytes.copyWithin(p, p + 1, end);
        resize(buffer, buffer.length - 1);
        end--;
        continue;
      }
    }
    p++;
  }
  bytes[HLL_CACHE_FLAG_OFFSET] |= HLL_CACHE_STALE_BIT;
  return 'updated';
}

/**
 * Walks the opcodes of a sparse HLL, calling `visit(first, run, value)` for each run (value 0
 * for ZERO and XZERO). False when the HLL is corrupt: an opcode runs past the last register, or
 * the runs do not add up to 16384. (Redis 7.0.15 as Debian ships it, with the fix for
 * CVE-2025-32023, checks every opcode; the upstream tag checked only VAL.)
 */
function walkSparse(value: ByteString, visit: (first: number, run: number, register: number) => void): boolean {
  let index = 0;
  const end = value.length;
  for (let p = HLL_HEADER_BYTES; p < end;) {
    const op = value.charCodeAt(p);
    let run: number;
    let register = 0;
    if (isZero(op)) {
      run = zeroLength(op);
      p++;
    } else if (isXZero(op)) {
      run = xzeroLength(op, p + 1 < end ? value.charCodeAt(p + 1) : 0);
      p += 2;
    } else {
      run = valLength(op);
      register = valValue(op);
      p++;
    }
    if (run + index > HLL_REGISTERS) return false;
    visit(index, run, register);
    index += run;
  }
  return index === HLL_REGISTERS;
}

/**
 * The dense form of a sparse HLL (Redis's hllSparseToDense): the header is copied (cached
 * cardinality and unused bytes included) with the encoding set to dense. Undefined when corrupt.
 */
export function sparseToDense(value: ByteString): Uint8Array | undefined {
  const dense = new Uint8Array(HLL_DENSE_BYTES + 1);
  for (let i = 0; i < HLL_HEADER_BYTES; i++) dense[i] = value.charCodeAt(i);
  dense[HLL_ENCODING_OFFSET] = HLL_ENCODING_DENSE;
  const valid = walkSparse(value, (first, run, register) => {
    if (register !== 0) for (let i = first; i < first + run; i++) setDenseRegister(dense, HLL_HEADER_BYTES, i, register);
  });
  return valid ? dense.subarray(0, HLL_DENSE_BYTES) : undefined;
}

/** Adds a sparse HLL's register values to `histogram` (Redis's hllSparseRegHisto); false when corrupt. */
export function sparseHistogram(value: ByteString, histogram: Float64Array): boolean {
  return walkSparse(value, (_first, run, register) => {
    histogram[register] += run;
  });
}

/** Raises `max[i]` to each register of a sparse HLL (Redis's hllMerge); false when corrupt. */
export function mergeSparse(value: ByteString, max: Uint8Array): boolean {
  return walkSparse(value, (first, run, register) => {
    for (let i = first; i < first + run; i++) if (register > max[i]) max[i] = register;
  });
}

/**
 * Register `index` of a sparse HLL read without copying it, or -1 when the opcodes end before
 * it (the caller then takes the slow path, which reports the corruption exactly as Redis).
 */
export function sparseRegister(value: ByteString, index: number): number {
  let first = 0;
  const end = value.length;
  for (let p = HLL_HEADER_BYTES; p < end;) {
    const op = value.charCodeAt(p);
    if (isZero(op)) {
      first += zeroLength(op);
      if (index < first) return 0;
      p++;
    } else if (isXZero(op)) {
      first += xzeroLength(op, p + 1 < end ? value.charCodeAt(p + 1) : 0);
      if (index < first) return 0;
      p += 2;
    } else {
      first += valLength(op);
      if (index < first) return valValue(op);
      p++;
    }
  }
  return -1;
}

/** PFDEBUG DECODE's text: `z:N` (ZERO), `Z:N` (XZERO), `v:value,N` (VAL), space-separated. */
export function decodeSparse(value: ByteString): string {
  const parts: string[] = [];
  const end = value.length;
  for (let p = HLL_HEADER_BYTES; p < end;) {
    const op = value.charCodeAt(p);
    if (isZero(op)) {
      parts.push(`z:${zeroLength(op)}`);
      p++;
    } else if (isXZero(op)) {
      parts.push(`Z:${xzeroLength(op, p + 1 < end ? value.charCodeAt(p + 1) : 0)}`);
      p += 2;
    } else {
      parts.push(`v:${valValue(op)},${valLength(op)}`);
      p++;
    }
  }
  return parts.join(' ');
}
