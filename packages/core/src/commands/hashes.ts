/**
 * hashes commands. (Being written in issue 2.)
 */
import type { CommandDefinition } from './types.js';

export const HASH_COMMANDS: readonly CommandDefinition[] = [];
