/**
 * The keys the harness writes. Every client owns its own keys, so the recovered value of a key
 * can only come from that client's operations; no key carries a {hash tag}, so multi-key
 * operations spread over hash slots and, with --shards > 1, over shards. Every value written
 * carries a mark naming the client and the operation, so a recovered value names its writer.
 */

export type KeyType = 'string' | 'list' | 'hash' | 'set' | 'zset' | 'stream';

export interface KeyName {
  readonly key: string;
  readonly type: KeyType;
}

/** How many keys of each type a client owns: few enough that operations overwrite each other. */
export const KEYS_PER_TYPE: Readonly<Record<KeyType, number>> = { string: 6, list: 2, hash: 2, set: 2, zset: 2, stream: 2 };
export const HASH_FIELDS = 5;

export function keyOf(client: number, type: KeyType, slot: number): string {
  return `crash:c${client}:${type}:${slot}`;
}

/** The string key that only INCR touches: its value counts the client's applied INCRs. */
export function counterKey(client: number): string {
  return `crash:c${client}:counter`;
}

export function clientKeys(client: number): KeyName[] {
  const keys: KeyName[] = [{ key: counterKey(client), type: 'string' }];
  for (const [type, count] of Object.entries(KEYS_PER_TYPE) as Array<[KeyType, number]>) {
    for (let slot = 0; slot < count; slot++) keys.push({ key: keyOf(client, type, slot), type });
  }
  return keys;
}

/** `c<client>:o<index>`, optionally followed by `:` and padding. */
export function markOf(client: number, index: number): string {
  return `c${client}:o${index}`;
}

const MARK = /^c\d+:o(\d+)(?::|$)/;

/**
 * The index of the operation a marked value came from, or undefined for text without a mark.
 * The client part is not returned: a key is only ever written by its own client.
 */
export function markIndex(text: string): number | undefined {
  const match = MARK.exec(text);
  return match ? Number(match[1]) : undefined;
}
