/**
 * The ACL categories COMMAND INFO reports for a command, derived the way Redis derives them:
 * implicit categories from the flags (write → @write, readonly → @read but for scripting commands, admin → @admin and
 * @dangerous, pubsub, fast, blocking; everything not @fast is @slow), plus the explicit
 * categories Redis's command files give, which follow the command's group except for the few
 * commands listed in EXTRA_CATEGORIES and OWN_CATEGORIES. Container commands carry no group category.
 */
import type { CommandDefinition, CommandGroup } from '../types.js';

/** Every category, in the order Redis prints them. */
export const ACL_CATEGORIES = [
  'keyspace', 'read', 'write', 'set', 'sortedset', 'list', 'hash', 'string', 'bitmap', 'hyperloglog',
  'geo', 'stream', 'pubsub', 'admin', 'fast', 'slow', 'blocking', 'dangerous', 'connection',
  'transaction', 'scripting',
] as const;

export type AclCategory = (typeof ACL_CATEGORIES)[number];

const GROUP_CATEGORIES: Record<CommandGroup, readonly AclCategory[]> = {
  string: ['string'],
  generic: ['keyspace'],
  hash: ['hash'],
  list: ['list'],
  set: ['set'],
  'sorted-set': ['sortedset'],
  hyperloglog: ['hyperloglog'],
  bitmap: ['bitmap'],
  geo: ['geo'],
  stream: ['stream'],
  scripting: ['scripting'],
  transactions: ['transaction'],
  connection: ['connection'],
  server: [],
  pubsub: [],
  cluster: [],
};

/**
 * Commands whose Redis definition names categories beyond their group's. A top-level entry
 * applies to its subcommands too (every COMMAND subcommand is @connection).
 */
const EXTRA_CATEGORIES: ReadonlyMap<string, readonly AclCategory[]> = new Map([
  ['keys', ['dangerous']],
  ['info', ['dangerous']],
  ['dbsize', ['keyspace']],
  ['flushdb', ['keyspace', 'dangerous']],
  ['flushall', ['keyspace', 'dangerous']],
  ['swapdb', ['keyspace', 'dangerous']],
  ['command', ['connection']],
  ['restore', ['dangerous']],
  ['lastsave', ['admin', 'dangerous']],
  ['role', ['admin', 'dangerous']],
]);

/** Commands whose Redis definition names categories instead of their group's (SORT is not @keyspace). */
const OWN_CATEGORIES: ReadonlyMap<string, readonly AclCategory[]> = new Map([
  ['sort', ['set', 'sortedset', 'list', 'dangerous']],
  ['sort_ro', ['set', 'sortedset', 'list', 'dangerous']],
  ['wait', ['connection']],
]);

/**
 * Categories of `definition`, in Redis's order. `parentName` is the container's name for a
 * subcommand, undefined for a top-level command.
 */
export function aclCategories(definition: CommandDefinition, parentName?: string): AclCategory[] {
  const categories = new Set<AclCategory>();
  if (definition.subcommands === undefined) {
    for (const category of OWN_CATEGORIES.get(definition.name) ?? GROUP_CATEGORIES[definition.group]) categories.add(category);
  }
  for (const category of EXTRA_CATEGORIES.get(parentName ?? definition.name) ?? []) categories.add(category);
  const flags = new Set(definition.flags);
  if (flags.has('write')) categories.add('write');
  // Redis's setImplicitACLCategories: a read-only script command (EVAL_RO, FCALL_RO) is not @read.
  if (flags.has('readonly') && !categories.has('scripting')) categories.add('read');
  if (flags.has('admin')) {
    categories.add('admin');
    categories.add('dangerous');
  }
  if (flags.has('pubsub')) categories.add('pubsub');
  if (flags.has('fast')) categories.add('fast');
  else categories.add('slow');
  if (flags.has('blocking')) categories.add('blocking');
  return ACL_CATEGORIES.filter((category) => categories.has(category));
}
