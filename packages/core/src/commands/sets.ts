/**
 * Set commands (Redis 7.0 semantics and errors). A set is a SetValue (DenseMap member → true,
 * so SPOP and SRANDMEMBER pick in O(1)); `compact` mirrors Redis's intset encoding.
 */
import type { EngineServices } from './services.js';
import { SetValue } from '../keyspace/values.js';
import type { ByteString } from '../resp/byte-string.js';
import { ErrorReply, SetReply, type Reply } from '../resp/reply.js';
import { isKeyword, parseInt64, parseInteger } from './arguments.js';
import { NOT_INTEGER, NOT_POSITIVE, NUMKEYS_NOT_POSITIVE, SYNTAX_ERROR } from './errors.js';
import { readTyped, writeTyped } from './lookup.js';
import { RANDOM_REPLY_COUNT_MAX, randomSample } from './random-sample.js';
import { keysAfterNumkeys } from './key-positions.js';
import { parseScanArguments, scanCollection } from './scan-arguments.js';
import type { CommandContext, CommandDefinition } from './types.js';
import { keyedSpecs } from './spec.js';
import { NOTIFY_GENERIC, NOTIFY_SET } from '../config/keyspace-event-classes.js';

const spec = keyedSpecs('set');

/** Notifies `event` on a set that lost members, then deletes it with `del` when it is empty. */
function membersRemoved(context: CommandContext, key: ByteString, set: SetValue, event: string): void {
  context.notify(NOTIFY_SET, event, key);
  if (set.size > 0) return context.db.touch(key);
  context.db.delete(key);
  context.notify(NOTIFY_GENERIC, 'del', key);
}

/** Clears `compact` once a member is not an integer or the set outgrows set-max-intset-entries. */
function noteMember(set: SetValue, engine: EngineServices, member: ByteString): void {
  if (set.compact && (parseInt64(member) === undefined || set.size > engine.config.integer('set-max-intset-entries'))) {
    set.compact = false;
  }
}

function addMembers(set: SetValue, engine: EngineServices, members: Iterable<ByteString>): number {
  let added = 0;
  for (const member of members) {
    if (set.set(member, true)) added++;
    noteMember(set, engine, member);
  }
  return added;
}

/** Reads every key as a set (missing = empty); WRONGTYPE if any key holds another type. */
function readSets(context: CommandContext, keys: readonly ByteString[]): Array<SetValue | undefined> | ErrorReply {
  const sets: Array<SetValue | undefined> = [];
  for (const key of keys) {
    const set = readTyped(context.db, key, SetValue);
    if (set instanceof ErrorReply) return set;
    sets.push(set);
  }
  return sets;
}

type Combine = 'inter' | 'union' | 'diff';

function combine(sets: Array<SetValue | undefined>, operation: Combine): ByteString[] {
  if (operation === 'union') {
    const out = new Set<ByteString>();
    for (const set of sets) if (set) for (const member of set.keys()) out.add(member);
    return [...out];
  }
  if (operation === 'diff') {
    const [first, ...others] = sets;
    if (!first) return [];
    return [...first.keys()].filter((member) => !others.some((set) => set?.has(member)));
  }
  if (sets.some((set) => set === undefined)) return [];
  const ordered = [...(sets as SetValue[])].sort((a, b) => a.size - b.size);
  return [...ordered[0].keys()].filter((member) => ordered.every((set) => set.has(member)));
}

function combineCommand(operation: Combine): CommandDefinition['handler'] {
  return (context, args) => {
    const sets = readSets(context, args.slice(1));
    if (sets instanceof ErrorReply) return sets;
    return new SetReply(combine(sets, operation));
  };
}

function storeCommand(operation: Combine): CommandDefinition['handler'] {
  return (context, args) => {
    const sets = readSets(context, args.slice(2));
    if (sets instanceof ErrorReply) return sets;
    const members = combine(sets, operation);
    const destination = args[1];
    if (members.length === 0) {
      if (context.db.delete(destination)) context.notify(NOTIFY_GENERIC, 'del', destination);
      return 0;
    }
    const result = new SetValue();
    addMembers(result, context.engine, members);
    context.db.set(destination, result);
    context.notify(NOTIFY_SET, `s${operation}store`, destination);
    return members.length;
  };
}

/** SPOP is logged as SREM key members… of the members it popped (the set is otherwise unchanged). */
function spopAsRemoval(args: readonly ByteString[], reply: Reply): ByteString[][] | undefined {
  const members = typeof reply === 'string' ? [reply] : reply instanceof SetReply ? reply.items : [];
  if (members.length === 0) return undefined;
  return [['SREM', args[1], ...(members as ByteString[])]];
}

function popMembers(context: CommandContext, args: readonly ByteString[]): Reply {
  let count: number | undefined;
  if (args.length === 3) {
    count = parseInteger(args[2]);
    if (count === undefined || count < 0) return NOT_POSITIVE;
  } else if (args.length > 3) {
    return SYNTAX_ERROR;
  }
  const set = writeTyped(context.db, args[1], SetValue);
  if (set instanceof ErrorReply) return set;
  if (set === undefined) return count === undefined ? null : new SetReply([]);
  const take = Math.min(count ?? 1, set.size);
  const popped: ByteString[] = [];
  for (let i = 0; i < take; i++) {
    const member = set.keyAt(set.randomPosition(context.random));
    set.delete(member);
    popped.push(member);
  }
  if (take > 0) membersRemoved(context, args[1], set, 'spop');
  return count === undefined ? popped[0] : new SetReply(popped);
}

function randomMembers(context: CommandContext, args: readonly ByteString[]): Reply {
  if (args.length > 3) return SYNTAX_ERROR;
  const count = args.length === 3 ? parseInteger(args[2]) : 0;
  if (count === undefined) return NOT_INTEGER;
  if (count < -RANDOM_REPLY_COUNT_MAX) return new ErrorReply('ERR value is out of range');
  const set = readTyped(context.db, args[1], SetValue);
  if (set instanceof ErrorReply) return set;
  if (args.length === 2) return set === undefined ? null : set.keyAt(set.randomPosition(context.random));
  if (set === undefined || count === 0) return [];
  return randomSample(set.size, count, context.random).map((position) => set.keyAt(position));
}

function intersectionCardinality(context: CommandContext, args: readonly ByteString[]): Reply {
  // Redis parses both numbers with a message of their own for any bad value (not an integer too).
  const keyCount = parseInteger(args[1]);
  if (keyCount === undefined || keyCount <= 0) return NUMKEYS_NOT_POSITIVE;
  if (keyCount > args.length - 2) return new ErrorReply("ERR Number of keys can't be greater than number of args");
  let limit = 0;
  for (let i = 2 + keyCount; i < args.length; i += 2) {
    if (!isKeyword(args[i], 'LIMIT') || i + 1 >= args.length) return SYNTAX_ERROR;
    const parsed = parseInteger(args[i + 1]);
    if (parsed === undefined || parsed < 0) return new ErrorReply("ERR LIMIT can't be negative");
    limit = parsed;
  }
  const sets = readSets(context, args.slice(2, 2 + keyCount));
  if (sets instanceof ErrorReply) return sets;
  const members = combine(sets, 'inter');
  return limit > 0 ? Math.min(limit, members.length) : members.length;
}

export const SET_COMMANDS: readonly CommandDefinition[] = [
  {
    ...spec({ name: 'sadd', arity: -3, flags: ['write', 'denyoom', 'fast'], logAs: 'as-typed', since: '1.0.0', syntax: 'key member [member ...]',
      summary: 'Add one or more members to a set', complexity: 'O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.' }),
    handler(context, args) {
      const found = writeTyped(context.db, args[1], SetValue);
      if (found instanceof ErrorReply) return found;
      const set = found ?? new SetValue();
      const added = addMembers(set, context.engine, args.slice(2));
      if (found === undefined) context.db.set(args[1], set);
      else if (added > 0) context.db.touch(args[1]);
      if (added > 0) context.notify(NOTIFY_SET, 'sadd', args[1]);
      return added;
    },
  },
  {
    ...spec({ name: 'srem', arity: -3, flags: ['write', 'fast'], logAs: 'as-typed', since: '1.0.0', syntax: 'key member [member ...]',
      summary: 'Remove one or more members from a set', complexity: 'O(N) where N is the number of members to be removed.' }),
    handler(context, args) {
      const set = writeTyped(context.db, args[1], SetValue);
      if (set instanceof ErrorReply || set === undefined) return set ?? 0;
      let removed = 0;
      for (let i = 2; i < args.length; i++) if (set.delete(args[i])) removed++;
      if (removed > 0) membersRemoved(context, args[1], set, 'srem');
      return removed;
    },
  },
  {
    ...spec({ name: 'smembers', arity: 2, flags: ['readonly'], since: '1.0.0', syntax: 'key',
      summary: 'Get all the members in a set', complexity: 'O(N) where N is the set cardinality.' }),
    handler(context, args) {
      const set = readTyped(context.db, args[1], SetValue);
      if (set instanceof ErrorReply) return set;
      return new SetReply(set === undefined ? [] : [...set.keys()]);
    },
  },
  {
    ...spec({ name: 'sismember', arity: 3, flags: ['readonly', 'fast'], since: '1.0.0', syntax: 'key member',
      summary: 'Determine if a given value is a member of a set', complexity: 'O(1)' }),
    handler(context, args) {
      const set = readTyped(context.db, args[1], SetValue);
      if (set instanceof ErrorReply) return set;
      return set?.has(args[2]) ? 1 : 0;
    },
  },
  {
    ...spec({ name: 'smismember', arity: -3, flags: ['readonly', 'fast'], since: '6.2.0', syntax: 'key member [member ...]',
      summary: 'Returns the membership associated with the given elements for a set', complexity: 'O(N) where N is the number of elements being checked for membership' }),
    handler(context, args) {
      const set = readTyped(context.db, args[1], SetValue);
      if (set instanceof ErrorReply) return set;
      return args.slice(2).map((member) => (set?.has(member) ? 1 : 0));
    },
  },
  {
    ...spec({ name: 'scard', arity: 2, flags: ['readonly', 'fast'], since: '1.0.0', syntax: 'key',
      summary: 'Get the number of members in a set', complexity: 'O(1)' }),
    handler(context, args) {
      const set = readTyped(context.db, args[1], SetValue);
      if (set instanceof ErrorReply) return set;
      return set?.size ?? 0;
    },
  },
  {
    ...spec({ name: 'spop', arity: -2, flags: ['write', 'fast'], logAs: { rewrite: spopAsRemoval }, since: '1.0.0', syntax: 'key [count]',
      summary: 'Remove and return one or multiple random members from a set', complexity: 'Without the count argument O(1), otherwise O(N) where N is the value of the passed count.' }),
    handler: popMembers,
  },
  {
    ...spec({ name: 'srandmember', arity: -2, flags: ['readonly'], since: '1.0.0', syntax: 'key [count]',
      summary: 'Get one or multiple random members from a set', complexity: 'Without the count argument O(1), otherwise O(N) where N is the absolute value of the passed count.' }),
    handler: randomMembers,
  },
  {
    ...spec({ name: 'smove', arity: 4, flags: ['write', 'fast'], logAs: 'as-typed', firstKey: 1, lastKey: 2, since: '1.0.0', syntax: 'source destination member',
      summary: 'Move a member from one set to another', complexity: 'O(1)' }),
    handler(context, args) {
      const [, sourceKey, destinationKey, member] = args;
      const source = writeTyped(context.db, sourceKey, SetValue);
      if (source === undefined) return 0;
      if (source instanceof ErrorReply) return source;
      const destination = writeTyped(context.db, destinationKey, SetValue);
      if (destination instanceof ErrorReply) return destination;
      if (!source.has(member)) return 0;
      if (sourceKey === destinationKey) return 1;
      source.delete(member);
      membersRemoved(context, sourceKey, source, 'srem');
      const target = destination ?? new SetValue();
      const added = addMembers(target, context.engine, [member]);
      // A destination that already held the member is unchanged: no WATCH abort, no event (Redis's smoveCommand).
      if (destination === undefined) context.db.set(destinationKey, target);
      else if (added > 0) context.db.touch(destinationKey);
      if (added > 0) context.notify(NOTIFY_SET, 'sadd', destinationKey);
      return 1;
    },
  },
  {
    ...spec({ name: 'sinter', arity: -2, flags: ['readonly'], lastKey: -1, since: '1.0.0', syntax: 'key [key ...]',
      summary: 'Intersect multiple sets', complexity: 'O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.' }),
    handler: combineCommand('inter'),
  },
  {
    ...spec({ name: 'sunion', arity: -2, flags: ['readonly'], lastKey: -1, since: '1.0.0', syntax: 'key [key ...]',
      summary: 'Add multiple sets', complexity: 'O(N) where N is the total number of elements in all given sets.' }),
    handler: combineCommand('union'),
  },
  {
    ...spec({ name: 'sdiff', arity: -2, flags: ['readonly'], lastKey: -1, since: '1.0.0', syntax: 'key [key ...]',
      summary: 'Subtract multiple sets', complexity: 'O(N) where N is the total number of elements in all given sets.' }),
    handler: combineCommand('diff'),
  },
  {
    ...spec({ name: 'sinterstore', arity: -3, flags: ['write', 'denyoom'], logAs: 'as-typed', lastKey: -1, since: '1.0.0', syntax: 'destination key [key ...]',
      summary: 'Intersect multiple sets and store the resulting set in a key', complexity: 'O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.' }),
    handler: storeCommand('inter'),
  },
  {
    ...spec({ name: 'sunionstore', arity: -3, flags: ['write', 'denyoom'], logAs: 'as-typed', lastKey: -1, since: '1.0.0', syntax: 'destination key [key ...]',
      summary: 'Add multiple sets and store the resulting set in a key', complexity: 'O(N) where N is the total number of elements in all given sets.' }),
    handler: storeCommand('union'),
  },
  {
    ...spec({ name: 'sdiffstore', arity: -3, flags: ['write', 'denyoom'], logAs: 'as-typed', lastKey: -1, since: '1.0.0', syntax: 'destination key [key ...]',
      summary: 'Subtract multiple sets and store the resulting set in a key', complexity: 'O(N) where N is the total number of elements in all given sets.' }),
    handler: storeCommand('diff'),
  },
  {
    ...spec({ name: 'sintercard', arity: -3, flags: ['readonly', 'movablekeys'], firstKey: 0, lastKey: 0, step: 0, since: '7.0.0',
      syntax: 'numkeys key [key ...] [LIMIT limit]', summary: 'Intersect multiple sets and return the cardinality of the result',
      complexity: 'O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.',
      keys: keysAfterNumkeys(1) }),
    handler: intersectionCardinality,
  },
  {
    ...spec({ name: 'sscan', arity: -3, flags: ['readonly'], since: '2.8.0', syntax: 'key cursor [MATCH pattern] [COUNT count]',
      summary: 'Incrementally iterate Set elements',
      complexity: 'O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.' }),
    handler(context, args) {
      const scan = parseScanArguments(args, 2, false);
      if (scan instanceof ErrorReply) return scan;
      const set = readTyped(context.db, args[1], SetValue);
      if (set instanceof ErrorReply) return set;
      if (set === undefined) return ['0', []];
      const items: ByteString[] = [];
      return [scanCollection(set, set.compact, scan, (member) => items.push(member)), items];
    },
  },
];

