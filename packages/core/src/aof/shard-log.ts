/**
 * ShardLog: the open incremental AOF file of one shard and the frames waiting to be written to
 * it. Entries are encoded into the pending buffer as units close; a batch takes the buffer
 * (plus a seal) and writes it at the file's end. A batch's range of the file is reserved when
 * its write starts, so batches land at disjoint offsets in order even when two are in flight
 * (group commit's O_DSYNC batches under always, BATCHES_IN_FLIGHT_MAX). Asserted here, paired
 * with the scan's checks on the read side (recovery/log-scan.ts): entry LSNs strictly increase
 * within a shard's log, and a seal covers every entry of its batch and names this shard's last.
 */
import type { Effect } from './effect.js';
import type { FileHandle } from '../io/file-system.js';
import { assert } from '../assert.js';
import { ByteWriter } from './byte-writer.js';
import { beginFrame, endFrame, FrameKind, writeSeal, type Seal } from './frame.js';

export class ShardLog {
  private readonly pending = new ByteWriter(64 * 1024);
  /** Highest LSN handed to this shard's log (0: none). */
  lastLsn: number;

  constructor(
    readonly shard: number,
    public file: FileHandle,
    /** Bytes in the file (where the next batch is written). */
    public fileBytes: number,
    lastLsn: number,
  ) {
    this.lastLsn = lastLsn;
  }

  get pendingBytes(): number {
    return this.pending.length;
  }

  /** Encodes one unit's effects on this shard as an entry frame under `lsn`. */
  appendEntry(lsn: number, effects: readonly Effect[]): void {
    assert(Number.isSafeInteger(lsn) && lsn > this.lastLsn, () => `shard ${this.shard}: entry LSN ${lsn} after ${this.lastLsn} (LSNs strictly increase)`);
    const start = beginFrame(this.pending, FrameKind.Entry, lsn);
    let database = 0;
    for (const effect of effects) {
      if (effect.database !== database) {
        database = effect.database;
        this.pending.command(['SELECT', String(database)]);
      }
      this.pending.command(effect.args);
    }
    endFrame(this.pending, start);
    this.lastLsn = lsn;
  }

  /**
   * Takes the pending frames followed by `seal`, ready to be written at `fileBytes`. A batch
   * that will be synced (`blockAligned`) ends on a block boundary: later appends never share a
   * block with committed frames.
   */
  takeBatch(seal: Seal, { blockAligned }: { readonly blockAligned: boolean }): Uint8Array {
    assert(seal.lsn >= this.lastLsn, () => `shard ${this.shard}: seal G ${seal.lsn} below the batch's last entry ${this.lastLsn}`);
    assert(seal.last[this.shard] === this.lastLsn, () => `shard ${this.shard}: seal names last[${this.shard}] = ${seal.last[this.shard]}, the log's last entry is ${this.lastLsn}`);
    writeSeal(this.pending, seal, blockAligned ? this.fileBytes : undefined);
    return this.pending.take();
  }

  /** Writes `bytes` at the end of the file; when `durable`, resolves once they are on disk. */
  async write(bytes: Uint8Array, { durable }: { readonly durable: boolean }): Promise<void> {
    const offset = this.fileBytes;
    this.fileBytes += bytes.length;
    if (!durable) return this.file.write(offset, bytes);
    if (this.file.writeDurable !== undefined) return this.file.writeDurable(offset, bytes);
    await this.file.write(offset, bytes);
    await this.file.sync();
  }
}
