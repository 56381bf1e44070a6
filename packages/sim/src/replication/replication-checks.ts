/**
 * The invariants of a replication run, read from the nodes' keyspaces (dumpKeyspace, not through
 * the engines' commands, so a check never changes what it checks):
 *
 * - **acknowledged writes survive** — every write acknowledged under min-replicas-durable k is on
 *   the promoted replica (checked at each failover, before it takes a write) and on the final
 *   primary;
 * - **histories are prefixes** — on every node each client's history h:<c> is exactly 1..m and
 *   n:<c> = m (units arrive whole and in order, nothing twice);
 * - **no replica ahead of its primary's recovery** — after a primary restarts from its own log,
 *   no replica holds a write the primary lost (only committed units are shipped);
 * - **reads never go back** — a history length a client read from a primary is never longer
 *   than the final one;
 * - **convergence** — once the network is quiet, every node's dataset equals the primary's
 *   (keys past their expiry left out: nodes delete them at different moments).
 */
import { dumpKeyspace, type Engine } from '@ballast/core';

/** Each client's history on a node: its length, or a description of what is wrong with it. */
export type Histories = Map<string, number>;

const LINE = /^\d+\/(\d+) (".*?") (\w+) (.*?)(?: @(\d+))?$/;

interface DumpedKey {
  readonly database: string;
  readonly key: string;
  readonly body: string;
  readonly expireAtMs: number | null;
}

function dumped(engine: Engine): DumpedKey[] {
  const keys: DumpedKey[] = [];
  for (const line of dumpKeyspace(engine)) {
    const match = LINE.exec(line);
    if (match === null) continue;
    keys.push({ database: match[1], key: JSON.parse(match[2]) as string, body: `${match[3]} ${match[4]}`, expireAtMs: match[5] === undefined ? null : Number(match[5]) });
  }
  return keys;
}

/** The histories held by `engine`, or a violation when one is not 1..m with n = m. */
export function readHistories(engine: Engine, node: string): Histories | string {
  const lists = new Map<string, string[]>();
  const counters = new Map<string, number>();
  for (const { database, key, body } of dumped(engine)) {
    if (database !== '0') continue;
    if (key.startsWith('h:')) lists.set(key.slice(2), JSON.parse(body.slice('list '.length)) as string[]);
    else if (key.startsWith('n:')) counters.set(key.slice(2), Number(JSON.parse(body.slice('string '.length)) as string));
  }
  const histories: Histories = new Map();
  for (const name of new Set([...lists.keys(), ...counters.keys()])) {
    const items = lists.get(name) ?? [];
    const gap = items.findIndex((item, index) => item !== String(index + 1));
    if (gap >= 0) return `prefix: on ${node}, history ${name} is not 1..m: item ${gap + 1} is ${items[gap]} (${items.length} items)`;
    if ((counters.get(name) ?? 0) !== items.length) return `atomicity: on ${node}, n:${name} is ${counters.get(name) ?? 0} but h:${name} has ${items.length} items (a unit arrived in part)`;
    histories.set(name, items.length);
  }
  return histories;
}

/** Every acknowledged write is in `histories` (the promoted replica's, or the final primary's). */
export function checkAcknowledged(acknowledged: ReadonlyMap<string, number>, histories: Histories, node: string, when: string): string | null {
  for (const [name, index] of acknowledged) {
    const length = histories.get(name) ?? 0;
    if (length < index) return `durability: write ${index} of ${name} was acknowledged under min-replicas-durable, but ${node} (${when}) has only ${length}`;
  }
  return null;
}

/** No replica holds more of a history than its primary recovered. */
export function checkNotAhead(primary: Histories, replica: Histories, primaryName: string, replicaName: string): string | null {
  for (const [name, length] of replica) {
    const recovered = primary.get(name) ?? 0;
    if (length > recovered) return `shipping: replica ${replicaName} holds ${length} writes of ${name}, but primary ${primaryName} recovered only ${recovered} from its log (a unit was shipped before it was committed)`;
  }
  return null;
}

/** A length a client read never exceeds the final history. */
export function checkReads(reads: ReadonlyMap<string, number>, histories: Histories): string | null {
  for (const [key, length] of reads) {
    const final = histories.get(key.slice(2)) ?? 0;
    if (final < length) return `reads: a client read ${length} items of ${key} from a primary, but the final history has ${final}`;
  }
  return null;
}

/** The node's dataset as comparable lines: databases and keys, without the shard, keys past their expiry left out. */
export function comparableDataset(engine: Engine, nowMs: number): string[] {
  return dumped(engine)
    .filter(({ expireAtMs }) => expireAtMs === null || expireAtMs > nowMs)
    .map(({ database, key, body, expireAtMs }) => `${database} ${JSON.stringify(key)} ${body}${expireAtMs === null ? '' : ` @${expireAtMs}`}`)
    .sort();
}

/** The first difference between two datasets, or null. */
export function datasetDifference(primary: readonly string[], replica: readonly string[], replicaName: string): string | null {
  const missing = primary.filter((line) => !replica.includes(line));
  const extra = replica.filter((line) => !primary.includes(line));
  if (missing.length === 0 && extra.length === 0) return null;
  return `convergence: ${replicaName} differs from the primary once quiet: ${missing.length} lines missing (${missing.slice(0, 2).join(' | ')}), `
    + `${extra.length} extra (${extra.slice(0, 2).join(' | ')})`;
}
