/**
 * One replica attached to this primary, from its PSYNC/SYNC to its disconnection: where it is in
 * its synchronization, what it acknowledged, and the stream held for it while its full sync runs.
 *
 * States, as Redis names them in INFO: `wait_bgsave` (its snapshot is taken and waits until
 * everything in it is committed locally, or the snapshot slot is busy), `send_bulk` (the RDB is
 * being sent), `online` (it receives the stream). A diskless transfer ends in `online` with the
 * stream held until the replica's first ACK, as Redis 7.0 does.
 */
import type { ReplicaChannel } from '../commands/services.js';
import type { ByteString } from '../resp/byte-string.js';
import type { RdbImage } from '../rdb/rdb-image.js';

export type ReplicaState = 'wait_bgsave' | 'send_bulk' | 'online';

/** What REPLCONF told about a replica before it synchronized (Redis keeps it on the client). */
export interface ReplicaHandshake {
  listeningPort: number;
  ipAddress: ByteString | null;
  /** capa eof: the RDB may be sent with an EOF marker (diskless). */
  eof: boolean;
  /** capa psync2: +CONTINUE names the replication ID. */
  psync2: boolean;
  /** REPLCONF rdb-only 1: the replica wants the RDB only (redis-cli --rdb). */
  rdbOnly: boolean;
}

export function newHandshake(): ReplicaHandshake {
  return { listeningPort: 0, ipAddress: null, eof: false, psync2: false, rdbOnly: false };
}

/** A full sync's snapshot: taken at `lsn`, it is the state at stream offset `offset`. */
export interface SyncSnapshot {
  readonly lsn: number;
  readonly offset: number;
  readonly image: RdbImage;
  readonly epoch: number;
}

export class ReplicaLink {
  state: ReplicaState;
  /** Highest offset the replica acknowledged (REPLCONF ACK), and when (wall ms). */
  ackOffset = 0;
  /** Highest offset a Ballast replica made durable in its own AOF (REPLCONF ACK … FACK); null for a replica that never said (redis-server). */
  durableOffset: number | null = null;
  ackTimeMs: number;
  /** The stream is held until the first ACK (a diskless transfer just ended). */
  streamOnAck = false;
  /** The full sync's snapshot while it is being prepared or sent. */
  snapshot: SyncSnapshot | null = null;
  /** The first stream offset this replica needs (a full sync's: its snapshot's, once taken). */
  fromOffset: number;
  /** It asked with PSYNC (it is told +FULLRESYNC), not SYNC. */
  psync = true;
  /** Stream bytes held while the replica is not yet receiving it, with the offset each starts at. */
  private held: Array<{ readonly bytes: Uint8Array; readonly start: number }> = [];
  heldBytes = 0;

  constructor(
    readonly channel: ReplicaChannel,
    readonly handshake: ReplicaHandshake,
    state: ReplicaState,
    fromOffset: number,
    nowMs: number,
  ) {
    this.state = state;
    this.fromOffset = fromOffset;
    this.ackTimeMs = nowMs;
  }

  /** Receives the stream now (not in a full sync, not waiting for its first ACK). */
  get streaming(): boolean {
    return this.state === 'online' && !this.streamOnAck && !this.handshake.rdbOnly;
  }

  /** Stream bytes [startOffset, startOffset + bytes.length): sent now, held for later, or not for this replica. */
  offer(bytes: Uint8Array, startOffset: number): void {
    if (this.channel.closed || this.handshake.rdbOnly || startOffset < this.fromOffset) return;
    if (this.streaming) {
      this.channel.write(bytes);
      return;
    }
    this.held.push({ bytes, start: startOffset });
    this.heldBytes += bytes.length;
  }

  /**
   * The full sync's snapshot was taken at stream offset `offset`: the replica needs the stream
   * from there only. Bytes held before it (offered while the snapshot waited for the slot) are in
   * the snapshot, and sending them after it would apply those writes twice.
   */
  startAt(offset: number): void {
    this.fromOffset = offset;
    const kept = this.held.filter(({ start }) => start >= offset);
    this.held = kept;
    this.heldBytes = kept.reduce((sum, { bytes }) => sum + bytes.length, 0);
  }

  /** Starts the stream: sends what was held. */
  startStream(): void {
    this.streamOnAck = false;
    this.state = 'online';
    for (const { bytes } of this.held) this.channel.write(bytes);
    this.held = [];
    this.heldBytes = 0;
  }

  /** Bytes waiting for this replica: held here and unsent in its connection (client-output-buffer-limit replica). */
  get outputBytes(): number {
    return this.heldBytes + this.channel.pendingBytes();
  }

  /** `ip`, as INFO and ROLE show it: what REPLCONF ip-address said, else the link's peer address. */
  get ip(): string {
    if (this.handshake.ipAddress !== null) return this.handshake.ipAddress;
    const address = this.channel.address;
    const colon = address.lastIndexOf(':');
    return colon < 0 ? address : address.slice(0, colon);
  }
}
