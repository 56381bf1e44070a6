/**
 * A consumer of a stream's consumer group as an async iterator: first the consumer's own
 * pending entries (delivered to it before — after a crash, the work it never acknowledged),
 * then new entries (`>`), COUNT at a time, waiting up to BLOCK ms for more. The caller
 * acknowledges each entry it finished with XACK; breaking out of the loop stops the reads. A
 * blocked XREADGROUP holds its connection: give the reader a client of its own.
 */
import type { Bulk } from './decoders.js';
import type { Argument } from './request-encoder.js';
import type { Decoder } from './request.js';
import { streamsRead, type StreamEntry } from './stream-commands.js';

export interface GroupReadOptions {
  /** Entries per XREADGROUP (default 10). */
  count?: number;
  /** How long one XREADGROUP waits for new entries, in ms (default 5000). */
  blockMs?: number;
  /** Re-read this consumer's pending entries first (default true). */
  history?: boolean;
  /** End once a wait for new entries returns none, instead of waiting again (default false). */
  untilIdle?: boolean;
}

type Run = <T>(args: readonly Argument[], decode: Decoder<T>) => Promise<T>;

export async function* readGroup(run: Run, key: Argument, group: Argument, consumer: Argument, options: GroupReadOptions): AsyncGenerator<StreamEntry<Bulk>> {
  const count = options.count ?? 10;
  const read = (id: string, block: Argument[]) => run(['XREADGROUP', 'GROUP', group, consumer, 'COUNT', count, ...block, 'STREAMS', key, id], streamsRead);
  const entriesOf = (reply: Map<string, Array<StreamEntry<Bulk>>> | null) => (reply === null ? [] : [...reply.values()][0] ?? []);
  if (options.history ?? true) {
    for (let after = '0'; ;) {
      const entries = entriesOf(await read(after, []));
      if (entries.length === 0) break;
      yield* entries;
      after = entries[entries.length - 1].id;
    }
  }
  for (;;) {
    const entries = entriesOf(await read('>', ['BLOCK', options.blockMs ?? 5000]));
    if (entries.length === 0 && options.untilIdle) return;
    yield* entries;
  }
}
