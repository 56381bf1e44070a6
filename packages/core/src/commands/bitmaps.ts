/**
 * Bitmap commands (Redis 7.0 semantics and errors) over ordinary string values, so GET of a
 * bitmap answers the same bytes as Redis. Handlers live in bitmaps/.
 *
 * How the writes are logged (each replays deterministically on its shard's state):
 * - SETBIT as typed: the new string is a function of the old one and the arguments.
 * - BITOP as typed: the destination is a function of the sources' values; when the keys span
 *   shards the recorder logs the destination's resulting value (or its DEL) on its shard instead.
 * - BITFIELD as typed: SET and INCRBY, and every OVERFLOW decision (FAIL included), depend only
 *   on the value they start from, so replay makes the same decisions and grows the same bytes.
 *   A BITFIELD of GETs changes nothing and logs nothing.
 */
import { bitOperation } from './bitmaps/bit-operation.js';
import { bitfield, bitfieldReadOnly } from './bitmaps/bitfield.js';
import { bitCount, bitPosition, getBit, setBit } from './bitmaps/bits.js';
import { keyedSpecs } from './spec.js';
import type { CommandDefinition } from './types.js';

const spec = keyedSpecs('bitmap');

const O1 = 'O(1)';
const ON = 'O(N)';
const PER_SUBCOMMAND = 'O(1) for each subcommand specified';
const OVERFLOW_WRITE = '[OVERFLOW <WRAP | SAT | FAIL>] <SET encoding offset value | INCRBY encoding offset increment>';

export const BITMAP_COMMANDS: readonly CommandDefinition[] = [
  { ...spec({ name: 'setbit', arity: 4, flags: ['write', 'denyoom'], logAs: 'as-typed', since: '2.2.0', syntax: 'key offset value', summary: 'Sets or clears the bit at offset in the string value stored at key', complexity: O1 }), handler: setBit },
  { ...spec({ name: 'getbit', arity: 3, flags: ['readonly', 'fast'], since: '2.2.0', syntax: 'key offset', summary: 'Returns the bit value at offset in the string value stored at key', complexity: O1 }), handler: getBit },
  { ...spec({ name: 'bitcount', arity: -2, flags: ['readonly'], since: '2.6.0', syntax: 'key [start end [BYTE | BIT]]', summary: 'Count set bits in a string', complexity: ON }), handler: bitCount },
  { ...spec({ name: 'bitpos', arity: -3, flags: ['readonly'], since: '2.8.7', syntax: 'key bit [start [end [BYTE | BIT]]]', summary: 'Find first bit set or clear in a string', complexity: ON }), handler: bitPosition },
  { ...spec({ name: 'bitop', arity: -4, flags: ['write', 'denyoom'], logAs: 'as-typed', firstKey: 2, lastKey: -1, since: '2.6.0', syntax: '<AND | OR | XOR | NOT> destkey key [key ...]', summary: 'Perform bitwise operations between strings', complexity: ON }), handler: bitOperation },
  { ...spec({ name: 'bitfield', arity: -2, flags: ['write', 'denyoom'], logAs: 'as-typed', since: '3.2.0', syntax: `key [GET encoding offset | ${OVERFLOW_WRITE} [GET encoding offset | ${OVERFLOW_WRITE} ...]]`, summary: 'Perform arbitrary bitfield integer operations on strings', complexity: PER_SUBCOMMAND }), handler: bitfield },
  { ...spec({ name: 'bitfield_ro', arity: -2, flags: ['readonly', 'fast'], since: '6.0.0', syntax: 'key [GET encoding offset [GET encoding offset ...]]', summary: 'Perform arbitrary bitfield integer operations on strings. Read-only variant of BITFIELD', complexity: PER_SUBCOMMAND }), handler: bitfieldReadOnly },
];
