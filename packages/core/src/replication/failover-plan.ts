/**
 * What a waiting FAILOVER does next, decided purely, as Redis 7.0.15's updateFailoverStatus
 * decides it: past its TIMEOUT it gives up — or with FORCE fails over to its target anyway —
 * else it fails over to the named replica, or to the first replica, once that replica
 * acknowledged the whole stream (its ACK equals the offset after everything logged; under
 * min-replicas-durable its FACK reaches it too); otherwise it waits.
 */

/** A replica as FAILOVER sees it. */
export interface FailoverCandidate {
  /** The address it announced (REPLCONF ip-address), else its peer's. */
  readonly ip: string;
  readonly listeningPort: number;
  readonly online: boolean;
  readonly ackOffset: number;
  /** Its FACK; null for a replica that never sends one (redis-server). */
  readonly durableOffset: number | null;
}

export interface FailoverTarget {
  readonly host: string;
  readonly port: number;
}

export interface FailoverSituation {
  /** The replica named with TO, or null for any. */
  readonly target: FailoverTarget | null;
  readonly force: boolean;
  /** Wall ms the TIMEOUT ends (0: none), and now. */
  readonly endMs: number;
  readonly nowMs: number;
  /** The stream offset after everything logged. */
  readonly offset: number;
  readonly durableRequired: boolean;
  readonly replicas: readonly FailoverCandidate[];
}

export type FailoverStep =
  | { readonly kind: 'wait' }
  | { readonly kind: 'abort'; readonly reason: string }
  /** `forced`: the TIMEOUT passed under FORCE, the target may lack writes. */
  | { readonly kind: 'fail-over'; readonly target: FailoverTarget; readonly forced: boolean };

const WAIT: FailoverStep = { kind: 'wait' };

/** Redis's findReplica: by the address it announced (or its peer's), case-insensitively, and its listening port. */
export function findCandidate(replicas: readonly FailoverCandidate[], host: string, port: number): FailoverCandidate | undefined {
  const wanted = host.toLowerCase();
  return replicas.find((replica) => replica.ip.toLowerCase() === wanted && replica.listeningPort === port);
}

export function nextFailoverStep(situation: FailoverSituation): FailoverStep {
  const { target, offset, durableRequired } = situation;
  if (situation.endMs > 0 && situation.endMs <= situation.nowMs) {
    if (situation.force && target !== null) return { kind: 'fail-over', target, forced: true };
    return { kind: 'abort', reason: 'Replica never caught up before timeout' };
  }
  const synced = (replica: FailoverCandidate) => replica.ackOffset === offset && (!durableRequired || (replica.durableOffset ?? -1) >= offset);
  if (target !== null) {
    const replica = findCandidate(situation.replicas, target.host, target.port);
    return replica !== undefined && synced(replica) ? { kind: 'fail-over', target, forced: false } : WAIT;
  }
  const replica = situation.replicas.find((candidate) => candidate.online && synced(candidate));
  return replica === undefined ? WAIT : { kind: 'fail-over', target: { host: replica.ip, port: replica.listeningPort }, forced: false };
}
