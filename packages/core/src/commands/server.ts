/**
 * server commands. (Being written in issue 2.)
 */
import type { CommandDefinition } from './types.js';

export const SERVER_COMMANDS: readonly CommandDefinition[] = [];
