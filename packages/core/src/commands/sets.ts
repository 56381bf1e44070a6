/**
 * sets commands. (Being written in issue 2.)
 */
import type { CommandDefinition } from './types.js';

export const SET_COMMANDS: readonly CommandDefinition[] = [];
