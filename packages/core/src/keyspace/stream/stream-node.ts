/**
 * StreamNode: a run of stream entries in ID order, Ballast's form of Redis's listpack node.
 * The field names of the node's first entry are its master fields (Redis's master entry): an
 * entry with the same names stores only its values, so a stream whose entries share their
 * field names keeps one copy of the names per node. Fields and values of all entries sit in
 * one flat array; per entry the node keeps its ID and one small integer, `starts[i]`, packing
 * where its strings begin with two flags (values only; deleted). No per-entry object is
 * allocated: an entry costs its ID string, its value strings and a few array slots.
 *
 * A deleted entry stays as a tombstone until the node empties (then the stream drops the node),
 * as in Redis; `live` counts the others.
 */
import type { ByteString } from '../../resp/byte-string.js';
import type { StreamId } from './stream-id.js';

const VALUES_ONLY = 1;
const DELETED = 2;
const FLAG_BITS = 4;

const NODE_HEADER_BYTES = 12;
const ENTRY_OVERHEAD_BYTES = 8;

export class StreamNode {
  live = 0;

  private constructor(
    readonly master: readonly ByteString[],
    /** About what Redis's listpack for these entries would take (it decides when a node is full). */
    public bytes: number,
    readonly ids: StreamId[] = [],
    /** Per entry: start in `data` × FLAG_BITS + flags. */
    private readonly starts: number[] = [],
    private readonly data: ByteString[] = [],
  ) {}

  /** A node whose master fields are those of `fields` (field, value, field, value…). */
  static startingWith(fields: readonly ByteString[]): StreamNode {
    const master: ByteString[] = [];
    let bytes = NODE_HEADER_BYTES;
    for (let index = 0; index < fields.length; index += 2) {
      master.push(fields[index]);
      bytes += fields[index].length + 2;
    }
    return new StreamNode(master, bytes);
  }

  private sameFieldsAsMaster(fields: readonly ByteString[]): boolean {
    if (fields.length !== this.master.length * 2) return false;
    for (let index = 0; index < this.master.length; index++) if (fields[index * 2] !== this.master[index]) return false;
    return true;
  }

  append(id: StreamId, fields: readonly ByteString[]): void {
    const valuesOnly = this.sameFieldsAsMaster(fields);
    this.starts.push(this.data.length * FLAG_BITS + (valuesOnly ? VALUES_ONLY : 0));
    let bytes = ENTRY_OVERHEAD_BYTES;
    for (let index = valuesOnly ? 1 : 0; index < fields.length; index += valuesOnly ? 2 : 1) {
      this.data.push(fields[index]);
      bytes += fields[index].length + 2;
    }
    this.ids.push(id);
    this.live++;
    this.bytes += bytes;
  }

  isLive(position: number): boolean {
    return (this.starts[position] & DELETED) === 0;
  }

  /** The entry's fields and values, in order (a fresh array). */
  fieldsAt(position: number): ByteString[] {
    const packed = this.starts[position];
    const start = Math.floor(packed / FLAG_BITS);
    const end = position + 1 < this.starts.length ? Math.floor(this.starts[position + 1] / FLAG_BITS) : this.data.length;
    if ((packed & VALUES_ONLY) === 0) return this.data.slice(start, end);
    const fields: ByteString[] = new Array<ByteString>((end - start) * 2);
    for (let index = start; index < end; index++) {
      fields[(index - start) * 2] = this.master[index - start];
      fields[(index - start) * 2 + 1] = this.data[index];
    }
    return fields;
  }

  /** Marks the entry deleted; false when it already was. Its strings stay until the node goes. */
  deleteAt(position: number): boolean {
    if (!this.isLive(position)) return false;
    this.starts[position] |= DELETED;
    this.live--;
    return true;
  }

  clone(): StreamNode {
    const copy = new StreamNode(this.master, this.bytes, this.ids.slice(), this.starts.slice(), this.data.slice());
    copy.live = this.live;
    return copy;
  }
}
