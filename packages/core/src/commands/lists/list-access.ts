/**
 * Shared list plumbing: typed lookups, pushing (which wakes blocked clients), popping (which
 * deletes an emptied list), and the LEFT/RIGHT end arguments of LMOVE and BLMOVE. Each notifies
 * as Redis: `lpush`/`rpush`, `lpop`/`rpop`, then `del` for a list it emptied.
 */
import type { DatabaseView } from '../../keyspace/database-view.js';
import { ListValue } from '../../keyspace/values.js';
import type { ByteString } from '../../resp/byte-string.js';
import { ErrorReply } from '../../resp/reply.js';
import { isKeyword } from '../arguments.js';
import { writeTyped } from '../lookup.js';
import { NOTIFY_GENERIC, NOTIFY_LIST } from '../../config/keyspace-event-classes.js';
import type { CommandContext } from '../types.js';

export type End = 'left' | 'right';

export function parseEnd(argument: ByteString): End | undefined {
  if (isKeyword(argument, 'LEFT')) return 'left';
  if (isKeyword(argument, 'RIGHT')) return 'right';
  return undefined;
}

/** Pushes `values` at `end`, creating the list if needed; wakes clients blocked on `key`. */
export function pushValues(context: CommandContext, key: ByteString, list: ListValue | undefined, end: End, values: readonly ByteString[]): number {
  const { db } = context;
  const target = list ?? new ListValue();
  for (const value of values) {
    if (end === 'left') target.pushFront(value);
    else target.pushBack(value);
  }
  if (list === undefined) db.set(key, target);
  else db.touch(key);
  db.signalReady(key);
  context.notify(NOTIFY_LIST, end === 'left' ? 'lpush' : 'rpush', key);
  return target.length;
}

/** Pops up to `count` elements from `end`; deletes the key when the list empties. */
export function popValues(context: CommandContext, key: ByteString, list: ListValue, end: End, count: number): ByteString[] {
  const popped = takeElements(list, end, count);
  elementsRemoved(context, key, list, end);
  return popped;
}

function takeElements(list: ListValue, end: End, count: number): ByteString[] {
  const popped: ByteString[] = [];
  for (let i = 0; i < count && list.length > 0; i++) popped.push((end === 'left' ? list.popFront() : list.popBack())!);
  return popped;
}

/** After a pop from `end` (Redis's listElementsRemoved): notifies it, and deletes the list it emptied. */
function elementsRemoved(context: CommandContext, key: ByteString, list: ListValue, end: End): void {
  context.notify(NOTIFY_LIST, end === 'left' ? 'lpop' : 'rpop', key);
  if (list.length > 0) return context.db.touch(key);
  context.db.delete(key);
  context.notify(NOTIFY_GENERIC, 'del', key);
}

/** Notifies a change other than a push or pop (`lset`, `lrem`, …) and deletes the list it emptied (with `del`). */
export function listChanged(context: CommandContext, key: ByteString, list: ListValue, event: string): void {
  context.notify(NOTIFY_LIST, event, key);
  if (list.length > 0) return context.db.touch(key);
  context.db.delete(key);
  context.notify(NOTIFY_GENERIC, 'del', key);
}

/** The list under `key` for writing; undefined when missing; WRONGTYPE otherwise. */
export function listForWrite(db: DatabaseView, key: ByteString): ListValue | undefined | ErrorReply {
  return writeTyped(db, key, ListValue);
}

/**
 * LMOVE's core: pops from `source` at `from` and pushes onto `destination` at `to`. Returns the
 * element moved, null when the source is missing, or WRONGTYPE (checked before anything moves).
 * As in Redis, the push (and its events) comes before the source's pop event and deletion.
 */
export function moveElement(context: CommandContext, sourceKey: ByteString, destinationKey: ByteString, from: End, to: End): ByteString | null | ErrorReply {
  const source = listForWrite(context.db, sourceKey);
  if (source instanceof ErrorReply || source === undefined) return source ?? null;
  const destination = listForWrite(context.db, destinationKey);
  if (destination instanceof ErrorReply) return destination;
  const [element] = takeElements(source, from, 1);
  pushValues(context, destinationKey, destination, to, [element]);
  elementsRemoved(context, sourceKey, source, from);
  return element;
}
