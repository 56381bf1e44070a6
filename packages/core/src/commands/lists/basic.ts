/**
 * List commands that never block: pushes, pops, reads by index and range, LSET, LREM, LTRIM,
 * LINSERT, LPOS, LMOVE and RPOPLPUSH, with Redis 7.0's replies and errors.
 */
import { ListValue } from '../../keyspace/values.js';
import type { ByteString } from '../../resp/byte-string.js';
import { ErrorReply, NULL_ARRAY, OK, type Reply } from '../../resp/reply.js';
import { clampRange, isKeyword, parseInteger } from '../arguments.js';
import { INDEX_OUT_OF_RANGE, NO_SUCH_KEY, NOT_INTEGER, NOT_POSITIVE, SYNTAX_ERROR, wrongArity } from '../errors.js';
import { readTyped } from '../lookup.js';
import type { CommandContext, CommandDefinition } from '../types.js';
import { listChanged, listForWrite, moveElement, parseEnd, popValues, pushValues, type End } from './list-access.js';
import { keyedSpecs } from '../spec.js';

export const listSpec = keyedSpecs('list');

function push(end: End, onlyIfExists: boolean) {
  return (context: CommandContext, args: readonly ByteString[]): Reply => {
    const list = listForWrite(context.db, args[1]);
    if (list instanceof ErrorReply) return list;
    if (list === undefined && onlyIfExists) return 0;
    return pushValues(context, args[1], list, end, args.slice(2));
  };
}

function pop(end: End) {
  return (context: CommandContext, args: readonly ByteString[]): Reply => {
    if (args.length > 3) return wrongArity(args[0].toLowerCase());
    let count: number | undefined;
    if (args.length === 3) {
      count = parseInteger(args[2]);
      if (count === undefined || count < 0) return NOT_POSITIVE;
    }
    const list = listForWrite(context.db, args[1]);
    if (list instanceof ErrorReply) return list;
    if (list === undefined) return count === undefined ? null : NULL_ARRAY;
    if (count === undefined) return popValues(context, args[1], list, end, 1)[0];
    if (count === 0) return [];
    return popValues(context, args[1], list, end, count);
  };
}

function readList(context: CommandContext, key: ByteString): ListValue | undefined | ErrorReply {
  return readTyped(context.db, key, ListValue);
}

function positionOf(context: CommandContext, args: readonly ByteString[]): Reply {
  let rank = 1;
  let count: number | undefined;
  let maxLength = 0;
  for (let i = 3; i < args.length; i += 2) {
    if (i + 1 >= args.length) return SYNTAX_ERROR;
    const value = parseInteger(args[i + 1]);
    if (isKeyword(args[i], 'RANK')) {
      if (value === undefined) return NOT_INTEGER;
      if (value === 0) return new ErrorReply("ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list");
      rank = value;
    } else if (isKeyword(args[i], 'COUNT')) {
      if (value === undefined) return NOT_INTEGER;
      if (value < 0) return new ErrorReply("ERR COUNT can't be negative");
      count = value;
    } else if (isKeyword(args[i], 'MAXLEN')) {
      if (value === undefined) return NOT_INTEGER;
      if (value < 0) return new ErrorReply("ERR MAXLEN can't be negative");
      maxLength = value;
    } else {
      return SYNTAX_ERROR;
    }
  }
  const list = readList(context, args[1]);
  if (list instanceof ErrorReply) return list;
  if (list === undefined) return count === undefined ? null : [];
  const wanted = count === undefined ? 1 : count === 0 ? Infinity : count;
  const matches: number[] = [];
  let skip = Math.abs(rank) - 1;
  const limit = maxLength === 0 ? list.length : Math.min(maxLength, list.length);
  for (let step = 0; step < limit && matches.length < wanted; step++) {
    const index = rank > 0 ? step : list.length - 1 - step;
    if (list.at(index) !== args[2]) continue;
    if (skip > 0) skip--;
    else matches.push(index);
  }
  if (count === undefined) return matches.length > 0 ? matches[0] : null;
  return matches;
}

function removeElements(context: CommandContext, args: readonly ByteString[]): Reply {
  const count = parseInteger(args[2]);
  if (count === undefined) return NOT_INTEGER;
  const list = listForWrite(context.db, args[1]);
  if (list instanceof ErrorReply || list === undefined) return list ?? 0;
  const items = [...list];
  const limit = count === 0 ? Infinity : Math.abs(count);
  const keep = new Array<boolean>(items.length).fill(true);
  let removed = 0;
  for (let step = 0; step < items.length && removed < limit; step++) {
    const index = count >= 0 ? step : items.length - 1 - step;
    if (items[index] === args[3]) {
      keep[index] = false;
      removed++;
    }
  }
  if (removed === 0) return 0;
  list.replaceAll(items.filter((_, index) => keep[index]));
  listChanged(context, args[1], list, 'lrem');
  return removed;
}

export const BASIC_LIST_COMMANDS: readonly CommandDefinition[] = [
  { ...listSpec({ name: 'lpush', arity: -3, flags: ['write', 'denyoom', 'fast'], logAs: 'as-typed', since: '1.0.0', syntax: 'key element [element ...]', summary: 'Prepend one or multiple elements to a list', complexity: 'O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.' }), handler: push('left', false) },
  { ...listSpec({ name: 'rpush', arity: -3, flags: ['write', 'denyoom', 'fast'], logAs: 'as-typed', since: '1.0.0', syntax: 'key element [element ...]', summary: 'Append one or multiple elements to a list', complexity: 'O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.' }), handler: push('right', false) },
  { ...listSpec({ name: 'lpushx', arity: -3, flags: ['write', 'denyoom', 'fast'], logAs: 'as-typed', since: '2.2.0', syntax: 'key element [element ...]', summary: 'Prepend an element to a list, only if the list exists', complexity: 'O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.' }), handler: push('left', true) },
  { ...listSpec({ name: 'rpushx', arity: -3, flags: ['write', 'denyoom', 'fast'], logAs: 'as-typed', since: '2.2.0', syntax: 'key element [element ...]', summary: 'Append an element to a list, only if the list exists', complexity: 'O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.' }), handler: push('right', true) },
  { ...listSpec({ name: 'lpop', arity: -2, flags: ['write', 'fast'], logAs: 'as-typed', since: '1.0.0', syntax: 'key [count]', summary: 'Remove and get the first elements in a list', complexity: 'O(N) where N is the number of elements returned' }), handler: pop('left') },
  { ...listSpec({ name: 'rpop', arity: -2, flags: ['write', 'fast'], logAs: 'as-typed', since: '1.0.0', syntax: 'key [count]', summary: 'Remove and get the last elements in a list', complexity: 'O(N) where N is the number of elements returned' }), handler: pop('right') },
  {
    ...listSpec({ name: 'llen', arity: 2, flags: ['readonly', 'fast'], since: '1.0.0', syntax: 'key', summary: 'Get the length of a list', complexity: 'O(1)' }),
    handler(context, args) {
      const list = readList(context, args[1]);
      return list instanceof ErrorReply ? list : list?.length ?? 0;
    },
  },
  {
    ...listSpec({ name: 'lrange', arity: 4, flags: ['readonly'], since: '1.0.0', syntax: 'key start stop', summary: 'Get a range of elements from a list', complexity: 'O(S+N) where S is the distance of start offset from HEAD for small lists, from nearest end (HEAD or TAIL) for large lists; and N is the number of elements in the specified range.' }),
    handler(context, args) {
      const start = parseInteger(args[2]);
      const stop = parseInteger(args[3]);
      if (start === undefined || stop === undefined) return NOT_INTEGER;
      const list = readList(context, args[1]);
      if (list instanceof ErrorReply || list === undefined) return list ?? [];
      const range = clampRange(start, stop, list.length);
      return range === null ? [] : list.slice(range[0], range[1]);
    },
  },
  {
    ...listSpec({ name: 'lindex', arity: 3, flags: ['readonly'], since: '1.0.0', syntax: 'key index', summary: 'Get an element from a list by its index', complexity: 'O(N) where N is the number of elements to traverse to get to the element at index. This makes asking for the first or the last element of the list O(1).' }),
    handler(context, args) {
      const list = readList(context, args[1]);
      if (list instanceof ErrorReply || list === undefined) return list ?? null;
      const index = parseInteger(args[2]);
      if (index === undefined) return NOT_INTEGER;
      const position = index < 0 ? list.length + index : index;
      return position >= 0 && position < list.length ? list.at(position) : null;
    },
  },
  {
    ...listSpec({ name: 'lset', arity: 4, flags: ['write', 'denyoom'], logAs: 'as-typed', since: '1.0.0', syntax: 'key index element', summary: 'Set the value of an element in a list by its index', complexity: 'O(N) where N is the length of the list. Setting either the first or the last element of the list is O(1).' }),
    handler(context, args) {
      const list = listForWrite(context.db, args[1]);
      if (list instanceof ErrorReply) return list;
      if (list === undefined) return NO_SUCH_KEY;
      const index = parseInteger(args[2]);
      if (index === undefined) return NOT_INTEGER;
      const position = index < 0 ? list.length + index : index;
      if (position < 0 || position >= list.length) return INDEX_OUT_OF_RANGE;
      list.setAt(position, args[3]);
      listChanged(context, args[1], list, 'lset');
      return OK;
    },
  },
  { ...listSpec({ name: 'lrem', arity: 4, flags: ['write'], logAs: 'as-typed', since: '1.0.0', syntax: 'key count element', summary: 'Remove elements from a list', complexity: 'O(N+M) where N is the length of the list and M is the number of elements removed.' }), handler: removeElements },
  {
    ...listSpec({ name: 'ltrim', arity: 4, flags: ['write'], logAs: 'as-typed', since: '1.0.0', syntax: 'key start stop', summary: 'Trim a list to the specified range', complexity: 'O(N) where N is the number of elements to be removed by the operation.' }),
    handler(context, args) {
      const start = parseInteger(args[2]);
      const stop = parseInteger(args[3]);
      if (start === undefined || stop === undefined) return NOT_INTEGER;
      const list = listForWrite(context.db, args[1]);
      if (list instanceof ErrorReply || list === undefined) return list ?? OK;
      const range = clampRange(start, stop, list.length);
      if (range === null) list.replaceAll([]);
      else if (range[0] > 0 || range[1] < list.length) list.replaceAll(list.slice(range[0], range[1]));
      // Redis notifies ltrim even when nothing was trimmed.
      listChanged(context, args[1], list, 'ltrim');
      return OK;
    },
  },
  {
    ...listSpec({ name: 'linsert', arity: 5, flags: ['write', 'denyoom'], logAs: 'as-typed', since: '2.2.0', syntax: 'key BEFORE|AFTER pivot element', summary: 'Insert an element before or after another element in a list', complexity: 'O(N) where N is the number of elements to traverse before seeing the value pivot. This means that inserting somewhere on the left end on the list (head) can be considered O(1) and inserting somewhere on the right end (tail) is O(N).' }),
    handler(context, args) {
      const after = isKeyword(args[2], 'AFTER');
      if (!after && !isKeyword(args[2], 'BEFORE')) return SYNTAX_ERROR;
      const list = listForWrite(context.db, args[1]);
      if (list instanceof ErrorReply || list === undefined) return list ?? 0;
      const items = [...list];
      const pivot = items.indexOf(args[3]);
      if (pivot === -1) return -1;
      items.splice(after ? pivot + 1 : pivot, 0, args[4]);
      list.replaceAll(items);
      listChanged(context, args[1], list, 'linsert');
      return list.length;
    },
  },
  { ...listSpec({ name: 'lpos', arity: -3, flags: ['readonly'], since: '6.0.6', syntax: 'key element [RANK rank] [COUNT num-matches] [MAXLEN len]', summary: 'Return the index of matching elements on a list', complexity: 'O(N) where N is the number of elements in the list, for the average case. When searching for elements near the head or the tail of the list, or when the MAXLEN option is provided, the command may run in constant time.' }), handler: positionOf },
  {
    ...listSpec({ name: 'lmove', arity: 5, flags: ['write', 'denyoom'], logAs: 'as-typed', lastKey: 2, since: '6.2.0', syntax: 'source destination LEFT|RIGHT LEFT|RIGHT', summary: 'Pop an element from a list, push it to another list and return it', complexity: 'O(1)' }),
    handler(context, args) {
      const from = parseEnd(args[3]);
      const to = parseEnd(args[4]);
      if (from === undefined || to === undefined) return SYNTAX_ERROR;
      return moveElement(context, args[1], args[2], from, to);
    },
  },
  {
    ...listSpec({ name: 'rpoplpush', arity: 3, flags: ['write', 'denyoom'], logAs: 'as-typed', lastKey: 2, since: '1.2.0', syntax: 'source destination', summary: 'Remove the last element in a list, prepend it to another list and return it', complexity: 'O(1)' }),
    handler: (context, args) => moveElement(context, args[1], args[2], 'right', 'left'),
  },
];
