/**
 * List commands (Redis 7.0): lists are ListValue deques, O(1) at both ends.
 */
import { BASIC_LIST_COMMANDS } from './lists/basic.js';
import { BLOCKING_LIST_COMMANDS } from './lists/blocking.js';
import { MULTI_POP_LIST_COMMANDS } from './lists/multi-pop.js';
import type { CommandDefinition } from './types.js';

export const LIST_COMMANDS: readonly CommandDefinition[] = [...BASIC_LIST_COMMANDS, ...BLOCKING_LIST_COMMANDS, ...MULTI_POP_LIST_COMMANDS];
