/**
 * The commands that act on the engine's own state rather than on keys: connection state,
 * transactions and pub/sub.
 */
import type { CommandDefinition } from '../commands/types.js';
import { CONNECTION_COMMANDS } from './connection-commands.js';
import { PUBSUB_COMMANDS } from './pubsub-commands.js';
import { TRANSACTION_COMMANDS } from './transaction-commands.js';

export const ENGINE_COMMANDS: readonly CommandDefinition[] = [
  ...CONNECTION_COMMANDS,
  ...TRANSACTION_COMMANDS,
  ...PUBSUB_COMMANDS,
];
