/**
 * Shared list plumbing: typed lookups, pushing (which wakes blocked clients), popping (which
 * deletes an emptied list), and the LEFT/RIGHT end arguments of LMOVE and BLMOVE.
 */
import type { DatabaseView } from '../../keyspace/database-view.js';
import { ListValue } from '../../keyspace/values.js';
import type { ByteString } from '../../resp/byte-string.js';
import { ErrorReply } from '../../resp/reply.js';
import { isKeyword } from '../arguments.js';
import { writeTyped } from '../lookup.js';

export type End = 'left' | 'right';

export function parseEnd(argument: ByteString): End | undefined {
  if (isKeyword(argument, 'LEFT')) return 'left';
  if (isKeyword(argument, 'RIGHT')) return 'right';
  return undefined;
}

/** Pushes `values` at `end`, creating the list if needed; wakes clients blocked on `key`. */
export function pushValues(db: DatabaseView, key: ByteString, list: ListValue | undefined, end: End, values: readonly ByteString[]): number {
  const target = list ?? new ListValue();
  for (const value of values) {
    if (end === 'left') target.pushFront(value);
    else target.pushBack(value);
  }
  if (list === undefined) db.set(key, target);
  else db.touch(key);
  db.signalReady(key);
  return target.length;
}

/** Pops up to `count` elements from `end`; deletes the key when the list empties. */
export function popValues(db: DatabaseView, key: ByteString, list: ListValue, end: End, count: number): ByteString[] {
  const popped: ByteString[] = [];
  for (let i = 0; i < count && list.length > 0; i++) popped.push((end === 'left' ? list.popFront() : list.popBack())!);
  if (list.length === 0) db.delete(key);
  else db.touch(key);
  return popped;
}

/** The list under `key` for writing; undefined when missing; WRONGTYPE otherwise. */
export function listForWrite(db: DatabaseView, key: ByteString): ListValue | undefined | ErrorReply {
  return writeTyped(db, key, ListValue);
}

/**
 * LMOVE's core: pops from `source` at `from` and pushes onto `destination` at `to`. Returns the
 * element moved, null when the source is missing, or WRONGTYPE (checked before anything moves).
 */
export function moveElement(db: DatabaseView, sourceKey: ByteString, destinationKey: ByteString, from: End, to: End): ByteString | null | ErrorReply {
  const source = listForWrite(db, sourceKey);
  if (source instanceof ErrorReply || source === undefined) return source ?? null;
  const destination = listForWrite(db, destinationKey);
  if (destination instanceof ErrorReply) return destination;
  const [element] = popValues(db, sourceKey, source, from, 1);
  const target = sourceKey === destinationKey && source.length === 0 ? undefined : destination;
  pushValues(db, destinationKey, target, to, [element]);
  return element;
}
