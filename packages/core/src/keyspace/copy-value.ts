/**
 * Deep copies of values (COPY, and copy-on-write under an AOF rewrite snapshot): the copy
 * shares nothing mutable with the original.
 */
import { HashValue, ListValue, SetValue, SortedSetValue, StreamValue, type Value } from './values.js';

export function copyValue(value: Value): Value {
  if (typeof value === 'string') return value;
  if (value instanceof HashValue) {
    const copy = new HashValue();
    for (const [field, fieldValue] of value.entries()) copy.set(field, fieldValue);
    copy.compact = value.compact;
    return copy;
  }
  if (value instanceof SetValue) {
    const copy = new SetValue();
    for (const member of value.keys()) copy.set(member, true);
    copy.compact = value.compact;
    return copy;
  }
  if (value instanceof ListValue) {
    const copy = new ListValue();
    copy.replaceAll([...value]);
    return copy;
  }
  if (value instanceof SortedSetValue) return value.clone();
  if (value instanceof StreamValue) return value.clone();
  throw new Error('copyValue: unknown value type');
}
