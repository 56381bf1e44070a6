/**
 * CLUSTER. Ballast routes keys by Redis Cluster hash slots but is not a cluster node, so, as a
 * Redis started without cluster support, every subcommand answers that cluster support is
 * disabled — except KEYSLOT, which Ballast serves because its slots are real: clients can ask
 * where a key lives. (Redis 7.0 refuses KEYSLOT too when cluster support is off.)
 */
import type { CommandDefinition, CommandFlag } from '../types.js';
import { ErrorReply } from '../../resp/reply.js';
import { keyHashSlot } from '../../routing/hash-slot.js';
import { containerHandler, serverSpec } from './spec.js';

const CLUSTER_DISABLED = new ErrorReply('ERR This instance has cluster support disabled');

type SubcommandRow = [name: string, arity: number, flags: CommandFlag[], since: string, syntax: string, summary: string, complexity: string];

/** Redis 7.0's CLUSTER subcommands (metadata from COMMAND INFO / DOCS), KEYSLOT aside. */
const DISABLED_SUBCOMMANDS: readonly SubcommandRow[] = [
  ['addslots', -3, ['admin', 'stale'], '3.0.0', 'slot [slot ...]',
    'Assign new hash slots to receiving node',
    'O(N) where N is the total number of hash slot arguments'],
  ['addslotsrange', -4, ['admin', 'stale'], '7.0.0', 'start-slot end-slot [start-slot end-slot ...]',
    'Assign new hash slots to receiving node',
    'O(N) where N is the total number of the slots between the start slot and end slot arguments.'],
  ['bumpepoch', 2, ['admin', 'stale'], '3.0.0', '',
    'Advance the cluster config epoch',
    'O(1)'],
  ['count-failure-reports', 3, ['admin', 'stale'], '3.0.0', 'node-id',
    'Return the number of failure reports active for a given node',
    'O(N) where N is the number of failure reports'],
  ['countkeysinslot', 3, ['stale'], '3.0.0', 'slot',
    'Return the number of local keys in the specified hash slot',
    'O(1)'],
  ['delslots', -3, ['admin', 'stale'], '3.0.0', 'slot [slot ...]',
    'Set hash slots as unbound in receiving node',
    'O(N) where N is the total number of hash slot arguments'],
  ['delslotsrange', -4, ['admin', 'stale'], '7.0.0', 'start-slot end-slot [start-slot end-slot ...]',
    'Set hash slots as unbound in receiving node',
    'O(N) where N is the total number of the slots between the start slot and end slot arguments.'],
  ['failover', -2, ['admin', 'stale'], '3.0.0', '[FORCE | TAKEOVER]',
    'Forces a replica to perform a manual failover of its master.',
    'O(1)'],
  ['flushslots', 2, ['admin', 'stale'], '3.0.0', '',
    'Delete a node\'s own slots information',
    'O(1)'],
  ['forget', 3, ['admin', 'stale'], '3.0.0', 'node-id',
    'Remove a node from the nodes table',
    'O(1)'],
  ['getkeysinslot', 4, ['stale'], '3.0.0', 'slot count',
    'Return local key names in the specified hash slot',
    'O(log(N)) where N is the number of requested keys'],
  ['help', 2, ['loading', 'stale'], '5.0.0', '',
    'Show helpful text about the different subcommands',
    'O(1)'],
  ['info', 2, ['stale'], '3.0.0', '',
    'Provides info about Redis Cluster node state',
    'O(1)'],
  ['links', 2, ['stale'], '7.0.0', '',
    'Returns a list of all TCP links to and from peer nodes in cluster',
    'O(N) where N is the total number of Cluster nodes'],
  ['meet', -4, ['admin', 'stale'], '3.0.0', 'ip port [cluster-bus-port]',
    'Force a node cluster to handshake with another node',
    'O(1)'],
  ['myid', 2, ['stale'], '3.0.0', '',
    'Return the node id',
    'O(1)'],
  ['nodes', 2, ['stale'], '3.0.0', '',
    'Get Cluster config for the node',
    'O(N) where N is the total number of Cluster nodes'],
  ['replicas', 3, ['admin', 'stale'], '5.0.0', 'node-id',
    'List replica nodes of the specified master node',
    'O(1)'],
  ['replicate', 3, ['admin', 'stale'], '3.0.0', 'node-id',
    'Reconfigure a node as a replica of the specified master node',
    'O(1)'],
  ['reset', -2, ['admin', 'noscript', 'stale'], '3.0.0', '[HARD | SOFT]',
    'Reset a Redis Cluster node',
    'O(N) where N is the number of known nodes. The command may execute a FLUSHALL as a side effect.'],
  ['saveconfig', 2, ['admin', 'stale'], '3.0.0', '',
    'Forces the node to save cluster state on disk',
    'O(1)'],
  ['set-config-epoch', 3, ['admin', 'stale'], '3.0.0', 'config-epoch',
    'Set the configuration epoch in a new node',
    'O(1)'],
  ['setslot', -4, ['admin', 'stale'], '3.0.0', 'slot IMPORTING node-id | MIGRATING node-id | NODE node-id | STABLE',
    'Bind a hash slot to a specific node',
    'O(1)'],
  ['shards', 2, ['stale'], '7.0.0', '',
    'Get array of cluster slots to node mappings',
    'O(N) where N is the total number of cluster nodes'],
  ['slaves', 3, ['admin', 'stale'], '3.0.0', 'node-id',
    'List replica nodes of the specified master node',
    'O(1)'],
  ['slots', 2, ['stale'], '3.0.0', '',
    'Get array of Cluster slot to node mappings',
    'O(N) where N is the total number of Cluster nodes'],
];

function subcommandFromRow([name, arity, flags, since, syntax, summary, complexity]: SubcommandRow): CommandDefinition {
  return {
    ...serverSpec({ group: 'cluster', name, arity, flags, since, syntax, summary, complexity }),
    handler: () => CLUSTER_DISABLED,
  };
}

export const CLUSTER_COMMAND: CommandDefinition = {
  ...serverSpec({
    group: 'cluster', name: 'cluster', arity: -2, flags: [], summary: 'A container for cluster commands', since: '3.0.0',
    complexity: 'Depends on subcommand.', syntax: '<subcommand> [arguments]',
  }),
  handler: containerHandler('cluster'),
  subcommands: [
    {
      ...serverSpec({
        group: 'cluster', name: 'keyslot', arity: 3, flags: ['stale'], summary: 'Returns the hash slot of the specified key',
        since: '3.0.0', complexity: 'O(N) where N is the number of bytes in the key', syntax: 'key',
      }),
      handler: (_context, args) => keyHashSlot(args[2]),
    },
    ...DISABLED_SUBCOMMANDS.map(subcommandFromRow),
  ],
};
