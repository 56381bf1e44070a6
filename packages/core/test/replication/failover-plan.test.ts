/**
 * FAILOVER's next step, decided purely (failover-plan.ts): every outcome of Redis's
 * updateFailoverStatus, and min-replicas-durable's FACK condition.
 */
import { describe, expect, it } from 'vitest';
import { nextFailoverStep, type FailoverCandidate, type FailoverSituation } from '../../src/replication/failover-plan.js';

const replica = (port: number, ackOffset: number, more: Partial<FailoverCandidate> = {}): FailoverCandidate =>
  ({ ip: '127.0.0.1', listeningPort: port, online: true, ackOffset, durableOffset: null, ...more });

const situation = (more: Partial<FailoverSituation>): FailoverSituation =>
  ({ target: null, force: false, endMs: 0, nowMs: 1000, offset: 500, durableRequired: false, replicas: [], ...more });

describe('nextFailoverStep', () => {
  it('past the TIMEOUT: aborts, or with FORCE fails over to the target anyway', () => {
    const target = { host: '127.0.0.1', port: 7001 };
    const replicas = [replica(7001, 100)];
    expect(nextFailoverStep(situation({ target, endMs: 1000, replicas }))).toEqual({ kind: 'abort', reason: 'Replica never caught up before timeout' });
    expect(nextFailoverStep(situation({ target, endMs: 1000, force: true, replicas }))).toEqual({ kind: 'fail-over', target, forced: true });
    expect(nextFailoverStep(situation({ target, endMs: 1001, force: true, replicas }))).toEqual({ kind: 'wait' });
  });

  it('a named target: once its ACK equals the offset (its host compared case-insensitively)', () => {
    const target = { host: 'LOCALHOST', port: 7001 };
    const at = (ackOffset: number) => situation({ target, replicas: [replica(7002, 500, { ip: 'localhost' }), replica(7001, ackOffset, { ip: 'localhost' })] });
    expect(nextFailoverStep(at(499))).toEqual({ kind: 'wait' });
    expect(nextFailoverStep(at(500))).toEqual({ kind: 'fail-over', target, forced: false });
    expect(nextFailoverStep(situation({ target, replicas: [] }))).toEqual({ kind: 'wait' });
  });

  it('any replica: the first online one that acknowledged everything', () => {
    const replicas = [replica(7001, 400), replica(7002, 500, { online: false }), replica(7003, 500, { ip: '10.0.0.3' }), replica(7004, 500)];
    expect(nextFailoverStep(situation({ replicas }))).toEqual({ kind: 'fail-over', target: { host: '10.0.0.3', port: 7003 }, forced: false });
    expect(nextFailoverStep(situation({ replicas: replicas.slice(0, 2) }))).toEqual({ kind: 'wait' });
  });

  it('under min-replicas-durable the FACK must reach the offset too; a replica without FACK never qualifies', () => {
    const target = { host: '127.0.0.1', port: 7001 };
    const at = (durableOffset: number | null) => situation({ target, durableRequired: true, replicas: [replica(7001, 500, { durableOffset })] });
    expect(nextFailoverStep(at(499))).toEqual({ kind: 'wait' });
    expect(nextFailoverStep(at(null))).toEqual({ kind: 'wait' });
    expect(nextFailoverStep(at(500))).toEqual({ kind: 'fail-over', target, forced: false });
    expect(nextFailoverStep(situation({ durableRequired: true, replicas: [replica(7001, 500, { durableOffset: 500 })] })).kind).toBe('fail-over');
  });
});
