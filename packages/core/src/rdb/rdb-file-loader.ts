/**
 * The RDB file loader, sans-I/O: feed() it the file's bytes in chunks of any size and it returns
 * the records completed so far; end() refuses anything but a complete file (the EOF opcode seen,
 * the CRC-64 verified unless it is stored as 0, nothing after it). It reads what redis-server
 * 7.0's rdbLoad reads: AUX fields, FUNCTION2 and rc-era FUNCTION libraries, SELECTDB, RESIZEDB,
 * EXPIRETIME_MS and EXPIRETIME, IDLE, FREQ and keys of every value type (value-decoder.ts); an
 * empty collection is reported as skipped, as Redis skips it. Module data is refused.
 *
 * Memory stays bounded by the largest record: consumed bytes are dropped, and a record cut by the
 * end of the bytes so far is parsed again only once the buffered part has at least doubled (or
 * grown by what the reader asked for), so even one huge value loads in O(n).
 *
 * Every error is an RdbFormatError naming the file offset; after one, the loader stays failed.
 */
import type { Value } from '../keyspace/values.js';
import type { ByteString } from '../resp/byte-string.js';
import { bytesToByteString } from '../resp/byte-string.js';
import { Crc64 } from './crc64.js';
import type { RdbEncodingLimits } from './encoding-limits.js';
import { readFunctionLibrary } from './function-library.js';
import {
  isObjectType, RDB_OPCODE_AUX, RDB_OPCODE_EOF, RDB_OPCODE_EXPIRETIME, RDB_OPCODE_EXPIRETIME_MS, RDB_OPCODE_FREQ,
  RDB_OPCODE_FUNCTION, RDB_OPCODE_FUNCTION2, RDB_OPCODE_IDLE, RDB_OPCODE_MODULE_AUX, RDB_OPCODE_RESIZEDB, RDB_OPCODE_SELECTDB,
  RDB_TYPE_MODULE, RDB_TYPE_MODULE_2, RDB_VERSION,
} from './rdb-constants.js';
import { RdbFormatError, rdbCheck } from './rdb-error.js';
import { RdbInput, RdbInputShort } from './rdb-input.js';
import { decodeValue } from './value-decoder.js';

export type RdbRecord =
  | { readonly kind: 'aux'; readonly key: ByteString; readonly value: ByteString }
  | { readonly kind: 'function'; readonly code: ByteString }
  | { readonly kind: 'resize'; readonly database: number; readonly keys: number; readonly expires: number }
  | RdbKeyRecord
  | { readonly kind: 'empty-key'; readonly database: number; readonly key: ByteString };

export interface RdbKeyRecord {
  readonly kind: 'key';
  readonly database: number;
  readonly key: ByteString;
  readonly value: Value;
  /** Absolute expiry (ms since the epoch); the caller decides about keys already expired. */
  readonly expireAtMs?: number;
  /** LRU idle time in seconds (IDLE), when the file has it. */
  readonly idleSeconds?: number;
  /** LFU counter (FREQ), when the file has it. */
  readonly frequency?: number;
}

export interface RdbLoaderOptions {
  /** The number of databases: a SELECTDB at or above it is refused. */
  readonly databases: number;
  readonly limits: RdbEncodingLimits;
  /**
   * Refuse a key seen twice in one database (default true). A caller whose key map already
   * reports a duplicate on insertion may turn this off and save the loader's own key set
   * (about a third of the load time for small keys); it must then refuse duplicates itself.
   */
  readonly checkDuplicateKeys?: boolean;
}

const SIGNATURE = 'REDIS';
const HEADER_BYTES = 9;
/** RDB files carry a checksum from version 5 on. */
const CHECKSUM_VERSION_MIN = 5;
const CHECKSUM_BYTES = 8;
const INITIAL_BUFFER_BYTES = 64 * 1024;
/** Characters of a key quoted in an error message. */
const QUOTED_KEY_CHARS = 64;

type Phase = 'header' | 'body' | 'checksum' | 'done';
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function quote(key: ByteString): string {
  return JSON.stringify(key.length > QUOTED_KEY_CHARS ? `${key.slice(0, QUOTED_KEY_CHARS)}…` : key);
}

export class RdbFileLoader {
  /** The file's RDB version, once the header is read. */
  version = 0;
  private buffer = new Uint8Array(INITIAL_BUFFER_BYTES);
  private bufferStart = 0;
  private bufferEnd = 0;
  /** File offset of buffer[bufferStart]. */
  private fileOffset = 0;
  /** Bytes to gather before parsing again after a record was cut short. */
  private waitBytes = 0;
  private phase: Phase = 'header';
  private failure: RdbFormatError | undefined;
  private readonly crc = new Crc64();
  private crcFrom = 0;
  private database = 0;
  private expireAtMs: number | undefined;
  private idleSeconds: number | undefined;
  private frequency: number | undefined;
  private readonly keysByDatabase = new Map<number, Set<ByteString>>();

  constructor(private readonly options: RdbLoaderOptions) {
    rdbCheck(options.databases > 0, 0, 'a loader needs at least one database');
  }

  /** Takes the next bytes of the file; returns the records they completed. */
  feed(chunk: Uint8Array): RdbRecord[] {
    this.throwIfFailed();
    this.append(chunk);
    if (this.bufferEnd - this.bufferStart < this.waitBytes) return [];
    return this.guarded(() => this.parse(false));
  }

  /** The file has ended: returns the last records, or throws unless the file was complete. */
  end(): RdbRecord[] {
    this.throwIfFailed();
    return this.guarded(() => {
      const records = this.parse(true);
      if (this.phase !== 'done') throw new RdbFormatError(this.fileOffset + this.bufferEnd - this.bufferStart, 'unexpected end of file');
      return records;
    });
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failure;
  }

  private guarded(run: () => RdbRecord[]): RdbRecord[] {
    try {
      return run();
    } catch (error) {
      if (error instanceof RdbFormatError) this.failure = error;
      throw error;
    }
  }

  private append(chunk: Uint8Array): void {
    if (this.bufferEnd + chunk.length > this.buffer.length) {
      // The unconsumed bytes move to the front; the buffer grows only when they and the chunk do not fit.
      const kept = this.bufferEnd - this.bufferStart;
      if (kept + chunk.length <= this.buffer.length) {
        this.buffer.copyWithin(0, this.bufferStart, this.bufferEnd);
      } else {
        const grown = new Uint8Array(Math.max(this.buffer.length * 2, kept + chunk.length));
        grown.set(this.buffer.subarray(this.bufferStart, this.bufferEnd));
        this.buffer = grown;
      }
      this.bufferStart = 0;
      this.bufferEnd = kept;
    }
    this.buffer.set(chunk, this.bufferEnd);
    this.bufferEnd += chunk.length;
  }

  private parse(final: boolean): RdbRecord[] {
    const records: RdbRecord[] = [];
    const input = new RdbInput(this.buffer.subarray(this.bufferStart, this.bufferEnd), { offset: this.fileOffset, complete: false });
    this.crcFrom = 0;
    this.waitBytes = 0;
    while (this.phase !== 'done' && input.remaining > 0) {
      const recordStart = input.position;
      try {
        const record = this.step(input);
        if (record !== undefined) records.push(record);
      } catch (error) {
        if (!(error instanceof RdbInputShort)) throw error;
        input.position = recordStart;
        if (final) throw new RdbFormatError(this.fileOffset + input.bytes.length, 'unexpected end of file');
        this.waitBytes = input.remaining + Math.max(error.needed, input.remaining);
        break;
      }
    }
    if (this.phase === 'done' && input.remaining > 0) input.fail('trailing bytes after the end of the file');
    if (this.phase === 'header' || this.phase === 'body') this.crc.update(input.bytes, this.crcFrom, input.position);
    this.bufferStart += input.position;
    this.fileOffset += input.position;
    return records;
  }

  /** Reads one record (or opcode) whole; state changes only once everything it needs was read. */
  private step(input: RdbInput): RdbRecord | undefined {
    if (this.phase === 'header') return this.header(input);
    if (this.phase === 'checksum') return this.checksum(input);
    const at = input.offset;
    const opcode = input.u8();
    switch (opcode) {
      case RDB_OPCODE_EOF:
        this.crc.update(input.bytes, this.crcFrom, input.position);
        this.crcFrom = input.position;
        this.phase = this.version >= CHECKSUM_VERSION_MIN ? 'checksum' : 'done';
        return undefined;
      case RDB_OPCODE_SELECTDB: {
        const database = input.length('database index');
        if (database >= this.options.databases) throw new RdbFormatError(at, `database index ${database} out of range (${this.options.databases} databases)`);
        this.database = database;
        return undefined;
      }
      case RDB_OPCODE_RESIZEDB: {
        const keys = input.length('database size');
        const expires = input.length('expires size');
        return { kind: 'resize', database: this.database, keys, expires };
      }
      case RDB_OPCODE_AUX: {
        const key = input.string();
        const value = input.string();
        return { kind: 'aux', key, value };
      }
      case RDB_OPCODE_FUNCTION:
      case RDB_OPCODE_FUNCTION2:
        return { kind: 'function', code: readFunctionLibrary(input, opcode) };
      case RDB_OPCODE_MODULE_AUX:
        return input.fail('module auxiliary data cannot be loaded: Ballast has no modules', at);
      default:
        return this.keyAttribute(input, opcode, at);
    }
  }

  /** EXPIRETIME_MS, EXPIRETIME, IDLE, FREQ (remembered for the next key) or a key itself. */
  private keyAttribute(input: RdbInput, opcode: number, at: number): RdbRecord | undefined {
    switch (opcode) {
      case RDB_OPCODE_EXPIRETIME_MS:
        this.expireAtMs = input.milliseconds();
        return undefined;
      case RDB_OPCODE_EXPIRETIME:
        this.expireAtMs = (input.u32le() | 0) * 1000;
        return undefined;
      case RDB_OPCODE_IDLE:
        this.idleSeconds = input.length('idle time');
        return undefined;
      case RDB_OPCODE_FREQ:
        this.frequency = input.u8();
        return undefined;
      default:
        if (!isObjectType(opcode)) throw new RdbFormatError(at, `unknown opcode ${opcode}`);
        return this.key(input, opcode);
    }
  }

  private key(input: RdbInput, type: number): RdbRecord {
    const keyAt = input.offset;
    const key = input.string();
    if (type === RDB_TYPE_MODULE || type === RDB_TYPE_MODULE_2) {
      input.fail(`key ${quote(key)} holds a module value (type ${type}), which Ballast cannot load: it has no modules`, keyAt);
    }
    const value = decodeValue(input, type, this.options.limits);
    const database = this.database;
    let keys = this.keysByDatabase.get(database);
    if (keys === undefined && this.options.checkDuplicateKeys !== false) this.keysByDatabase.set(database, (keys = new Set()));
    if (keys?.has(key) === true) throw new RdbFormatError(keyAt, `duplicate key ${quote(key)} in database ${database}`);
    const record: Mutable<RdbKeyRecord> | { kind: 'empty-key'; database: number; key: ByteString } = value === undefined
      ? { kind: 'empty-key', database, key } : { kind: 'key', database, key, value };
    if (record.kind === 'key') {
      keys?.add(key);
      if (this.expireAtMs !== undefined) record.expireAtMs = this.expireAtMs;
      if (this.idleSeconds !== undefined) record.idleSeconds = this.idleSeconds;
      if (this.frequency !== undefined) record.frequency = this.frequency;
    }
    this.expireAtMs = undefined;
    this.idleSeconds = undefined;
    this.frequency = undefined;
    return record;
  }

  private header(input: RdbInput): undefined {
    const bytes = input.raw(HEADER_BYTES, 'the header');
    const text = bytesToByteString(bytes);
    rdbCheck(text.startsWith(SIGNATURE), 0, 'not an RDB file (no REDIS signature)');
    const digits = text.slice(SIGNATURE.length);
    const version = /^[0-9]{4}$/.test(digits) ? Number(digits) : -1;
    if (version < 1 || version > RDB_VERSION) throw new RdbFormatError(SIGNATURE.length, `unsupported RDB version ${JSON.stringify(digits)}`);
    this.version = version;
    this.phase = 'body';
    return undefined;
  }

  private checksum(input: RdbInput): undefined {
    const at = input.offset;
    const stored = input.raw(CHECKSUM_BYTES, 'the checksum');
    const disabled = stored.every((byte) => byte === 0);
    rdbCheck(disabled || this.crc.matches(stored, 0), at, 'bad CRC-64');
    this.phase = 'done';
    return undefined;
  }
}
