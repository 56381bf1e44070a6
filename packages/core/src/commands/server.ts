/**
 * Server administration commands: COMMAND, INFO, CLIENT, CONFIG, MEMORY, SLOWLOG, ACL, LATENCY, MONITOR, TIME, DBSIZE, SHUTDOWN,
 * CLUSTER and DEBUG. Each family lives in server/; this file assembles them for the command table.
 */
import { BASIC_SERVER_COMMANDS } from './server/basics.js';
import { CLIENT_COMMAND } from './server/client.js';
import { CLUSTER_COMMAND } from './server/cluster.js';
import { COMMAND_COMMAND } from './server/command-command.js';
import { CONFIG_COMMAND } from './server/config-command.js';
import { INFO_COMMAND } from './server/info.js';
import { MEMORY_COMMAND } from './server/memory.js';
import type { CommandDefinition } from './types.js';
import { PERSISTENCE_COMMANDS } from './server/persistence-commands.js';
import { SNAPSHOT_COMMANDS } from './server/snapshot-commands.js';
import { SLOWLOG_COMMAND } from './server/slowlog.js';
import { ACL_COMMAND } from './server/acl-command.js';
import { LATENCY_COMMAND } from './server/latency.js';
import { MONITOR_COMMAND } from './server/monitor.js';
import { REPLICATION_COMMANDS } from './server/replication-commands.js';
import { DEBUG_COMMAND } from './server/debug.js';

export const SERVER_COMMANDS: readonly CommandDefinition[] = [
  COMMAND_COMMAND,
  INFO_COMMAND,
  CLIENT_COMMAND,
  CONFIG_COMMAND,
  MEMORY_COMMAND,
  SLOWLOG_COMMAND,
  ACL_COMMAND,
  LATENCY_COMMAND,
  MONITOR_COMMAND,
  ...BASIC_SERVER_COMMANDS,
  ...PERSISTENCE_COMMANDS,
  ...SNAPSHOT_COMMANDS,
  ...REPLICATION_COMMANDS,
  CLUSTER_COMMAND,
  DEBUG_COMMAND,
];
