/**
 * keys commands. (Being written in issue 2.)
 */
import type { CommandDefinition } from './types.js';

export const KEY_COMMANDS: readonly CommandDefinition[] = [];
