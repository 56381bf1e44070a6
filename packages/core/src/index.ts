/**
 * @ballast/core: the pure heart of Ballast. Everything a host needs to run the server (Engine,
 * Config, the I/O interfaces) and everything a client needs to speak RESP (the codec).
 */
export * from './io/index.js';
export * from './resp/index.js';
export { Config, parseConfigValue, formatConfigValue, type ConfigApplier, type ConfigSetFailure, type ConfigValue } from './config/config.js';
export { CONFIG_OPTIONS, findConfigOption, type ConfigOption, type ConfigType } from './config/schema.js';
export { Engine, type EngineOptions, type LogLevel, type ShutdownSave } from './engine/engine.js';
export { LOCAL_FSYNC, type ReplyWait } from './engine/reply-gate.js';
export type { DurabilityPort } from './effects/durability-port.js';
export type { ClientConnection } from './engine/client-connection.js';
export type { ConnectionHost } from './engine/connection-host.js';
export type { HostInfo, CpuUsage, ClientState, ClientSession, EngineServices, ServerStats } from './commands/services.js';
export { REDIS_COMPATIBLE_VERSION } from './config/redis-version.js';
export { CommandTable } from './commands/table.js';
export { ALL_COMMANDS } from './engine/engine-commands.js';
export { infoSections } from './commands/server/info.js';
export type { InfoContext } from './commands/server/info-sections.js';
export type { CommandDefinition, CommandSpec, CommandFlag, CommandGroup } from './commands/types.js';
export { keyHashSlot, HASH_SLOT_COUNT } from './routing/hash-slot.js';
export { SlotTable } from './routing/slot-table.js';
export { crc16 } from './routing/crc16.js';
export { Persistence, type PersistenceOptions, type RewriteStatus } from './durability/persistence.js';
export { GroupCommit, FSYNC_INTERVAL_MS, type FsyncMode } from './durability/group-commit.js';
export { RdbSnapshots, savePoints, type RdbSnapshotsOptions } from './durability/rdb-snapshots.js';
export { ReplicationPrimary, type ReplicationPrimaryOptions } from './replication/replication-primary.js';
export { ReplicationNode, type ReplicationNodeOptions } from './replication/replication-node.js';
export { FileSystemAclStore, type AclFileLocation } from './durability/acl-file-store.js';
export { parseAclFile, type AclFileStore } from './commands/acl/acl-file.js';
export { loadDump, dumpExists, DumpLoadRefusal, type DumpLoadResult } from './durability/rdb-load.js';
export { openDataDirectory, aofHoldsNothing, type DataDirectoryOptions } from './durability/data-directory.js';
export { DatasetReload, type DatasetReloadOptions } from './durability/dataset-reload.js';
export { datasetDigest, valueDigest, digestHex } from './keyspace/dataset-digest.js';
export { recover, RecoveryRefusal, CORRUPTION_RUNBOOK, type RecoveryOptions, type RecoveryResult } from './recovery/recover.js';
export {
  planRecovery, RECOVERY_DECISIONS, isStartPlan, type RecoveryPlan, type RecoveryPlanKind, type RecoveryDecision, type RecoveryEvidence, type RefusalPlan,
  type StartPlan, type Corruption, type DamageSite, type TornTail, type Truncation, type LsnRange, type ShardStart,
} from './recovery/recovery-plan.js';
export { describeRecoveryPlan, type RecoveryPlanText } from './recovery/describe-plan.js';
export { readManifestEvidence, readRecoveryEvidence } from './recovery/recovery-evidence.js';
export { applyEntry } from './recovery/apply-entry.js';
export { scanLog, type ScannedLog, type ScannedFrame, type Damage } from './recovery/log-scan.js';
export { computeDurableCut, type ShardEvidence, type DurableCut } from './recovery/durable-cut.js';
export { readManifest, writeManifest, MANIFEST_FILE } from './manifest/manifest-store.js';
export { encodeManifest, decodeManifest, ManifestError, type Manifest, type ShardFiles, type BaseFile } from './manifest/manifest.js';
export { readFrame, decodeSeal, FrameKind, FRAME_HEADER_BYTES, type Seal, type FrameRead } from './aof/frame.js';
export { crc32c } from './aof/crc32c.js';
export type { ConfigFileServices, PersistenceServices } from './commands/services.js';
export { reshard, type ReshardOptions, type ReshardResult } from './durability/reshard.js';
export { dumpKeyspace } from './engine/keyspace-dump.js';
export { EMPTY_DATABASE_BYTES } from './keyspace/memory-model.js';
export { MAXMEMORY_POLICIES, type MaxmemoryPolicy } from './engine/eviction.js';
export type { Effect, UnitEffects } from './aof/effect.js';
export { sha1hex } from './lua/index.js';
export {
  RdbFileLoader, type RdbRecord, type RdbKeyRecord, type RdbLoaderOptions,
} from './rdb/rdb-file-loader.js';
export { rdbFileChunks, type RdbWriteOptions, type RdbImage, type RdbDatabaseImage, type RdbAux, type RdbReplicationAux } from './rdb/rdb-file-writer.js';
export {
  encodeDumpPayload, decodeDumpPayload, verifyDumpPayload, DUMP_BAD_DATA_FORMAT, DUMP_VERSION_OR_CHECKSUM_WRONG, type DumpOptions, type DumpDecoding,
} from './rdb/dump-payload.js';
export { RdbFormatError } from './rdb/rdb-error.js';
export { Crc64 } from './rdb/crc64.js';
export { lzfCompress, lzfDecompress, rdbCompressor } from './rdb/lzf.js';
export { DEFAULT_ENCODING_LIMITS, type RdbEncodingLimits } from './rdb/encoding-limits.js';
export { HashValue, ListValue, SetValue, SortedSetValue, StreamValue, typeOfValue, type Value, type ValueType } from './keyspace/values.js';
export { RDB_VERSION } from './rdb/rdb-constants.js';
