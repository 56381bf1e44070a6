/**
 * Where the AOF files live inside `<dir>/<appenddirname>`: one folder per shard holding its
 * base snapshots and incremental files, named by a sequence number that never repeats.
 */
export function shardDirectory(shard: number): string {
  return `shard-${shard}`;
}

export function incrementalFileName(shard: number, sequence: number): string {
  return `${shardDirectory(shard)}/incr-${sequence}.aof`;
}

export function baseFileName(shard: number, sequence: number): string {
  return `${shardDirectory(shard)}/base-${sequence}.aof`;
}

/** The evidence file a truncation leaves beside the file it cut. */
export function sidecarFileName(file: string, offset: number): string {
  return `${file}.torn-${offset}`;
}
