/**
 * min-replicas-durable across a change of role: a primary that starts following another fails the
 * writes still waiting for k replicas (they were applied here and may be lost) instead of
 * acknowledging them, answers at its local commit while it follows, and waits for k replicas
 * again once it is promoted.
 */
import { describe, expect, it } from 'vitest';
import { LOCAL_FSYNC } from '../../src/engine/reply-gate.js';
import { ErrorReply, OK } from '../../src/resp/reply.js';
import { ReplicationNode } from '../../src/replication/replication-node.js';
import { createTestEngine, durabilityPort } from '../support/test-engine.js';
import { RawReplica, settle } from '../support/raw-replica.js';

const DEMOTED = new ErrorReply('NOREPLICAS This node became a replica before min-replicas-durable replicas fsynced the write: it was applied here and may be lost');

describe('min-replicas-durable when the node changes role', () => {
  it('fails waiting writes on demotion, answers at the local commit while following, waits for FACKs once promoted', async () => {
    let lsn = 0;
    const { engine, clock, client } = createTestEngine({ durability: durabilityPort(() => ++lsn), config: { 'min-replicas-durable': '1' } });
    engine.beginLogging(0);
    engine.gateReplies(true);
    const node = new ReplicationNode({ engine, log: () => undefined, persistence: null });
    engine.replication = node;
    const primary = node.primary;
    const commit = () => engine.commitProgress(LOCAL_FSYNC, lsn);
    const writer = client();
    const reader = client();

    expect(writer.call('SET', 'a', '1')).toBeUndefined();
    commit();
    expect(reader.call('GET', 'a')).toBeUndefined();
    await settle(clock);
    expect(writer.take()).toEqual([]);

    primary.detach();
    await settle(clock);
    expect(writer.take()).toEqual([DEMOTED]);
    expect(reader.take()).toEqual([DEMOTED]);

    expect(writer.call('SET', 'b', '2')).toBeUndefined();
    commit();
    await settle(clock);
    expect(writer.take()).toEqual([OK]);

    primary.promote({ replicationId: primary.history.replicationId, offset: primary.offset });
    expect(writer.call('SET', 'c', '3')).toBeUndefined();
    commit();
    await settle(clock);
    expect(writer.take()).toEqual([]);
    const replica = new RawReplica(engine, 7020);
    replica.send('PSYNC', '?', '-1');
    await settle(clock);
    expect(replica.take()).toMatch(/^\+FULLRESYNC [0-9a-f]{40} \d+\r\n/);
    replica.send('REPLCONF', 'ACK', String(primary.offset), 'FACK', String(primary.offset));
    await settle(clock);
    expect(writer.take()).toEqual([OK]);
  });
});
