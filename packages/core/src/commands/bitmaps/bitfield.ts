/**
 * BITFIELD key [GET type offset | SET type offset value | INCRBY type offset increment |
 * OVERFLOW WRAP|SAT|FAIL] ... and BITFIELD_RO (GET only), as bitfieldGeneric in Redis 7.0: every
 * operation is parsed before any runs, so a bad argument changes nothing; a write grows the string
 * to the farthest bit any SET or INCRBY reaches (even one that then fails on overflow); integers
 * are i1..i64 and u1..u63, big-endian at any bit offset, with 64-bit arithmetic done in BigInt.
 */
import type { ByteString } from '../../resp/byte-string.js';
import { ErrorReply, type Reply } from '../../resp/reply.js';
import { isKeyword, parseInt64 } from '../arguments.js';
import { NOT_INTEGER, SYNTAX_ERROR } from '../errors.js';
import { stringAt } from '../strings/string-access.js';
import { NOTIFY_STRING } from '../../config/keyspace-event-classes.js';
import type { CommandContext } from '../types.js';
import { BytePatch, checkBitmapSize, parseBitOffset } from './bitmap-access.js';

const INVALID_TYPE = new ErrorReply('ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.');
const INVALID_OVERFLOW = new ErrorReply('ERR Invalid OVERFLOW type specified');
const READ_ONLY_GET = new ErrorReply('ERR BITFIELD_RO only supports the GET subcommand');

type Overflow = 'WRAP' | 'SAT' | 'FAIL';
const OVERFLOWS: readonly Overflow[] = ['WRAP', 'SAT', 'FAIL'];

interface FieldType {
  readonly signed: boolean;
  readonly bits: number;
}

interface Operation extends FieldType {
  readonly kind: 'GET' | 'SET' | 'INCRBY';
  readonly offset: number;
  /** SET's value or INCRBY's increment (0 for GET). */
  readonly value: bigint;
  readonly overflow: Overflow;
}

interface ParsedOperations {
  readonly operations: readonly Operation[];
  /** The farthest bit a SET or INCRBY reaches, or -1 when there is none (a read). */
  readonly lastWrittenBit: number;
}

/** `i<bits>` (1..64) or `u<bits>` (1..63); lower case only, as Redis reads it. */
function parseType(text: ByteString): FieldType | ErrorReply {
  const signed = text[0] === 'i';
  if (!signed && text[0] !== 'u') return INVALID_TYPE;
  // Redis reads the width with strlen: anything after a NUL byte is ignored.
  const end = text.indexOf('\x00');
  const bits = parseInt64(text.slice(1, end < 0 ? text.length : end));
  if (bits === undefined || bits < 1n || bits > (signed ? 64n : 63n)) return INVALID_TYPE;
  return { signed, bits: Number(bits) };
}

/** Every operation of the request, or the first error in Redis's order. */
function parseOperations(context: CommandContext, args: readonly ByteString[]): ParsedOperations | ErrorReply {
  const operations: Operation[] = [];
  let overflow: Overflow = 'WRAP';
  let lastWrittenBit = -1;
  for (let index = 2; index < args.length; index++) {
    const remaining = args.length - index - 1;
    const word = args[index];
    let kind: Operation['kind'];
    if (isKeyword(word, 'GET') && remaining >= 2) kind = 'GET';
    else if (isKeyword(word, 'SET') && remaining >= 3) kind = 'SET';
    else if (isKeyword(word, 'INCRBY') && remaining >= 3) kind = 'INCRBY';
    else if (isKeyword(word, 'OVERFLOW') && remaining >= 1) {
      const named = args[++index];
      const chosen = OVERFLOWS.find((name) => isKeyword(named, name));
      if (chosen === undefined) return INVALID_OVERFLOW;
      overflow = chosen;
      continue;
    } else return SYNTAX_ERROR;
    const type = parseType(args[index + 1]);
    if (type instanceof ErrorReply) return type;
    const offset = parseBitOffset(context, args[index + 2], type.bits);
    if (offset instanceof ErrorReply) return offset;
    let value = 0n;
    if (kind !== 'GET') {
      lastWrittenBit = Math.max(lastWrittenBit, offset + type.bits - 1);
      const parsed = parseInt64(args[index + 3]);
      if (parsed === undefined) return NOT_INTEGER;
      value = parsed;
    }
    operations.push({ kind, ...type, offset, value, overflow });
    index += kind === 'GET' ? 2 : 3;
  }
  return { operations, lastWrittenBit };
}

/** BITFIELD key …: the replies of its operations, in order (null for a write refused by OVERFLOW FAIL). */
export function bitfield(context: CommandContext, args: readonly ByteString[]): Reply {
  return bitfieldGeneric(context, args, false);
}

/** BITFIELD_RO key [GET type offset …]: BITFIELD refusing anything but GET. */
export function bitfieldReadOnly(context: CommandContext, args: readonly ByteString[]): Reply {
  return bitfieldGeneric(context, args, true);
}

function bitfieldGeneric(context: CommandContext, args: readonly ByteString[], readOnly: boolean): Reply {
  const parsed = parseOperations(context, args);
  if (parsed instanceof ErrorReply) return parsed;
  const { operations, lastWrittenBit } = parsed;
  if (lastWrittenBit < 0) {
    const value = stringAt(context, args[1], true);
    if (value instanceof ErrorReply) return value;
    const patch = new BytePatch(value ?? '', 0);
    return operations.map((operation) => toReply(readField(patch, operation)));
  }
  if (readOnly) return READ_ONLY_GET;
  const value = stringAt(context, args[1], false);
  if (value instanceof ErrorReply) return value;
  const needed = Math.floor(lastWrittenBit / 8) + 1;
  const tooLong = checkBitmapSize(needed);
  if (tooLong) return tooLong;
  const patch = new BytePatch(value ?? '', Math.max(needed, value?.length ?? 0));
  let writes = 0;
  const replies = operations.map((operation) => {
    if (operation.kind === 'GET') return toReply(readField(patch, operation));
    const reply = write(patch, operation);
    if (reply !== null) writes++;
    return reply;
  });
  // Growing counts as a change: a new key is created even when every write failed on overflow, as
  // Redis creates it. Redis notifies setbit when a SET or INCRBY was done, changed bits or not.
  if (patch.changed) context.db.set(args[1], patch.result(), true);
  if (writes > 0) context.notify(NOTIFY_STRING, 'setbit', args[1]);
  return replies;
}

/** Runs a SET or INCRBY: its reply (the old value for SET, the new one for INCRBY), or null on FAIL. */
function write(patch: BytePatch, operation: Operation): Reply {
  const old = readField(patch, operation);
  const target = operation.kind === 'INCRBY' ? old + operation.value : operation.value;
  const stored = fit(target, operation);
  if (stored === undefined) return null;
  writeBits(patch, operation.offset, operation.bits, stored);
  return toReply(operation.kind === 'INCRBY' ? stored : old);
}

/**
 * `target` made to fit the field under its overflow rule, or undefined when FAIL refuses it.
 * Redis casts a negative SET value for an unsigned field to uint64 first: it then overflows high,
 * so SAT stores the maximum.
 */
function fit(target: bigint, operation: Operation): bigint | undefined {
  const { bits, signed, overflow } = operation;
  const max = signed ? (1n << BigInt(bits - 1)) - 1n : (1n << BigInt(bits)) - 1n;
  const min = signed ? -max - 1n : 0n;
  const compared = !signed && operation.kind === 'SET' ? BigInt.asUintN(64, target) : target;
  if (compared >= min && compared <= max) return compared;
  if (overflow === 'FAIL') return undefined;
  if (overflow === 'SAT') return compared > max ? max : min;
  return signed ? BigInt.asIntN(bits, target) : BigInt.asUintN(bits, target);
}

/** The field's value, read from the (zero-padded) bytes that hold it. */
function readField(patch: BytePatch, field: FieldType & { readonly offset: number }): bigint {
  const raw = readBits(patch, field.offset, field.bits);
  return field.signed ? BigInt.asIntN(field.bits, raw) : raw;
}

/** The unsigned integer in bits [offset, offset + bits), most significant bit first. */
function readBits(patch: BytePatch, offset: number, bits: number): bigint {
  const first = Math.floor(offset / 8);
  const last = Math.floor((offset + bits - 1) / 8);
  let word = 0n;
  for (let index = first; index <= last; index++) word = (word << 8n) | BigInt(patch.byteAt(index));
  return BigInt.asUintN(bits, word >> BigInt((last + 1) * 8 - offset - bits));
}

function writeBits(patch: BytePatch, offset: number, bits: number, value: bigint): void {
  const first = Math.floor(offset / 8);
  const last = Math.floor((offset + bits - 1) / 8);
  const shift = BigInt((last + 1) * 8 - offset - bits);
  let word = 0n;
  for (let index = first; index <= last; index++) word = (word << 8n) | BigInt(patch.byteAt(index));
  const mask = ((1n << BigInt(bits)) - 1n) << shift;
  word = (word & ~mask) | (BigInt.asUintN(bits, value) << shift);
  for (let index = last; index >= first; index--) {
    patch.setByte(index, Number(word & 0xffn));
    word >>= 8n;
  }
}

function toReply(value: bigint): number | bigint {
  const small = Number(value);
  return Number.isSafeInteger(small) ? small : value;
}
