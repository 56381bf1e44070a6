/**
 * The replication backlog: the last `capacityBytes` of the shipped stream, so a replica that
 * lost its link can continue (PSYNC +CONTINUE) from any offset still held. Offsets are absolute
 * stream offsets; the backlog holds [startOffset, endOffset). A ring of bytes: appending never
 * allocates once the ring is full.
 */
import { assert } from '../assert.js';

export class ReplicationBacklog {
  private ring: Uint8Array;
  /** Stream offset of the byte after the last one appended. */
  endOffset: number;
  /** Stream offset of the oldest byte held. */
  startOffset: number;

  constructor(capacityBytes: number, offset: number) {
    assert(capacityBytes > 0, 'backlog capacity must be positive');
    this.ring = new Uint8Array(capacityBytes);
    this.endOffset = offset;
    this.startOffset = offset;
  }

  get capacityBytes(): number {
    return this.ring.length;
  }

  get heldBytes(): number {
    return this.endOffset - this.startOffset;
  }

  append(bytes: Uint8Array): void {
    const capacity = this.ring.length;
    const tail = bytes.length > capacity ? bytes.subarray(bytes.length - capacity) : bytes;
    let at = (this.endOffset + bytes.length - tail.length) % capacity;
    let from = 0;
    while (from < tail.length) {
      const count = Math.min(tail.length - from, capacity - at);
      this.ring.set(tail.subarray(from, from + count), at);
      from += count;
      at = (at + count) % capacity;
    }
    this.endOffset += bytes.length;
    this.startOffset = Math.max(this.startOffset, this.endOffset - capacity);
  }

  /** True when the bytes from `offset` to the end are held (a partial resync can start there). */
  holds(offset: number): boolean {
    return offset >= this.startOffset && offset <= this.endOffset;
  }

  /** The bytes from `offset` to the end, copied. */
  readFrom(offset: number): Uint8Array {
    assert(this.holds(offset), () => `backlog holds [${this.startOffset}, ${this.endOffset}), not ${offset}`);
    const out = new Uint8Array(this.endOffset - offset);
    const capacity = this.ring.length;
    let at = offset % capacity;
    let done = 0;
    while (done < out.length) {
      const count = Math.min(out.length - done, capacity - at);
      out.set(this.ring.subarray(at, at + count), done);
      done += count;
      at = (at + count) % capacity;
    }
    return out;
  }

  /** repl-backlog-size changed: keeps the newest bytes that fit. */
  resize(capacityBytes: number): void {
    if (capacityBytes === this.ring.length) return;
    const keepFrom = Math.max(this.startOffset, this.endOffset - capacityBytes);
    const kept = this.readFrom(keepFrom);
    this.ring = new Uint8Array(capacityBytes);
    this.startOffset = keepFrom;
    this.endOffset = keepFrom;
    this.append(kept);
    this.startOffset = keepFrom;
  }
}
