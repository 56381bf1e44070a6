/**
 * GENERATED from @ballast/core's command table by scripts/generate-commands.ts — do not edit.
 * Run `npm run generate -w @ballast/sdk` after the table changes; a test fails while it is stale.
 *
 * One generically typed method per command (subcommands as `configGet`, `clientSetname`, …);
 * the client replaces the generic signature with a hand-written one where it has one.
 */
import type { Argument } from '../request-encoder.js';
import type { Value } from '../reply-value.js';

/** Every command of the table as a method taking its arguments after the name. */
export interface GeneratedCommands {
  /**
   * List the ACL categories or the commands inside a category
   *
   * `ACL CAT [categoryname]` — server; flags: noscript, loading, stale; since 6.0.0.
   */
  aclCat(...args: Argument[]): Value;
  /**
   * Remove the specified ACL users and the associated rules
   *
   * `ACL DELUSER username [username ...]` — server; flags: admin, noscript, loading, stale; since 6.0.0.
   */
  aclDeluser(...args: Argument[]): Value;
  /**
   * Returns whether the user can execute the given command without executing the command.
   *
   * `ACL DRYRUN username command [arg [arg ...]]` — server; flags: admin, noscript, loading, stale; since 7.0.0.
   */
  aclDryrun(...args: Argument[]): Value;
  /**
   * Generate a pseudorandom secure password to use for ACL users
   *
   * `ACL GENPASS [bits]` — server; flags: noscript, loading, stale; since 6.0.0.
   */
  aclGenpass(...args: Argument[]): Value;
  /**
   * Get the rules for a specific ACL user
   *
   * `ACL GETUSER username` — server; flags: admin, noscript, loading, stale; since 6.0.0.
   */
  aclGetuser(...args: Argument[]): Value;
  /**
   * Show helpful text about the different subcommands
   *
   * `ACL HELP` — server; flags: loading, stale; since 6.0.0.
   */
  aclHelp(...args: Argument[]): Value;
  /**
   * List the current ACL rules in ACL config file format
   *
   * `ACL LIST` — server; flags: admin, noscript, loading, stale; since 6.0.0.
   */
  aclList(...args: Argument[]): Value;
  /**
   * Reload the ACLs from the configured ACL file
   *
   * `ACL LOAD` — server; flags: admin, noscript, loading, stale; since 6.0.0.
   */
  aclLoad(...args: Argument[]): Value;
  /**
   * List latest events denied because of ACLs in place
   *
   * `ACL LOG [count | RESET]` — server; flags: admin, noscript, loading, stale; since 6.0.0.
   */
  aclLog(...args: Argument[]): Value;
  /**
   * Save the current ACL rules in the configured ACL file
   *
   * `ACL SAVE` — server; flags: admin, noscript, loading, stale; since 6.0.0.
   */
  aclSave(...args: Argument[]): Value;
  /**
   * Modify or create the rules for a specific ACL user
   *
   * `ACL SETUSER username [rule [rule ...]]` — server; flags: admin, noscript, loading, stale; since 6.0.0.
   */
  aclSetuser(...args: Argument[]): Value;
  /**
   * List the username of all the configured ACL rules
   *
   * `ACL USERS` — server; flags: admin, noscript, loading, stale; since 6.0.0.
   */
  aclUsers(...args: Argument[]): Value;
  /**
   * Return the name of the user associated to the current connection
   *
   * `ACL WHOAMI` — server; flags: noscript, loading, stale; since 6.0.0.
   */
  aclWhoami(...args: Argument[]): Value;
  /**
   * Append a value to a key
   *
   * `APPEND key value` — string; flags: write, denyoom, fast; since 2.0.0.
   */
  append(...args: Argument[]): Value;
  /**
   * Authenticate to the server
   *
   * `AUTH [username] password` — connection; flags: noscript, loading, stale, fast, no_auth, allow_busy; since 1.0.0.
   */
  auth(...args: Argument[]): Value;
  /**
   * Asynchronously rewrites the append-only file to disk.
   *
   * `BGREWRITEAOF` — server; flags: admin, noscript; since 1.0.0.
   */
  bgrewriteaof(...args: Argument[]): Value;
  /**
   * Asynchronously saves the database(s) to disk.
   *
   * `BGSAVE [SCHEDULE]` — server; flags: admin, noscript; since 1.0.0.
   */
  bgsave(...args: Argument[]): Value;
  /**
   * Count set bits in a string
   *
   * `BITCOUNT key [start end [BYTE | BIT]]` — bitmap; flags: readonly; since 2.6.0.
   */
  bitcount(...args: Argument[]): Value;
  /**
   * Perform arbitrary bitfield integer operations on strings
   *
   * `BITFIELD key [GET encoding offset | [OVERFLOW <WRAP | SAT | FAIL>] <SET encoding offset value | INCRBY encoding offset increment> [GET encoding offset | [OVERFLOW <WRAP | SAT | FAIL>] <SET encoding offset value | INCRBY encoding offset increment> ...]]` — bitmap; flags: write, denyoom; since 3.2.0.
   */
  bitfield(...args: Argument[]): Value;
  /**
   * Perform arbitrary bitfield integer operations on strings. Read-only variant of BITFIELD
   *
   * `BITFIELD_RO key [GET encoding offset [GET encoding offset ...]]` — bitmap; flags: readonly, fast; since 6.0.0.
   */
  bitfield_ro(...args: Argument[]): Value;
  /**
   * Perform bitwise operations between strings
   *
   * `BITOP <AND | OR | XOR | NOT> destkey key [key ...]` — bitmap; flags: write, denyoom; since 2.6.0.
   */
  bitop(...args: Argument[]): Value;
  /**
   * Find first bit set or clear in a string
   *
   * `BITPOS key bit [start [end [BYTE | BIT]]]` — bitmap; flags: readonly; since 2.8.7.
   */
  bitpos(...args: Argument[]): Value;
  /**
   * Pop an element from a list, push it to another list and return it; or block until one is available
   *
   * `BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout` — list; flags: write, denyoom, noscript, blocking; since 6.2.0.
   */
  blmove(...args: Argument[]): Value;
  /**
   * Pop elements from a list, or block until one is available
   *
   * `BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count]` — list; flags: write, blocking, movablekeys; since 7.0.0.
   */
  blmpop(...args: Argument[]): Value;
  /**
   * Remove and get the first element in a list, or block until one is available
   *
   * `BLPOP key [key ...] timeout` — list; flags: write, noscript, blocking; since 2.0.0.
   */
  blpop(...args: Argument[]): Value;
  /**
   * Remove and get the last element in a list, or block until one is available
   *
   * `BRPOP key [key ...] timeout` — list; flags: write, noscript, blocking; since 2.0.0.
   */
  brpop(...args: Argument[]): Value;
  /**
   * Pop an element from a list, push it to another list and return it; or block until one is available
   *
   * `BRPOPLPUSH source destination timeout` — list; flags: write, denyoom, noscript, blocking; since 2.2.0.
   */
  brpoplpush(...args: Argument[]): Value;
  /**
   * Remove and return members with scores in a sorted set or block until one is available
   *
   * `BZMPOP timeout numkeys key [key ...] <MIN | MAX> [COUNT count]` — sorted-set; flags: write, blocking, movablekeys; since 7.0.0.
   */
  bzmpop(...args: Argument[]): Value;
  /**
   * Remove and return the member with the highest score from one or more sorted sets, or block until one is available
   *
   * `BZPOPMAX key [key ...] timeout` — sorted-set; flags: write, noscript, blocking, fast; since 5.0.0.
   */
  bzpopmax(...args: Argument[]): Value;
  /**
   * Remove and return the member with the lowest score from one or more sorted sets, or block until one is available
   *
   * `BZPOPMIN key [key ...] timeout` — sorted-set; flags: write, noscript, blocking, fast; since 5.0.0.
   */
  bzpopmin(...args: Argument[]): Value;
  /**
   * Instruct the server about tracking or not keys in the next request
   *
   * `CLIENT CACHING YES | NO` — connection; flags: noscript, loading, stale; since 6.0.0.
   */
  clientCaching(...args: Argument[]): Value;
  /**
   * Get the current connection name
   *
   * `CLIENT GETNAME` — connection; flags: noscript, loading, stale; since 2.6.9.
   */
  clientGetname(...args: Argument[]): Value;
  /**
   * Get tracking notifications redirection client ID if any
   *
   * `CLIENT GETREDIR` — connection; flags: noscript, loading, stale; since 6.0.0.
   */
  clientGetredir(...args: Argument[]): Value;
  /**
   * Show helpful text about the different subcommands
   *
   * `CLIENT HELP` — connection; flags: loading, stale; since 5.0.0.
   */
  clientHelp(...args: Argument[]): Value;
  /**
   * Returns the client ID for the current connection
   *
   * `CLIENT ID` — connection; flags: noscript, loading, stale; since 5.0.0.
   */
  clientId(...args: Argument[]): Value;
  /**
   * Returns information about the current client connection.
   *
   * `CLIENT INFO` — connection; flags: noscript, loading, stale; since 6.2.0.
   */
  clientInfo(...args: Argument[]): Value;
  /**
   * Kill the connection of a client
   *
   * `CLIENT KILL ip:port | [ID client-id] [TYPE NORMAL | MASTER | SLAVE | REPLICA | PUBSUB] [USER username] [ADDR ip:port] [LADDR ip:port] [SKIPME yes/no]` — connection; flags: admin, noscript, loading, stale; since 2.4.0.
   */
  clientKill(...args: Argument[]): Value;
  /**
   * Get the list of client connections
   *
   * `CLIENT LIST [TYPE NORMAL | MASTER | REPLICA | PUBSUB] [ID client-id [client-id ...]]` — connection; flags: admin, noscript, loading, stale; since 2.4.0.
   */
  clientList(...args: Argument[]): Value;
  /**
   * Set client eviction mode for the current connection
   *
   * `CLIENT NO-EVICT ON | OFF` — connection; flags: admin, noscript, loading, stale; since 7.0.0.
   */
  clientNoEvict(...args: Argument[]): Value;
  /**
   * Stop processing commands from clients for some time
   *
   * `CLIENT PAUSE timeout [WRITE | ALL]` — connection; flags: admin, noscript, loading, stale; since 2.9.50.
   */
  clientPause(...args: Argument[]): Value;
  /**
   * Instruct the server whether to reply to commands
   *
   * `CLIENT REPLY ON | OFF | SKIP` — connection; flags: noscript, loading, stale; since 3.2.0.
   */
  clientReply(...args: Argument[]): Value;
  /**
   * Set the current connection name
   *
   * `CLIENT SETNAME connection-name` — connection; flags: noscript, loading, stale; since 2.6.9.
   */
  clientSetname(...args: Argument[]): Value;
  /**
   * Enable or disable server assisted client side caching support
   *
   * `CLIENT TRACKING ON | OFF [REDIRECT client-id] [PREFIX prefix [PREFIX prefix ...]] [BCAST] [OPTIN] [OPTOUT] [NOLOOP]` — connection; flags: noscript, loading, stale; since 6.0.0.
   */
  clientTracking(...args: Argument[]): Value;
  /**
   * Return information about server assisted client side caching for the current connection
   *
   * `CLIENT TRACKINGINFO` — connection; flags: noscript, loading, stale; since 6.2.0.
   */
  clientTrackinginfo(...args: Argument[]): Value;
  /**
   * Unblock a client blocked in a blocking command from a different connection
   *
   * `CLIENT UNBLOCK client-id [TIMEOUT | ERROR]` — connection; flags: admin, noscript, loading, stale; since 5.0.0.
   */
  clientUnblock(...args: Argument[]): Value;
  /**
   * Resume processing of clients that were paused
   *
   * `CLIENT UNPAUSE` — connection; flags: admin, noscript, loading, stale; since 6.2.0.
   */
  clientUnpause(...args: Argument[]): Value;
  /**
   * Assign new hash slots to receiving node
   *
   * `CLUSTER ADDSLOTS slot [slot ...]` — cluster; flags: admin, stale; since 3.0.0.
   */
  clusterAddslots(...args: Argument[]): Value;
  /**
   * Assign new hash slots to receiving node
   *
   * `CLUSTER ADDSLOTSRANGE start-slot end-slot [start-slot end-slot ...]` — cluster; flags: admin, stale; since 7.0.0.
   */
  clusterAddslotsrange(...args: Argument[]): Value;
  /**
   * Advance the cluster config epoch
   *
   * `CLUSTER BUMPEPOCH` — cluster; flags: admin, stale; since 3.0.0.
   */
  clusterBumpepoch(...args: Argument[]): Value;
  /**
   * Return the number of failure reports active for a given node
   *
   * `CLUSTER COUNT-FAILURE-REPORTS node-id` — cluster; flags: admin, stale; since 3.0.0.
   */
  clusterCountFailureReports(...args: Argument[]): Value;
  /**
   * Return the number of local keys in the specified hash slot
   *
   * `CLUSTER COUNTKEYSINSLOT slot` — cluster; flags: stale; since 3.0.0.
   */
  clusterCountkeysinslot(...args: Argument[]): Value;
  /**
   * Set hash slots as unbound in receiving node
   *
   * `CLUSTER DELSLOTS slot [slot ...]` — cluster; flags: admin, stale; since 3.0.0.
   */
  clusterDelslots(...args: Argument[]): Value;
  /**
   * Set hash slots as unbound in receiving node
   *
   * `CLUSTER DELSLOTSRANGE start-slot end-slot [start-slot end-slot ...]` — cluster; flags: admin, stale; since 7.0.0.
   */
  clusterDelslotsrange(...args: Argument[]): Value;
  /**
   * Forces a replica to perform a manual failover of its master.
   *
   * `CLUSTER FAILOVER [FORCE | TAKEOVER]` — cluster; flags: admin, stale; since 3.0.0.
   */
  clusterFailover(...args: Argument[]): Value;
  /**
   * Delete a node's own slots information
   *
   * `CLUSTER FLUSHSLOTS` — cluster; flags: admin, stale; since 3.0.0.
   */
  clusterFlushslots(...args: Argument[]): Value;
  /**
   * Remove a node from the nodes table
   *
   * `CLUSTER FORGET node-id` — cluster; flags: admin, stale; since 3.0.0.
   */
  clusterForget(...args: Argument[]): Value;
  /**
   * Return local key names in the specified hash slot
   *
   * `CLUSTER GETKEYSINSLOT slot count` — cluster; flags: stale; since 3.0.0.
   */
  clusterGetkeysinslot(...args: Argument[]): Value;
  /**
   * Show helpful text about the different subcommands
   *
   * `CLUSTER HELP` — cluster; flags: loading, stale; since 5.0.0.
   */
  clusterHelp(...args: Argument[]): Value;
  /**
   * Provides info about Redis Cluster node state
   *
   * `CLUSTER INFO` — cluster; flags: stale; since 3.0.0.
   */
  clusterInfo(...args: Argument[]): Value;
  /**
   * Returns the hash slot of the specified key
   *
   * `CLUSTER KEYSLOT key` — cluster; flags: stale; since 3.0.0.
   */
  clusterKeyslot(...args: Argument[]): Value;
  /**
   * Returns a list of all TCP links to and from peer nodes in cluster
   *
   * `CLUSTER LINKS` — cluster; flags: stale; since 7.0.0.
   */
  clusterLinks(...args: Argument[]): Value;
  /**
   * Force a node cluster to handshake with another node
   *
   * `CLUSTER MEET ip port [cluster-bus-port]` — cluster; flags: admin, stale; since 3.0.0.
   */
  clusterMeet(...args: Argument[]): Value;
  /**
   * Return the node id
   *
   * `CLUSTER MYID` — cluster; flags: stale; since 3.0.0.
   */
  clusterMyid(...args: Argument[]): Value;
  /**
   * Get Cluster config for the node
   *
   * `CLUSTER NODES` — cluster; flags: stale; since 3.0.0.
   */
  clusterNodes(...args: Argument[]): Value;
  /**
   * List replica nodes of the specified master node
   *
   * `CLUSTER REPLICAS node-id` — cluster; flags: admin, stale; since 5.0.0.
   */
  clusterReplicas(...args: Argument[]): Value;
  /**
   * Reconfigure a node as a replica of the specified master node
   *
   * `CLUSTER REPLICATE node-id` — cluster; flags: admin, stale; since 3.0.0.
   */
  clusterReplicate(...args: Argument[]): Value;
  /**
   * Reset a Redis Cluster node
   *
   * `CLUSTER RESET [HARD | SOFT]` — cluster; flags: admin, noscript, stale; since 3.0.0.
   */
  clusterReset(...args: Argument[]): Value;
  /**
   * Forces the node to save cluster state on disk
   *
   * `CLUSTER SAVECONFIG` — cluster; flags: admin, stale; since 3.0.0.
   */
  clusterSaveconfig(...args: Argument[]): Value;
  /**
   * Set the configuration epoch in a new node
   *
   * `CLUSTER SET-CONFIG-EPOCH config-epoch` — cluster; flags: admin, stale; since 3.0.0.
   */
  clusterSetConfigEpoch(...args: Argument[]): Value;
  /**
   * Bind a hash slot to a specific node
   *
   * `CLUSTER SETSLOT slot IMPORTING node-id | MIGRATING node-id | NODE node-id | STABLE` — cluster; flags: admin, stale; since 3.0.0.
   */
  clusterSetslot(...args: Argument[]): Value;
  /**
   * Get array of cluster slots to node mappings
   *
   * `CLUSTER SHARDS` — cluster; flags: stale; since 7.0.0.
   */
  clusterShards(...args: Argument[]): Value;
  /**
   * List replica nodes of the specified master node
   *
   * `CLUSTER SLAVES node-id` — cluster; flags: admin, stale; since 3.0.0.
   */
  clusterSlaves(...args: Argument[]): Value;
  /**
   * Get array of Cluster slot to node mappings
   *
   * `CLUSTER SLOTS` — cluster; flags: stale; since 3.0.0.
   */
  clusterSlots(...args: Argument[]): Value;
  /**
   * Get total number of Redis commands
   *
   * `COMMAND COUNT` — server; flags: loading, stale; since 2.8.13.
   */
  commandCount(...args: Argument[]): Value;
  /**
   * Get array of specific Redis command documentation
   *
   * `COMMAND DOCS [command-name [command-name ...]]` — server; flags: loading, stale; since 7.0.0.
   */
  commandDocs(...args: Argument[]): Value;
  /**
   * Extract keys given a full Redis command
   *
   * `COMMAND GETKEYS command [arg [arg ...]]` — server; flags: loading, stale; since 2.8.13.
   */
  commandGetkeys(...args: Argument[]): Value;
  /**
   * Extract keys and access flags given a full Redis command
   *
   * `COMMAND GETKEYSANDFLAGS command [arg [arg ...]]` — server; flags: loading, stale; since 7.0.0.
   */
  commandGetkeysandflags(...args: Argument[]): Value;
  /**
   * Show helpful text about the different subcommands
   *
   * `COMMAND HELP` — server; flags: loading, stale; since 5.0.0.
   */
  commandHelp(...args: Argument[]): Value;
  /**
   * Get array of specific Redis command details, or all when no argument is given.
   *
   * `COMMAND INFO [command-name [command-name ...]]` — server; flags: loading, stale; since 2.8.13.
   */
  commandInfo(...args: Argument[]): Value;
  /**
   * Get an array of Redis command names
   *
   * `COMMAND LIST [FILTERBY MODULE module-name | ACLCAT category | PATTERN pattern]` — server; flags: loading, stale; since 7.0.0.
   */
  commandList(...args: Argument[]): Value;
  /**
   * Get the values of configuration parameters
   *
   * `CONFIG GET parameter [parameter ...]` — server; flags: admin, noscript, loading, stale; since 2.0.0.
   */
  configGet(...args: Argument[]): Value;
  /**
   * Show helpful text about the different subcommands
   *
   * `CONFIG HELP` — server; flags: loading, stale; since 5.0.0.
   */
  configHelp(...args: Argument[]): Value;
  /**
   * Reset the stats returned by INFO
   *
   * `CONFIG RESETSTAT` — server; flags: admin, noscript, loading, stale; since 2.0.0.
   */
  configResetstat(...args: Argument[]): Value;
  /**
   * Rewrite the configuration file with the in memory configuration
   *
   * `CONFIG REWRITE` — server; flags: admin, noscript, loading, stale; since 2.8.0.
   */
  configRewrite(...args: Argument[]): Value;
  /**
   * Set configuration parameters to the given values
   *
   * `CONFIG SET parameter value [parameter value ...]` — server; flags: admin, noscript, loading, stale; since 2.0.0.
   */
  configSet(...args: Argument[]): Value;
  /**
   * Copy a key
   *
   * `COPY source destination [DB destination-db] [REPLACE]` — generic; flags: write, denyoom; since 6.2.0.
   */
  copy(...args: Argument[]): Value;
  /**
   * Return the number of keys in the selected database
   *
   * `DBSIZE` — server; flags: readonly, fast; since 1.0.0.
   */
  dbsize(...args: Argument[]): Value;
  /**
   * A container for debugging commands
   *
   * `DEBUG` — server; flags: admin, noscript, loading, stale; since 1.0.0.
   */
  debug(...args: Argument[]): Value;
  /**
   * Decrement the integer value of a key by one
   *
   * `DECR key` — string; flags: write, denyoom, fast; since 1.0.0.
   */
  decr(...args: Argument[]): Value;
  /**
   * Decrement the integer value of a key by the given number
   *
   * `DECRBY key decrement` — string; flags: write, denyoom, fast; since 1.0.0.
   */
  decrby(...args: Argument[]): Value;
  /**
   * Delete a key
   *
   * `DEL key [key ...]` — generic; flags: write; since 1.0.0.
   */
  del(...args: Argument[]): Value;
  /**
   * Discard all commands issued after MULTI
   *
   * `DISCARD` — transactions; flags: noscript, loading, stale, fast, allow_busy; since 2.0.0.
   */
  discard(...args: Argument[]): Value;
  /**
   * Return a serialized version of the value stored at the specified key.
   *
   * `DUMP key` — generic; flags: readonly; since 2.6.0.
   */
  dump(...args: Argument[]): Value;
  /**
   * Echo the given string
   *
   * `ECHO message` — connection; flags: loading, stale, fast; since 1.0.0.
   */
  echo(...args: Argument[]): Value;
  /**
   * Execute a Lua script server side
   *
   * `EVAL script numkeys [key [key ...]] [arg [arg ...]]` — scripting; flags: noscript, stale, skip_monitor, may_replicate, no_mandatory_keys, movablekeys; since 2.6.0.
   */
  eval(...args: Argument[]): Value;
  /**
   * Execute a read-only Lua script server side
   *
   * `EVAL_RO script numkeys [key [key ...]] [arg [arg ...]]` — scripting; flags: readonly, noscript, stale, skip_monitor, no_mandatory_keys, movablekeys; since 7.0.0.
   */
  eval_ro(...args: Argument[]): Value;
  /**
   * Execute a Lua script server side
   *
   * `EVALSHA sha1 numkeys [key [key ...]] [arg [arg ...]]` — scripting; flags: noscript, stale, skip_monitor, may_replicate, no_mandatory_keys, movablekeys; since 2.6.0.
   */
  evalsha(...args: Argument[]): Value;
  /**
   * Execute a read-only Lua script server side
   *
   * `EVALSHA_RO sha1 numkeys [key [key ...]] [arg [arg ...]]` — scripting; flags: readonly, noscript, stale, skip_monitor, no_mandatory_keys, movablekeys; since 7.0.0.
   */
  evalsha_ro(...args: Argument[]): Value;
  /**
   * Execute all commands issued after MULTI
   *
   * `EXEC` — transactions; flags: noscript, loading, stale, skip_slowlog; since 1.2.0.
   */
  exec(...args: Argument[]): Value;
  /**
   * Determine if a key exists
   *
   * `EXISTS key [key ...]` — generic; flags: readonly, fast; since 1.0.0.
   */
  exists(...args: Argument[]): Value;
  /**
   * Set a key's time to live in seconds
   *
   * `EXPIRE key seconds [NX | XX | GT | LT]` — generic; flags: write, fast; since 1.0.0.
   */
  expire(...args: Argument[]): Value;
  /**
   * Set the expiration for a key as a UNIX timestamp
   *
   * `EXPIREAT key unix-time-seconds [NX | XX | GT | LT]` — generic; flags: write, fast; since 1.2.0.
   */
  expireat(...args: Argument[]): Value;
  /**
   * Get the expiration Unix timestamp for a key
   *
   * `EXPIRETIME key` — generic; flags: readonly, fast; since 7.0.0.
   */
  expiretime(...args: Argument[]): Value;
  /**
   * Start a coordinated failover between this server and one of its replicas.
   *
   * `FAILOVER [TO host port [FORCE]] [ABORT] [TIMEOUT milliseconds]` — server; flags: admin, noscript, stale; since 6.2.0.
   */
  failover(...args: Argument[]): Value;
  /**
   * Invoke a function
   *
   * `FCALL function numkeys [key [key ...]] [arg [arg ...]]` — scripting; flags: noscript, stale, skip_monitor, may_replicate, no_mandatory_keys, movablekeys; since 7.0.0.
   */
  fcall(...args: Argument[]): Value;
  /**
   * Invoke a read-only function
   *
   * `FCALL_RO function numkeys [key [key ...]] [arg [arg ...]]` — scripting; flags: readonly, noscript, stale, skip_monitor, no_mandatory_keys, movablekeys; since 7.0.0.
   */
  fcall_ro(...args: Argument[]): Value;
  /**
   * Remove all keys from all databases
   *
   * `FLUSHALL [ASYNC | SYNC]` — generic; flags: write; since 1.0.0.
   */
  flushall(...args: Argument[]): Value;
  /**
   * Remove all keys from the current database
   *
   * `FLUSHDB [ASYNC | SYNC]` — generic; flags: write; since 1.0.0.
   */
  flushdb(...args: Argument[]): Value;
  /**
   * Delete a function by name
   *
   * `FUNCTION DELETE library-name` — scripting; flags: write, noscript; since 7.0.0.
   */
  functionDelete(...args: Argument[]): Value;
  /**
   * Dump all functions into a serialized binary payload
   *
   * `FUNCTION DUMP` — scripting; flags: noscript; since 7.0.0.
   */
  functionDump(...args: Argument[]): Value;
  /**
   * Deleting all functions
   *
   * `FUNCTION FLUSH [ASYNC | SYNC]` — scripting; flags: write, noscript; since 7.0.0.
   */
  functionFlush(...args: Argument[]): Value;
  /**
   * Show helpful text about the different subcommands
   *
   * `FUNCTION HELP` — scripting; flags: loading, stale; since 7.0.0.
   */
  functionHelp(...args: Argument[]): Value;
  /**
   * Kill the function currently in execution.
   *
   * `FUNCTION KILL` — scripting; flags: noscript, allow_busy; since 7.0.0.
   */
  functionKill(...args: Argument[]): Value;
  /**
   * List information about all the functions
   *
   * `FUNCTION LIST [LIBRARYNAME library-name-pattern] [WITHCODE]` — scripting; flags: noscript; since 7.0.0.
   */
  functionList(...args: Argument[]): Value;
  /**
   * Create a function with the given arguments (name, code, description)
   *
   * `FUNCTION LOAD [REPLACE] function-code` — scripting; flags: write, denyoom, noscript; since 7.0.0.
   */
  functionLoad(...args: Argument[]): Value;
  /**
   * Restore all the functions on the given payload
   *
   * `FUNCTION RESTORE serialized-value [FLUSH | APPEND | REPLACE]` — scripting; flags: write, denyoom, noscript; since 7.0.0.
   */
  functionRestore(...args: Argument[]): Value;
  /**
   * Return information about the function currently running (name, description, duration)
   *
   * `FUNCTION STATS` — scripting; flags: noscript, allow_busy; since 7.0.0.
   */
  functionStats(...args: Argument[]): Value;
  /**
   * Add one or more geospatial items in the geospatial index represented using a sorted set
   *
   * `GEOADD key [NX | XX] [CH] longitude latitude member [longitude latitude member ...]` — geo; flags: write, denyoom; since 3.2.0.
   */
  geoadd(...args: Argument[]): Value;
  /**
   * Returns the distance between two members of a geospatial index
   *
   * `GEODIST key member1 member2 [M | KM | FT | MI]` — geo; flags: readonly; since 3.2.0.
   */
  geodist(...args: Argument[]): Value;
  /**
   * Returns members of a geospatial index as standard geohash strings
   *
   * `GEOHASH key [member [member ...]]` — geo; flags: readonly; since 3.2.0.
   */
  geohash(...args: Argument[]): Value;
  /**
   * Returns longitude and latitude of members of a geospatial index
   *
   * `GEOPOS key [member [member ...]]` — geo; flags: readonly; since 3.2.0.
   */
  geopos(...args: Argument[]): Value;
  /**
   * Query a sorted set representing a geospatial index to fetch members matching a given maximum distance from a point
   *
   * `GEORADIUS key longitude latitude radius <M | KM | FT | MI> [WITHCOORD] [WITHDIST] [WITHHASH] [COUNT count [ANY]] [ASC | DESC] [STORE key | STOREDIST key]` — geo; flags: write, denyoom, movablekeys; since 3.2.0.
   */
  georadius(...args: Argument[]): Value;
  /**
   * A read-only variant for GEORADIUS
   *
   * `GEORADIUS_RO key longitude latitude radius <M | KM | FT | MI> [WITHCOORD] [WITHDIST] [WITHHASH] [COUNT count [ANY]] [ASC | DESC]` — geo; flags: readonly; since 3.2.10.
   */
  georadius_ro(...args: Argument[]): Value;
  /**
   * Query a sorted set representing a geospatial index to fetch members matching a given maximum distance from a member
   *
   * `GEORADIUSBYMEMBER key member radius <M | KM | FT | MI> [WITHCOORD] [WITHDIST] [WITHHASH] [COUNT count [ANY]] [ASC | DESC] [STORE key | STOREDIST key]` — geo; flags: write, denyoom, movablekeys; since 3.2.0.
   */
  georadiusbymember(...args: Argument[]): Value;
  /**
   * A read-only variant for GEORADIUSBYMEMBER
   *
   * `GEORADIUSBYMEMBER_RO key member radius <M | KM | FT | MI> [WITHCOORD] [WITHDIST] [WITHHASH] [COUNT count [ANY]] [ASC | DESC]` — geo; flags: readonly; since 3.2.10.
   */
  georadiusbymember_ro(...args: Argument[]): Value;
  /**
   * Query a sorted set representing a geospatial index to fetch members inside an area of a box or a circle.
   *
   * `GEOSEARCH key <FROMMEMBER member | FROMLONLAT longitude latitude> <BYRADIUS radius <M | KM | FT | MI> | BYBOX width height <M | KM | FT | MI>> [ASC | DESC] [COUNT count [ANY]] [WITHCOORD] [WITHDIST] [WITHHASH]` — geo; flags: readonly; since 6.2.0.
   */
  geosearch(...args: Argument[]): Value;
  /**
   * Query a sorted set representing a geospatial index to fetch members inside an area of a box or a circle, and store the result in another key.
   *
   * `GEOSEARCHSTORE destination source <FROMMEMBER member | FROMLONLAT longitude latitude> <BYRADIUS radius <M | KM | FT | MI> | BYBOX width height <M | KM | FT | MI>> [ASC | DESC] [COUNT count [ANY]] [STOREDIST]` — geo; flags: write, denyoom; since 6.2.0.
   */
  geosearchstore(...args: Argument[]): Value;
  /**
   * Get the value of a key
   *
   * `GET key` — string; flags: readonly, fast; since 1.0.0.
   */
  get(...args: Argument[]): Value;
  /**
   * Returns the bit value at offset in the string value stored at key
   *
   * `GETBIT key offset` — bitmap; flags: readonly, fast; since 2.2.0.
   */
  getbit(...args: Argument[]): Value;
  /**
   * Get the value of a key and delete the key
   *
   * `GETDEL key` — string; flags: write, fast; since 6.2.0.
   */
  getdel(...args: Argument[]): Value;
  /**
   * Get the value of a key and optionally set its expiration
   *
   * `GETEX key [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | PERSIST]` — string; flags: write, fast; since 6.2.0.
   */
  getex(...args: Argument[]): Value;
  /**
   * Get a substring of the string stored at a key
   *
   * `GETRANGE key start end` — string; flags: readonly; since 2.4.0.
   */
  getrange(...args: Argument[]): Value;
  /**
   * Set the string value of a key and return its old value
   *
   * `GETSET key value` — string; flags: write, denyoom, fast; since 1.0.0.
   */
  getset(...args: Argument[]): Value;
  /**
   * Delete one or more hash fields
   *
   * `HDEL key field [field ...]` — hash; flags: write, fast; since 2.0.0.
   */
  hdel(...args: Argument[]): Value;
  /**
   * Handshake with Redis
   *
   * `HELLO [protover [AUTH username password] [SETNAME clientname]]` — connection; flags: noscript, loading, stale, fast, no_auth, allow_busy; since 6.0.0.
   */
  hello(...args: Argument[]): Value;
  /**
   * Determine if a hash field exists
   *
   * `HEXISTS key field` — hash; flags: readonly, fast; since 2.0.0.
   */
  hexists(...args: Argument[]): Value;
  /**
   * Get the value of a hash field
   *
   * `HGET key field` — hash; flags: readonly, fast; since 2.0.0.
   */
  hget(...args: Argument[]): Value;
  /**
   * Get all the fields and values in a hash
   *
   * `HGETALL key` — hash; flags: readonly; since 2.0.0.
   */
  hgetall(...args: Argument[]): Value;
  /**
   * Increment the integer value of a hash field by the given number
   *
   * `HINCRBY key field increment` — hash; flags: write, denyoom, fast; since 2.0.0.
   */
  hincrby(...args: Argument[]): Value;
  /**
   * Increment the float value of a hash field by the given amount
   *
   * `HINCRBYFLOAT key field increment` — hash; flags: write, denyoom, fast; since 2.6.0.
   */
  hincrbyfloat(...args: Argument[]): Value;
  /**
   * Get all the fields in a hash
   *
   * `HKEYS key` — hash; flags: readonly; since 2.0.0.
   */
  hkeys(...args: Argument[]): Value;
  /**
   * Get the number of fields in a hash
   *
   * `HLEN key` — hash; flags: readonly, fast; since 2.0.0.
   */
  hlen(...args: Argument[]): Value;
  /**
   * Get the values of all the given hash fields
   *
   * `HMGET key field [field ...]` — hash; flags: readonly, fast; since 2.0.0.
   */
  hmget(...args: Argument[]): Value;
  /**
   * Set multiple hash fields to multiple values
   *
   * `HMSET key field value [field value ...]` — hash; flags: write, denyoom, fast; since 2.0.0.
   */
  hmset(...args: Argument[]): Value;
  /**
   * Get one or multiple random fields from a hash
   *
   * `HRANDFIELD key [count [WITHVALUES]]` — hash; flags: readonly; since 6.2.0.
   */
  hrandfield(...args: Argument[]): Value;
  /**
   * Incrementally iterate hash fields and associated values
   *
   * `HSCAN key cursor [MATCH pattern] [COUNT count]` — hash; flags: readonly; since 2.8.0.
   */
  hscan(...args: Argument[]): Value;
  /**
   * Set the string value of a hash field
   *
   * `HSET key field value [field value ...]` — hash; flags: write, denyoom, fast; since 2.0.0.
   */
  hset(...args: Argument[]): Value;
  /**
   * Set the value of a hash field, only if the field does not exist
   *
   * `HSETNX key field value` — hash; flags: write, denyoom, fast; since 2.0.0.
   */
  hsetnx(...args: Argument[]): Value;
  /**
   * Get the length of the value of a hash field
   *
   * `HSTRLEN key field` — hash; flags: readonly, fast; since 3.2.0.
   */
  hstrlen(...args: Argument[]): Value;
  /**
   * Get all the values in a hash
   *
   * `HVALS key` — hash; flags: readonly; since 2.0.0.
   */
  hvals(...args: Argument[]): Value;
  /**
   * Increment the integer value of a key by one
   *
   * `INCR key` — string; flags: write, denyoom, fast; since 1.0.0.
   */
  incr(...args: Argument[]): Value;
  /**
   * Increment the integer value of a key by the given amount
   *
   * `INCRBY key increment` — string; flags: write, denyoom, fast; since 1.0.0.
   */
  incrby(...args: Argument[]): Value;
  /**
   * Increment the float value of a key by the given amount
   *
   * `INCRBYFLOAT key increment` — string; flags: write, denyoom, fast; since 2.6.0.
   */
  incrbyfloat(...args: Argument[]): Value;
  /**
   * Get information and statistics about the server
   *
   * `INFO [section [section ...]]` — server; flags: loading, stale; since 1.0.0.
   */
  info(...args: Argument[]): Value;
  /**
   * Find all keys matching the given pattern
   *
   * `KEYS pattern` — generic; flags: readonly; since 1.0.0.
   */
  keys(...args: Argument[]): Value;
  /**
   * Returns the Unix timestamp of the last successful save to disk.
   *
   * `LASTSAVE` — server; flags: loading, stale, fast; since 1.0.0.
   */
  lastsave(...args: Argument[]): Value;
  /**
   * Return a human readable latency analysis report.
   *
   * `LATENCY DOCTOR` — server; flags: admin, noscript, loading, stale; since 2.8.13.
   */
  latencyDoctor(...args: Argument[]): Value;
  /**
   * Return a latency graph for the event.
   *
   * `LATENCY GRAPH event` — server; flags: admin, noscript, loading, stale; since 2.8.13.
   */
  latencyGraph(...args: Argument[]): Value;
  /**
   * Show helpful text about the different subcommands.
   *
   * `LATENCY HELP` — server; flags: loading, stale; since 2.8.13.
   */
  latencyHelp(...args: Argument[]): Value;
  /**
   * Return the cumulative distribution of latencies of a subset of commands or all.
   *
   * `LATENCY HISTOGRAM [command [command ...]]` — server; flags: admin, noscript, loading, stale; since 7.0.0.
   */
  latencyHistogram(...args: Argument[]): Value;
  /**
   * Return timestamp-latency samples for the event.
   *
   * `LATENCY HISTORY event` — server; flags: admin, noscript, loading, stale; since 2.8.13.
   */
  latencyHistory(...args: Argument[]): Value;
  /**
   * Return the latest latency samples for all events.
   *
   * `LATENCY LATEST` — server; flags: admin, noscript, loading, stale; since 2.8.13.
   */
  latencyLatest(...args: Argument[]): Value;
  /**
   * Reset latency data for one or more events.
   *
   * `LATENCY RESET [event [event ...]]` — server; flags: admin, noscript, loading, stale; since 2.8.13.
   */
  latencyReset(...args: Argument[]): Value;
  /**
   * Find longest common substring
   *
   * `LCS key1 key2 [LEN] [IDX] [MINMATCHLEN min-match-len] [WITHMATCHLEN]` — string; flags: readonly; since 7.0.0.
   */
  lcs(...args: Argument[]): Value;
  /**
   * Get an element from a list by its index
   *
   * `LINDEX key index` — list; flags: readonly; since 1.0.0.
   */
  lindex(...args: Argument[]): Value;
  /**
   * Insert an element before or after another element in a list
   *
   * `LINSERT key BEFORE|AFTER pivot element` — list; flags: write, denyoom; since 2.2.0.
   */
  linsert(...args: Argument[]): Value;
  /**
   * Get the length of a list
   *
   * `LLEN key` — list; flags: readonly, fast; since 1.0.0.
   */
  llen(...args: Argument[]): Value;
  /**
   * Pop an element from a list, push it to another list and return it
   *
   * `LMOVE source destination LEFT|RIGHT LEFT|RIGHT` — list; flags: write, denyoom; since 6.2.0.
   */
  lmove(...args: Argument[]): Value;
  /**
   * Pop elements from a list
   *
   * `LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count]` — list; flags: write, movablekeys; since 7.0.0.
   */
  lmpop(...args: Argument[]): Value;
  /**
   * Remove and get the first elements in a list
   *
   * `LPOP key [count]` — list; flags: write, fast; since 1.0.0.
   */
  lpop(...args: Argument[]): Value;
  /**
   * Return the index of matching elements on a list
   *
   * `LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]` — list; flags: readonly; since 6.0.6.
   */
  lpos(...args: Argument[]): Value;
  /**
   * Prepend one or multiple elements to a list
   *
   * `LPUSH key element [element ...]` — list; flags: write, denyoom, fast; since 1.0.0.
   */
  lpush(...args: Argument[]): Value;
  /**
   * Prepend an element to a list, only if the list exists
   *
   * `LPUSHX key element [element ...]` — list; flags: write, denyoom, fast; since 2.2.0.
   */
  lpushx(...args: Argument[]): Value;
  /**
   * Get a range of elements from a list
   *
   * `LRANGE key start stop` — list; flags: readonly; since 1.0.0.
   */
  lrange(...args: Argument[]): Value;
  /**
   * Remove elements from a list
   *
   * `LREM key count element` — list; flags: write; since 1.0.0.
   */
  lrem(...args: Argument[]): Value;
  /**
   * Set the value of an element in a list by its index
   *
   * `LSET key index element` — list; flags: write, denyoom; since 1.0.0.
   */
  lset(...args: Argument[]): Value;
  /**
   * Trim a list to the specified range
   *
   * `LTRIM key start stop` — list; flags: write; since 1.0.0.
   */
  ltrim(...args: Argument[]): Value;
  /**
   * Outputs memory problems report
   *
   * `MEMORY DOCTOR` — server; flags: none; since 4.0.0.
   */
  memoryDoctor(...args: Argument[]): Value;
  /**
   * Show helpful text about the different subcommands
   *
   * `MEMORY HELP` — server; flags: loading, stale; since 4.0.0.
   */
  memoryHelp(...args: Argument[]): Value;
  /**
   * Show allocator internal stats
   *
   * `MEMORY MALLOC-STATS` — server; flags: none; since 4.0.0.
   */
  memoryMallocStats(...args: Argument[]): Value;
  /**
   * Ask the allocator to release memory
   *
   * `MEMORY PURGE` — server; flags: none; since 4.0.0.
   */
  memoryPurge(...args: Argument[]): Value;
  /**
   * Show memory usage details
   *
   * `MEMORY STATS` — server; flags: none; since 4.0.0.
   */
  memoryStats(...args: Argument[]): Value;
  /**
   * Estimate the memory usage of a key
   *
   * `MEMORY USAGE key [SAMPLES count]` — server; flags: readonly; since 4.0.0.
   */
  memoryUsage(...args: Argument[]): Value;
  /**
   * Get the values of all the given keys
   *
   * `MGET key [key ...]` — string; flags: readonly, fast; since 1.0.0.
   */
  mget(...args: Argument[]): Value;
  /**
   * Listen for all requests received by the server in real time
   *
   * `MONITOR` — server; flags: admin, noscript, loading, stale; since 1.0.0.
   */
  monitor(...args: Argument[]): Value;
  /**
   * Move a key to another database
   *
   * `MOVE key db` — generic; flags: write, fast; since 1.0.0.
   */
  move(...args: Argument[]): Value;
  /**
   * Set multiple keys to multiple values
   *
   * `MSET key value [key value ...]` — string; flags: write, denyoom; since 1.0.1.
   */
  mset(...args: Argument[]): Value;
  /**
   * Set multiple keys to multiple values, only if none of the keys exist
   *
   * `MSETNX key value [key value ...]` — string; flags: write, denyoom; since 1.0.1.
   */
  msetnx(...args: Argument[]): Value;
  /**
   * Start a transaction
   *
   * `MULTI` — transactions; flags: noscript, loading, stale, fast, allow_busy; since 1.2.0.
   */
  multi(...args: Argument[]): Value;
  /**
   * Inspect the internal encoding of a Redis object
   *
   * `OBJECT ENCODING key` — generic; flags: readonly; since 2.2.3.
   */
  objectEncoding(...args: Argument[]): Value;
  /**
   * Get the logarithmic access frequency counter of a Redis object
   *
   * `OBJECT FREQ key` — generic; flags: readonly; since 4.0.0.
   */
  objectFreq(...args: Argument[]): Value;
  /**
   * Show helpful text about the different subcommands
   *
   * `OBJECT HELP` — generic; flags: loading, stale; since 6.2.0.
   */
  objectHelp(...args: Argument[]): Value;
  /**
   * Get the time since a Redis object was last accessed
   *
   * `OBJECT IDLETIME key` — generic; flags: readonly; since 2.2.3.
   */
  objectIdletime(...args: Argument[]): Value;
  /**
   * Get the number of references to the value of the key
   *
   * `OBJECT REFCOUNT key` — generic; flags: readonly; since 2.2.3.
   */
  objectRefcount(...args: Argument[]): Value;
  /**
   * Remove the expiration from a key
   *
   * `PERSIST key` — generic; flags: write, fast; since 2.2.0.
   */
  persist(...args: Argument[]): Value;
  /**
   * Set a key's time to live in milliseconds
   *
   * `PEXPIRE key milliseconds [NX | XX | GT | LT]` — generic; flags: write, fast; since 2.6.0.
   */
  pexpire(...args: Argument[]): Value;
  /**
   * Set the expiration for a key as a UNIX timestamp specified in milliseconds
   *
   * `PEXPIREAT key unix-time-milliseconds [NX | XX | GT | LT]` — generic; flags: write, fast; since 2.6.0.
   */
  pexpireat(...args: Argument[]): Value;
  /**
   * Get the expiration Unix timestamp for a key in milliseconds
   *
   * `PEXPIRETIME key` — generic; flags: readonly, fast; since 7.0.0.
   */
  pexpiretime(...args: Argument[]): Value;
  /**
   * Adds the specified elements to the specified HyperLogLog.
   *
   * `PFADD key [element [element ...]]` — hyperloglog; flags: write, denyoom, fast; since 2.8.9.
   */
  pfadd(...args: Argument[]): Value;
  /**
   * Return the approximated cardinality of the set(s) observed by the HyperLogLog at key(s).
   *
   * `PFCOUNT key [key ...]` — hyperloglog; flags: readonly, may_replicate; since 2.8.9.
   */
  pfcount(...args: Argument[]): Value;
  /**
   * Internal commands for debugging HyperLogLog values
   *
   * `PFDEBUG subcommand key` — hyperloglog; flags: write, denyoom, admin; since 2.8.9.
   */
  pfdebug(...args: Argument[]): Value;
  /**
   * Merge N different HyperLogLogs into a single one.
   *
   * `PFMERGE destkey [sourcekey [sourcekey ...]]` — hyperloglog; flags: write, denyoom; since 2.8.9.
   */
  pfmerge(...args: Argument[]): Value;
  /**
   * An internal command for testing HyperLogLog values
   *
   * `PFSELFTEST` — hyperloglog; flags: admin; since 2.8.9.
   */
  pfselftest(...args: Argument[]): Value;
  /**
   * Ping the server
   *
   * `PING [message]` — connection; flags: fast; since 1.0.0.
   */
  ping(...args: Argument[]): Value;
  /**
   * Set the value and expiration in milliseconds of a key
   *
   * `PSETEX key milliseconds value` — string; flags: write, denyoom; since 2.6.0.
   */
  psetex(...args: Argument[]): Value;
  /**
   * Listen for messages published to channels matching the given patterns
   *
   * `PSUBSCRIBE pattern [pattern ...]` — pubsub; flags: pubsub, noscript, loading, stale; since 2.0.0.
   */
  psubscribe(...args: Argument[]): Value;
  /**
   * Internal command used for replication
   *
   * `PSYNC replicationid offset` — server; flags: admin, noscript, no_multi, no_async_loading; since 2.8.0.
   */
  psync(...args: Argument[]): Value;
  /**
   * Get the time to live for a key in milliseconds
   *
   * `PTTL key` — generic; flags: readonly, fast; since 2.6.0.
   */
  pttl(...args: Argument[]): Value;
  /**
   * Post a message to a channel
   *
   * `PUBLISH channel message` — pubsub; flags: pubsub, loading, stale, fast, may_replicate; since 2.0.0.
   */
  publish(...args: Argument[]): Value;
  /**
   * List active channels
   *
   * `PUBSUB CHANNELS [pattern]` — pubsub; flags: pubsub, loading, stale; since 2.8.0.
   */
  pubsubChannels(...args: Argument[]): Value;
  /**
   * Show helpful text about the different subcommands
   *
   * `PUBSUB HELP` — pubsub; flags: loading, stale; since 6.2.0.
   */
  pubsubHelp(...args: Argument[]): Value;
  /**
   * Get the count of unique patterns pattern subscriptions
   *
   * `PUBSUB NUMPAT` — pubsub; flags: pubsub, loading, stale; since 2.8.0.
   */
  pubsubNumpat(...args: Argument[]): Value;
  /**
   * Get the count of subscribers for channels
   *
   * `PUBSUB NUMSUB [channel [channel ...]]` — pubsub; flags: pubsub, loading, stale; since 2.8.0.
   */
  pubsubNumsub(...args: Argument[]): Value;
  /**
   * List active shard channels
   *
   * `PUBSUB SHARDCHANNELS [pattern]` — pubsub; flags: pubsub, loading, stale; since 7.0.0.
   */
  pubsubShardchannels(...args: Argument[]): Value;
  /**
   * Get the count of subscribers for shard channels
   *
   * `PUBSUB SHARDNUMSUB [shardchannel [shardchannel ...]]` — pubsub; flags: pubsub, loading, stale; since 7.0.0.
   */
  pubsubShardnumsub(...args: Argument[]): Value;
  /**
   * Stop listening for messages posted to channels matching the given patterns
   *
   * `PUNSUBSCRIBE [pattern [pattern ...]]` — pubsub; flags: pubsub, noscript, loading, stale; since 2.0.0.
   */
  punsubscribe(...args: Argument[]): Value;
  /**
   * Close the connection
   *
   * `QUIT` — connection; flags: allow_busy, noscript, loading, stale, fast, no_auth; since 1.0.0.
   */
  quit(...args: Argument[]): Value;
  /**
   * Return a random key from the keyspace
   *
   * `RANDOMKEY` — generic; flags: readonly; since 1.0.0.
   */
  randomkey(...args: Argument[]): Value;
  /**
   * Rename a key
   *
   * `RENAME key newkey` — generic; flags: write; since 1.0.0.
   */
  rename(...args: Argument[]): Value;
  /**
   * Rename a key, only if the new key does not exist
   *
   * `RENAMENX key newkey` — generic; flags: write, fast; since 1.0.0.
   */
  renamenx(...args: Argument[]): Value;
  /**
   * An internal command for configuring the replication stream
   *
   * `REPLCONF` — server; flags: admin, noscript, loading, stale, allow_busy; since 3.0.0.
   */
  replconf(...args: Argument[]): Value;
  /**
   * Make the server a replica of another instance, or promote it as master.
   *
   * `REPLICAOF host port` — server; flags: admin, noscript, stale, no_async_loading; since 5.0.0.
   */
  replicaof(...args: Argument[]): Value;
  /**
   * Reset the connection
   *
   * `RESET` — connection; flags: noscript, loading, stale, fast, no_auth, allow_busy; since 6.2.0.
   */
  reset(...args: Argument[]): Value;
  /**
   * Create a key using the provided serialized value, previously obtained using DUMP.
   *
   * `RESTORE key ttl serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency]` — generic; flags: write, denyoom; since 2.6.0.
   */
  restore(...args: Argument[]): Value;
  /**
   * Return the role of the instance in the context of replication
   *
   * `ROLE` — server; flags: noscript, loading, stale, fast; since 2.8.12.
   */
  role(...args: Argument[]): Value;
  /**
   * Remove and get the last elements in a list
   *
   * `RPOP key [count]` — list; flags: write, fast; since 1.0.0.
   */
  rpop(...args: Argument[]): Value;
  /**
   * Remove the last element in a list, prepend it to another list and return it
   *
   * `RPOPLPUSH source destination` — list; flags: write, denyoom; since 1.2.0.
   */
  rpoplpush(...args: Argument[]): Value;
  /**
   * Append one or multiple elements to a list
   *
   * `RPUSH key element [element ...]` — list; flags: write, denyoom, fast; since 1.0.0.
   */
  rpush(...args: Argument[]): Value;
  /**
   * Append an element to a list, only if the list exists
   *
   * `RPUSHX key element [element ...]` — list; flags: write, denyoom, fast; since 2.2.0.
   */
  rpushx(...args: Argument[]): Value;
  /**
   * Add one or more members to a set
   *
   * `SADD key member [member ...]` — set; flags: write, denyoom, fast; since 1.0.0.
   */
  sadd(...args: Argument[]): Value;
  /**
   * Synchronously saves the database(s) to disk.
   *
   * `SAVE` — server; flags: admin, noscript, no_multi; since 1.0.0.
   */
  save(...args: Argument[]): Value;
  /**
   * Incrementally iterate the keys space
   *
   * `SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]` — generic; flags: readonly; since 2.8.0.
   */
  scan(...args: Argument[]): Value;
  /**
   * Get the number of members in a set
   *
   * `SCARD key` — set; flags: readonly, fast; since 1.0.0.
   */
  scard(...args: Argument[]): Value;
  /**
   * Set the debug mode for executed scripts.
   *
   * `SCRIPT DEBUG YES | SYNC | NO` — scripting; flags: noscript; since 3.2.0.
   */
  scriptDebug(...args: Argument[]): Value;
  /**
   * Check existence of scripts in the script cache.
   *
   * `SCRIPT EXISTS sha1 [sha1 ...]` — scripting; flags: noscript; since 2.6.0.
   */
  scriptExists(...args: Argument[]): Value;
  /**
   * Remove all the scripts from the script cache.
   *
   * `SCRIPT FLUSH [ASYNC | SYNC]` — scripting; flags: noscript; since 2.6.0.
   */
  scriptFlush(...args: Argument[]): Value;
  /**
   * Show helpful text about the different subcommands
   *
   * `SCRIPT HELP` — scripting; flags: loading, stale; since 5.0.0.
   */
  scriptHelp(...args: Argument[]): Value;
  /**
   * Kill the script currently in execution.
   *
   * `SCRIPT KILL` — scripting; flags: noscript, allow_busy; since 2.6.0.
   */
  scriptKill(...args: Argument[]): Value;
  /**
   * Load the specified Lua script into the script cache.
   *
   * `SCRIPT LOAD script` — scripting; flags: noscript, stale; since 2.6.0.
   */
  scriptLoad(...args: Argument[]): Value;
  /**
   * Subtract multiple sets
   *
   * `SDIFF key [key ...]` — set; flags: readonly; since 1.0.0.
   */
  sdiff(...args: Argument[]): Value;
  /**
   * Subtract multiple sets and store the resulting set in a key
   *
   * `SDIFFSTORE destination key [key ...]` — set; flags: write, denyoom; since 1.0.0.
   */
  sdiffstore(...args: Argument[]): Value;
  /**
   * Change the selected database for the current connection
   *
   * `SELECT index` — connection; flags: loading, stale, fast; since 1.0.0.
   */
  select(...args: Argument[]): Value;
  /**
   * Set the string value of a key
   *
   * `SET key value [NX | XX] [GET] [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | KEEPTTL]` — string; flags: write, denyoom; since 1.0.0.
   */
  set(...args: Argument[]): Value;
  /**
   * Sets or clears the bit at offset in the string value stored at key
   *
   * `SETBIT key offset value` — bitmap; flags: write, denyoom; since 2.2.0.
   */
  setbit(...args: Argument[]): Value;
  /**
   * Set the value and expiration of a key
   *
   * `SETEX key seconds value` — string; flags: write, denyoom; since 2.0.0.
   */
  setex(...args: Argument[]): Value;
  /**
   * Set the value of a key, only if the key does not exist
   *
   * `SETNX key value` — string; flags: write, denyoom, fast; since 1.0.0.
   */
  setnx(...args: Argument[]): Value;
  /**
   * Overwrite part of a string at key starting at the specified offset
   *
   * `SETRANGE key offset value` — string; flags: write, denyoom; since 2.2.0.
   */
  setrange(...args: Argument[]): Value;
  /**
   * Synchronously save the dataset to disk and then shut down the server
   *
   * `SHUTDOWN [NOSAVE | SAVE] [NOW] [FORCE] [ABORT]` — server; flags: admin, noscript, loading, stale, no_multi, allow_busy; since 1.0.0.
   */
  shutdown(...args: Argument[]): Value;
  /**
   * Intersect multiple sets
   *
   * `SINTER key [key ...]` — set; flags: readonly; since 1.0.0.
   */
  sinter(...args: Argument[]): Value;
  /**
   * Intersect multiple sets and return the cardinality of the result
   *
   * `SINTERCARD numkeys key [key ...] [LIMIT limit]` — set; flags: readonly, movablekeys; since 7.0.0.
   */
  sintercard(...args: Argument[]): Value;
  /**
   * Intersect multiple sets and store the resulting set in a key
   *
   * `SINTERSTORE destination key [key ...]` — set; flags: write, denyoom; since 1.0.0.
   */
  sinterstore(...args: Argument[]): Value;
  /**
   * Determine if a given value is a member of a set
   *
   * `SISMEMBER key member` — set; flags: readonly, fast; since 1.0.0.
   */
  sismember(...args: Argument[]): Value;
  /**
   * Make the server a replica of another instance, or promote it as master.
   *
   * `SLAVEOF host port` — server; flags: admin, noscript, stale, no_async_loading; since 1.0.0.
   */
  slaveof(...args: Argument[]): Value;
  /**
   * Get the slow log's entries
   *
   * `SLOWLOG GET [count]` — server; flags: admin, loading, stale; since 2.2.12.
   */
  slowlogGet(...args: Argument[]): Value;
  /**
   * Show helpful text about the different subcommands
   *
   * `SLOWLOG HELP` — server; flags: loading, stale; since 6.2.0.
   */
  slowlogHelp(...args: Argument[]): Value;
  /**
   * Get the slow log's length
   *
   * `SLOWLOG LEN` — server; flags: admin, loading, stale; since 2.2.12.
   */
  slowlogLen(...args: Argument[]): Value;
  /**
   * Clear all entries from the slow log
   *
   * `SLOWLOG RESET` — server; flags: admin, loading, stale; since 2.2.12.
   */
  slowlogReset(...args: Argument[]): Value;
  /**
   * Get all the members in a set
   *
   * `SMEMBERS key` — set; flags: readonly; since 1.0.0.
   */
  smembers(...args: Argument[]): Value;
  /**
   * Returns the membership associated with the given elements for a set
   *
   * `SMISMEMBER key member [member ...]` — set; flags: readonly, fast; since 6.2.0.
   */
  smismember(...args: Argument[]): Value;
  /**
   * Move a member from one set to another
   *
   * `SMOVE source destination member` — set; flags: write, fast; since 1.0.0.
   */
  smove(...args: Argument[]): Value;
  /**
   * Sort the elements in a list, set or sorted set
   *
   * `SORT key [BY pattern] [LIMIT offset count] [GET pattern [GET pattern ...]] [ASC | DESC] [ALPHA] [STORE destination]` — generic; flags: write, denyoom, movablekeys; since 1.0.0.
   */
  sort(...args: Argument[]): Value;
  /**
   * Sort the elements in a list, set or sorted set. Read-only variant of SORT.
   *
   * `SORT_RO key [BY pattern] [LIMIT offset count] [GET pattern [GET pattern ...]] [ASC | DESC] [ALPHA]` — generic; flags: readonly, movablekeys; since 7.0.0.
   */
  sort_ro(...args: Argument[]): Value;
  /**
   * Remove and return one or multiple random members from a set
   *
   * `SPOP key [count]` — set; flags: write, fast; since 1.0.0.
   */
  spop(...args: Argument[]): Value;
  /**
   * Post a message to a shard channel
   *
   * `SPUBLISH shardchannel message` — pubsub; flags: pubsub, loading, stale, fast, may_replicate; since 7.0.0.
   */
  spublish(...args: Argument[]): Value;
  /**
   * Get one or multiple random members from a set
   *
   * `SRANDMEMBER key [count]` — set; flags: readonly; since 1.0.0.
   */
  srandmember(...args: Argument[]): Value;
  /**
   * Remove one or more members from a set
   *
   * `SREM key member [member ...]` — set; flags: write, fast; since 1.0.0.
   */
  srem(...args: Argument[]): Value;
  /**
   * Incrementally iterate Set elements
   *
   * `SSCAN key cursor [MATCH pattern] [COUNT count]` — set; flags: readonly; since 2.8.0.
   */
  sscan(...args: Argument[]): Value;
  /**
   * Listen for messages published to the given shard channels
   *
   * `SSUBSCRIBE shardchannel [shardchannel ...]` — pubsub; flags: pubsub, noscript, loading, stale; since 7.0.0.
   */
  ssubscribe(...args: Argument[]): Value;
  /**
   * Get the length of the value stored in a key
   *
   * `STRLEN key` — string; flags: readonly, fast; since 2.2.0.
   */
  strlen(...args: Argument[]): Value;
  /**
   * Listen for messages published to the given channels
   *
   * `SUBSCRIBE channel [channel ...]` — pubsub; flags: pubsub, noscript, loading, stale; since 2.0.0.
   */
  subscribe(...args: Argument[]): Value;
  /**
   * Get a substring of the string stored at a key
   *
   * `SUBSTR key start end` — string; flags: readonly; since 1.0.0.
   */
  substr(...args: Argument[]): Value;
  /**
   * Add multiple sets
   *
   * `SUNION key [key ...]` — set; flags: readonly; since 1.0.0.
   */
  sunion(...args: Argument[]): Value;
  /**
   * Add multiple sets and store the resulting set in a key
   *
   * `SUNIONSTORE destination key [key ...]` — set; flags: write, denyoom; since 1.0.0.
   */
  sunionstore(...args: Argument[]): Value;
  /**
   * Stop listening for messages posted to the given shard channels
   *
   * `SUNSUBSCRIBE [shardchannel [shardchannel ...]]` — pubsub; flags: pubsub, noscript, loading, stale; since 7.0.0.
   */
  sunsubscribe(...args: Argument[]): Value;
  /**
   * Swaps two Redis databases
   *
   * `SWAPDB index1 index2` — generic; flags: write, fast; since 4.0.0.
   */
  swapdb(...args: Argument[]): Value;
  /**
   * Internal command used for replication
   *
   * `SYNC` — server; flags: admin, noscript, no_multi, no_async_loading; since 1.0.0.
   */
  sync(...args: Argument[]): Value;
  /**
   * Return the current server time
   *
   * `TIME` — server; flags: loading, stale, fast; since 2.6.0.
   */
  time(...args: Argument[]): Value;
  /**
   * Alters the last access time of a key(s). Returns the number of existing keys specified.
   *
   * `TOUCH key [key ...]` — generic; flags: readonly, fast; since 3.2.1.
   */
  touch(...args: Argument[]): Value;
  /**
   * Get the time to live for a key in seconds
   *
   * `TTL key` — generic; flags: readonly, fast; since 1.0.0.
   */
  ttl(...args: Argument[]): Value;
  /**
   * Determine the type stored at key
   *
   * `TYPE key` — generic; flags: readonly, fast; since 1.0.0.
   */
  type(...args: Argument[]): Value;
  /**
   * Delete a key asynchronously in another thread. Otherwise it is just as DEL, but non blocking.
   *
   * `UNLINK key [key ...]` — generic; flags: write, fast; since 4.0.0.
   */
  unlink(...args: Argument[]): Value;
  /**
   * Stop listening for messages posted to the given channels
   *
   * `UNSUBSCRIBE [channel [channel ...]]` — pubsub; flags: pubsub, noscript, loading, stale; since 2.0.0.
   */
  unsubscribe(...args: Argument[]): Value;
  /**
   * Forget about all watched keys
   *
   * `UNWATCH` — transactions; flags: noscript, loading, stale, fast, allow_busy; since 2.2.0.
   */
  unwatch(...args: Argument[]): Value;
  /**
   * Wait for the synchronous replication of all the write commands sent in the context of the current connection
   *
   * `WAIT numreplicas timeout` — generic; flags: noscript; since 3.0.0.
   */
  wait(...args: Argument[]): Value;
  /**
   * Blocks until all of the preceding write commands sent by the connection are written to the append-only file of the master and/or replicas.
   *
   * `WAITAOF numlocal numreplicas timeout` — generic; flags: noscript; since 7.2.0.
   */
  waitaof(...args: Argument[]): Value;
  /**
   * Watch the given keys to determine execution of the MULTI/EXEC block
   *
   * `WATCH key [key ...]` — transactions; flags: noscript, loading, stale, fast, allow_busy; since 2.2.0.
   */
  watch(...args: Argument[]): Value;
  /**
   * Marks a pending message as correctly processed, effectively removing it from the pending entries list of the consumer group. Return value of the command is the number of messages successfully acknowledged, that is, the IDs we were actually able to resolve in the PEL.
   *
   * `XACK key group id [id ...]` — stream; flags: write, fast; since 5.0.0.
   */
  xack(...args: Argument[]): Value;
  /**
   * Appends a new entry to a stream
   *
   * `XADD key [NOMKSTREAM] [MAXLEN | MINID [= | ~] threshold [LIMIT count]] * | id field value [field value ...]` — stream; flags: write, denyoom, fast; since 5.0.0.
   */
  xadd(...args: Argument[]): Value;
  /**
   * Changes (or acquires) ownership of messages in a consumer group, as if the messages were delivered to the specified consumer.
   *
   * `XAUTOCLAIM key group consumer min-idle-time start [COUNT count] [JUSTID]` — stream; flags: write, fast; since 6.2.0.
   */
  xautoclaim(...args: Argument[]): Value;
  /**
   * Changes (or acquires) ownership of a message in a consumer group, as if the message was delivered to the specified consumer.
   *
   * `XCLAIM key group consumer min-idle-time id [id ...] [IDLE ms] [TIME unix-time-milliseconds] [RETRYCOUNT count] [FORCE] [JUSTID] [LASTID id]` — stream; flags: write, fast; since 5.0.0.
   */
  xclaim(...args: Argument[]): Value;
  /**
   * Removes the specified entries from the stream. Returns the number of items actually deleted, that may be different from the number of IDs passed in case certain IDs do not exist.
   *
   * `XDEL key id [id ...]` — stream; flags: write, fast; since 5.0.0.
   */
  xdel(...args: Argument[]): Value;
  /**
   * Create a consumer group.
   *
   * `XGROUP CREATE key groupname id | $ [MKSTREAM] [ENTRIESREAD entries_read]` — stream; flags: write, denyoom; since 5.0.0.
   */
  xgroupCreate(...args: Argument[]): Value;
  /**
   * Create a consumer in a consumer group.
   *
   * `XGROUP CREATECONSUMER key groupname consumername` — stream; flags: write, denyoom; since 6.2.0.
   */
  xgroupCreateconsumer(...args: Argument[]): Value;
  /**
   * Delete a consumer from a consumer group.
   *
   * `XGROUP DELCONSUMER key groupname consumername` — stream; flags: write; since 5.0.0.
   */
  xgroupDelconsumer(...args: Argument[]): Value;
  /**
   * Destroy a consumer group.
   *
   * `XGROUP DESTROY key groupname` — stream; flags: write; since 5.0.0.
   */
  xgroupDestroy(...args: Argument[]): Value;
  /**
   * Show helpful text about the different subcommands
   *
   * `XGROUP HELP` — stream; flags: loading, stale; since 5.0.0.
   */
  xgroupHelp(...args: Argument[]): Value;
  /**
   * Ballast: set a consumer's last-seen time, creating it if needed (how the AOF restores consumers; internal use).
   *
   * `XGROUP SETCONSUMER key groupname consumername seen-time-ms` — stream; flags: write, denyoom; since 0.0.0.
   */
  xgroupSetconsumer(...args: Argument[]): Value;
  /**
   * Set a consumer group to an arbitrary last delivered ID value.
   *
   * `XGROUP SETID key groupname id | $ [ENTRIESREAD entries_read]` — stream; flags: write; since 5.0.0.
   */
  xgroupSetid(...args: Argument[]): Value;
  /**
   * Ballast: make entries pending for a consumer with a delivery time and count (how the AOF restores pending entries; internal use).
   *
   * `XGROUP SETPENDING key groupname consumername delivery-time-ms delivery-count id [id ...]` — stream; flags: write, denyoom; since 0.0.0.
   */
  xgroupSetpending(...args: Argument[]): Value;
  /**
   * List the consumers in a consumer group
   *
   * `XINFO CONSUMERS key groupname` — stream; flags: readonly; since 5.0.0.
   */
  xinfoConsumers(...args: Argument[]): Value;
  /**
   * List the consumer groups of a stream
   *
   * `XINFO GROUPS key` — stream; flags: readonly; since 5.0.0.
   */
  xinfoGroups(...args: Argument[]): Value;
  /**
   * Show helpful text about the different subcommands
   *
   * `XINFO HELP` — stream; flags: loading, stale; since 5.0.0.
   */
  xinfoHelp(...args: Argument[]): Value;
  /**
   * Get information about a stream
   *
   * `XINFO STREAM key [FULL [COUNT count]]` — stream; flags: readonly; since 5.0.0.
   */
  xinfoStream(...args: Argument[]): Value;
  /**
   * Return the number of entries in a stream
   *
   * `XLEN key` — stream; flags: readonly, fast; since 5.0.0.
   */
  xlen(...args: Argument[]): Value;
  /**
   * Return information and entries from a stream consumer group pending entries list, that are messages fetched but never acknowledged.
   *
   * `XPENDING key group [[IDLE min-idle-time] start end count [consumer]]` — stream; flags: readonly; since 5.0.0.
   */
  xpending(...args: Argument[]): Value;
  /**
   * Return a range of elements in a stream, with IDs matching the specified IDs interval
   *
   * `XRANGE key start end [COUNT count]` — stream; flags: readonly; since 5.0.0.
   */
  xrange(...args: Argument[]): Value;
  /**
   * Return never seen elements in multiple streams, with IDs greater than the ones reported by the caller for each stream. Can block.
   *
   * `XREAD [COUNT count] [BLOCK milliseconds] STREAMS key [key ...] id [id ...]` — stream; flags: readonly, blocking, movablekeys; since 5.0.0.
   */
  xread(...args: Argument[]): Value;
  /**
   * Return new entries from a stream using a consumer group, or access the history of the pending entries for a given consumer. Can block.
   *
   * `XREADGROUP GROUP group consumer [COUNT count] [BLOCK milliseconds] [NOACK] STREAMS key [key ...] id [id ...]` — stream; flags: write, blocking, movablekeys; since 5.0.0.
   */
  xreadgroup(...args: Argument[]): Value;
  /**
   * Return a range of elements in a stream, with IDs matching the specified IDs interval, in reverse order (from greater to smaller IDs) compared to XRANGE
   *
   * `XREVRANGE key end start [COUNT count]` — stream; flags: readonly; since 5.0.0.
   */
  xrevrange(...args: Argument[]): Value;
  /**
   * An internal command for replicating stream values
   *
   * `XSETID key last-id [ENTRIESADDED entries_added] [MAXDELETEDID max_deleted_entry_id]` — stream; flags: write, denyoom, fast; since 5.0.0.
   */
  xsetid(...args: Argument[]): Value;
  /**
   * Trims the stream to (approximately if '~' is passed) a certain size
   *
   * `XTRIM key MAXLEN | MINID [= | ~] threshold [LIMIT count]` — stream; flags: write; since 5.0.0.
   */
  xtrim(...args: Argument[]): Value;
  /**
   * Add one or more members to a sorted set, or update its score if it already exists
   *
   * `ZADD key [NX | XX] [GT | LT] [CH] [INCR] score member [score member ...]` — sorted-set; flags: write, denyoom, fast; since 1.2.0.
   */
  zadd(...args: Argument[]): Value;
  /**
   * Get the number of members in a sorted set
   *
   * `ZCARD key` — sorted-set; flags: readonly, fast; since 1.2.0.
   */
  zcard(...args: Argument[]): Value;
  /**
   * Count the members in a sorted set with scores within the given values
   *
   * `ZCOUNT key min max` — sorted-set; flags: readonly, fast; since 2.0.0.
   */
  zcount(...args: Argument[]): Value;
  /**
   * Subtract multiple sorted sets
   *
   * `ZDIFF numkeys key [key ...] [WITHSCORES]` — sorted-set; flags: readonly, movablekeys; since 6.2.0.
   */
  zdiff(...args: Argument[]): Value;
  /**
   * Subtract multiple sorted sets and store the resulting sorted set in a new key
   *
   * `ZDIFFSTORE destination numkeys key [key ...]` — sorted-set; flags: write, denyoom, movablekeys; since 6.2.0.
   */
  zdiffstore(...args: Argument[]): Value;
  /**
   * Increment the score of a member in a sorted set
   *
   * `ZINCRBY key increment member` — sorted-set; flags: write, denyoom, fast; since 1.2.0.
   */
  zincrby(...args: Argument[]): Value;
  /**
   * Intersect multiple sorted sets
   *
   * `ZINTER numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE <SUM | MIN | MAX>] [WITHSCORES]` — sorted-set; flags: readonly, movablekeys; since 6.2.0.
   */
  zinter(...args: Argument[]): Value;
  /**
   * Intersect multiple sorted sets and return the cardinality of the result
   *
   * `ZINTERCARD numkeys key [key ...] [LIMIT limit]` — sorted-set; flags: readonly, movablekeys; since 7.0.0.
   */
  zintercard(...args: Argument[]): Value;
  /**
   * Intersect multiple sorted sets and store the resulting sorted set in a new key
   *
   * `ZINTERSTORE destination numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE <SUM | MIN | MAX>]` — sorted-set; flags: write, denyoom, movablekeys; since 2.0.0.
   */
  zinterstore(...args: Argument[]): Value;
  /**
   * Count the number of members in a sorted set between a given lexicographical range
   *
   * `ZLEXCOUNT key min max` — sorted-set; flags: readonly, fast; since 2.8.9.
   */
  zlexcount(...args: Argument[]): Value;
  /**
   * Remove and return members with scores in a sorted set
   *
   * `ZMPOP numkeys key [key ...] <MIN | MAX> [COUNT count]` — sorted-set; flags: write, movablekeys; since 7.0.0.
   */
  zmpop(...args: Argument[]): Value;
  /**
   * Get the score associated with the given members in a sorted set
   *
   * `ZMSCORE key member [member ...]` — sorted-set; flags: readonly, fast; since 6.2.0.
   */
  zmscore(...args: Argument[]): Value;
  /**
   * Remove and return members with the highest scores in a sorted set
   *
   * `ZPOPMAX key [count]` — sorted-set; flags: write, fast; since 5.0.0.
   */
  zpopmax(...args: Argument[]): Value;
  /**
   * Remove and return members with the lowest scores in a sorted set
   *
   * `ZPOPMIN key [count]` — sorted-set; flags: write, fast; since 5.0.0.
   */
  zpopmin(...args: Argument[]): Value;
  /**
   * Get one or multiple random elements from a sorted set
   *
   * `ZRANDMEMBER key [count [WITHSCORES]]` — sorted-set; flags: readonly; since 6.2.0.
   */
  zrandmember(...args: Argument[]): Value;
  /**
   * Return a range of members in a sorted set
   *
   * `ZRANGE key start stop [BYSCORE | BYLEX] [REV] [LIMIT offset count] [WITHSCORES]` — sorted-set; flags: readonly; since 1.2.0.
   */
  zrange(...args: Argument[]): Value;
  /**
   * Return a range of members in a sorted set, by lexicographical range
   *
   * `ZRANGEBYLEX key min max [LIMIT offset count]` — sorted-set; flags: readonly; since 2.8.9.
   */
  zrangebylex(...args: Argument[]): Value;
  /**
   * Return a range of members in a sorted set, by score
   *
   * `ZRANGEBYSCORE key min max [WITHSCORES] [LIMIT offset count]` — sorted-set; flags: readonly; since 1.0.5.
   */
  zrangebyscore(...args: Argument[]): Value;
  /**
   * Store a range of members from sorted set into another key
   *
   * `ZRANGESTORE dst src min max [BYSCORE | BYLEX] [REV] [LIMIT offset count]` — sorted-set; flags: write, denyoom; since 6.2.0.
   */
  zrangestore(...args: Argument[]): Value;
  /**
   * Determine the index of a member in a sorted set
   *
   * `ZRANK key member` — sorted-set; flags: readonly, fast; since 2.0.0.
   */
  zrank(...args: Argument[]): Value;
  /**
   * Remove one or more members from a sorted set
   *
   * `ZREM key member [member ...]` — sorted-set; flags: write, fast; since 1.2.0.
   */
  zrem(...args: Argument[]): Value;
  /**
   * Remove all members in a sorted set between the given lexicographical range
   *
   * `ZREMRANGEBYLEX key min max` — sorted-set; flags: write; since 2.8.9.
   */
  zremrangebylex(...args: Argument[]): Value;
  /**
   * Remove all members in a sorted set within the given indexes
   *
   * `ZREMRANGEBYRANK key start stop` — sorted-set; flags: write; since 2.0.0.
   */
  zremrangebyrank(...args: Argument[]): Value;
  /**
   * Remove all members in a sorted set within the given scores
   *
   * `ZREMRANGEBYSCORE key min max` — sorted-set; flags: write; since 1.2.0.
   */
  zremrangebyscore(...args: Argument[]): Value;
  /**
   * Return a range of members in a sorted set, by index, with scores ordered from high to low
   *
   * `ZREVRANGE key start stop [WITHSCORES]` — sorted-set; flags: readonly; since 1.2.0.
   */
  zrevrange(...args: Argument[]): Value;
  /**
   * Return a range of members in a sorted set, by lexicographical range, ordered from higher to lower strings.
   *
   * `ZREVRANGEBYLEX key max min [LIMIT offset count]` — sorted-set; flags: readonly; since 2.8.9.
   */
  zrevrangebylex(...args: Argument[]): Value;
  /**
   * Return a range of members in a sorted set, by score, with scores ordered from high to low
   *
   * `ZREVRANGEBYSCORE key max min [WITHSCORES] [LIMIT offset count]` — sorted-set; flags: readonly; since 2.2.0.
   */
  zrevrangebyscore(...args: Argument[]): Value;
  /**
   * Determine the index of a member in a sorted set, with scores ordered from high to low
   *
   * `ZREVRANK key member` — sorted-set; flags: readonly, fast; since 2.0.0.
   */
  zrevrank(...args: Argument[]): Value;
  /**
   * Incrementally iterate sorted sets elements and associated scores
   *
   * `ZSCAN key cursor [MATCH pattern] [COUNT count]` — sorted-set; flags: readonly; since 2.8.0.
   */
  zscan(...args: Argument[]): Value;
  /**
   * Get the score associated with the given member in a sorted set
   *
   * `ZSCORE key member` — sorted-set; flags: readonly, fast; since 1.2.0.
   */
  zscore(...args: Argument[]): Value;
  /**
   * Add multiple sorted sets
   *
   * `ZUNION numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE <SUM | MIN | MAX>] [WITHSCORES]` — sorted-set; flags: readonly, movablekeys; since 6.2.0.
   */
  zunion(...args: Argument[]): Value;
  /**
   * Add multiple sorted sets and store the resulting sorted set in a new key
   *
   * `ZUNIONSTORE destination numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE <SUM | MIN | MAX>]` — sorted-set; flags: write, denyoom, movablekeys; since 2.0.0.
   */
  zunionstore(...args: Argument[]): Value;
}

/** How to send each method: the command's words before the arguments, and its Redis arity. */
export const GENERATED_COMMANDS: Record<keyof GeneratedCommands, { readonly words: readonly string[]; readonly arity: number }> = {
  aclCat: { words: ['ACL', 'CAT'], arity: -2 },
  aclDeluser: { words: ['ACL', 'DELUSER'], arity: -3 },
  aclDryrun: { words: ['ACL', 'DRYRUN'], arity: -4 },
  aclGenpass: { words: ['ACL', 'GENPASS'], arity: -2 },
  aclGetuser: { words: ['ACL', 'GETUSER'], arity: 3 },
  aclHelp: { words: ['ACL', 'HELP'], arity: 2 },
  aclList: { words: ['ACL', 'LIST'], arity: 2 },
  aclLoad: { words: ['ACL', 'LOAD'], arity: 2 },
  aclLog: { words: ['ACL', 'LOG'], arity: -2 },
  aclSave: { words: ['ACL', 'SAVE'], arity: 2 },
  aclSetuser: { words: ['ACL', 'SETUSER'], arity: -3 },
  aclUsers: { words: ['ACL', 'USERS'], arity: 2 },
  aclWhoami: { words: ['ACL', 'WHOAMI'], arity: 2 },
  append: { words: ['APPEND'], arity: 3 },
  auth: { words: ['AUTH'], arity: -2 },
  bgrewriteaof: { words: ['BGREWRITEAOF'], arity: 1 },
  bgsave: { words: ['BGSAVE'], arity: -1 },
  bitcount: { words: ['BITCOUNT'], arity: -2 },
  bitfield: { words: ['BITFIELD'], arity: -2 },
  bitfield_ro: { words: ['BITFIELD_RO'], arity: -2 },
  bitop: { words: ['BITOP'], arity: -4 },
  bitpos: { words: ['BITPOS'], arity: -3 },
  blmove: { words: ['BLMOVE'], arity: 6 },
  blmpop: { words: ['BLMPOP'], arity: -5 },
  blpop: { words: ['BLPOP'], arity: -3 },
  brpop: { words: ['BRPOP'], arity: -3 },
  brpoplpush: { words: ['BRPOPLPUSH'], arity: 4 },
  bzmpop: { words: ['BZMPOP'], arity: -5 },
  bzpopmax: { words: ['BZPOPMAX'], arity: -3 },
  bzpopmin: { words: ['BZPOPMIN'], arity: -3 },
  clientCaching: { words: ['CLIENT', 'CACHING'], arity: 3 },
  clientGetname: { words: ['CLIENT', 'GETNAME'], arity: 2 },
  clientGetredir: { words: ['CLIENT', 'GETREDIR'], arity: 2 },
  clientHelp: { words: ['CLIENT', 'HELP'], arity: 2 },
  clientId: { words: ['CLIENT', 'ID'], arity: 2 },
  clientInfo: { words: ['CLIENT', 'INFO'], arity: 2 },
  clientKill: { words: ['CLIENT', 'KILL'], arity: -3 },
  clientList: { words: ['CLIENT', 'LIST'], arity: -2 },
  clientNoEvict: { words: ['CLIENT', 'NO-EVICT'], arity: 3 },
  clientPause: { words: ['CLIENT', 'PAUSE'], arity: -3 },
  clientReply: { words: ['CLIENT', 'REPLY'], arity: 3 },
  clientSetname: { words: ['CLIENT', 'SETNAME'], arity: 3 },
  clientTracking: { words: ['CLIENT', 'TRACKING'], arity: -3 },
  clientTrackinginfo: { words: ['CLIENT', 'TRACKINGINFO'], arity: 2 },
  clientUnblock: { words: ['CLIENT', 'UNBLOCK'], arity: -3 },
  clientUnpause: { words: ['CLIENT', 'UNPAUSE'], arity: 2 },
  clusterAddslots: { words: ['CLUSTER', 'ADDSLOTS'], arity: -3 },
  clusterAddslotsrange: { words: ['CLUSTER', 'ADDSLOTSRANGE'], arity: -4 },
  clusterBumpepoch: { words: ['CLUSTER', 'BUMPEPOCH'], arity: 2 },
  clusterCountFailureReports: { words: ['CLUSTER', 'COUNT-FAILURE-REPORTS'], arity: 3 },
  clusterCountkeysinslot: { words: ['CLUSTER', 'COUNTKEYSINSLOT'], arity: 3 },
  clusterDelslots: { words: ['CLUSTER', 'DELSLOTS'], arity: -3 },
  clusterDelslotsrange: { words: ['CLUSTER', 'DELSLOTSRANGE'], arity: -4 },
  clusterFailover: { words: ['CLUSTER', 'FAILOVER'], arity: -2 },
  clusterFlushslots: { words: ['CLUSTER', 'FLUSHSLOTS'], arity: 2 },
  clusterForget: { words: ['CLUSTER', 'FORGET'], arity: 3 },
  clusterGetkeysinslot: { words: ['CLUSTER', 'GETKEYSINSLOT'], arity: 4 },
  clusterHelp: { words: ['CLUSTER', 'HELP'], arity: 2 },
  clusterInfo: { words: ['CLUSTER', 'INFO'], arity: 2 },
  clusterKeyslot: { words: ['CLUSTER', 'KEYSLOT'], arity: 3 },
  clusterLinks: { words: ['CLUSTER', 'LINKS'], arity: 2 },
  clusterMeet: { words: ['CLUSTER', 'MEET'], arity: -4 },
  clusterMyid: { words: ['CLUSTER', 'MYID'], arity: 2 },
  clusterNodes: { words: ['CLUSTER', 'NODES'], arity: 2 },
  clusterReplicas: { words: ['CLUSTER', 'REPLICAS'], arity: 3 },
  clusterReplicate: { words: ['CLUSTER', 'REPLICATE'], arity: 3 },
  clusterReset: { words: ['CLUSTER', 'RESET'], arity: -2 },
  clusterSaveconfig: { words: ['CLUSTER', 'SAVECONFIG'], arity: 2 },
  clusterSetConfigEpoch: { words: ['CLUSTER', 'SET-CONFIG-EPOCH'], arity: 3 },
  clusterSetslot: { words: ['CLUSTER', 'SETSLOT'], arity: -4 },
  clusterShards: { words: ['CLUSTER', 'SHARDS'], arity: 2 },
  clusterSlaves: { words: ['CLUSTER', 'SLAVES'], arity: 3 },
  clusterSlots: { words: ['CLUSTER', 'SLOTS'], arity: 2 },
  commandCount: { words: ['COMMAND', 'COUNT'], arity: 2 },
  commandDocs: { words: ['COMMAND', 'DOCS'], arity: -2 },
  commandGetkeys: { words: ['COMMAND', 'GETKEYS'], arity: -4 },
  commandGetkeysandflags: { words: ['COMMAND', 'GETKEYSANDFLAGS'], arity: -4 },
  commandHelp: { words: ['COMMAND', 'HELP'], arity: 2 },
  commandInfo: { words: ['COMMAND', 'INFO'], arity: -2 },
  commandList: { words: ['COMMAND', 'LIST'], arity: -2 },
  configGet: { words: ['CONFIG', 'GET'], arity: -3 },
  configHelp: { words: ['CONFIG', 'HELP'], arity: 2 },
  configResetstat: { words: ['CONFIG', 'RESETSTAT'], arity: 2 },
  configRewrite: { words: ['CONFIG', 'REWRITE'], arity: 2 },
  configSet: { words: ['CONFIG', 'SET'], arity: -4 },
  copy: { words: ['COPY'], arity: -3 },
  dbsize: { words: ['DBSIZE'], arity: 1 },
  debug: { words: ['DEBUG'], arity: -2 },
  decr: { words: ['DECR'], arity: 2 },
  decrby: { words: ['DECRBY'], arity: 3 },
  del: { words: ['DEL'], arity: -2 },
  discard: { words: ['DISCARD'], arity: 1 },
  dump: { words: ['DUMP'], arity: 2 },
  echo: { words: ['ECHO'], arity: 2 },
  eval: { words: ['EVAL'], arity: -3 },
  eval_ro: { words: ['EVAL_RO'], arity: -3 },
  evalsha: { words: ['EVALSHA'], arity: -3 },
  evalsha_ro: { words: ['EVALSHA_RO'], arity: -3 },
  exec: { words: ['EXEC'], arity: 1 },
  exists: { words: ['EXISTS'], arity: -2 },
  expire: { words: ['EXPIRE'], arity: -3 },
  expireat: { words: ['EXPIREAT'], arity: -3 },
  expiretime: { words: ['EXPIRETIME'], arity: 2 },
  failover: { words: ['FAILOVER'], arity: -1 },
  fcall: { words: ['FCALL'], arity: -3 },
  fcall_ro: { words: ['FCALL_RO'], arity: -3 },
  flushall: { words: ['FLUSHALL'], arity: -1 },
  flushdb: { words: ['FLUSHDB'], arity: -1 },
  functionDelete: { words: ['FUNCTION', 'DELETE'], arity: 3 },
  functionDump: { words: ['FUNCTION', 'DUMP'], arity: 2 },
  functionFlush: { words: ['FUNCTION', 'FLUSH'], arity: -2 },
  functionHelp: { words: ['FUNCTION', 'HELP'], arity: 2 },
  functionKill: { words: ['FUNCTION', 'KILL'], arity: 2 },
  functionList: { words: ['FUNCTION', 'LIST'], arity: -2 },
  functionLoad: { words: ['FUNCTION', 'LOAD'], arity: -3 },
  functionRestore: { words: ['FUNCTION', 'RESTORE'], arity: -3 },
  functionStats: { words: ['FUNCTION', 'STATS'], arity: 2 },
  geoadd: { words: ['GEOADD'], arity: -5 },
  geodist: { words: ['GEODIST'], arity: -4 },
  geohash: { words: ['GEOHASH'], arity: -2 },
  geopos: { words: ['GEOPOS'], arity: -2 },
  georadius: { words: ['GEORADIUS'], arity: -6 },
  georadius_ro: { words: ['GEORADIUS_RO'], arity: -6 },
  georadiusbymember: { words: ['GEORADIUSBYMEMBER'], arity: -5 },
  georadiusbymember_ro: { words: ['GEORADIUSBYMEMBER_RO'], arity: -5 },
  geosearch: { words: ['GEOSEARCH'], arity: -7 },
  geosearchstore: { words: ['GEOSEARCHSTORE'], arity: -8 },
  get: { words: ['GET'], arity: 2 },
  getbit: { words: ['GETBIT'], arity: 3 },
  getdel: { words: ['GETDEL'], arity: 2 },
  getex: { words: ['GETEX'], arity: -2 },
  getrange: { words: ['GETRANGE'], arity: 4 },
  getset: { words: ['GETSET'], arity: 3 },
  hdel: { words: ['HDEL'], arity: -3 },
  hello: { words: ['HELLO'], arity: -1 },
  hexists: { words: ['HEXISTS'], arity: 3 },
  hget: { words: ['HGET'], arity: 3 },
  hgetall: { words: ['HGETALL'], arity: 2 },
  hincrby: { words: ['HINCRBY'], arity: 4 },
  hincrbyfloat: { words: ['HINCRBYFLOAT'], arity: 4 },
  hkeys: { words: ['HKEYS'], arity: 2 },
  hlen: { words: ['HLEN'], arity: 2 },
  hmget: { words: ['HMGET'], arity: -3 },
  hmset: { words: ['HMSET'], arity: -4 },
  hrandfield: { words: ['HRANDFIELD'], arity: -2 },
  hscan: { words: ['HSCAN'], arity: -3 },
  hset: { words: ['HSET'], arity: -4 },
  hsetnx: { words: ['HSETNX'], arity: 4 },
  hstrlen: { words: ['HSTRLEN'], arity: 3 },
  hvals: { words: ['HVALS'], arity: 2 },
  incr: { words: ['INCR'], arity: 2 },
  incrby: { words: ['INCRBY'], arity: 3 },
  incrbyfloat: { words: ['INCRBYFLOAT'], arity: 3 },
  info: { words: ['INFO'], arity: -1 },
  keys: { words: ['KEYS'], arity: 2 },
  lastsave: { words: ['LASTSAVE'], arity: 1 },
  latencyDoctor: { words: ['LATENCY', 'DOCTOR'], arity: 2 },
  latencyGraph: { words: ['LATENCY', 'GRAPH'], arity: 3 },
  latencyHelp: { words: ['LATENCY', 'HELP'], arity: 2 },
  latencyHistogram: { words: ['LATENCY', 'HISTOGRAM'], arity: -2 },
  latencyHistory: { words: ['LATENCY', 'HISTORY'], arity: 3 },
  latencyLatest: { words: ['LATENCY', 'LATEST'], arity: 2 },
  latencyReset: { words: ['LATENCY', 'RESET'], arity: -2 },
  lcs: { words: ['LCS'], arity: -3 },
  lindex: { words: ['LINDEX'], arity: 3 },
  linsert: { words: ['LINSERT'], arity: 5 },
  llen: { words: ['LLEN'], arity: 2 },
  lmove: { words: ['LMOVE'], arity: 5 },
  lmpop: { words: ['LMPOP'], arity: -4 },
  lpop: { words: ['LPOP'], arity: -2 },
  lpos: { words: ['LPOS'], arity: -3 },
  lpush: { words: ['LPUSH'], arity: -3 },
  lpushx: { words: ['LPUSHX'], arity: -3 },
  lrange: { words: ['LRANGE'], arity: 4 },
  lrem: { words: ['LREM'], arity: 4 },
  lset: { words: ['LSET'], arity: 4 },
  ltrim: { words: ['LTRIM'], arity: 4 },
  memoryDoctor: { words: ['MEMORY', 'DOCTOR'], arity: 2 },
  memoryHelp: { words: ['MEMORY', 'HELP'], arity: 2 },
  memoryMallocStats: { words: ['MEMORY', 'MALLOC-STATS'], arity: 2 },
  memoryPurge: { words: ['MEMORY', 'PURGE'], arity: 2 },
  memoryStats: { words: ['MEMORY', 'STATS'], arity: 2 },
  memoryUsage: { words: ['MEMORY', 'USAGE'], arity: -3 },
  mget: { words: ['MGET'], arity: -2 },
  monitor: { words: ['MONITOR'], arity: 1 },
  move: { words: ['MOVE'], arity: 3 },
  mset: { words: ['MSET'], arity: -3 },
  msetnx: { words: ['MSETNX'], arity: -3 },
  multi: { words: ['MULTI'], arity: 1 },
  objectEncoding: { words: ['OBJECT', 'ENCODING'], arity: 3 },
  objectFreq: { words: ['OBJECT', 'FREQ'], arity: 3 },
  objectHelp: { words: ['OBJECT', 'HELP'], arity: 2 },
  objectIdletime: { words: ['OBJECT', 'IDLETIME'], arity: 3 },
  objectRefcount: { words: ['OBJECT', 'REFCOUNT'], arity: 3 },
  persist: { words: ['PERSIST'], arity: 2 },
  pexpire: { words: ['PEXPIRE'], arity: -3 },
  pexpireat: { words: ['PEXPIREAT'], arity: -3 },
  pexpiretime: { words: ['PEXPIRETIME'], arity: 2 },
  pfadd: { words: ['PFADD'], arity: -2 },
  pfcount: { words: ['PFCOUNT'], arity: -2 },
  pfdebug: { words: ['PFDEBUG'], arity: 3 },
  pfmerge: { words: ['PFMERGE'], arity: -2 },
  pfselftest: { words: ['PFSELFTEST'], arity: 1 },
  ping: { words: ['PING'], arity: -1 },
  psetex: { words: ['PSETEX'], arity: 4 },
  psubscribe: { words: ['PSUBSCRIBE'], arity: -2 },
  psync: { words: ['PSYNC'], arity: -3 },
  pttl: { words: ['PTTL'], arity: 2 },
  publish: { words: ['PUBLISH'], arity: 3 },
  pubsubChannels: { words: ['PUBSUB', 'CHANNELS'], arity: -2 },
  pubsubHelp: { words: ['PUBSUB', 'HELP'], arity: 2 },
  pubsubNumpat: { words: ['PUBSUB', 'NUMPAT'], arity: 2 },
  pubsubNumsub: { words: ['PUBSUB', 'NUMSUB'], arity: -2 },
  pubsubShardchannels: { words: ['PUBSUB', 'SHARDCHANNELS'], arity: -2 },
  pubsubShardnumsub: { words: ['PUBSUB', 'SHARDNUMSUB'], arity: -2 },
  punsubscribe: { words: ['PUNSUBSCRIBE'], arity: -1 },
  quit: { words: ['QUIT'], arity: -1 },
  randomkey: { words: ['RANDOMKEY'], arity: 1 },
  rename: { words: ['RENAME'], arity: 3 },
  renamenx: { words: ['RENAMENX'], arity: 3 },
  replconf: { words: ['REPLCONF'], arity: -1 },
  replicaof: { words: ['REPLICAOF'], arity: 3 },
  reset: { words: ['RESET'], arity: 1 },
  restore: { words: ['RESTORE'], arity: -4 },
  role: { words: ['ROLE'], arity: 1 },
  rpop: { words: ['RPOP'], arity: -2 },
  rpoplpush: { words: ['RPOPLPUSH'], arity: 3 },
  rpush: { words: ['RPUSH'], arity: -3 },
  rpushx: { words: ['RPUSHX'], arity: -3 },
  sadd: { words: ['SADD'], arity: -3 },
  save: { words: ['SAVE'], arity: 1 },
  scan: { words: ['SCAN'], arity: -2 },
  scard: { words: ['SCARD'], arity: 2 },
  scriptDebug: { words: ['SCRIPT', 'DEBUG'], arity: 3 },
  scriptExists: { words: ['SCRIPT', 'EXISTS'], arity: -3 },
  scriptFlush: { words: ['SCRIPT', 'FLUSH'], arity: -2 },
  scriptHelp: { words: ['SCRIPT', 'HELP'], arity: 2 },
  scriptKill: { words: ['SCRIPT', 'KILL'], arity: 2 },
  scriptLoad: { words: ['SCRIPT', 'LOAD'], arity: 3 },
  sdiff: { words: ['SDIFF'], arity: -2 },
  sdiffstore: { words: ['SDIFFSTORE'], arity: -3 },
  select: { words: ['SELECT'], arity: 2 },
  set: { words: ['SET'], arity: -3 },
  setbit: { words: ['SETBIT'], arity: 4 },
  setex: { words: ['SETEX'], arity: 4 },
  setnx: { words: ['SETNX'], arity: 3 },
  setrange: { words: ['SETRANGE'], arity: 4 },
  shutdown: { words: ['SHUTDOWN'], arity: -1 },
  sinter: { words: ['SINTER'], arity: -2 },
  sintercard: { words: ['SINTERCARD'], arity: -3 },
  sinterstore: { words: ['SINTERSTORE'], arity: -3 },
  sismember: { words: ['SISMEMBER'], arity: 3 },
  slaveof: { words: ['SLAVEOF'], arity: 3 },
  slowlogGet: { words: ['SLOWLOG', 'GET'], arity: -2 },
  slowlogHelp: { words: ['SLOWLOG', 'HELP'], arity: 2 },
  slowlogLen: { words: ['SLOWLOG', 'LEN'], arity: 2 },
  slowlogReset: { words: ['SLOWLOG', 'RESET'], arity: 2 },
  smembers: { words: ['SMEMBERS'], arity: 2 },
  smismember: { words: ['SMISMEMBER'], arity: -3 },
  smove: { words: ['SMOVE'], arity: 4 },
  sort: { words: ['SORT'], arity: -2 },
  sort_ro: { words: ['SORT_RO'], arity: -2 },
  spop: { words: ['SPOP'], arity: -2 },
  spublish: { words: ['SPUBLISH'], arity: 3 },
  srandmember: { words: ['SRANDMEMBER'], arity: -2 },
  srem: { words: ['SREM'], arity: -3 },
  sscan: { words: ['SSCAN'], arity: -3 },
  ssubscribe: { words: ['SSUBSCRIBE'], arity: -2 },
  strlen: { words: ['STRLEN'], arity: 2 },
  subscribe: { words: ['SUBSCRIBE'], arity: -2 },
  substr: { words: ['SUBSTR'], arity: 4 },
  sunion: { words: ['SUNION'], arity: -2 },
  sunionstore: { words: ['SUNIONSTORE'], arity: -3 },
  sunsubscribe: { words: ['SUNSUBSCRIBE'], arity: -1 },
  swapdb: { words: ['SWAPDB'], arity: 3 },
  sync: { words: ['SYNC'], arity: 1 },
  time: { words: ['TIME'], arity: 1 },
  touch: { words: ['TOUCH'], arity: -2 },
  ttl: { words: ['TTL'], arity: 2 },
  type: { words: ['TYPE'], arity: 2 },
  unlink: { words: ['UNLINK'], arity: -2 },
  unsubscribe: { words: ['UNSUBSCRIBE'], arity: -1 },
  unwatch: { words: ['UNWATCH'], arity: 1 },
  wait: { words: ['WAIT'], arity: 3 },
  waitaof: { words: ['WAITAOF'], arity: 4 },
  watch: { words: ['WATCH'], arity: -2 },
  xack: { words: ['XACK'], arity: -4 },
  xadd: { words: ['XADD'], arity: -5 },
  xautoclaim: { words: ['XAUTOCLAIM'], arity: -6 },
  xclaim: { words: ['XCLAIM'], arity: -6 },
  xdel: { words: ['XDEL'], arity: -3 },
  xgroupCreate: { words: ['XGROUP', 'CREATE'], arity: -5 },
  xgroupCreateconsumer: { words: ['XGROUP', 'CREATECONSUMER'], arity: 5 },
  xgroupDelconsumer: { words: ['XGROUP', 'DELCONSUMER'], arity: 5 },
  xgroupDestroy: { words: ['XGROUP', 'DESTROY'], arity: 4 },
  xgroupHelp: { words: ['XGROUP', 'HELP'], arity: 2 },
  xgroupSetconsumer: { words: ['XGROUP', 'SETCONSUMER'], arity: 6 },
  xgroupSetid: { words: ['XGROUP', 'SETID'], arity: -5 },
  xgroupSetpending: { words: ['XGROUP', 'SETPENDING'], arity: -8 },
  xinfoConsumers: { words: ['XINFO', 'CONSUMERS'], arity: 4 },
  xinfoGroups: { words: ['XINFO', 'GROUPS'], arity: 3 },
  xinfoHelp: { words: ['XINFO', 'HELP'], arity: 2 },
  xinfoStream: { words: ['XINFO', 'STREAM'], arity: -3 },
  xlen: { words: ['XLEN'], arity: 2 },
  xpending: { words: ['XPENDING'], arity: -3 },
  xrange: { words: ['XRANGE'], arity: -4 },
  xread: { words: ['XREAD'], arity: -4 },
  xreadgroup: { words: ['XREADGROUP'], arity: -7 },
  xrevrange: { words: ['XREVRANGE'], arity: -4 },
  xsetid: { words: ['XSETID'], arity: -3 },
  xtrim: { words: ['XTRIM'], arity: -4 },
  zadd: { words: ['ZADD'], arity: -4 },
  zcard: { words: ['ZCARD'], arity: 2 },
  zcount: { words: ['ZCOUNT'], arity: 4 },
  zdiff: { words: ['ZDIFF'], arity: -3 },
  zdiffstore: { words: ['ZDIFFSTORE'], arity: -4 },
  zincrby: { words: ['ZINCRBY'], arity: 4 },
  zinter: { words: ['ZINTER'], arity: -3 },
  zintercard: { words: ['ZINTERCARD'], arity: -3 },
  zinterstore: { words: ['ZINTERSTORE'], arity: -4 },
  zlexcount: { words: ['ZLEXCOUNT'], arity: 4 },
  zmpop: { words: ['ZMPOP'], arity: -4 },
  zmscore: { words: ['ZMSCORE'], arity: -3 },
  zpopmax: { words: ['ZPOPMAX'], arity: -2 },
  zpopmin: { words: ['ZPOPMIN'], arity: -2 },
  zrandmember: { words: ['ZRANDMEMBER'], arity: -2 },
  zrange: { words: ['ZRANGE'], arity: -4 },
  zrangebylex: { words: ['ZRANGEBYLEX'], arity: -4 },
  zrangebyscore: { words: ['ZRANGEBYSCORE'], arity: -4 },
  zrangestore: { words: ['ZRANGESTORE'], arity: -5 },
  zrank: { words: ['ZRANK'], arity: 3 },
  zrem: { words: ['ZREM'], arity: -3 },
  zremrangebylex: { words: ['ZREMRANGEBYLEX'], arity: 4 },
  zremrangebyrank: { words: ['ZREMRANGEBYRANK'], arity: 4 },
  zremrangebyscore: { words: ['ZREMRANGEBYSCORE'], arity: 4 },
  zrevrange: { words: ['ZREVRANGE'], arity: -4 },
  zrevrangebylex: { words: ['ZREVRANGEBYLEX'], arity: -4 },
  zrevrangebyscore: { words: ['ZREVRANGEBYSCORE'], arity: -4 },
  zrevrank: { words: ['ZREVRANK'], arity: 3 },
  zscan: { words: ['ZSCAN'], arity: -3 },
  zscore: { words: ['ZSCORE'], arity: 3 },
  zunion: { words: ['ZUNION'], arity: -3 },
  zunionstore: { words: ['ZUNIONSTORE'], arity: -4 },
};
