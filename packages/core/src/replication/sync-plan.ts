/**
 * What a PSYNC (or SYNC) gets, decided purely from the request and the primary's replication
 * state, as Redis 7.0's masterTryPartialResynchronization decides it: a partial resync
 * (+CONTINUE) when the replica's history is ours — its ID is our current one, or our previous
 * one (replid2) and its offset is not past where that history ended — and every byte from its
 * offset on is still in the backlog; otherwise a full sync, with the reason the log gives.
 *
 * A PSYNC offset is Redis's: the 1-based position of the next byte the replica needs (its
 * processed offset + 1), as is second_repl_offset; backlog offsets here are 0-based byte counts.
 */
import type { PsyncRequest } from '../commands/services.js';

export interface ReplicationHistory {
  readonly id: string;
  readonly id2: string;
  /** Where history `id2` ended, as a PSYNC offset (-1: none). */
  readonly secondOffset: number;
  /** The stream held for partial resyncs: [start, end], or null with no backlog yet. */
  readonly backlog: { readonly start: number; readonly end: number } | null;
}

export type SyncPlan =
  /** `offset`: the 0-based stream offset to send from. */
  | { readonly kind: 'continue'; readonly offset: number }
  /** `attempted`: the replica asked for a partial resync that cannot be served (INFO's sync_partial_err). */
  | { readonly kind: 'full'; readonly reason: string; readonly attempted: boolean };

export function planSync(request: PsyncRequest | null, history: ReplicationHistory): SyncPlan {
  if (request === null) return { kind: 'full', reason: 'SYNC (no partial resync possible)', attempted: false };
  const { replicationId, offset } = request;
  if (replicationId === '?') return { kind: 'full', reason: 'Full resync requested by replica', attempted: false };
  if (replicationId !== history.id) {
    if (replicationId !== history.id2) {
      return { kind: 'full', reason: `Replication ID mismatch (Replica asked for '${replicationId}', my replication IDs are '${history.id}' and '${history.id2}')`, attempted: true };
    }
    if (offset > history.secondOffset) {
      return { kind: 'full', reason: `Requested offset for second ID was ${offset}, but I can reply up to ${history.secondOffset}`, attempted: true };
    }
  }
  const backlog = history.backlog;
  const from = offset - 1;
  if (backlog === null || from < backlog.start || from > backlog.end) {
    const range = backlog === null ? 'no backlog' : `backlog holds ${backlog.start + 1}..${backlog.end}`;
    return { kind: 'full', reason: `Unable to partial resync with replica: lack of backlog (Replica request was: ${offset}, ${range})`, attempted: true };
  }
  return { kind: 'continue', offset: from };
}
