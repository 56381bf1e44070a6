/**
 * DEBUG DIGEST and DEBUG DIGEST-VALUE: a 20-byte SHA-1 signature of the dataset, or of one
 * value, computed exactly as Redis 7.0.15's debug.c does (computeDatasetDigest,
 * xorObjectDigest), so that two servers — Ballast or redis-server, a primary and its replica —
 * can compare datasets by one line each.
 *
 * Redis's two building blocks: `xor` (digest ^= SHA1(data)), for unordered elements (keys, set
 * members, hash fields, sorted set members), and `mix` (digest = SHA1(digest ^ SHA1(data))),
 * for ordered ones (list elements, stream entries). Per key: mix the key, mix the type as a
 * 32-bit big-endian number, then the value; xor "!!expire!!" when the key has a TTL (its time
 * is not part of the digest). Per database that holds keys: mix its number into the result,
 * then xor every key's digest in (xor hashes what it folds in, so pairs and keys are hashed once
 * more on the way). An empty dataset digests to 40 zeros.
 *
 * Like Redis, the walk reads the maps as stored: a key whose TTL has passed but that no lookup
 * or expiry cycle has deleted yet is still digested. Order never matters where Redis's does not
 * (shards, hash order), so any shard count gives the same digest for the same dataset.
 */
import { sha1Into } from '../lua/sha1.js';
import type { ByteString } from '../resp/byte-string.js';
import { formatDouble } from '../resp/format-double.js';
import type { Database } from './database.js';
import { MAX_ID, MIN_ID, formatId } from './stream/stream-id.js';
import { HashValue, ListValue, SetValue, StreamValue, type Value } from './values.js';

/** Redis's OBJ_* type numbers, which the digest mixes in. */
const TYPE_NUMBER = { string: 0, list: 1, set: 2, zset: 3, hash: 4, stream: 6 } as const;

const EXPIRE_MARK = '!!expire!!';
const DIGEST_BYTES = 20;

/** One SHA-1 result, reused: every digest step hashes into it before folding it in. */
const hashed = new Uint8Array(DIGEST_BYTES);

/** digest ^= SHA1(data): order-free accumulation. */
function xorDigest(digest: Uint8Array, data: ByteString | Uint8Array): void {
  sha1Into(data, hashed);
  for (let i = 0; i < DIGEST_BYTES; i++) digest[i] ^= hashed[i];
}

/** digest = SHA1(digest ^ SHA1(data)): order-preserving accumulation. */
function mixDigest(digest: Uint8Array, data: ByteString | Uint8Array): void {
  xorDigest(digest, data);
  sha1Into(digest, digest);
}

/** A 32-bit number as 4 big-endian bytes (Redis's htonl before hashing). */
function bigEndian32(value: number): ByteString {
  return String.fromCharCode((value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff);
}

/** One element digest for a pair (a hash field and its value, a member and its score), then xorDigest of it (which hashes it again, as Redis does). */
function xorPairDigest(digest: Uint8Array, first: ByteString, second: ByteString): void {
  const element = new Uint8Array(DIGEST_BYTES);
  mixDigest(element, first);
  mixDigest(element, second);
  xorDigest(digest, element);
}

function typeNumber(value: Value): number {
  if (typeof value === 'string') return TYPE_NUMBER.string;
  if (value instanceof ListValue) return TYPE_NUMBER.list;
  if (value instanceof SetValue) return TYPE_NUMBER.set;
  if (value instanceof HashValue) return TYPE_NUMBER.hash;
  if (value instanceof StreamValue) return TYPE_NUMBER.stream;
  return TYPE_NUMBER.zset;
}

/** Redis's xorObjectDigest: folds `value` (and whether it has a TTL) into `digest`. */
function foldValue(digest: Uint8Array, value: Value, hasExpire: boolean): void {
  mixDigest(digest, bigEndian32(typeNumber(value)));
  if (typeof value === 'string') {
    mixDigest(digest, value);
  } else if (value instanceof ListValue) {
    for (const element of value) mixDigest(digest, element);
  } else if (value instanceof SetValue) {
    for (const member of value.keys()) xorDigest(digest, member);
  } else if (value instanceof HashValue) {
    for (const [field, fieldValue] of value.entries()) xorPairDigest(digest, field, fieldValue);
  } else if (value instanceof StreamValue) {
    // Entries only, in ID order (`ms.seq`, then each field and value): groups and the last ID are not part of it.
    value.range(MIN_ID, MAX_ID, false, (id, fields) => {
      mixDigest(digest, formatId(id).replace('-', '.'));
      for (const part of fields) mixDigest(digest, part);
      return true;
    });
  } else {
    for (const [member, score] of value.entries()) xorPairDigest(digest, member, formatDouble(score));
  }
  if (hasExpire) xorDigest(digest, EXPIRE_MARK);
}

/** 20 bytes as 40 lowercase hex digits. */
export function digestHex(digest: Uint8Array): string {
  let text = '';
  for (const byte of digest) text += byte.toString(16).padStart(2, '0');
  return text;
}

/**
 * DEBUG DIGEST-VALUE's digest of the value stored at `key` in `database` (the shard-local
 * database that owns it), as 40 hex digits; all zeros when there is no such key. A key whose
 * TTL has passed but that is still stored is digested, as in Redis.
 */
export function valueDigest(database: Database, key: ByteString): string {
  const digest = new Uint8Array(DIGEST_BYTES);
  const value = database.entries.get(key);
  if (value !== undefined) foldValue(digest, value, database.expires.has(key));
  return digestHex(digest);
}

/**
 * DEBUG DIGEST: the digest of every key of every database, as 40 hex digits (all zeros for an
 * empty dataset). `databases[d]` holds database d of every shard.
 */
export function datasetDigest(databases: ReadonlyArray<readonly Database[]>): string {
  const final = new Uint8Array(DIGEST_BYTES);
  const keyDigest = new Uint8Array(DIGEST_BYTES);
  databases.forEach((shards, index) => {
    if (shards.every((database) => database.entries.size === 0)) return;
    mixDigest(final, bigEndian32(index));
    for (const database of shards) {
      for (const [key, value] of database.entries.entries()) {
        keyDigest.fill(0);
        mixDigest(keyDigest, key);
        foldValue(keyDigest, value, database.expires.has(key));
        xorDigest(final, keyDigest);
      }
    }
  });
  return digestHex(final);
}
