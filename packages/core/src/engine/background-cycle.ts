/**
 * The engine's background work, `hz` times a second (Redis's serverCron, the parts Ballast
 * has): active expiry — sample keys with a time to live in every database and delete the dead,
 * for another round while a quarter or more of a sample had expired — and closing clients idle
 * longer than `timeout` seconds (blocked and subscribed clients are never idle).
 */
import type { Random } from '../io/random.js';
import type { Database } from '../keyspace/database.js';

/** Keys sampled per database per round, and rounds at most per cycle. */
const EXPIRE_SAMPLES_PER_ROUND = 20;
const EXPIRE_ROUNDS_MAX = 16;

export function expireSampledKeys(shards: readonly (readonly Database[])[], random: Random): void {
  for (const databases of shards) {
    for (const database of databases) {
      for (let round = 0; round < EXPIRE_ROUNDS_MAX; round++) {
        const expired = database.expireSample(random, EXPIRE_SAMPLES_PER_ROUND);
        if (expired * 4 <= EXPIRE_SAMPLES_PER_ROUND) break;
      }
    }
  }
}

/** A client as the idle check sees it. */
export interface IdleCandidate {
  readonly id: number;
  readonly address: string;
  readonly blocked: boolean;
  readonly subscribed: boolean;
  /** A MONITOR client (Redis's replica flag): never idle. */
  readonly monitoring: boolean;
  /** A replica's link: `timeout` never closes it (repl-timeout does). */
  readonly replica: boolean;
  readonly lastInteractionMs: number;
  closeAfterReply(): void;
}

/** Closes every client idle for more than `timeoutMs` at `nowMs`; returns how many. */
export function closeIdleClients(clients: Iterable<IdleCandidate>, timeoutMs: number, nowMs: number,
  log: (message: string) => void): number {
  let closed = 0;
  for (const client of clients) {
    if (client.blocked || client.subscribed || client.replica) continue;
    if (client.monitoring) continue;
    if (nowMs - client.lastInteractionMs > timeoutMs) {
      log(`Closing idle client id=${client.id} addr=${client.address}`);
      client.closeAfterReply();
      closed++;
    }
  }
  return closed;
}
