/**
 * ACL LOG's entries, as Redis 7.0 keeps them: newest first, at most `acllog-max-len`. A denial
 * like one of the 10 newest entries (same reason, context, object and user, within 60 s) moves
 * that entry to the front and counts it again instead of adding one. Pure: times come in.
 */
import type { ByteString } from '../../resp/byte-string.js';
import { DoubleReply, MapReply, type Reply } from '../../resp/reply.js';

export type AclLogReason = 'command' | 'key' | 'channel' | 'auth';
export type AclLogContext = 'toplevel' | 'multi' | 'lua';

export interface AclLogEntry {
  count: number;
  readonly reason: AclLogReason;
  readonly context: AclLogContext;
  /** The command's full name, the key or channel refused, or AUTH's argv[0]. */
  readonly object: ByteString;
  readonly username: ByteString;
  /** When it last happened (wall ms). */
  timeMs: number;
  /** CLIENT INFO of the client it last happened to. */
  clientInfo: string;
}

/** Redis's ACL_LOG_GROUPING_MAX_TIME_DELTA and how many newest entries it looks at. */
const GROUPING_WINDOW_MS = 60_000;
const GROUPING_SCAN = 10;

export class AclLog {
  private entries: AclLogEntry[] = [];

  get length(): number {
    return this.entries.length;
  }

  add(entry: Omit<AclLogEntry, 'count'>, maxLength: number): void {
    const scanned = Math.min(GROUPING_SCAN, this.entries.length);
    for (let i = 0; i < scanned; i++) {
      const current = this.entries[i];
      if (current.reason === entry.reason && current.context === entry.context && Math.abs(current.timeMs - entry.timeMs) <= GROUPING_WINDOW_MS
        && current.object === entry.object && current.username === entry.username) {
        this.entries.splice(i, 1);
        this.entries.unshift(current);
        current.clientInfo = entry.clientInfo;
        current.timeMs = entry.timeMs;
        current.count++;
        return;
      }
    }
    this.entries.unshift({ ...entry, count: 1 });
    if (this.entries.length > maxLength) this.entries.length = maxLength;
  }

  reset(): void {
    this.entries = [];
  }

  /** ACL LOG [count]: the newest `count` entries as Redis's 7-field maps. */
  reply(count: number, nowMs: number): Reply[] {
    return this.entries.slice(0, Math.max(0, count)).map((entry) => new MapReply([
      ['count', entry.count],
      ['reason', entry.reason],
      ['context', entry.context],
      ['object', entry.object],
      ['username', entry.username],
      ['age-seconds', new DoubleReply((nowMs - entry.timeMs) / 1000)],
      ['client-info', entry.clientInfo],
    ]));
  }
}
