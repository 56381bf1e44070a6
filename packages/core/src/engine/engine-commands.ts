/**
 * The commands that act on the engine's own state rather than on keys — connection state,
 * transactions and pub/sub — and ALL_COMMANDS: every command Ballast serves, the list the
 * engine's table, COMMAND, the docs and the SDK's typings are built from.
 */
import { DATA_COMMANDS } from '../commands/table.js';
import type { CommandDefinition } from '../commands/types.js';
import { CONNECTION_COMMANDS } from './connection-commands.js';
import { PUBSUB_COMMANDS } from './pubsub-commands.js';
import { TRANSACTION_COMMANDS } from './transaction-commands.js';

export const ENGINE_COMMANDS: readonly CommandDefinition[] = [
  ...CONNECTION_COMMANDS,
  ...TRANSACTION_COMMANDS,
  ...PUBSUB_COMMANDS,
];

export const ALL_COMMANDS: readonly CommandDefinition[] = [...DATA_COMMANDS, ...ENGINE_COMMANDS];
