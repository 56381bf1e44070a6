/**
 * Reply decoders for the typed commands: each maps the RESP2 and the RESP3 shape of a reply to
 * one TypeScript type (a flat RESP2 array and a RESP3 map both become a `Map`, a RESP2 bulk
 * score and a RESP3 double both a number, `:1`/`#t` both `true`). A reply of an unexpected shape
 * is a protocol surprise and throws, so it reaches the caller as a rejection.
 */
import { BooleanReply, DoubleReply, MapReply, NullArray, SetReply, SimpleString, type Reply } from '@ballast/core';
import { byteStringToText, toValue, type Value } from './reply-value.js';

/** A bulk string as text or bytes. */
export type Bulk = string | Buffer;

function unexpected(what: string, reply: Reply): never {
  throw new TypeError(`expected ${what}, got ${String(reply)}`);
}

/** The null bulk string, RESP2's null array (`*-1`) and RESP3's null. */
export function isNull(reply: Reply): boolean {
  return reply === null || reply instanceof NullArray;
}

export function bulk(reply: Reply, buffers: boolean): Bulk {
  if (typeof reply !== 'string') return unexpected('a bulk string', reply);
  return buffers ? Buffer.from(reply, 'latin1') : byteStringToText(reply);
}

export function bulkOrNull(reply: Reply, buffers: boolean): Bulk | null {
  return reply === null ? null : bulk(reply, buffers);
}

export function text(reply: Reply): string {
  if (typeof reply === 'string') return byteStringToText(reply);
  if (reply instanceof SimpleString) return reply.value;
  if (reply !== null && typeof reply === 'object' && 'text' in reply) return byteStringToText(reply.text);
  return unexpected('text', reply);
}

export function status(reply: Reply): string {
  if (reply instanceof SimpleString) return reply.value;
  return unexpected('a status reply', reply);
}

export function statusOrNull(reply: Reply): string | null {
  return reply === null ? null : status(reply);
}

export function integer(reply: Reply): number {
  if (typeof reply === 'number') return reply;
  return unexpected('an integer', reply);
}

export function integerOrNull(reply: Reply): number | null {
  return reply === null ? null : integer(reply);
}

export function boolean(reply: Reply): boolean {
  if (reply instanceof BooleanReply) return reply.value;
  if (reply === 0 || reply === 1) return reply === 1;
  return unexpected('a boolean', reply);
}

export function double(reply: Reply): number {
  if (reply instanceof DoubleReply) return reply.value;
  if (typeof reply === 'string') return parseDouble(reply);
  if (typeof reply === 'number') return reply;
  return unexpected('a double', reply);
}

export function doubleOrNull(reply: Reply): number | null {
  return reply === null ? null : double(reply);
}

function parseDouble(text: string): number {
  const lower = text.toLowerCase();
  if (lower === 'inf' || lower === '+inf') return Infinity;
  if (lower === '-inf') return -Infinity;
  const value = Number(text);
  if (Number.isNaN(value)) throw new TypeError(`expected a double, got '${text}'`);
  return value;
}

function items(reply: Reply): readonly Reply[] {
  if (Array.isArray(reply)) return reply as readonly Reply[];
  if (reply instanceof SetReply) return reply.items;
  return unexpected('an array', reply);
}

export function bulkArray(reply: Reply, buffers: boolean): Bulk[] {
  return items(reply).map((item) => bulk(item, buffers));
}

export function bulkOrNullArray(reply: Reply, buffers: boolean): Array<Bulk | null> {
  return items(reply).map((item) => bulkOrNull(item, buffers));
}

export function bulkArrayOrNull(reply: Reply, buffers: boolean): Bulk[] | null {
  return isNull(reply) ? null : bulkArray(reply, buffers);
}

export function bulkSet(reply: Reply, buffers: boolean): Set<Bulk> {
  return new Set(bulkArray(reply, buffers));
}

/** Field → value: a RESP3 map or a RESP2 flat array. Fields are always text. */
export function bulkMap(reply: Reply, buffers: boolean): Map<string, Bulk> {
  const map = new Map<string, Bulk>();
  if (reply instanceof MapReply) {
    for (const [field, value] of reply.entries) map.set(text(field), bulk(value, buffers));
    return map;
  }
  const flat = items(reply);
  for (let i = 0; i + 1 < flat.length; i += 2) map.set(text(flat[i]), bulk(flat[i + 1], buffers));
  return map;
}

/** A member and its score. */
export interface ScoredMember<M = string> {
  member: M;
  score: number;
}

/** WITHSCORES replies: RESP2 flat `[member, score, …]`, RESP3 pairs `[[member, score], …]`. */
export function scoredMembers(reply: Reply, buffers: boolean): ScoredMember<Bulk>[] {
  const list = items(reply);
  const out: ScoredMember<Bulk>[] = [];
  if (list.length > 0 && Array.isArray(list[0])) {
    for (const pair of list) out.push({ member: bulk((pair as Reply[])[0], buffers), score: double((pair as Reply[])[1]) });
    return out;
  }
  for (let i = 0; i + 1 < list.length; i += 2) out.push({ member: bulk(list[i], buffers), score: double(list[i + 1]) });
  return out;
}

/** Any reply, generically converted (the untyped commands and `call`). */
export function value(reply: Reply, buffers: boolean): Value {
  return toValue(reply, buffers);
}
