/**
 * The sorted set commands (Redis 7.0 semantics, replies and errors). The handlers live in
 * sorted-sets/, one file per kind of command; the value type is keyspace/sorted-set.ts.
 */
import { ADD_COMMANDS } from './sorted-sets/add.js';
import { COMBINE_COMMANDS } from './sorted-sets/combine.js';
import { POP_COMMANDS } from './sorted-sets/pop.js';
import { RANDOM_MEMBER_COMMANDS } from './sorted-sets/random-member.js';
import { RANGE_COMMANDS } from './sorted-sets/range.js';
import { READ_COMMANDS } from './sorted-sets/read.js';
import { REMOVE_COMMANDS } from './sorted-sets/remove.js';
import type { CommandDefinition } from './types.js';

export const SORTED_SET_COMMANDS: readonly CommandDefinition[] = [
  ...ADD_COMMANDS,
  ...READ_COMMANDS,
  ...RANGE_COMMANDS,
  ...REMOVE_COMMANDS,
  ...POP_COMMANDS,
  ...COMBINE_COMMANDS,
  ...RANDOM_MEMBER_COMMANDS,
];
