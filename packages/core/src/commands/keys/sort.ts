/**
 * SORT key [BY pattern] [LIMIT offset count] [GET pattern …] [ASC|DESC] [ALPHA] [STORE dest]
 * and SORT_RO (no STORE), as Redis 7.0's sortCommandGeneric: the elements of a list, set or
 * sorted set sorted by their own value or by the value a pattern names (`weight_*`, or a hash
 * field `weight_*->f`), numerically (every weight must read as a double) or with ALPHA byte by
 * byte; ties in numeric order are broken by comparing the elements, so the order is always the
 * same. `BY` without `*` does not sort: lists and sorted sets keep their order, a set sorted for
 * STORE, or run by a script, is sorted ALPHA (the result must not depend on hash order). GET `#` is the element
 * itself. STORE replaces `dest` with the list (deletes it when the list is empty) and answers
 * its length.
 */
import { HashValue, ListValue, SetValue, SortedSetValue, type Value } from '../../keyspace/values.js';
import type { DatabaseView } from '../../keyspace/database-view.js';
import type { ByteString } from '../../resp/byte-string.js';
import { ErrorReply, type Reply } from '../../resp/reply.js';
import { isKeyword, parseInt64 } from '../arguments.js';
import { NOT_INTEGER, SYNTAX_ERROR, WRONG_TYPE } from '../errors.js';
import { parseScore } from '../sorted-sets/score-parsing.js';
import { NOTIFY_GENERIC, NOTIFY_LIST } from '../../config/keyspace-event-classes.js';
import type { CommandContext } from '../types.js';

const NOT_DOUBLE = new ErrorReply("ERR One or more scores can't be converted into double");

interface SortOptions {
  descending: boolean;
  alpha: boolean;
  by: ByteString | null;
  dontSort: boolean;
  limitStart: bigint;
  limitCount: bigint;
  readonly gets: ByteString[];
  store: ByteString | null;
}

/** An element and what it sorts by: a score (numeric) or a compared string (ALPHA BY), null when its pattern named nothing. */
interface SortItem {
  readonly element: ByteString;
  score: number;
  weight: ByteString | null;
}

/**
 * SORT's options. BY with a pattern and GET read keys the arguments do not name: Redis 7.0 allows
 * them only to a user that may read every key (`readsEveryKey`, asked when one appears).
 */
function parseOptions(args: readonly ByteString[], readonly: boolean, readsEveryKey: () => boolean): SortOptions | ErrorReply {
  const options: SortOptions = { descending: false, alpha: false, by: null, dontSort: false, limitStart: 0n, limitCount: -1n, gets: [], store: null };
  for (let index = 2; index < args.length; index++) {
    const word = args[index];
    const left = args.length - index - 1;
    if (isKeyword(word, 'ASC')) options.descending = false;
    else if (isKeyword(word, 'DESC')) options.descending = true;
    else if (isKeyword(word, 'ALPHA')) options.alpha = true;
    else if (isKeyword(word, 'LIMIT') && left >= 2) {
      const start = parseInt64(args[index + 1]);
      const count = parseInt64(args[index + 2]);
      if (start === undefined || count === undefined) return NOT_INTEGER;
      [options.limitStart, options.limitCount] = [start, count];
      index += 2;
    } else if (!readonly && isKeyword(word, 'STORE') && left >= 1) {
      options.store = args[++index];
    } else if (isKeyword(word, 'BY') && left >= 1) {
      options.by = args[++index];
      options.dontSort = !options.by.includes('*');
      if (!options.dontSort && !readsEveryKey()) return new ErrorReply('ERR BY option of SORT denied due to insufficient ACL permissions.');
    } else if (isKeyword(word, 'GET') && left >= 1) {
      if (!readsEveryKey()) return new ErrorReply('ERR GET option of SORT denied due to insufficient ACL permissions.');
      options.gets.push(args[++index]);
    } else return SYNTAX_ERROR;
  }
  return options;
}

/** Redis's lookupKeyByPattern: `#` is the element; the first `*` takes the element; `->field` reads a hash field. */
function lookupByPattern(db: DatabaseView, pattern: ByteString, element: ByteString): ByteString | null {
  if (pattern === '#') return element;
  const star = pattern.indexOf('*');
  if (star < 0) return null;
  const arrow = pattern.indexOf('->', star + 1);
  const field = arrow >= 0 && arrow + 2 < pattern.length ? pattern.slice(arrow + 2) : null;
  const key = pattern.slice(0, star) + element + pattern.slice(star + 1, field === null ? pattern.length : arrow);
  const value = db.lookupRead(key);
  if (field === null) return typeof value === 'string' ? value : null;
  return value instanceof HashValue ? value.get(field) ?? null : null;
}

/** A weight as C's strtod reads it for SORT: leading white space skipped, nothing may follow, not NaN. */
function sortScore(text: ByteString): number | undefined {
  const trimmed = text.replace(/^[ \t\n\v\f\r]+/, '');
  return trimmed === '' ? 0 : parseScore(trimmed);
}

function compareBytes(first: ByteString, second: ByteString): number {
  return first < second ? -1 : first > second ? 1 : 0;
}

/** The elements in the order a non-sorting SORT keeps (a sorted set by score, honouring DESC). */
function elementsOf(value: Value, options: SortOptions): ByteString[] {
  if (value instanceof ListValue) {
    const elements = value.slice(0, value.length);
    return options.dontSort && options.descending ? elements.reverse() : elements;
  }
  if (value instanceof SetValue) return [...value.keys()];
  const members = [...(value as SortedSetValue).entries()].map(([member]) => member);
  return options.dontSort && options.descending ? members.reverse() : members;
}

/** The range [start, end] that LIMIT selects from `length` elements, clamped as Redis clamps it. */
function limitRange(options: SortOptions, length: number): [number, number] {
  const clamp = (value: bigint, low: bigint, high: bigint) => (value < low ? low : value > high ? high : value);
  const total = BigInt(length);
  let start = Number(clamp(options.limitStart, 0n, total));
  const count = Number(clamp(options.limitCount, -1n, total));
  let end = count < 0 ? length - 1 : start + count - 1;
  if (start >= length) [start, end] = [length - 1, length - 2];
  if (end >= length) end = length - 1;
  return [start, end];
}

function sortItems(db: DatabaseView, items: SortItem[], options: SortOptions): ErrorReply | undefined {
  for (const item of items) {
    const weight = options.by === null ? item.element : lookupByPattern(db, options.by, item.element);
    if (weight === null) continue;
    if (options.alpha) {
      if (options.by !== null) item.weight = weight;
      continue;
    }
    const score = sortScore(weight);
    if (score === undefined) return NOT_DOUBLE;
    item.score = score;
  }
  const direction = options.descending ? -1 : 1;
  items.sort((first, second) => direction * compareItems(first, second, options));
  return undefined;
}

function compareItems(first: SortItem, second: SortItem, options: SortOptions): number {
  if (!options.alpha) return first.score !== second.score ? (first.score > second.score ? 1 : -1) : compareBytes(first.element, second.element);
  if (options.by === null) return compareBytes(first.element, second.element);
  if (first.weight === null || second.weight === null) return first.weight === second.weight ? 0 : first.weight === null ? -1 : 1;
  return compareBytes(first.weight, second.weight);
}

function sortGeneric(context: CommandContext, args: readonly ByteString[], readonly: boolean): Reply {
  const { engine, client } = context;
  const options = parseOptions(args, readonly, () => engine.acl.readsEveryKey(client.user, engine.command(readonly ? 'sort_ro' : 'sort')!, args));
  if (options instanceof ErrorReply) return options;
  const value = context.db.lookupRead(args[1]);
  if (value !== undefined && !(value instanceof ListValue || value instanceof SetValue || value instanceof SortedSetValue)) return WRONG_TYPE;
  if (options.dontSort && value instanceof SetValue && (options.store !== null || context.client.fromScript)) {
    [options.dontSort, options.alpha, options.by] = [false, true, null];
  }
  const elements = value === undefined ? [] : elementsOf(value, options);
  const items = elements.map((element): SortItem => ({ element, score: 0, weight: null }));
  if (!options.dontSort) {
    const error = sortItems(context.db, items, options);
    if (error !== undefined) return error;
  }
  const [start, end] = limitRange(options, items.length);
  const output: (ByteString | null)[] = [];
  for (let index = start; index <= end; index++) {
    const { element } = items[index];
    if (options.gets.length === 0) output.push(element);
    for (const pattern of options.gets) output.push(lookupByPattern(context.db, pattern, element));
  }
  if (options.store === null) return output;
  if (output.length === 0) {
    if (context.db.delete(options.store)) context.notify(NOTIFY_GENERIC, 'del', options.store);
    return 0;
  }
  const list = new ListValue();
  for (const item of output) list.pushBack(item ?? '');
  context.db.set(options.store, list);
  context.notify(NOTIFY_LIST, 'sortstore', options.store);
  return output.length;
}

export const sort = (context: CommandContext, args: readonly ByteString[]): Reply => sortGeneric(context, args, false);
export const sortReadOnly = (context: CommandContext, args: readonly ByteString[]): Reply => sortGeneric(context, args, true);

/** Key positions: the sorted key, and the destination of the last STORE (the one SORT uses), as Redis's sortGetKeys. */
export function sortKeys(args: readonly ByteString[]): number[] {
  let store = -1;
  for (let index = 2; index < args.length; index++) {
    if (isKeyword(args[index], 'STORE') && index + 1 < args.length) store = ++index;
    else if ((isKeyword(args[index], 'BY') || isKeyword(args[index], 'GET')) && index + 1 < args.length) index++;
    else if (isKeyword(args[index], 'LIMIT') && index + 2 < args.length) index += 2;
  }
  return store < 0 ? [1] : [1, store];
}
