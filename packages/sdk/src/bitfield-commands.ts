/**
 * The hand-typed BITFIELD and BITFIELD_RO: the operations as a list of objects, sent in order,
 * and one reply per GET, SET and INCRBY — a number, a bigint when the value is beyond ±2^53
 * (only fields of more than 53 bits get there), or null where OVERFLOW FAIL refused a SET or an
 * INCRBY.
 */
import type { Reply } from '@ballast/core';
import type { Argument } from './request-encoder.js';

/** A signed (i1…i64) or unsigned (u1…u63) integer field. */
export type BitfieldEncoding = `i${number}` | `u${number}`;

/** Where a field starts: a bit offset, or `#n` for the n-th field of the encoding's width. */
export type BitfieldOffset = number | `#${number}`;

/** What SET and INCRBY do past the field's range: wrap around, saturate, or refuse (reply null). */
export type BitfieldOverflow = 'WRAP' | 'SAT' | 'FAIL';

/** A field's value as BITFIELD replies it. */
export type BitfieldValue = number | bigint;

export interface BitfieldGet {
  op: 'GET';
  encoding: BitfieldEncoding;
  offset: BitfieldOffset;
}

/** One operation of BITFIELD; OVERFLOW applies to the SETs and INCRBYs after it (WRAP before any). */
export type BitfieldOperation =
  | BitfieldGet
  | { op: 'SET'; encoding: BitfieldEncoding; offset: BitfieldOffset; value: number | bigint }
  | { op: 'INCRBY'; encoding: BitfieldEncoding; offset: BitfieldOffset; increment: number | bigint }
  | { op: 'OVERFLOW'; behavior: BitfieldOverflow };

export interface BitfieldCommands {
  /** Runs the operations in order; one value per GET, SET (the old value) and INCRBY (the new one). */
  bitfield(key: Argument, operations: readonly BitfieldOperation[]): Array<BitfieldValue | null>;
  /** BITFIELD_RO: GETs only, so it may run on a replica. */
  bitfieldRo(key: Argument, gets: ReadonlyArray<Omit<BitfieldGet, 'op'>>): BitfieldValue[];
}

export function bitfieldArguments(operations: readonly BitfieldOperation[]): Argument[] {
  return operations.flatMap((operation): Argument[] => {
    switch (operation.op) {
      case 'GET': return ['GET', operation.encoding, operation.offset];
      case 'SET': return ['SET', operation.encoding, operation.offset, operation.value];
      case 'INCRBY': return ['INCRBY', operation.encoding, operation.offset, operation.increment];
      case 'OVERFLOW': return ['OVERFLOW', operation.behavior];
    }
  });
}

export function bitfieldRoArguments(gets: ReadonlyArray<Omit<BitfieldGet, 'op'>>): Argument[] {
  return gets.flatMap(({ encoding, offset }) => ['GET', encoding, offset]);
}

function value(reply: Reply): BitfieldValue | null {
  if (reply === null || typeof reply === 'number' || typeof reply === 'bigint') return reply;
  throw new TypeError(`expected an integer or null, got ${String(reply)}`);
}

export function bitfieldValues(reply: Reply): Array<BitfieldValue | null> {
  if (!Array.isArray(reply)) throw new TypeError(`expected an array, got ${String(reply)}`);
  return (reply as readonly Reply[]).map(value);
}
