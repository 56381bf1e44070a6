/**
 * Reply → JavaScript value, the same for RESP2 and RESP3: bulk and verbatim strings become
 * strings (UTF-8 decoded) or Buffers when asked, integers numbers (bigint beyond 2^53), doubles
 * numbers, booleans booleans, maps `Map`, sets `Set`, nulls `null`, and an error nested in an
 * array (an EXEC result) a ReplyError. Status replies (`+OK`) stay strings in both modes.
 */
import {
  BooleanReply, DoubleReply, ErrorReply, MapReply, NullArray, PushReply, SetReply, SimpleString, VerbatimString,
  type Reply,
} from '@ballast/core';
import { ReplyError } from './errors.js';

/** Any reply, converted. */
export type Value = string | Buffer | number | bigint | boolean | null | ReplyError | Value[] | Map<Value, Value> | Set<Value>;

/** Any char code above 127: a byte string holding more than ASCII. */
const NON_ASCII = /[\u0080-\u00ff]/;

/** Core's parser yields byte strings (one char per byte); ASCII ones are already the text. */
export function byteStringToText(value: string): string {
  return NON_ASCII.test(value) ? Buffer.from(value, 'latin1').toString('utf8') : value;
}

export function toValue(reply: Reply, buffers: boolean): Value {
  if (typeof reply === 'string') return buffers ? Buffer.from(reply, 'latin1') : byteStringToText(reply);
  if (typeof reply === 'number' || typeof reply === 'bigint' || reply === null) return reply;
  if (Array.isArray(reply)) return reply.map((item: Reply) => toValue(item, buffers));
  if (reply instanceof SimpleString) return reply.value;
  if (reply instanceof ErrorReply) return new ReplyError(byteStringToText(reply.message));
  if (reply instanceof DoubleReply) return reply.value;
  if (reply instanceof BooleanReply) return reply.value;
  if (reply instanceof MapReply) {
    const map = new Map<Value, Value>();
    for (const [key, value] of reply.entries) map.set(toValue(key, buffers), toValue(value, buffers));
    return map;
  }
  if (reply instanceof SetReply) return new Set(reply.items.map((item) => toValue(item, buffers)));
  if (reply instanceof PushReply) return reply.items.map((item) => toValue(item, buffers));
  if (reply instanceof VerbatimString) return buffers ? Buffer.from(reply.text, 'latin1') : byteStringToText(reply.text);
  if (reply instanceof NullArray) return null;
  throw new Error(`unexpected reply ${String(reply)}`);
}
