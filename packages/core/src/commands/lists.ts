/**
 * lists commands. (Being written in issue 2.)
 */
import type { CommandDefinition } from './types.js';

export const LIST_COMMANDS: readonly CommandDefinition[] = [];
