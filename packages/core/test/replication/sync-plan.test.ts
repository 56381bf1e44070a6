/**
 * The PSYNC decision as a table: Redis 7.0's masterTryPartialResynchronization rules, with
 * PSYNC offsets 1-based (the next byte wanted) and backlog offsets 0-based.
 */
import { describe, expect, it } from 'vitest';
import { planSync, type ReplicationHistory } from '../../src/replication/sync-plan.js';

const ID = 'a'.repeat(40);
const ID2 = 'b'.repeat(40);
const history: ReplicationHistory = { id: ID, id2: ID2, secondOffset: 101, backlog: { start: 50, end: 200 } };

describe('planSync', () => {
  it.each([
    ['SYNC', null, 'full', false],
    ['PSYNC ? -1', { replicationId: '?', offset: -1 }, 'full', false],
    ['an unknown ID', { replicationId: 'c'.repeat(40), offset: 100 }, 'full', true],
    ['our ID, first byte held', { replicationId: ID, offset: 51 }, 'continue', false],
    ['our ID, nothing missing', { replicationId: ID, offset: 201 }, 'continue', false],
    ['our ID, before the backlog', { replicationId: ID, offset: 50 }, 'full', true],
    ['our ID, past the end', { replicationId: ID, offset: 202 }, 'full', true],
    ['the previous ID up to where it ended', { replicationId: ID2, offset: 101 }, 'continue', false],
    ['the previous ID past where it ended', { replicationId: ID2, offset: 102 }, 'full', true],
  ] as const)('%s', (_name, request, kind, attempted) => {
    const plan = planSync(request, history);
    expect(plan.kind).toBe(kind);
    if (plan.kind === 'full') expect(plan.attempted).toBe(attempted);
    else expect(plan.offset).toBe(request!.offset - 1);
  });

  it('refuses a partial resync before any backlog exists', () => {
    expect(planSync({ replicationId: ID, offset: 1 }, { ...history, backlog: null })).toMatchObject({ kind: 'full', attempted: true });
  });
});
