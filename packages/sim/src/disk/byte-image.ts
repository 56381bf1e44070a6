/**
 * ByteImage: the bytes of one file as a growable buffer. Bytes past `length` are always zero,
 * so a write past the end or a growing truncate leaves a hole of zeros, as on a real file.
 * Appending is amortised O(bytes appended): the simulated AOF grows by many small writes.
 */

const CAPACITY_MIN_BYTES = 64;

export class ByteImage {
  private bytes: Uint8Array;
  private used: number;

  constructor(initial: Uint8Array = new Uint8Array(0)) {
    this.bytes = new Uint8Array(Math.max(CAPACITY_MIN_BYTES, initial.length));
    this.bytes.set(initial);
    this.used = initial.length;
  }

  get length(): number {
    return this.used;
  }

  /** A copy of up to `length` bytes at `offset`; fewer at the end. */
  read(offset: number, length: number): Uint8Array {
    const start = Math.min(offset, this.used);
    return this.bytes.slice(start, Math.min(this.used, offset + length));
  }

  /** A copy of the whole image. */
  snapshot(): Uint8Array {
    return this.bytes.slice(0, this.used);
  }

  write(offset: number, data: Uint8Array): void {
    if (!(Number.isSafeInteger(offset) && offset >= 0)) throw new Error(`ByteImage: bad offset ${offset}`);
    const end = offset + data.length;
    this.reserve(end);
    this.bytes.set(data, offset);
    this.used = Math.max(this.used, end);
  }

  truncate(length: number): void {
    if (!(Number.isSafeInteger(length) && length >= 0)) throw new Error(`ByteImage: bad length ${length}`);
    if (length < this.used) this.bytes.fill(0, length, this.used);
    else this.reserve(length);
    this.used = length;
  }

  clone(): ByteImage {
    return new ByteImage(this.bytes.subarray(0, this.used));
  }

  private reserve(length: number): void {
    if (length <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(length, this.bytes.length * 2));
    grown.set(this.bytes.subarray(0, this.used));
    this.bytes = grown;
  }
}
