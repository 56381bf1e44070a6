/**
 * HyperLogLog operations on the byte strings that hold them (layout.ts): what PFADD, PFCOUNT,
 * PFMERGE and PFDEBUG do to a value, as pure functions from the old bytes to the new. Values are
 * never modified in place (a string is immutable); a function returns the same string when
 * nothing changed, so the caller stores — and the AOF logs — only real changes.
 *
 * Dense updates patch the few bytes they change into a new flat string instead of copying the
 * 12 KB through a byte array; sparse updates, which move bytes, run on a byte buffer.
 */
import { bytesToByteString, type ByteString } from '../../resp/byte-string.js';
import { estimateCardinality, HISTOGRAM_SLOTS } from './estimator.js';
import {
  cachedCardinality, cacheIsValid, cardinalityBytes, denseRegister, denseRegisterOfString, HLL_CACHE_FLAG_OFFSET, HLL_DENSE_BYTES,
  HLL_CACHE_STALE_BIT, HLL_CARDINALITY_OFFSET, HLL_HEADER_BYTES, HLL_REGISTER_MAX, isDense, setDenseRegister,
} from './layout.js';
import { HLL_REGISTERS, patternOf } from './murmur-hash.js';
import { mergeSparse, sparseHistogram, sparseRegister, sparseSet, sparseToDense, type ByteBuffer } from './sparse.js';

export { isHyperLogLog, isDense, HLL_DENSE_BYTES } from './layout.js';
export { emptySparse } from './sparse.js';

/** The result of adding elements: the new value, whether a register changed, and whether it stopped at corruption. */
export interface AddResult {
  readonly value: ByteString;
  readonly updated: boolean;
  /** A sparse HLL turned out corrupt: `value` keeps the registers set before (as Redis leaves them). */
  readonly corrupt: boolean;
}

/** `value` with its cached cardinality marked stale (the top bit of byte 15 set). */
export function withStaleCache(value: ByteString): ByteString {
  if (!cacheIsValid(value)) return value;
  const flag = String.fromCharCode(value.charCodeAt(HLL_CACHE_FLAG_OFFSET) | HLL_CACHE_STALE_BIT);
  return [value.slice(0, HLL_CACHE_FLAG_OFFSET), flag, value.slice(HLL_CACHE_FLAG_OFFSET + 1)].join('');
}

/** Register and pattern length of each element: `count * HLL_REGISTERS + index`. */
function patternsOf(elements: readonly ByteString[]): number[] {
  return elements.map(patternOf);
}

/**
 * PFADD's work on an existing HLL (Redis's hllAdd for each element, in order): registers only
 * grow; a sparse HLL becomes dense when a pattern needs more than 32 or the sparse string would
 * outgrow `sparseBytesMax`. A change marks the cached cardinality stale.
 */
export function addElements(value: ByteString, elements: readonly ByteString[], sparseBytesMax: number): AddResult {
  const patterns = patternsOf(elements);
  if (isDense(value)) return addToDenseString(value, patterns);
  if (patterns.every((pattern) => Math.floor(pattern / HLL_REGISTERS) <= sparseRegister(value, pattern % HLL_REGISTERS))) {
    return { value, updated: false, corrupt: false };
  }
  return addToSparse(value, patterns, sparseBytesMax);
}

function addToDenseString(value: ByteString, patterns: readonly number[]): AddResult {
  const raised = new Map<number, number>();
  for (const pattern of patterns) {
    const index = pattern % HLL_REGISTERS;
    const count = Math.floor(pattern / HLL_REGISTERS);
    if (count > (raised.get(index) ?? denseRegisterOfString(value, index))) raised.set(index, count);
  }
  if (raised.size === 0) return { value, updated: false, corrupt: false };
  return { value: patchDense(value, raised), updated: true, corrupt: false };
}

/** A copy of a dense HLL string with the registers in `raised` set and the cache marked stale. */
function patchDense(value: ByteString, raised: ReadonlyMap<number, number>): ByteString {
  const patched = new Map<number, number>();
  const byteAt = (offset: number) => patched.get(offset) ?? value.charCodeAt(offset);
  for (const [index, count] of raised) {
    const byte = HLL_HEADER_BYTES + ((index * 6) >>> 3);
    const shift = (index * 6) & 7;
    patched.set(byte, ((byteAt(byte) & ~(HLL_REGISTER_MAX << shift)) | (count << shift)) & 0xff);
    if (shift > 2 && byte + 1 < value.length) {
      patched.set(byte + 1, (byteAt(byte + 1) & ~(HLL_REGISTER_MAX >>> (8 - shift))) | (count >>> (8 - shift)));
    }
  }
  patched.set(HLL_CACHE_FLAG_OFFSET, byteAt(HLL_CACHE_FLAG_OFFSET) | HLL_CACHE_STALE_BIT);
  const parts: ByteString[] = [];
  let from = 0;
  for (const offset of [...patched.keys()].sort((a, b) => a - b)) {
    if (offset > from) parts.push(value.slice(from, offset));
    parts.push(String.fromCharCode(patched.get(offset) as number));
    from = offset + 1;
  }
  parts.push(value.slice(from));
  return parts.join('');
}

function bufferOf(value: ByteString, room: number): ByteBuffer {
  const bytes = new Uint8Array(value.length + room + 1);
  for (let i = 0; i < value.length; i++) bytes[i] = value.charCodeAt(i);
  return { bytes, length: value.length };
}

function stringOf(buffer: ByteBuffer): ByteString {
  return bytesToByteString(buffer.bytes, 0, buffer.length);
}

/** Sets dense register `index` to `count` if higher; true when it changed. */
function raiseDense(dense: Uint8Array, index: number, count: number): boolean {
  if (count <= denseRegister(dense, HLL_HEADER_BYTES, index)) return false;
  setDenseRegister(dense, HLL_HEADER_BYTES, index, count);
  return true;
}

function addToSparse(value: ByteString, patterns: readonly number[], sparseBytesMax: number): AddResult {
  const buffer = bufferOf(value, 16);
  let dense: Uint8Array | undefined;
  let updated = false;
  for (const pattern of patterns) {
    const index = pattern % HLL_REGISTERS;
    const count = Math.floor(pattern / HLL_REGISTERS);
    if (dense !== undefined) {
      updated = raiseDense(dense, index, count) || updated;
      continue;
    }
    const result = sparseSet(buffer, index, count, sparseBytesMax);
    if (result === 'updated') updated = true;
    else if (result === 'corrupt') return { value: stringOf(buffer), updated, corrupt: true };
    else if (result === 'promote') {
      dense = sparseToDense(stringOf(buffer));
      if (dense === undefined) return { value: stringOf(buffer), updated, corrupt: true };
      updated = raiseDense(dense, index, count) || updated;
    }
  }
  if (dense !== undefined) {
    dense[HLL_CACHE_FLAG_OFFSET] |= HLL_CACHE_STALE_BIT;
    return { value: bytesToByteString(dense), updated: true, corrupt: false };
  }
  if (!updated) return { value, updated, corrupt: false };
  buffer.bytes[HLL_CACHE_FLAG_OFFSET] |= HLL_CACHE_STALE_BIT;
  return { value: stringOf(buffer), updated, corrupt: false };
}

/** Histogram of register values; undefined for a corrupt sparse HLL. */
function histogramOf(value: ByteString): Float64Array | undefined {
  const histogram = new Float64Array(HISTOGRAM_SLOTS);
  if (!isDense(value)) return sparseHistogram(value, histogram) ? histogram : undefined;
  for (let index = 0; index < HLL_REGISTERS; index++) histogram[denseRegisterOfString(value, index)]++;
  return histogram;
}

/** The cardinality estimate of one HLL from its registers; undefined when corrupt. */
export function estimate(value: ByteString): number | bigint | undefined {
  const histogram = histogramOf(value);
  return histogram && estimateCardinality(histogram);
}

/**
 * PFCOUNT of one key: the cached cardinality when valid, else the estimate, with the value
 * holding it as its new cache (Redis stores it, top bit clear). Undefined when corrupt.
 */
export function countWithCache(value: ByteString): { readonly cardinality: number | bigint; readonly value: ByteString } | undefined {
  if (cacheIsValid(value)) return { cardinality: cachedCardinality(value), value };
  const cardinality = estimate(value);
  if (cardinality === undefined) return undefined;
  const updated = [value.slice(0, HLL_CARDINALITY_OFFSET), cardinalityBytes(cardinality), value.slice(HLL_CARDINALITY_OFFSET + 8)].join('');
  return { cardinality, value: updated };
}

/** Raises `max[i]` (16384 registers, one byte each) to each register of `value`; false when corrupt. */
export function mergeRegisters(max: Uint8Array, value: ByteString): boolean {
  if (!isDense(value)) return mergeSparse(value, max);
  for (let index = 0; index < HLL_REGISTERS; index++) {
    const register = denseRegisterOfString(value, index);
    if (register > max[index]) max[index] = register;
  }
  return true;
}

/** The estimate of registers held one byte each (PFCOUNT of several keys). */
export function estimateOfRegisters(registers: Uint8Array): number | bigint {
  const histogram = new Float64Array(HISTOGRAM_SLOTS);
  for (let index = 0; index < HLL_REGISTERS; index++) histogram[registers[index]]++;
  return estimateCardinality(histogram);
}

/** The dense form of `value` (itself when dense); undefined when a sparse HLL is corrupt. */
export function toDense(value: ByteString): ByteString | undefined {
  if (isDense(value)) return value;
  const dense = sparseToDense(value);
  return dense && bytesToByteString(dense);
}

/**
 * PFMERGE's write: `target` (the destination's old value, or a new empty HLL) raised to the
 * merged registers `max`, made dense first when a source was dense (`useDense`), as Redis
 * does: register by register, so a sparse target may turn dense on the way. The cache is
 * marked stale. Undefined when the target is a corrupt sparse HLL that must become dense.
 */
export function writeMerged(target: ByteString, max: Uint8Array, useDense: boolean, sparseBytesMax: number): ByteString | undefined {
  let dense: Uint8Array | undefined;
  if (isDense(target) || useDense) {
    dense = isDense(target) ? bufferOf(target, 0).bytes : sparseToDense(target);
    if (dense === undefined) return undefined;
  }
  const buffer = dense === undefined ? bufferOf(target, 64) : undefined;
  for (let index = 0; index < HLL_REGISTERS; index++) {
    const count = max[index];
    if (count === 0) continue;
    if (dense !== undefined) {
      raiseDense(dense, index, count);
      continue;
    }
    // A corrupt result cannot happen here: the target passed mergeRegisters; Redis ignores it too.
    if (sparseSet(buffer as ByteBuffer, index, count, sparseBytesMax) === 'promote') {
      dense = sparseToDense(stringOf(buffer as ByteBuffer));
      if (dense === undefined) return undefined;
      raiseDense(dense, index, count);
    }
  }
  if (dense !== undefined) {
    dense[HLL_CACHE_FLAG_OFFSET] |= HLL_CACHE_STALE_BIT;
    return bytesToByteString(dense, 0, HLL_DENSE_BYTES);
  }
  const sparse = buffer as ByteBuffer;
  sparse.bytes[HLL_CACHE_FLAG_OFFSET] |= HLL_CACHE_STALE_BIT;
  return stringOf(sparse);
}

/** The 16384 register values of a dense HLL (PFDEBUG GETREG). */
export function denseRegisters(value: ByteString): number[] {
  const registers = new Array<number>(HLL_REGISTERS);
  for (let index = 0; index < HLL_REGISTERS; index++) registers[index] = denseRegisterOfString(value, index);
  return registers;
}
