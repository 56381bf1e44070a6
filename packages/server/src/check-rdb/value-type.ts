/**
 * The Redis type of a loaded value (what TYPE answers), from core's public surface only. Core
 * does not export its value classes or typeOfValue, so the classes are taken once from values
 * that decodeDumpPayload builds out of five minimal DUMP payloads (plain RDB types 0–4, one
 * element each), and a value is then matched with `instanceof`: O(1) per key, and right for as
 * long as RESTORE builds values of the classes the loader builds. A stream is what is left.
 */
import { bytesToByteString, Crc64, decodeDumpPayload, DEFAULT_ENCODING_LIMITS, RDB_VERSION, type RdbKeyRecord } from '@ballast/core';

export type ValueTypeName = 'string' | 'list' | 'set' | 'zset' | 'hash' | 'stream';

/** The order types are listed in, as Redis numbers them (OBJ_STRING … OBJ_STREAM). */
export const VALUE_TYPE_NAMES: readonly ValueTypeName[] = ['string', 'list', 'set', 'zset', 'hash', 'stream'];

type Value = RdbKeyRecord['value'];
type ValueClass = abstract new (...args: never[]) => object;

const ONE_ELEMENT = [1, 1, 0x61]; // a length of 1, then the string "a"
const SCORE_ONE = [0, 0, 0, 0, 0, 0, 0xf0, 0x3f]; // 1.0 as a little-endian binary double

/** A DUMP payload: RDB type, body, RDB version (2 bytes LE), CRC-64 of all that (8 bytes LE). */
function payload(type: number, body: readonly number[]): string {
  const bytes = Uint8Array.from([type, ...body, RDB_VERSION & 0xff, RDB_VERSION >> 8]);
  return bytesToByteString(bytes) + bytesToByteString(new Crc64().update(bytes).littleEndian());
}

function classOf(type: number, body: readonly number[]): ValueClass {
  const decoded = decodeDumpPayload(payload(type, body), DEFAULT_ENCODING_LIMITS);
  if (!('value' in decoded) || typeof decoded.value === 'string') throw new Error(`probe payload of RDB type ${type} did not decode to a collection`);
  return decoded.value.constructor as ValueClass;
}

const COLLECTION_CLASSES: ReadonlyArray<[ValueTypeName, ValueClass]> = [
  ['list', classOf(1, ONE_ELEMENT)],
  ['set', classOf(2, ONE_ELEMENT)],
  ['zset', classOf(5, [...ONE_ELEMENT, ...SCORE_ONE])],
  ['hash', classOf(4, [1, 1, 0x61, 1, 0x62])],
];

export function valueTypeOf(value: Value): ValueTypeName {
  if (typeof value === 'string') return 'string';
  for (const [name, valueClass] of COLLECTION_CLASSES) {
    if (value instanceof valueClass) return name;
  }
  return 'stream';
}
