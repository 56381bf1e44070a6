/**
 * The hand-typed stream commands: XADD with its trim and ID options, XREAD and XREADGROUP as a
 * Map of stream name → entries, XPENDING's summary and its extended form, XCLAIM and XAUTOCLAIM,
 * and XINFO STREAM / GROUPS / CONSUMERS as objects — the same values under RESP2 (nested arrays,
 * flat field lists) and RESP3 (maps). Entries keep their fields in order in a Map (a field named
 * twice keeps its last value); an entry deleted while pending reads as `fields: null`.
 */
import { MapReply, type Reply } from '@ballast/core';
import { bulk, integer, integerOrNull, isNull, text, type Bulk } from './decoders.js';
import type { Argument } from './request-encoder.js';

/** How XADD (and XTRIM's form of it) trims: by length or by smallest ID, exactly or by whole nodes. */
export interface StreamTrim {
  strategy: 'MAXLEN' | 'MINID';
  /** A length for MAXLEN, an ID for MINID. */
  threshold: number | string;
  /** `~`: remove whole nodes only (cheaper; the stream may keep a few more entries). */
  approximate?: boolean;
  /** With `approximate`, remove at most this many entries. */
  limit?: number;
}

export interface XAddOptions {
  /** The entry's ID; `*` (the default) lets the server pick it, `<ms>-*` picks the sequence. */
  id?: string;
  /** Do not create the stream when it does not exist (the reply is then null). */
  noMkStream?: boolean;
  trim?: StreamTrim;
}

/** One entry of a stream: its ID and its fields, or null fields for a pending entry since deleted. */
export interface StreamEntry<S extends Bulk> {
  id: string;
  fields: Map<string, S> | null;
}

/** Streams to read and the ID to read after in each (`$`: only new entries; `>` in a group: never delivered ones). */
export type StreamPositions = Record<string, Argument> | Map<Argument, Argument>;

export interface XReadOptions {
  /** At most this many entries per stream. */
  count?: number;
  /** Wait up to this many milliseconds for an entry (0: forever) when none is there. */
  blockMs?: number;
}

export interface XReadGroupOptions extends XReadOptions {
  /** Do not make the entries pending (they need no XACK). */
  noAck?: boolean;
}

/** XPENDING's summary of a group. */
export interface PendingSummary {
  count: number;
  /** The smallest and largest pending IDs, null when nothing is pending. */
  smallestId: string | null;
  largestId: string | null;
  /** Pending entries per consumer that has any. */
  consumers: Map<string, number>;
}

export interface XPendingRangeOptions {
  start?: string;
  end?: string;
  count: number;
  /** Only entries idle for at least this many milliseconds. */
  minIdleMs?: number;
  /** Only this consumer's entries. */
  consumer?: Argument;
}

/** One pending entry, as XPENDING's extended form lists it. */
export interface PendingEntry {
  id: string;
  consumer: string;
  idleMs: number;
  deliveryCount: number;
}

export interface XClaimOptions {
  /** Set the entries' idle time to this (default: 0, claimed now). */
  idleMs?: number;
  /** Set the entries' delivery time to this Unix time in milliseconds. */
  timeMs?: number;
  /** Set the delivery count (default: one more). */
  retryCount?: number;
  /** Create the pending entry even if no consumer had it. */
  force?: boolean;
  /** Move the group's last-delivered ID up to this one. */
  lastId?: string;
}

export interface XAutoClaimResult<S extends Bulk> {
  /** Where to continue the scan ("0-0" when it went through the whole pending list). */
  next: string;
  entries: Array<StreamEntry<S>>;
  /** IDs that were pending but are no longer in the stream: dropped from the pending list. */
  deleted: string[];
}

/** XINFO STREAM. */
export interface StreamInfo<S extends Bulk> {
  length: number;
  radixTreeKeys: number;
  radixTreeNodes: number;
  lastGeneratedId: string;
  maxDeletedEntryId: string;
  entriesAdded: number;
  recordedFirstEntryId: string;
  groups: number;
  firstEntry: StreamEntry<S> | null;
  lastEntry: StreamEntry<S> | null;
}

/** One group, as XINFO GROUPS describes it. */
export interface GroupInfo {
  name: string;
  consumers: number;
  pending: number;
  lastDeliveredId: string;
  /** How many entries the group has read, null when the server cannot tell (after deletions). */
  entriesRead: number | null;
  /** Entries added that the group has not read yet, null when unknown. */
  lag: number | null;
}

/** One consumer, as XINFO CONSUMERS describes it. */
export interface ConsumerInfo {
  name: string;
  pending: number;
  idleMs: number;
}

export interface StreamCommands<S extends Bulk> {
  /** Appends an entry; resolves to its ID (null with `noMkStream` when the stream does not exist). */
  xadd(key: Argument, fields: Record<string, Argument> | Map<Argument, Argument>, options?: XAddOptions): string | null;
  xrange(key: Argument, start: string, end: string, count?: number): Array<StreamEntry<S>>;
  xrevrange(key: Argument, end: string, start: string, count?: number): Array<StreamEntry<S>>;
  xtrim(key: Argument, trim: StreamTrim): number;
  /** Entries after each stream's position; null when none came (within `blockMs`). */
  xread(streams: StreamPositions, options?: XReadOptions): Map<string, Array<StreamEntry<S>>> | null;
  xreadgroup(group: Argument, consumer: Argument, streams: StreamPositions, options?: XReadGroupOptions): Map<string, Array<StreamEntry<S>>> | null;
  xack(key: Argument, group: Argument, ids: Argument | readonly Argument[]): number;
  xpending(key: Argument, group: Argument): PendingSummary;
  xpendingRange(key: Argument, group: Argument, options: XPendingRangeOptions): PendingEntry[];
  xclaim(key: Argument, group: Argument, consumer: Argument, minIdleMs: number, ids: readonly Argument[], options?: XClaimOptions): Array<StreamEntry<S>>;
  /** XCLAIM … JUSTID: the IDs claimed, without their fields (and without counting a delivery). */
  xclaimJustId(key: Argument, group: Argument, consumer: Argument, minIdleMs: number, ids: readonly Argument[], options?: XClaimOptions): string[];
  xautoclaim(key: Argument, group: Argument, consumer: Argument, minIdleMs: number, start: string, count?: number): XAutoClaimResult<S>;
  xinfoStream(key: Argument): StreamInfo<S>;
  xinfoGroups(key: Argument): GroupInfo[];
  xinfoConsumers(key: Argument, group: Argument): ConsumerInfo[];
}

export function trimArguments(trim: StreamTrim | undefined): Argument[] {
  if (trim === undefined) return [];
  const out: Argument[] = [trim.strategy, trim.approximate ? '~' : '=', trim.threshold];
  if (trim.limit !== undefined) out.push('LIMIT', trim.limit);
  return out;
}

export function xaddArguments(key: Argument, fields: Record<string, Argument> | Map<Argument, Argument>, options: XAddOptions | undefined): Argument[] {
  const out: Argument[] = ['XADD', key];
  if (options?.noMkStream) out.push('NOMKSTREAM');
  out.push(...trimArguments(options?.trim), options?.id ?? '*');
  for (const [field, value] of fields instanceof Map ? fields.entries() : Object.entries(fields)) out.push(field, value);
  return out;
}

export function readArguments(streams: StreamPositions, options: XReadOptions | undefined): Argument[] {
  const out: Argument[] = [];
  if (options?.count !== undefined) out.push('COUNT', options.count);
  if (options?.blockMs !== undefined) out.push('BLOCK', options.blockMs);
  const entries = streams instanceof Map ? [...streams.entries()] : Object.entries(streams);
  out.push('STREAMS', ...entries.map(([key]) => key), ...entries.map(([, id]) => id));
  return out;
}

export function claimArguments(options: XClaimOptions | undefined): Argument[] {
  const out: Argument[] = [];
  if (options?.idleMs !== undefined) out.push('IDLE', options.idleMs);
  if (options?.timeMs !== undefined) out.push('TIME', options.timeMs);
  if (options?.retryCount !== undefined) out.push('RETRYCOUNT', options.retryCount);
  if (options?.force) out.push('FORCE');
  if (options?.lastId !== undefined) out.push('LASTID', options.lastId);
  return out;
}

export function pendingRangeArguments(options: XPendingRangeOptions): Argument[] {
  const out: Argument[] = [];
  if (options.minIdleMs !== undefined) out.push('IDLE', options.minIdleMs);
  out.push(options.start ?? '-', options.end ?? '+', options.count);
  if (options.consumer !== undefined) out.push(options.consumer);
  return out;
}

function items(reply: Reply): readonly Reply[] {
  if (Array.isArray(reply)) return reply as readonly Reply[];
  throw new TypeError(`expected an array, got ${String(reply)}`);
}

/** Name → value of a RESP3 map or a RESP2 flat array. */
function fieldsOf(reply: Reply): Map<string, Reply> {
  const out = new Map<string, Reply>();
  if (reply instanceof MapReply) {
    for (const [name, value] of reply.entries) out.set(text(name), value);
    return out;
  }
  const flat = items(reply);
  for (let i = 0; i + 1 < flat.length; i += 2) out.set(text(flat[i]), flat[i + 1]);
  return out;
}

function entry(reply: Reply, buffers: boolean): StreamEntry<Bulk> {
  const [id, values] = items(reply);
  if (isNull(values)) return { id: text(id), fields: null };
  const flat = items(values);
  const fields = new Map<string, Bulk>();
  for (let i = 0; i + 1 < flat.length; i += 2) fields.set(text(flat[i]), bulk(flat[i + 1], buffers));
  return { id: text(id), fields };
}

export function entries(reply: Reply, buffers: boolean): Array<StreamEntry<Bulk>> {
  return items(reply).map((item) => entry(item, buffers));
}

export function entryOrNull(reply: Reply, buffers: boolean): StreamEntry<Bulk> | null {
  return isNull(reply) ? null : entry(reply, buffers);
}

/** XREAD/XREADGROUP: RESP2 [[name, entries] …], RESP3 a map of name → entries. */
export function streamsRead(reply: Reply, buffers: boolean): Map<string, Array<StreamEntry<Bulk>>> | null {
  if (isNull(reply)) return null;
  const out = new Map<string, Array<StreamEntry<Bulk>>>();
  if (reply instanceof MapReply) {
    for (const [name, value] of reply.entries) out.set(text(name), entries(value, buffers));
    return out;
  }
  for (const pair of items(reply)) {
    const [name, value] = items(pair);
    out.set(text(name), entries(value, buffers));
  }
  return out;
}

export function ids(reply: Reply): string[] {
  return items(reply).map((id) => text(id));
}

export function pendingSummary(reply: Reply): PendingSummary {
  const [count, smallest, largest, consumers] = items(reply);
  const perConsumer = new Map<string, number>();
  if (!isNull(consumers)) for (const pair of items(consumers)) perConsumer.set(text(items(pair)[0]), Number(text(items(pair)[1])));
  return { count: integer(count), smallestId: isNull(smallest) ? null : text(smallest), largestId: isNull(largest) ? null : text(largest), consumers: perConsumer };
}

export function pendingEntries(reply: Reply): PendingEntry[] {
  return items(reply).map((row) => {
    const [id, consumer, idle, count] = items(row);
    return { id: text(id), consumer: text(consumer), idleMs: integer(idle), deliveryCount: integer(count) };
  });
}

export function autoclaimResult(reply: Reply, buffers: boolean): XAutoClaimResult<Bulk> {
  const [next, claimed, deleted] = items(reply);
  return { next: text(next), entries: entries(claimed, buffers), deleted: ids(deleted) };
}

export function streamInfo(reply: Reply, buffers: boolean): StreamInfo<Bulk> {
  const info = fieldsOf(reply);
  const field = (name: string): Reply => info.get(name) ?? null;
  return {
    length: integer(field('length')),
    radixTreeKeys: integer(field('radix-tree-keys')),
    radixTreeNodes: integer(field('radix-tree-nodes')),
    lastGeneratedId: text(field('last-generated-id')),
    maxDeletedEntryId: text(field('max-deleted-entry-id')),
    entriesAdded: integer(field('entries-added')),
    recordedFirstEntryId: text(field('recorded-first-entry-id')),
    groups: integer(field('groups')),
    firstEntry: entryOrNull(field('first-entry'), buffers),
    lastEntry: entryOrNull(field('last-entry'), buffers),
  };
}

export function groupInfos(reply: Reply): GroupInfo[] {
  return items(reply).map((item) => {
    const info = fieldsOf(item);
    const field = (name: string): Reply => info.get(name) ?? null;
    return {
      name: text(field('name')), consumers: integer(field('consumers')), pending: integer(field('pending')),
      lastDeliveredId: text(field('last-delivered-id')), entriesRead: integerOrNull(field('entries-read')), lag: integerOrNull(field('lag')),
    };
  });
}

export function consumerInfos(reply: Reply): ConsumerInfo[] {
  return items(reply).map((item) => {
    const info = fieldsOf(item);
    return { name: text(info.get('name') ?? null), pending: integer(info.get('pending') ?? null), idleMs: integer(info.get('idle') ?? null) };
  });
}
