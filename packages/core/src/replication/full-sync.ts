/**
 * A full sync's two halves: taking the snapshot (a copy-on-write capture of every shard, the
 * same capture BGSAVE and the AOF rewrite use, holding the engine's one snapshot slot), and
 * sending it to the replica as Redis 7.0's RDB — with an EOF marker (`$EOF:<40 chars>`, the
 * RDB, the marker again) to a replica that said `capa eof`, else as a bulk (`$<length>` then the
 * bytes, no trailing CRLF). Encoding runs in bounded steps and waits while the replica's link
 * holds more than TRANSFER_WINDOW_BYTES, so a slow replica neither blocks clients nor makes the
 * primary buffer the whole file.
 */
import { REDIS_COMPATIBLE_VERSION } from '../config/redis-version.js';
import type { Engine } from '../engine/engine.js';
import { captureDatabases, newSnapshotEpoch, type DatabaseCopy } from '../durability/shard-snapshot.js';
import { encodingLimitsOf } from '../rdb/encoding-limits.js';
import { rdbFileChunks } from '../rdb/rdb-file-writer.js';
import type { ReplicaChannel } from '../commands/services.js';
import type { SyncSnapshot } from './replica-link.js';
import { yieldToLoop } from '../durability/atomic-file.js';

/** Unsent bytes a replica's link may hold before the transfer waits for it to drain. */
export const TRANSFER_WINDOW_BYTES = 4 * 1024 * 1024;
/** How long the transfer waits before looking at a full link again. */
const DRAIN_POLL_MS = 5;

/**
 * Takes a snapshot of every shard now for a full sync, at stream offset `offset` (the end of the
 * last unit logged); null while another snapshot (BGSAVE, AOF rewrite) holds the slot.
 */
export function takeSyncSnapshot(engine: Engine, replicationId: string, offset: number): SyncSnapshot | null {
  if (engine.snapshotGuard.activeEpoch !== 0) return null;
  const epoch = newSnapshotEpoch();
  engine.snapshotGuard.activeEpoch = epoch;
  const databases: DatabaseCopy[] = engine.shards.flatMap((shard) => captureDatabases(shard, epoch));
  return {
    lsn: engine.lastLoggedLsn,
    offset,
    epoch,
    image: {
      databases,
      functionLibraries: engine.scripting.libraryCodes(),
      aux: {
        redisVersion: REDIS_COMPATIBLE_VERSION, ctimeSeconds: Math.floor(engine.clock.now() / 1000),
        usedMemoryBytes: engine.host.memoryUsage().usedBytes, aofBase: false,
        replication: { streamDb: 0, id: replicationId, offset },
      },
    },
  };
}

/** Gives the snapshot slot back (the transfer ended, or the replica left before it began). */
export function releaseSyncSnapshot(engine: Engine, snapshot: SyncSnapshot): void {
  if (engine.snapshotGuard.activeEpoch === snapshot.epoch) engine.snapshotGuard.activeEpoch = 0;
}

export interface TransferOptions {
  readonly engine: Engine;
  readonly channel: ReplicaChannel;
  readonly snapshot: SyncSnapshot;
  /** capa eof: the marker form; else the length-prefixed bulk. */
  readonly eofMarker: string | null;
}

/** Sends the snapshot as an RDB; resolves to false when the link closed before the end. */
export async function sendSnapshot({ engine, channel, snapshot, eofMarker }: TransferOptions): Promise<boolean> {
  const config = engine.config;
  const chunks = rdbFileChunks(snapshot.image, {
    compression: config.boolean('rdbcompression'), checksum: config.boolean('rdbchecksum'), limits: encodingLimitsOf(config),
  });
  const encoder = new TextEncoder();
  if (eofMarker !== null) {
    channel.write(encoder.encode(`$EOF:${eofMarker}\r\n`));
    for (const chunk of chunks) {
      if (channel.closed) return false;
      if (chunk.length > 0) channel.write(chunk);
      await drain(engine, channel);
    }
    if (channel.closed) return false;
    channel.write(encoder.encode(eofMarker));
    return true;
  }
  // Without capa eof the length comes first: the file is encoded whole (in steps) before it is sent.
  const parts: Uint8Array[] = [];
  let length = 0;
  for (const chunk of chunks) {
    if (channel.closed) return false;
    parts.push(chunk);
    length += chunk.length;
    await yieldToLoop(engine.clock);
  }
  channel.write(encoder.encode(`$${length}\r\n`));
  for (const part of parts) {
    if (channel.closed) return false;
    if (part.length > 0) channel.write(part);
    await drain(engine, channel);
  }
  return !channel.closed;
}

async function drain(engine: Engine, channel: ReplicaChannel): Promise<void> {
  await yieldToLoop(engine.clock);
  while (!channel.closed && channel.pendingBytes() > TRANSFER_WINDOW_BYTES) {
    await new Promise<void>((resolve) => void engine.clock.schedule(DRAIN_POLL_MS, resolve));
  }
}
