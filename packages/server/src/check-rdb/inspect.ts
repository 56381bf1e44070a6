/**
 * Reads an RDB dump without changing it, in chunks, through core's RdbFileLoader — the loader
 * ballast-server's start uses, with the same checks (CRC-64, lengths, blobs, duplicate keys,
 * database range, module types) — and tallies what it holds: the AUX fields, the function
 * libraries, per database the keys of each type, those with an expiry and those already expired
 * at `nowMs`, the empty keys a load skips, and whether the checksum was verified or stored as 0.
 * Damage ends the reading: the inspection then holds what came before it, and the damage.
 * Memory stays bounded by one chunk plus the largest value, as in a load.
 */
import { promises as fs } from 'node:fs';
import { DEFAULT_ENCODING_LIMITS, RdbFileLoader, RdbFormatError, typeOfValue, type ByteString, type RdbRecord, type ValueType } from '@ballast/core';

const READ_BYTES = 1024 * 1024;
/** RDB files carry a CRC-64 trailer from version 5 on. */
const CHECKSUM_VERSION_MIN = 5;
const CHECKSUM_BYTES = 8;

export interface DatabaseTally {
  readonly index: number;
  keys: number;
  readonly keysByType: Map<ValueType, number>;
  /** Keys with an expiry time, including those already expired. */
  expires: number;
  alreadyExpired: number;
  /** Empty collections (Redis 7.0 could write them): skipped by a load, not counted in `keys`. */
  emptyKeys: number;
  /** The RESIZEDB hint: what the writer announced for this database. */
  announced: { readonly keys: number; readonly expires: number } | null;
}

export interface FunctionLibrary {
  readonly name: string;
  readonly engine: string;
}

/** verified: a CRC-64 matched; absent: stored as 0 (rdbchecksum no), not checked; none: a version before 5 has none. */
export type ChecksumState = 'verified' | 'absent' | 'none';

export interface DumpInspection {
  readonly file: string;
  readonly bytes: number;
  /** The RDB version of the header; 0 when the header was not read. */
  readonly version: number;
  readonly aux: ReadonlyArray<readonly [ByteString, ByteString]>;
  readonly functionLibraries: readonly FunctionLibrary[];
  /** Databases in the order the file selects them. */
  readonly databases: readonly DatabaseTally[];
  /** Null when the file is damaged. */
  readonly checksum: ChecksumState | null;
  /** The first problem: where reading stopped and why. Null when the whole file loads. */
  readonly damage: { readonly offset: number; readonly reason: string } | null;
  /** The instant keys were judged expired against. */
  readonly nowMs: number;
}

export interface InspectOptions {
  /** ballast-server's `databases`: a SELECTDB at or above it is damage, as at start. */
  readonly databases: number;
  readonly nowMs: number;
  /** Bytes read per chunk (tests use small ones). */
  readonly readBytes?: number;
}

/** Inspects the RDB file `file`; throws only for I/O errors (RdbFormatError becomes `damage`). */
export async function inspectDump(file: string, options: InspectOptions): Promise<DumpInspection> {
  const loader = new RdbFileLoader({ databases: options.databases, limits: DEFAULT_ENCODING_LIMITS });
  const tally = new Tally(options.nowMs);
  const handle = await fs.open(file, 'r');
  let bytes = 0;
  let damage: DumpInspection['damage'] = null;
  const tail = new Uint8Array(CHECKSUM_BYTES);
  try {
    bytes = (await handle.stat()).size;
    const chunk = new Uint8Array(Math.max(1, options.readBytes ?? READ_BYTES));
    try {
      for (let offset = 0; offset < bytes;) {
        const { bytesRead } = await handle.read(chunk, 0, Math.min(chunk.length, bytes - offset), offset);
        if (bytesRead === 0) break;
        const piece = chunk.subarray(0, bytesRead);
        keepTail(tail, piece);
        offset += bytesRead;
        for (const record of loader.feed(piece)) tally.add(record);
      }
      for (const record of loader.end()) tally.add(record);
    } catch (error) {
      if (!(error instanceof RdbFormatError)) throw error;
      damage = { offset: error.offset, reason: error.reason };
    }
  } finally {
    await handle.close();
  }
  const checksum = damage !== null ? null
    : loader.version < CHECKSUM_VERSION_MIN ? 'none'
      : tail.every((byte) => byte === 0) ? 'absent' : 'verified';
  return {
    file, bytes, version: loader.version, aux: tally.aux, functionLibraries: tally.libraries, databases: tally.databaseList(),
    checksum, damage, nowMs: options.nowMs,
  };
}

/** Shifts `piece`'s last bytes into `tail`, which then holds the last 8 bytes read so far. */
function keepTail(tail: Uint8Array, piece: Uint8Array): void {
  if (piece.length >= tail.length) {
    tail.set(piece.subarray(piece.length - tail.length));
    return;
  }
  tail.copyWithin(0, piece.length);
  tail.set(piece, tail.length - piece.length);
}

/** The library's name and engine from its code's first line: `#!<engine> name=<name> …`. */
export function libraryOf(code: ByteString): FunctionLibrary {
  const firstLine = code.slice(0, code.indexOf('\n') >= 0 ? code.indexOf('\n') : code.length);
  const shebang = /^#!(\S*)(.*)$/.exec(firstLine);
  const name = shebang === null ? undefined : /(?:^|\s)name=(\S+)/.exec(shebang[2])?.[1];
  return { name: name ?? '(no name)', engine: shebang?.[1] ?? '(no shebang)' };
}

class Tally {
  readonly aux: [ByteString, ByteString][] = [];
  readonly libraries: FunctionLibrary[] = [];
  private readonly databases = new Map<number, DatabaseTally>();

  constructor(private readonly nowMs: number) {}

  add(record: RdbRecord): void {
    switch (record.kind) {
      case 'aux':
        this.aux.push([record.key, record.value]);
        return;
      case 'function':
        this.libraries.push(libraryOf(record.code));
        return;
      case 'resize':
        this.database(record.database).announced = { keys: record.keys, expires: record.expires };
        return;
      case 'empty-key':
        this.database(record.database).emptyKeys++;
        return;
      case 'key': {
        const database = this.database(record.database);
        const type = typeOfValue(record.value);
        database.keys++;
        database.keysByType.set(type, (database.keysByType.get(type) ?? 0) + 1);
        if (record.expireAtMs !== undefined) {
          database.expires++;
          if (record.expireAtMs <= this.nowMs) database.alreadyExpired++;
        }
        return;
      }
    }
  }

  databaseList(): DatabaseTally[] {
    return [...this.databases.values()];
  }

  private database(index: number): DatabaseTally {
    let database = this.databases.get(index);
    if (database === undefined) {
      database = { index, keys: 0, keysByType: new Map(), expires: 0, alreadyExpired: 0, emptyKeys: 0, announced: null };
      this.databases.set(index, database);
    }
    return database;
  }
}
