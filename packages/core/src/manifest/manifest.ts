/**
 * The manifest: which files make up the AOF, per shard, and the slot table that decides which
 * shard owns which keys. A line-oriented text file a person can read, ending in a CRC32C of
 * everything above it, so a damaged manifest is refused rather than half-believed:
 *
 *   ballast-manifest 1
 *   shards 2
 *   slots 0-8191:0 8192-16383:1
 *   next-file 4
 *   base 0 shard-0/base-3.aof 1200 1250
 *   incr 0 shard-0/incr-4.aof
 *   incr 1 shard-1/incr-1.aof
 *   crc32c 9a0b1c2d
 *
 * A base line names a snapshot of the shard at LSN `snapshotLsn`; `committedLsn` is the
 * committed LSN when it was installed (the whole server was durable through it). Incremental
 * files are listed oldest first; new entries go to the last one.
 *
 * The shard count, the slot table's shard count and the number of shards listed agree: the
 * encoder asserts it of what our code built; the decoder refuses a file where they cannot
 * (a second `shards` line) with ManifestError, then asserts it of what it returns.
 */
import { crc32c } from '../aof/crc32c.js';
import { assert } from '../assert.js';
import { byteStringToBytes } from '../resp/byte-string.js';
import { HASH_SLOT_COUNT } from '../routing/hash-slot.js';
import { SHARD_COUNT_MAX, SlotTable } from '../routing/slot-table.js';

export const MANIFEST_FORMAT_VERSION = 1;

export interface BaseFile {
  readonly path: string;
  readonly snapshotLsn: number;
  readonly committedLsn: number;
}

export interface ShardFiles {
  readonly base: BaseFile | null;
  readonly incrementals: readonly string[];
}

export interface Manifest {
  readonly shardCount: number;
  readonly slots: SlotTable;
  /** The sequence number the next new file gets (file names never repeat). */
  readonly nextFile: number;
  readonly shards: readonly ShardFiles[];
}

export class ManifestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManifestError';
  }
}

export function encodeManifest(manifest: Manifest): string {
  assertConsistent(manifest);
  const lines = [`ballast-manifest ${MANIFEST_FORMAT_VERSION}`, `shards ${manifest.shardCount}`, `slots ${encodeSlots(manifest.slots)}`, `next-file ${manifest.nextFile}`];
  manifest.shards.forEach((files, shard) => {
    if (files.base !== null) lines.push(`base ${shard} ${files.base.path} ${files.base.snapshotLsn} ${files.base.committedLsn}`);
    for (const path of files.incrementals) lines.push(`incr ${shard} ${path}`);
  });
  const body = `${lines.join('\n')}\n`;
  return `${body}crc32c ${hex(crc32c(byteStringToBytes(body)))}\n`;
}

export function decodeManifest(text: string): Manifest {
  const crcAt = text.lastIndexOf('crc32c ');
  if (crcAt < 0) throw new ManifestError('no crc32c line (truncated?)');
  const body = text.slice(0, crcAt);
  // The checksum line must be exactly what encodeManifest writes: a missing or changed final
  // byte is damage too, not whitespace to forgive.
  const checksumLine = text.slice(crcAt);
  if (!/^crc32c [0-9a-f]{8}\n$/.test(checksumLine)) throw new ManifestError('bad crc32c line (truncated?)');
  if (hex(crc32c(byteStringToBytes(body))) !== checksumLine.slice(7, 15)) throw new ManifestError('checksum mismatch (the manifest is damaged)');
  const lines = body.split('\n').filter((line) => line !== '');
  const header = lines[0]?.split(' ');
  if (header?.[0] !== 'ballast-manifest') throw new ManifestError('not a Ballast manifest');
  if (Number(header[1]) !== MANIFEST_FORMAT_VERSION) throw new ManifestError(`format version ${header[1]} is not supported (expected ${MANIFEST_FORMAT_VERSION})`);
  let shardCount = 0;
  let slots: SlotTable | null = null;
  let nextFile = 1;
  let shards: Array<{ base: BaseFile | null; incrementals: string[] }> = [];
  for (const line of lines.slice(1)) {
    const words = line.split(' ');
    if (words[0] === 'shards') {
      if (shardCount !== 0) throw new ManifestError(`more than one shards line ('${line}')`);
      shardCount = integer(words[1], line);
      if (shardCount > SHARD_COUNT_MAX) throw new ManifestError(`shard count ${shardCount} is above ${SHARD_COUNT_MAX} in '${line}'`);
      shards = Array.from({ length: shardCount }, () => ({ base: null, incrementals: [] }));
    } else if (words[0] === 'slots') slots = decodeSlots(words.slice(1), shardCount, line);
    else if (words[0] === 'next-file') nextFile = integer(words[1], line);
    else if (words[0] === 'base') shardOf(shards, words[1], line).base = { path: words[2], snapshotLsn: integer(words[3], line), committedLsn: integer(words[4], line) };
    else if (words[0] === 'incr') shardOf(shards, words[1], line).incrementals.push(words[2]);
    else throw new ManifestError(`unknown line '${line}'`);
  }
  if (shardCount === 0 || slots === null) throw new ManifestError('missing shards or slots line');
  const manifest = { shardCount, slots, nextFile, shards };
  assertConsistent(manifest);
  return manifest;
}

/** The shard count, the slot table's and the shards listed agree (programmer errors only). */
function assertConsistent(manifest: Manifest): void {
  const { shardCount, slots, shards } = manifest;
  assert(Number.isSafeInteger(shardCount) && shardCount >= 1, () => `a manifest of ${shardCount} shards`);
  assert(slots.shardCount === shardCount, () => `a manifest of ${shardCount} shards with a slot table of ${slots.shardCount}`);
  assert(shards.length === shardCount, () => `a manifest of ${shardCount} shards listing files for ${shards.length}`);
}

function shardOf<T>(shards: T[], word: string, line: string): T {
  const shard = integer(word, line);
  if (shard >= shards.length) throw new ManifestError(`shard ${shard} out of range in '${line}'`);
  return shards[shard];
}

function integer(word: string | undefined, line: string): number {
  const value = Number(word);
  if (word === undefined || !/^\d+$/.test(word) || !Number.isSafeInteger(value)) throw new ManifestError(`bad number in '${line}'`);
  return value;
}

/** Slot ranges with their owner: `0-8191:0 8192-16383:1`. */
function encodeSlots(slots: SlotTable): string {
  const owners = slots.toOwners();
  const ranges: string[] = [];
  let start = 0;
  for (let slot = 1; slot <= HASH_SLOT_COUNT; slot++) {
    if (slot === HASH_SLOT_COUNT || owners[slot] !== owners[start]) {
      ranges.push(`${start}-${slot - 1}:${owners[start]}`);
      start = slot;
    }
  }
  return ranges.join(' ');
}

function decodeSlots(words: string[], shardCount: number, line: string): SlotTable {
  const owners = new Uint16Array(HASH_SLOT_COUNT);
  let next = 0;
  for (const word of words) {
    const match = /^(\d+)-(\d+):(\d+)$/.exec(word);
    if (match === null || Number(match[1]) !== next || Number(match[2]) < next || Number(match[3]) >= shardCount) {
      throw new ManifestError(`bad slot range '${word}' in '${line.slice(0, 80)}'`);
    }
    owners.fill(Number(match[3]), next, Number(match[2]) + 1);
    next = Number(match[2]) + 1;
  }
  if (next !== HASH_SLOT_COUNT) throw new ManifestError('the slot table does not cover every slot');
  return SlotTable.fromOwners(owners, shardCount);
}

function hex(value: number): string {
  return value.toString(16).padStart(8, '0');
}
