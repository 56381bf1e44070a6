/**
 * What an RDB file holds, as the writer takes it: the databases (several entries may share an
 * index — one per shard — and are written under one SELECTDB), the function libraries' code and
 * the AUX fields redis-server 7.0 writes. Structural, so a shard snapshot's database copies fit.
 */
import type { Value } from '../keyspace/values.js';
import type { ByteString } from '../resp/byte-string.js';

export interface RdbDatabaseImage {
  readonly index: number;
  readonly keys: readonly ByteString[];
  readonly values: readonly Value[];
  /** Keys with a TTL and their absolute expiry times (ms since the epoch), in parallel arrays. */
  readonly expireKeys: readonly ByteString[];
  readonly expireTimes: readonly number[];
}

export interface RdbReplicationAux {
  readonly streamDb: number;
  /** The replication ID (40 hex characters). */
  readonly id: ByteString;
  readonly offset: number;
}

export interface RdbAux {
  readonly redisVersion: ByteString;
  readonly ctimeSeconds: number;
  readonly usedMemoryBytes: number;
  /** True for an AOF base file (aof-base 1). */
  readonly aofBase: boolean;
  readonly replication?: RdbReplicationAux;
}

export interface RdbImage {
  readonly databases: readonly RdbDatabaseImage[];
  readonly functionLibraries: readonly ByteString[];
  readonly aux: RdbAux;
}
