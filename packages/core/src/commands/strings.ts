/**
 * strings commands. (Being written in issue 2.)
 */
import type { CommandDefinition } from './types.js';

export const STRING_COMMANDS: readonly CommandDefinition[] = [];
