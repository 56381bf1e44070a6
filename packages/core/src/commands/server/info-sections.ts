/**
 * The sections of INFO, with Redis 7.0's titles, field names and order. Each renders its
 * `field:value` lines from the engine's services. Fields of features Ballast does not have
 * (forks, defragmentation, cluster) report what such a server truthfully
 * has: zero. Fields Ballast cannot measure yet (peak memory, instantaneous rates, average TTL)
 * are either left out or, where Redis itself reports 0 until it has measured, 0. CPU time comes
 * from the host (HostInfo.cpuUsage), so core reads no clock of its own.
 */
import type { ScriptingInfo } from '../services.js';
import type { CommandContext } from '../types.js';
import { REDIS_COMPATIBLE_VERSION } from '../../config/redis-version.js';
import { bytesToHuman, cpuSeconds, fixed2 } from './format.js';
import { latencyStatsLines } from './latency.js';

/** What a section reads: the engine and the command's wall time (ms). */
export type InfoContext = Pick<CommandContext, 'engine' | 'nowMs'>;

export interface InfoSection {
  /** Names that select the section in `INFO name` (lower case). */
  readonly names: readonly string[];
  readonly title: string;
  /** Part of plain `INFO` and `INFO default`. */
  readonly inDefault: boolean;
  render(context: InfoContext): string[];
}

const SECONDS_PER_DAY = 86_400;
/** Redis's LRU clock: seconds, wrapped to 24 bits. */
const LRU_CLOCK_MAX = (1 << 24) - 1;

function serverLines({ engine, nowMs }: InfoContext): string[] {
  const host = engine.host;
  const uptimeSeconds = Math.floor((nowMs - engine.startedAtMs) / 1000);
  const hz = engine.config.integer('hz');
  return [
    `redis_version:${REDIS_COMPATIBLE_VERSION}`,
    `ballast_version:${host.version}`,
    'redis_git_sha1:00000000',
    'redis_git_dirty:0',
    'redis_mode:standalone',
    `os:${host.os}`,
    'arch_bits:64',
    `process_id:${host.processId}`,
    'process_supervised:no',
    `run_id:${host.runId}`,
    `tcp_port:${host.tcpPort}`,
    `server_time_usec:${Math.floor(nowMs * 1000)}`,
    `uptime_in_seconds:${uptimeSeconds}`,
    `uptime_in_days:${Math.floor(uptimeSeconds / SECONDS_PER_DAY)}`,
    `hz:${hz}`,
    `configured_hz:${hz}`,
    `lru_clock:${Math.floor(nowMs / 1000) & LRU_CLOCK_MAX}`,
    `executable:${host.executable}`,
    `config_file:${host.configFile}`,
    'io_threads_active:0',
  ];
}

function clientsLines({ engine }: InfoContext): string[] {
  let connected = 0;
  let blocked = 0;
  let inputBytesMax = 0;
  let outputBytesMax = 0;
  for (const client of engine.clients()) {
    connected++;
    if (client.blocked) blocked++;
    inputBytesMax = Math.max(inputBytesMax, client.queryBufferBytes);
    outputBytesMax = Math.max(outputBytesMax, client.outputBufferBytes);
  }
  return [
    `connected_clients:${connected}`,
    'cluster_connections:0',
    `maxclients:${engine.config.integer('maxclients')}`,
    `client_recent_max_input_buffer:${inputBytesMax}`,
    `client_recent_max_output_buffer:${outputBytesMax}`,
    `blocked_clients:${blocked}`,
    `tracking_clients:${engine.tracking.clientCount}`,
  ];
}

/**
 * INFO memory. used_memory is what maxmemory bounds: Ballast's memory model of the keyspace (the
 * empty databases as used_memory_startup, then every key, value and expiry as it costs on V8's
 * heap), not a reading of the process; the heap as V8 reports it is allocator_allocated (and
 * heapTotal-like figures are not shown), the resident set used_memory_rss. Client buffers are
 * mem_clients_normal, outside used_memory (Ballast bounds them per client instead), so
 * mem_not_counted_for_evict is 0: nothing inside used_memory is left out of eviction.
 */
function memoryLines({ engine }: InfoContext): string[] {
  const { usedBytes: heapBytes, rssBytes } = engine.host.memoryUsage();
  const memory = engine.memoryInfo();
  const usedBytes = memory.usedBytes;
  const datasetBytes = usedBytes - memory.startupBytes;
  let clientBytes = 0;
  for (const client of engine.clients()) clientBytes += client.queryBufferBytes + client.outputBufferBytes;
  return [
    `used_memory:${usedBytes}`,
    `used_memory_human:${bytesToHuman(usedBytes)}`,
    `used_memory_rss:${rssBytes}`,
    `used_memory_rss_human:${bytesToHuman(rssBytes)}`,
    `used_memory_peak:${memory.peakBytes}`,
    `used_memory_peak_human:${bytesToHuman(memory.peakBytes)}`,
    `used_memory_peak_perc:${fixed2(memory.peakBytes === 0 ? 0 : (usedBytes * 100) / memory.peakBytes)}%`,
    `used_memory_overhead:${memory.startupBytes}`,
    `used_memory_startup:${memory.startupBytes}`,
    `used_memory_dataset:${datasetBytes}`,
    `used_memory_dataset_perc:${fixed2(usedBytes === 0 ? 0 : (datasetBytes * 100) / usedBytes)}%`,
    `allocator_allocated:${heapBytes}`,
    `allocator_resident:${rssBytes}`,
    ...scriptingMemoryLines(engine.scripting.info()),
    `maxmemory:${memory.maxmemoryBytes}`,
    `maxmemory_human:${bytesToHuman(memory.maxmemoryBytes)}`,
    `maxmemory_policy:${memory.policy}`,
    `mem_fragmentation_ratio:${fixed2(usedBytes === 0 ? 0 : rssBytes / usedBytes)}`,
    `mem_fragmentation_bytes:${rssBytes - usedBytes}`,
    'mem_not_counted_for_evict:0',
    'mem_replication_backlog:0',
    'mem_clients_slaves:0',
    `mem_clients_normal:${clientBytes}`,
    // Ballast frees synchronously (FLUSHALL ASYNC included): nothing is ever pending.
    'lazyfree_pending_objects:0',
    'lazyfreed_objects:0',
  ];
}

/** The Lua VMs' heaps and the scripts' code, as Redis 7.0 lists them. */
function scriptingMemoryLines(info: ScriptingInfo): string[] {
  const vmTotal = info.evalVmBytes + info.functionsVmBytes;
  const scripts = info.evalScriptsBytes + info.functionsBytes;
  return [
    `used_memory_lua:${info.evalVmBytes}`,
    `used_memory_vm_eval:${info.evalVmBytes}`,
    `used_memory_lua_human:${bytesToHuman(info.evalVmBytes)}`,
    `used_memory_scripts_eval:${info.evalScriptsBytes}`,
    `number_of_cached_scripts:${info.cachedScripts}`,
    `number_of_functions:${info.functions}`,
    `number_of_libraries:${info.libraries}`,
    `used_memory_vm_functions:${info.functionsVmBytes}`,
    `used_memory_vm_total:${vmTotal}`,
    `used_memory_vm_total_human:${bytesToHuman(vmTotal)}`,
    `used_memory_functions:${info.functionsBytes}`,
    `used_memory_scripts:${scripts}`,
    `used_memory_scripts_human:${bytesToHuman(scripts)}`,
  ];
}

/** INFO persistence with appendonly no: nothing is logged, loaded or rewritten. */
const AOF_DISABLED_LINES = [
    'aof_enabled:0',
    'aof_rewrite_in_progress:0',
    'aof_rewrite_scheduled:0',
    'aof_last_rewrite_time_sec:-1',
    'aof_current_rewrite_time_sec:-1',
    'aof_last_bgrewrite_status:ok',
    'aof_rewrites:0',
    'aof_rewrites_consecutive_failures:0',
    'aof_last_write_status:ok',
    'aof_last_cow_size:0',
    'module_fork_in_progress:0',
    'module_fork_last_cow_size:0',
];

/** Without a snapshot service (the simulator) the RDB fields say nothing was ever saved or loaded. */
function noSnapshotLines({ engine }: InfoContext): string[] {
  return [
    'current_save_keys_processed:0',
    'current_save_keys_total:0',
    `rdb_changes_since_last_save:${engine.stats.dirty}`,
    'rdb_bgsave_in_progress:0',
    `rdb_last_save_time:${Math.floor(engine.startedAtMs / 1000)}`,
    'rdb_last_bgsave_status:ok',
    'rdb_last_bgsave_time_sec:-1',
    'rdb_current_bgsave_time_sec:-1',
    'rdb_saves:0',
    'rdb_last_cow_size:0',
    'rdb_last_load_keys_expired:0',
    'rdb_last_load_keys_loaded:0',
  ];
}

/** The rdb_* fields come from the snapshot service, the aof_* fields from the AOF when enabled. */
function persistenceLines(context: InfoContext): string[] {
  const { engine } = context;
  return [
    'loading:0',
    'async_loading:0',
    'current_cow_peak:0',
    'current_cow_size:0',
    'current_cow_size_age:0',
    'current_fork_perc:0.00',
    ...(engine.snapshots?.infoLines() ?? noSnapshotLines(context)),
    ...(engine.persistence?.infoLines() ?? AOF_DISABLED_LINES),
  ];
}

function statsLines({ engine }: InfoContext): string[] {
  const stats = engine.stats;
  let errorReplies = 0;
  for (const count of stats.errors.values()) errorReplies += count;
  return [
    `total_connections_received:${stats.totalConnectionsReceived}`,
    `total_commands_processed:${stats.totalCommandsProcessed}`,
    'instantaneous_ops_per_sec:0',
    `total_net_input_bytes:${stats.netInputBytes}`,
    `total_net_output_bytes:${stats.netOutputBytes}`,
    'total_net_repl_input_bytes:0',
    'total_net_repl_output_bytes:0',
    'instantaneous_input_kbps:0.00',
    'instantaneous_output_kbps:0.00',
    'instantaneous_input_repl_kbps:0.00',
    'instantaneous_output_repl_kbps:0.00',
    `rejected_connections:${stats.rejectedConnections}`,
    `sync_full:${engine.replication?.syncCounts.full ?? 0}`,
    `sync_partial_ok:${engine.replication?.syncCounts.partialOk ?? 0}`,
    `sync_partial_err:${engine.replication?.syncCounts.partialErr ?? 0}`,
    `expired_keys:${stats.expiredKeys}`,
    'expired_stale_perc:0.00',
    'expired_time_cap_reached_count:0',
    'expire_cycle_cpu_milliseconds:0',
    `evicted_keys:${stats.evictedKeys}`,
    'evicted_clients:0',
    `total_eviction_exceeded_time:${Math.floor(engine.memoryInfo().evictionExceededTotalMs)}`,
    `current_eviction_exceeded_time:${Math.floor(engine.memoryInfo().evictionExceededCurrentMs)}`,
    `keyspace_hits:${stats.keyspaceHits}`,
    `keyspace_misses:${stats.keyspaceMisses}`,
    `pubsub_channels:${engine.pubsub.channels(null).length}`,
    `pubsub_patterns:${engine.pubsub.patternCount()}`,
    `pubsubshard_channels:${engine.pubsub.shardChannels(null).length}`,
    'latest_fork_usec:0',
    'total_forks:0',
    'migrate_cached_sockets:0',
    'slave_expires_tracked_keys:0',
    'active_defrag_hits:0',
    'active_defrag_misses:0',
    'active_defrag_key_hits:0',
    'active_defrag_key_misses:0',
    'total_active_defrag_time:0',
    'current_active_defrag_time:0',
    `tracking_total_keys:${engine.tracking.keyCount}`,
    `tracking_total_items:${engine.tracking.itemCount}`,
    `tracking_total_prefixes:${engine.tracking.prefixCount}`,
    'unexpected_error_replies:0',
    `total_error_replies:${errorReplies}`,
    'dump_payload_sanitizations:0',
    'io_threaded_reads_processed:0',
    'io_threaded_writes_processed:0',
  ];
}

/** The primary's replication state; without a replication service, a lone master with no backlog. */
function replicationLines({ engine }: InfoContext): string[] {
  if (engine.replication !== null) return engine.replication.infoLines();
  return [
    'role:master',
    'connected_slaves:0',
    'master_failover_state:no-failover',
    `master_replid:${engine.host.runId}`,
    'master_replid2:0000000000000000000000000000000000000000',
    'master_repl_offset:0',
    'second_repl_offset:-1',
    'repl_backlog_active:0',
    `repl_backlog_size:${engine.config.integer('repl-backlog-size')}`,
    'repl_backlog_first_byte_offset:0',
    'repl_backlog_histlen:0',
  ];
}

function commandStatsLines({ engine }: InfoContext): string[] {
  const lines: string[] = [];
  for (const [name, { calls, usec, failed, rejected }] of engine.stats.commands) {
    if (calls === 0 && failed === 0 && rejected === 0) continue;
    const perCall = fixed2(calls === 0 ? 0 : usec / calls);
    lines.push(`cmdstat_${name}:calls=${calls},usec=${usec},usec_per_call=${perCall},rejected_calls=${rejected},failed_calls=${failed}`);
  }
  return lines;
}

/** Redis keeps error codes in a radix tree, so they come out sorted. */
function errorStatsLines({ engine }: InfoContext): string[] {
  return [...engine.stats.errors]
    .sort(([first], [second]) => (first < second ? -1 : first > second ? 1 : 0))
    .map(([code, count]) => `errorstat_${code}:count=${count}`);
}

/** Databases with at least one key. avg_ttl is Redis's sampled estimate; Ballast does not sample. */
function keyspaceLines({ engine }: InfoContext): string[] {
  const lines: string[] = [];
  for (let index = 0; index < engine.databaseCount; index++) {
    const database = engine.database(index);
    if (database.size > 0) lines.push(`db${index}:keys=${database.size},expires=${database.expiresSize},avg_ttl=0`);
  }
  return lines;
}

/** getrusage's times as Redis prints them (`%ld.%06ld` seconds); main-thread lines only where measured. */
function cpuLines({ engine }: InfoContext): string[] {
  const usage = engine.host.cpuUsage();
  const lines = [
    `used_cpu_sys:${cpuSeconds(usage.systemUs)}`,
    `used_cpu_user:${cpuSeconds(usage.userUs)}`,
    `used_cpu_sys_children:${cpuSeconds(usage.childrenSystemUs)}`,
    `used_cpu_user_children:${cpuSeconds(usage.childrenUserUs)}`,
  ];
  if (usage.mainThread !== undefined) {
    lines.push(`used_cpu_sys_main_thread:${cpuSeconds(usage.mainThread.systemUs)}`, `used_cpu_user_main_thread:${cpuSeconds(usage.mainThread.userUs)}`);
  }
  return lines;
}

/** Every section Ballast reports, in Redis's order. */
export const INFO_SECTIONS: readonly InfoSection[] = [
  { names: ['server'], title: 'Server', inDefault: true, render: serverLines },
  { names: ['clients'], title: 'Clients', inDefault: true, render: clientsLines },
  { names: ['memory'], title: 'Memory', inDefault: true, render: memoryLines },
  { names: ['persistence'], title: 'Persistence', inDefault: true, render: persistenceLines },
  { names: ['stats'], title: 'Stats', inDefault: true, render: statsLines },
  { names: ['replication'], title: 'Replication', inDefault: true, render: replicationLines },
  { names: ['cpu'], title: 'CPU', inDefault: true, render: cpuLines },
  { names: ['modules', 'module_list'], title: 'Modules', inDefault: true, render: () => [] },
  { names: ['commandstats'], title: 'Commandstats', inDefault: false, render: commandStatsLines },
  { names: ['errorstats'], title: 'Errorstats', inDefault: true, render: errorStatsLines },
  { names: ['latencystats'], title: 'Latencystats', inDefault: false, render: ({ engine }) => latencyStatsLines(engine) },
  { names: ['cluster'], title: 'Cluster', inDefault: true, render: () => ['cluster_enabled:0'] },
  { names: ['keyspace'], title: 'Keyspace', inDefault: true, render: keyspaceLines },
];
