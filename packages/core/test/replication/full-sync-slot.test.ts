/**
 * A full sync whose snapshot waits for the snapshot slot (an AOF rewrite or BGSAVE holds it):
 * the stream shipped meanwhile is in the snapshot taken later, so the replica must get the
 * stream from the snapshot's offset only. Found by the simulator's replication runs (seed 3):
 * the bytes held for the waiting replica were sent after the RDB, and the writes between the
 * PSYNC and the snapshot were applied twice on the replica.
 */
import { describe, expect, it } from 'vitest';
import { LOCAL_FSYNC } from '../../src/engine/reply-gate.js';
import { ReplicationNode } from '../../src/replication/replication-node.js';
import { createTestEngine, durabilityPort } from '../support/test-engine.js';
import { RawReplica, settle } from '../support/raw-replica.js';

describe('a full sync that waits for the snapshot slot', () => {
  it('streams from the snapshot offset, not from the PSYNC', async () => {
    let lsn = 0;
    const { engine, clock, client } = createTestEngine({ durability: durabilityPort(() => ++lsn) });
    engine.beginLogging(0);
    const node = new ReplicationNode({ engine, log: () => undefined, persistence: null });
    engine.replication = node;
    const commit = () => engine.commitProgress(LOCAL_FSYNC, lsn);
    const writer = client();

    engine.snapshotGuard.activeEpoch = 12345;
    const replica = new RawReplica(engine, 7030);
    replica.send('REPLCONF', 'capa', 'psync2');
    replica.send('PSYNC', '?', '-1');
    writer.call('RPUSH', 'h', '1');
    commit();
    await settle(clock);
    expect(replica.take()).toBe('+OK\r\n');

    engine.snapshotGuard.activeEpoch = 0;
    writer.call('RPUSH', 'h', '2');
    commit();
    await settle(clock);
    const received = replica.take();
    const match = /^\+FULLRESYNC [0-9a-f]{40} (\d+)\r\n\$(\d+)\r\n/.exec(received);
    expect(match).not.toBeNull();
    const rdbEnd = match![0].length + Number(match![2]);
    const rdb = received.slice(match![0].length, rdbEnd);
    expect(rdb).toContain('h');
    expect(Number(match![1])).toBe(node.primary.offset);
    expect(received.slice(rdbEnd)).toBe('');
  });
});
