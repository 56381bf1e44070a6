/**
 * Every metric the admin endpoint's GET /metrics serves, as data: name, Prometheus type, labels
 * and help text. The collector (metrics-collector.ts) writes samples only for metrics named
 * here, and the docs site's metrics reference is generated from this table.
 */

export type MetricType = 'counter' | 'gauge' | 'histogram';

export interface MetricDefinition {
  readonly name: string;
  readonly type: MetricType;
  readonly labels: readonly string[];
  /** One line: the `# HELP` text. */
  readonly help: string;
}

/** Upper bounds of the command latency buckets, in seconds. */
export const COMMAND_SECONDS_BUCKETS: readonly number[] = [
  0.000_005, 0.000_01, 0.000_025, 0.000_05, 0.000_1, 0.000_25, 0.000_5, 0.001, 0.002_5, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1,
];

/** Upper bounds of the AOF sync latency buckets, in seconds. */
export const SYNC_SECONDS_BUCKETS: readonly number[] = [
  0.000_1, 0.000_25, 0.000_5, 0.001, 0.002_5, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

function metric(name: string, type: MetricType, labels: readonly string[], help: string): MetricDefinition {
  return { name, type, labels, help };
}

export const METRICS = {
  buildInfo: metric('ballast_build_info', 'gauge', ['version', 'redis_version'], 'Always 1; the labels name the Ballast version and the Redis version it is compatible with.'),
  startTime: metric('ballast_start_time_seconds', 'gauge', [], 'Wall time the server started, in seconds since the Unix epoch.'),
  ready: metric('ballast_ready', 'gauge', [], '1 while GET /ready answers 200 (recovery finished, writes accepted), else 0.'),
  commands: metric('ballast_commands_total', 'counter', ['family'], 'Commands run, by command family (string, hash, list, set, sorted-set, generic, server, ...).'),
  commandFailures: metric('ballast_command_failures_total', 'counter', ['family'], 'Commands run that answered with an error reply, by command family.'),
  commandSeconds: metric('ballast_command_duration_seconds', 'histogram', ['family'], 'Time spent running a command in the engine (not waiting for a commit), by command family.'),
  connectedClients: metric('ballast_connected_clients', 'gauge', [], 'Clients connected now.'),
  blockedClients: metric('ballast_blocked_clients', 'gauge', [], 'Clients waiting in a blocking command (BLPOP, BZPOPMIN, ...).'),
  connectionsReceived: metric('ballast_connections_received_total', 'counter', [], 'Connections accepted since start (reset by CONFIG RESETSTAT).'),
  connectionsRejected: metric('ballast_connections_rejected_total', 'counter', [], 'Connections refused because maxclients was reached (reset by CONFIG RESETSTAT).'),
  keys: metric('ballast_keys', 'gauge', ['shard'], 'Keys held by a shard, over all databases.'),
  keysWithExpiry: metric('ballast_keys_with_expiry', 'gauge', ['shard'], 'Keys with a time to live held by a shard, over all databases.'),
  expiredKeys: metric('ballast_expired_keys_total', 'counter', [], 'Keys deleted because their time to live ran out (reset by CONFIG RESETSTAT).'),
  keyspaceHits: metric('ballast_keyspace_hits_total', 'counter', [], 'Key lookups that found the key (reset by CONFIG RESETSTAT).'),
  keyspaceMisses: metric('ballast_keyspace_misses_total', 'counter', [], 'Key lookups that did not find the key (reset by CONFIG RESETSTAT).'),
  evictedKeys: metric('ballast_evicted_keys_total', 'counter', [], 'Keys deleted to stay within maxmemory (reset by CONFIG RESETSTAT).'),
  memoryUsed: metric('ballast_memory_used_bytes', 'gauge', [], 'Memory the dataset takes by Ballast\'s memory model: what maxmemory bounds (INFO used_memory).'),
  memoryMax: metric('ballast_memory_max_bytes', 'gauge', [], 'The maxmemory limit in bytes; 0 when there is none (INFO maxmemory).'),
  memoryHeap: metric('ballast_memory_heap_bytes', 'gauge', [], 'V8\'s heap in use, as the process reports it (INFO allocator_allocated).'),
  memoryResident: metric('ballast_memory_resident_bytes', 'gauge', [], 'Resident set size of the process (INFO used_memory_rss).'),
  aofEnabled: metric('ballast_aof_enabled', 'gauge', [], '1 when the append-only log is on (appendonly yes), else 0.'),
  aofWriteFailed: metric('ballast_aof_write_failed', 'gauge', [], '1 after a write or fsync of the AOF failed: writes are refused with MISCONF until a restart.'),
  aofFileBytes: metric('ballast_aof_file_bytes', 'gauge', ['shard'], 'Size of the shard\'s current incremental AOF file, in bytes.'),
  aofPendingBytes: metric('ballast_aof_pending_bytes', 'gauge', ['shard'], 'Bytes of frames buffered for the shard and not yet handed to the file system.'),
  aofWrittenBytes: metric('ballast_aof_written_bytes_total', 'counter', [], 'Bytes written to the AOF since start, over all shards.'),
  aofBatches: metric('ballast_aof_batches_total', 'counter', [], 'Group-commit batches written since start.'),
  aofFsyncs: metric('ballast_aof_synced_batches_total', 'counter', [], 'Group-commit batches made durable (fsync or O_DSYNC write) since start.'),
  aofSyncSeconds: metric('ballast_aof_sync_duration_seconds', 'histogram', ['shard', 'operation'], 'Time of one durable AOF operation on a shard\'s incremental file: operation="fsync" or "durable_write" (one O_DSYNC write under appendfsync always).'),
  aofLastLsn: metric('ballast_aof_last_lsn', 'gauge', [], 'Highest LSN given to a write so far.'),
  aofCommittedLsn: metric('ballast_aof_committed_lsn', 'gauge', [], 'Highest LSN durable on every shard (the committed LSN); under always, replies wait for it.'),
  rewriteInProgress: metric('ballast_aof_rewrite_in_progress', 'gauge', [], '1 while a rewrite (BGREWRITEAOF or automatic) runs, else 0.'),
  rewrites: metric('ballast_aof_rewrites_total', 'counter', [], 'Rewrites finished successfully since start.'),
  rewriteLastSuccess: metric('ballast_aof_rewrite_last_success', 'gauge', [], '1 when the last rewrite succeeded (or none ran yet), 0 when it failed.'),
  rewriteConsecutiveFailures: metric('ballast_aof_rewrite_consecutive_failures', 'gauge', [], 'Rewrites failed in a row; automatic rewrites stop after a failure.'),
  rewriteLastSeconds: metric('ballast_aof_rewrite_last_duration_seconds', 'gauge', [], 'Duration of the last rewrite, in seconds (-1 before the first one ends).'),
  recoverySeconds: metric('ballast_recovery_duration_seconds', 'gauge', [], 'Time the start-up recovery of the AOF took, in seconds.'),
  recoveryReadBytes: metric('ballast_recovery_read_bytes', 'gauge', [], 'Bytes of AOF read by the start-up recovery.'),
  recoveryTruncatedBytes: metric('ballast_recovery_truncated_bytes', 'gauge', [], 'Bytes cut off torn tails by the start-up recovery (kept in .torn-<offset> sidecar files).'),
  recoveryEntries: metric('ballast_recovery_entries', 'gauge', [], 'Log entries the start-up recovery applied.'),
  recoveryCutLsn: metric('ballast_recovery_durable_cut_lsn', 'gauge', [], 'The durable cut found by the start-up recovery: the state starts as after the first C writes.'),
} as const satisfies Record<string, MetricDefinition>;

/** Every metric, in the order /metrics serves them. */
export const METRIC_DEFINITIONS: readonly MetricDefinition[] = Object.values(METRICS);
