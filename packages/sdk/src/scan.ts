/**
 * The SCAN family as async iterators: each walks the cursor until the server returns 0,
 * yielding items one at a time. Like SCAN itself, an item present for the whole walk is seen at
 * least once; one that changes during it may be seen twice or not at all.
 */
import type { Reply } from '@ballast/core';
import { bulk, double, text, type Bulk, type ScoredMember } from './decoders.js';
import type { Argument } from './request-encoder.js';
import type { Decoder } from './request.js';

export interface ScanOptions {
  /** Glob-style pattern (MATCH). */
  match?: string;
  /** Work per call (COUNT), a hint to the server. */
  count?: number;
}

type Run = <T>(args: readonly Argument[], decode: Decoder<T>) => Promise<T>;

interface Page {
  cursor: string;
  items: readonly Reply[];
  buffers: boolean;
}

function page(reply: Reply, buffers: boolean): Page {
  const [cursor, items] = reply as readonly Reply[];
  return { cursor: text(cursor), items: items as readonly Reply[], buffers };
}

function scanArguments(options: ScanOptions & { type?: string }): Argument[] {
  const out: Argument[] = [];
  if (options.match !== undefined) out.push('MATCH', options.match);
  if (options.count !== undefined) out.push('COUNT', options.count);
  if (options.type !== undefined) out.push('TYPE', options.type);
  return out;
}

async function* pages(run: Run, prefix: readonly Argument[], options: ScanOptions & { type?: string }): AsyncGenerator<Page> {
  let cursor = '0';
  do {
    const current: Page = await run([...prefix, cursor, ...scanArguments(options)], page);
    cursor = current.cursor;
    yield current;
  } while (cursor !== '0');
}

export async function* scanKeys(run: Run, options: ScanOptions & { type?: string }): AsyncGenerator<Bulk> {
  for await (const { items, buffers } of pages(run, ['SCAN'], options)) for (const item of items) yield bulk(item, buffers);
}

export async function* scanSet(run: Run, key: Argument, options: ScanOptions): AsyncGenerator<Bulk> {
  for await (const { items, buffers } of pages(run, ['SSCAN', key], options)) for (const item of items) yield bulk(item, buffers);
}

export async function* scanHash(run: Run, key: Argument, options: ScanOptions): AsyncGenerator<[string, Bulk]> {
  for await (const { items, buffers } of pages(run, ['HSCAN', key], options)) {
    for (let i = 0; i + 1 < items.length; i += 2) yield [text(items[i]), bulk(items[i + 1], buffers)];
  }
}

export async function* scanSortedSet(run: Run, key: Argument, options: ScanOptions): AsyncGenerator<ScoredMember<Bulk>> {
  for await (const { items, buffers } of pages(run, ['ZSCAN', key], options)) {
    for (let i = 0; i + 1 < items.length; i += 2) yield { member: bulk(items[i], buffers), score: double(items[i + 1]) };
  }
}
