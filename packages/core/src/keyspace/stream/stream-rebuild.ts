/**
 * A stream's whole state as commands (base snapshots, and the resulting-state log of a stream
 * changed by a command that is not a stream command: RENAME across shards, COPY, RESTORE…).
 * Replaying them rebuilds what XINFO STREAM FULL reports: the entries, last-generated-id,
 * entries-added, max-deleted-entry-id, recorded-first-entry-id, and every group with its
 * last-delivered-id, entries-read, consumers (with their seen-time) and pending entries (with
 * their owner, delivery time and delivery count, also for entries deleted since delivery).
 * Only radix-tree-keys/-nodes may differ: entries are re-added into fresh nodes, without the
 * tombstones the live stream held.
 *
 * The forms, in order: one XADD per entry (an empty stream: Redis's `XADD key MAXLEN 0 id x y`
 * trick); XSETID with ENTRIESADDED and MAXDELETEDID; per group XGROUP CREATE … ENTRIESREAD,
 * XGROUP SETCONSUMER per consumer and XGROUP SETPENDING per run of pending entries that share
 * owner, delivery time and count (both Ballast's, see commands/streams/log-forms.ts).
 */
import type { ByteString } from '../../resp/byte-string.js';
import { formatId, MIN_ID, streamId } from './stream-id.js';
import type { ConsumerGroup } from './pending-list.js';
import type { StreamValue } from './stream-value.js';

const PENDING_PER_COMMAND = 128;

export function streamCommands(key: ByteString, stream: StreamValue, commands: ByteString[][]): void {
  if (stream.length === 0) {
    const id = stream.lastId === MIN_ID ? streamId(0, 1) : stream.lastId;
    commands.push(['XADD', key, 'MAXLEN', '0', formatId(id), 'x', 'y']);
  } else {
    stream.range(MIN_ID, '\xff'.repeat(16), false, (id, fields) => {
      commands.push(['XADD', key, formatId(id), ...fields]);
      return true;
    });
  }
  commands.push(['XSETID', key, formatId(stream.lastId), 'ENTRIESADDED', String(stream.entriesAdded), 'MAXDELETEDID', formatId(stream.maxDeletedId)]);
  for (const [name, group] of stream.sortedGroups()) groupCommands(key, name, group, commands);
}

/** One group's state: created at its last ID and entries-read, then its consumers and pending entries. */
export function groupCommands(key: ByteString, name: ByteString, group: ConsumerGroup, commands: ByteString[][]): void {
  commands.push(['XGROUP', 'CREATE', key, name, formatId(group.lastId), 'ENTRIESREAD', String(group.entriesRead)]);
  for (const consumer of group.sortedConsumers()) {
    let run: ByteString[] | null = null;
    let runKey = '';
    for (const [id, entry] of consumer.pending.entries()) {
      const thisKey = `${entry.deliveryTimeMs}:${entry.deliveryCount}`;
      if (run === null || thisKey !== runKey || run.length - 7 >= PENDING_PER_COMMAND) {
        run = ['XGROUP', 'SETPENDING', key, name, consumer.name, String(entry.deliveryTimeMs), String(entry.deliveryCount)];
        runKey = thisKey;
        commands.push(run);
      }
      run.push(formatId(id));
    }
    commands.push(['XGROUP', 'SETCONSUMER', key, name, consumer.name, String(consumer.seenTimeMs)]);
  }
}
