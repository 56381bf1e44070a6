/**
 * FAILOVER on a primary with a real Engine and replicas that speak raw bytes: Redis 7.0.15's
 * argument checks and error texts, writes paused while it waits for a replica to catch up, the
 * timeout and ABORT giving the primary back its writes, and under min-replicas-durable a target
 * that must have made everything durable (FACK), not only applied it. The hand-over itself (this
 * node following the target with PSYNC … FAILOVER) runs between real processes, in the server's
 * replication tests.
 */
import { describe, expect, it } from 'vitest';
import { LOCAL_FSYNC } from '../../src/engine/reply-gate.js';
import { ErrorReply, OK } from '../../src/resp/reply.js';
import { ReplicationNode } from '../../src/replication/replication-node.js';
import { RawReplica, settle } from '../support/raw-replica.js';
import { createTestEngine, durabilityPort } from '../support/test-engine.js';

function primaryNode(config: Record<string, string> = {}) {
  let lsn = 0;
  const setup = createTestEngine({ durability: durabilityPort(() => ++lsn), config });
  setup.engine.beginLogging(0);
  const logged: string[] = [];
  const node = new ReplicationNode({ engine: setup.engine, log: (_level, message) => void logged.push(message), persistence: null });
  setup.engine.replication = node;
  const commit = () => setup.engine.commitProgress(LOCAL_FSYNC, lsn);
  return { ...setup, node, logged, commit };
}

/** A replica announcing `port`, online (its full sync sent) and acknowledging everything so far. */
async function onlineReplica(setup: ReturnType<typeof primaryNode>, port: number): Promise<RawReplica> {
  const replica = new RawReplica(setup.engine, port);
  replica.send('REPLCONF', 'listening-port', String(port));
  replica.send('PSYNC', '?', '-1');
  setup.commit();
  await settle(setup.clock);
  replica.send('REPLCONF', 'ACK', String(setup.node.primary.loggedOffset));
  return replica;
}

const failoverState = (setup: ReturnType<typeof primaryNode>) => /master_failover_state:(\S+)/.exec(setup.node.infoLines().join('\n'))?.[1];

describe('FAILOVER', () => {
  it('checks its arguments and the node\'s state as Redis 7.0.15 does, with its error texts', async () => {
    const setup = primaryNode();
    const admin = setup.client();
    const error = (message: string) => new ErrorReply(message);
    expect(admin.call('FAILOVER')).toEqual(error('ERR FAILOVER requires connected replicas.'));
    expect(admin.call('FAILOVER', 'ABORT')).toEqual(error('ERR No failover in progress.'));
    expect(admin.call('FAILOVER', 'TO', '127.0.0.1', 'port')).toEqual(error('ERR value is not an integer or out of range'));
    expect(admin.call('FAILOVER', 'TIMEOUT', '0')).toEqual(error('ERR FAILOVER timeout must be greater than 0'));
    expect(admin.call('FAILOVER', 'TIMEOUT', '-5')).toEqual(error('ERR FAILOVER timeout must be greater than 0'));
    expect(admin.call('FAILOVER', 'TIMEOUT', '5', 'TIMEOUT', '6')).toEqual(error('ERR syntax error'));
    expect(admin.call('FAILOVER', 'ABORT', 'TIMEOUT', '5')).toEqual(error('ERR syntax error'));
    expect(admin.call('FAILOVER', 'FORCE', 'FORCE')).toEqual(error('ERR syntax error'));
    expect(admin.call('FAILOVER', 'TO', '127.0.0.1')).toEqual(error('ERR syntax error'));
    expect(admin.call('PSYNC', 'f'.repeat(40), '1', 'FAILOVER')).toEqual(error("ERR PSYNC FAILOVER can't be sent to a master."));

    const pending = new RawReplica(setup.engine, 7001);
    pending.send('REPLCONF', 'listening-port', '7001');
    pending.send('PSYNC', '?', '-1');
    expect(admin.call('FAILOVER', 'TO', '127.0.0.1', '7001')).toEqual(error('ERR FAILOVER target replica is not online.'));
    await onlineReplica(setup, 7002);
    expect(admin.call('FAILOVER', 'FORCE', 'TIMEOUT', '100')).toEqual(error('ERR FAILOVER with force option requires both a timeout and target HOST and IP.'));
    expect(admin.call('FAILOVER', 'TO', '127.0.0.1', '7002', 'FORCE')).toEqual(error('ERR FAILOVER with force option requires both a timeout and target HOST and IP.'));
    expect(admin.call('FAILOVER', 'TO', '127.0.0.1', '7999')).toEqual(error('ERR FAILOVER target HOST and PORT is not a replica.'));
    expect(admin.call('FAILOVER', 'TO', 'otherhost', '7002')).toEqual(error('ERR FAILOVER target HOST and PORT is not a replica.'));
    expect(failoverState(setup)).toBe('no-failover');
  });

  it('pauses writes while it waits for the target, refuses a second FAILOVER and REPLICAOF, and gives up at its timeout', async () => {
    const setup = primaryNode();
    const replica = await onlineReplica(setup, 7003);
    const admin = setup.client();
    const writer = setup.client();
    writer.call('SET', 'k', 'v1');
    setup.commit();
    expect(admin.call('FAILOVER', 'TO', '127.0.0.1', '7003', 'TIMEOUT', '500')).toEqual(OK);
    expect(setup.logged).toContain('FAILOVER requested to 127.0.0.1:7003.');
    expect(failoverState(setup)).toBe('waiting-for-sync');
    expect(admin.call('FAILOVER')).toEqual(new ErrorReply('ERR FAILOVER already in progress.'));
    expect(admin.call('REPLICAOF', '127.0.0.1', '7003')).toEqual(new ErrorReply('ERR REPLICAOF not allowed while failing over.'));
    expect(admin.call('PSYNC', '?', '-1')).toEqual(new ErrorReply("NOMASTERLINK Can't SYNC while failing over"));
    expect(writer.call('SET', 'k', 'v2')).toBeUndefined();
    expect(admin.call('GET', 'k')).toBe('v1');
    // The replica never acknowledges the SET: at the timeout the failover ends and the write runs.
    setup.clock.advanceMs(500);
    await settle(setup.clock);
    expect(setup.logged).toContain('FAILOVER to 127.0.0.1:7003 aborted: Replica never caught up before timeout');
    expect(failoverState(setup)).toBe('no-failover');
    expect(writer.take()).toEqual([OK]);
    expect(admin.call('GET', 'k')).toBe('v2');
    expect(replica.closed).toBe(false);
  });

  it('FAILOVER ABORT ends the wait and the pause', async () => {
    const setup = primaryNode();
    await onlineReplica(setup, 7004);
    const admin = setup.client();
    const writer = setup.client();
    writer.call('SET', 'k', 'v1');
    expect(admin.call('FAILOVER')).toEqual(OK);
    expect(setup.logged).toContain('FAILOVER requested to any replica.');
    expect(writer.call('SET', 'k', 'v2')).toBeUndefined();
    expect(admin.call('FAILOVER', 'ABORT')).toEqual(OK);
    expect(setup.logged).toContain('FAILOVER to any replica aborted: Failover manually aborted');
    expect(writer.take()).toEqual([OK]);
    expect(failoverState(setup)).toBe('no-failover');
  });

  it('keeps its pause apart from CLIENT PAUSE: CLIENT UNPAUSE does not end it, and a CLIENT PAUSE outlives it', async () => {
    const setup = primaryNode();
    await onlineReplica(setup, 7006);
    const admin = setup.client();
    const writer = setup.client();
    writer.call('SET', 'k', 'v1');
    expect(admin.call('FAILOVER', 'TIMEOUT', '60000')).toEqual(OK);
    expect(writer.call('SET', 'k', 'v2')).toBeUndefined();
    expect(admin.call('CLIENT', 'UNPAUSE')).toEqual(OK);
    await settle(setup.clock);
    expect(writer.take()).toEqual([]);
    expect(admin.call('CLIENT', 'PAUSE', '1000', 'WRITE')).toEqual(OK);
    expect(admin.call('FAILOVER', 'ABORT')).toEqual(OK);
    await settle(setup.clock);
    expect(writer.take()).toEqual([]);
    setup.clock.advanceMs(1000);
    await settle(setup.clock);
    expect(writer.take()).toEqual([OK]);
  });

  it('under min-replicas-durable waits for the target\'s FACK to reach the offset, not only its ACK', async () => {
    const setup = primaryNode({ 'min-replicas-durable': '1' });
    setup.engine.gateReplies(true);
    const replica = await onlineReplica(setup, 7005);
    const offset = () => String(setup.node.primary.loggedOffset);
    const writer = setup.client();
    writer.call('SET', 'k', 'v');
    setup.commit();
    await settle(setup.clock);
    const admin = setup.client();
    expect(admin.call('FAILOVER', 'TO', '127.0.0.1', '7005')).toEqual(OK);
    replica.send('REPLCONF', 'ACK', offset(), 'FACK', String(Number(offset()) - 1));
    setup.clock.advanceMs(300);
    await settle(setup.clock);
    expect(failoverState(setup)).toBe('waiting-for-sync');
    replica.send('REPLCONF', 'ACK', offset(), 'FACK', offset());
    setup.clock.advanceMs(100);
    await settle(setup.clock);
    expect(setup.logged).toContain('Failover target 127.0.0.1:7005 is synced, failing over.');
    expect(failoverState(setup)).toBe('failover-in-progress');
    expect(admin.call('FAILOVER', 'ABORT')).toEqual(OK);
    expect(failoverState(setup)).toBe('no-failover');
  });
});
