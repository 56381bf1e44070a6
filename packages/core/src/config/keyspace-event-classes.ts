/**
 * The classes of notify-keyspace-events, as Redis 7.0's notify.c: one bit per class, parsed
 * from and rendered to the option's letters exactly as redis-server does, so CONFIG GET after
 * CONFIG SET "KEA" answers "AK E" in Redis's order ("AKE"). The engine keeps the parsed bits;
 * a handler's notification costs one AND with them when its class is off.
 */

/** K: publish on `__keyspace@<db>__:<key>` (message: the event). */
export const NOTIFY_KEYSPACE = 1 << 0;
/** E: publish on `__keyevent@<db>__:<event>` (message: the key). */
export const NOTIFY_KEYEVENT = 1 << 1;
/** g: generic commands (DEL, EXPIRE, RENAME, …). */
export const NOTIFY_GENERIC = 1 << 2;
/** $: string commands. */
export const NOTIFY_STRING = 1 << 3;
/** l: list commands. */
export const NOTIFY_LIST = 1 << 4;
/** s: set commands. */
export const NOTIFY_SET = 1 << 5;
/** h: hash commands. */
export const NOTIFY_HASH = 1 << 6;
/** z: sorted set commands. */
export const NOTIFY_ZSET = 1 << 7;
/** x: a key expired (lazily or by the background cycle). */
export const NOTIFY_EXPIRED = 1 << 8;
/** e: a key was evicted for maxmemory. */
export const NOTIFY_EVICTED = 1 << 9;
/** t: stream commands. */
export const NOTIFY_STREAM = 1 << 10;
/** m: a read missed its key (not part of A, as in Redis). */
export const NOTIFY_KEY_MISS = 1 << 11;
/** d: module events (Ballast has no modules; the letter is accepted and rendered). */
export const NOTIFY_MODULE = 1 << 13;
/** n: a key was added to the keyspace. */
export const NOTIFY_NEW = 1 << 14;
/** A: every class but m and n (Redis's NOTIFY_ALL). */
export const NOTIFY_ALL = NOTIFY_GENERIC | NOTIFY_STRING | NOTIFY_LIST | NOTIFY_SET | NOTIFY_HASH | NOTIFY_ZSET
  | NOTIFY_EXPIRED | NOTIFY_EVICTED | NOTIFY_STREAM | NOTIFY_MODULE;

const CLASS_OF_LETTER: Readonly<Record<string, number>> = {
  A: NOTIFY_ALL, g: NOTIFY_GENERIC, $: NOTIFY_STRING, l: NOTIFY_LIST, s: NOTIFY_SET, h: NOTIFY_HASH, z: NOTIFY_ZSET,
  x: NOTIFY_EXPIRED, e: NOTIFY_EVICTED, K: NOTIFY_KEYSPACE, E: NOTIFY_KEYEVENT, t: NOTIFY_STREAM, m: NOTIFY_KEY_MISS,
  d: NOTIFY_MODULE, n: NOTIFY_NEW,
};

/** The letters listed one by one when not all of A are set, in Redis's order. */
const TYPE_LETTERS = 'g$lshzxetdn';
/** The letters rendered after the classes. */
const TARGET_LETTERS = 'KEm';

/** Redis's error for a letter that names no class. */
export const INVALID_EVENT_CLASS = "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.";

/** The classes `text` names (Redis's keyspaceEventsStringToFlags), or undefined when a letter names none. */
export function parseKeyspaceEventClasses(text: string): number | undefined {
  let flags = 0;
  for (const letter of text) {
    const bits = Object.hasOwn(CLASS_OF_LETTER, letter) ? CLASS_OF_LETTER[letter] : undefined;
    if (bits === undefined) return undefined;
    flags |= bits;
  }
  return flags;
}

/** The letters CONFIG GET shows for `flags` (Redis's keyspaceEventsFlagsToString). */
export function formatKeyspaceEventClasses(flags: number): string {
  let text = '';
  if ((flags & NOTIFY_ALL) === NOTIFY_ALL) text = 'A';
  else for (const letter of TYPE_LETTERS) if ((flags & CLASS_OF_LETTER[letter]) !== 0) text += letter;
  for (const letter of TARGET_LETTERS) if ((flags & CLASS_OF_LETTER[letter]) !== 0) text += letter;
  return text;
}
