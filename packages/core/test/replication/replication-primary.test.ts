/**
 * The primary's side with a real Engine and a replica that speaks raw bytes, under a durability
 * port whose commit progress the test drives: the stream carries a unit only once it is
 * committed, a full sync's RDB only once its snapshot is, WAIT counts acknowledgements, and a
 * reconnecting replica continues from the backlog.
 */
import { describe, expect, it } from 'vitest';
import { LOCAL_FSYNC } from '../../src/engine/reply-gate.js';
import { ErrorReply, OK } from '../../src/resp/reply.js';
import { ReplicationNode } from '../../src/replication/replication-node.js';
import { createTestEngine, durabilityPort } from '../support/test-engine.js';
import { RawReplica, settle } from '../support/raw-replica.js';

const resp = (...args: string[]) => `*${args.length}\r\n${args.map((arg) => `$${arg.length}\r\n${arg}\r\n`).join('')}`;

/** `config` with min-replicas-durable gates replies, as Persistence does for it. */
function primaryWithManualCommits(config: Record<string, string> = {}) {
  let lsn = 0;
  const setup = createTestEngine({ durability: durabilityPort(() => ++lsn), config });
  setup.engine.beginLogging(0);
  setup.engine.gateReplies(config['min-replicas-durable'] !== undefined);
  const node = new ReplicationNode({ engine: setup.engine, log: () => undefined, persistence: null });
  setup.engine.replication = node;
  const replication = node.primary;
  const commit = (through: number) => setup.engine.commitProgress(LOCAL_FSYNC, through);
  return { ...setup, replication, commit, lsn: () => lsn };
}

describe('ReplicationPrimary', () => {
  it('sends the RDB once its snapshot is committed, and each unit once it is', async () => {
    const { engine, clock, client, commit, lsn } = primaryWithManualCommits();
    const writer = client();
    writer.call('SET', 'before', '1');
    const replica = new RawReplica(engine, 7001);
    replica.send('REPLCONF', 'listening-port', '7001');
    replica.send('REPLCONF', 'capa', 'psync2');
    replica.send('PSYNC', '?', '-1');
    await settle(clock);
    const handshake = replica.take();
    expect(handshake).toMatch(/^\+OK\r\n\+OK\r\n\+FULLRESYNC [0-9a-f]{40} 0\r\n$/);
    commit(lsn());
    await settle(clock);
    const rdb = replica.take();
    expect(rdb).toMatch(/^\$\d+\r\nREDIS0010/);
    expect(rdb).toContain('before');
    expect(rdb.length - rdb.indexOf('\r\n') - 2).toBe(Number(rdb.slice(1, rdb.indexOf('\r\n'))));

    writer.call('SET', 'after', '2');
    writer.call('MULTI');
    writer.call('INCR', 'n');
    writer.call('SELECT', '1');
    writer.call('SET', 'x', 'y');
    writer.call('EXEC');
    await settle(clock);
    expect(replica.take()).toBe('');
    commit(lsn() - 1);
    expect(replica.take()).toBe(resp('SELECT', '0') + resp('SET', 'after', '2'));
    commit(lsn());
    expect(replica.take()).toBe(resp('MULTI') + resp('INCR', 'n') + resp('SELECT', '1') + resp('SET', 'x', 'y') + resp('EXEC'));
  });

  it('answers WAIT when enough replicas acknowledged the client\'s last write, or at its timeout', async () => {
    const { engine, clock, client, commit, lsn, replication } = primaryWithManualCommits();
    const replica = new RawReplica(engine, 7002);
    replica.send('PSYNC', '?', '-1');
    commit(lsn());
    await settle(clock);
    replica.take();
    replica.send('REPLCONF', 'ACK', '0');
    const writer = client();
    writer.call('SET', 'k', 'v');
    expect(writer.call('WAIT', '1', '0')).toBeUndefined();
    commit(lsn());
    const shipped = replica.take();
    expect(shipped).toContain(resp('SET', 'k', 'v'));
    expect(shipped.endsWith(resp('REPLCONF', 'GETACK', '*'))).toBe(true);
    replica.send('REPLCONF', 'ACK', String(replication.offset));
    await settle(clock);
    expect(writer.take()).toEqual([1]);
    expect(writer.call('WAIT', '2', '100')).toBeUndefined();
    clock.advanceMs(100);
    await settle(clock);
    expect(writer.take()).toEqual([1]);
    expect(replica.take()).toBe(resp('REPLCONF', 'GETACK', '*'));
  });

  it('continues a reconnecting replica from the backlog, naming its ID to a psync2 replica', async () => {
    const { engine, clock, client, commit, lsn, replication } = primaryWithManualCommits();
    const first = new RawReplica(engine, 7003);
    first.send('PSYNC', '?', '-1');
    commit(lsn());
    await settle(clock);
    const id = /FULLRESYNC ([0-9a-f]{40}) 0/.exec(first.take())![1];
    const writer = client();
    writer.call('SET', 'a', '1');
    commit(lsn());
    const processed = replication.offset;
    writer.call('SET', 'b', '2');
    commit(lsn());
    const second = new RawReplica(engine, 7004);
    second.send('REPLCONF', 'capa', 'psync2');
    second.send('PSYNC', id, String(processed + 1));
    expect(second.take()).toBe(`+OK\r\n+CONTINUE ${id}\r\n${resp('SET', 'b', '2')}`);
    const third = new RawReplica(engine, 7005);
    third.send('PSYNC', 'f'.repeat(40), '1');
    expect(third.take()).toMatch(/^\+FULLRESYNC /);
    expect(engine.replication?.syncCounts).toEqual({ full: 2, partialOk: 1, partialErr: 1 });
  });

  it('min-replicas-durable: a write is answered once a replica FACKs past its unit, not on its ACK', async () => {
    const { engine, clock, client, commit, lsn, replication } = primaryWithManualCommits({ 'min-replicas-durable': '1' });
    const writer = client();
    expect(writer.call('SET', 'a', '1')).toBeUndefined();
    commit(lsn());
    await settle(clock);
    expect(writer.take()).toEqual([]);
    const replica = new RawReplica(engine, 7006);
    replica.send('PSYNC', '?', '-1');
    await settle(clock);
    expect(replica.take()).toMatch(/^\+FULLRESYNC [0-9a-f]{40} \d+\r\n\$\d+\r\nREDIS0010/);
    replica.send('REPLCONF', 'ACK', String(replication.offset));
    await settle(clock);
    expect(writer.take()).toEqual([]);
    replica.send('REPLCONF', 'ACK', String(replication.offset), 'FACK', String(replication.offset));
    await settle(clock);
    expect(writer.take()).toEqual([OK]);
    expect(writer.call('SET', 'b', '2')).toBeUndefined();
    commit(lsn());
    replica.send('REPLCONF', 'ACK', String(replication.offset), 'FACK', String(replication.offset - 1));
    await settle(clock);
    expect(writer.take()).toEqual([]);
    replica.send('REPLCONF', 'ACK', String(replication.offset), 'FACK', String(replication.offset));
    await settle(clock);
    expect(writer.take()).toEqual([OK]);
  });

  it('min-replicas-durable-timeout: a write not durable on the replicas in time is answered NOTDURABLE, never OK, and so are reads of it until the replicas have it', async () => {
    const { engine, clock, client, commit, lsn, replication } = primaryWithManualCommits({ 'min-replicas-durable': '1', 'min-replicas-durable-timeout': '500' });
    const replica = new RawReplica(engine, 7010);
    replica.send('PSYNC', '?', '-1');
    commit(lsn());
    await settle(clock);
    const fack = (offset = replication.offset) => replica.send('REPLCONF', 'ACK', String(offset), 'FACK', String(offset));
    const writer = client();
    const reader = client();
    expect(writer.call('SET', 'a', '1')).toBeUndefined();
    commit(lsn());
    fack();
    await settle(clock);
    expect(writer.take()).toEqual([OK]);

    expect(writer.call('SET', 'b', '2')).toBeUndefined();
    commit(lsn());
    const durableBefore = replication.offset;
    clock.advanceMs(400);
    await settle(clock);
    expect(writer.take()).toEqual([]);
    clock.advanceMs(100);
    await settle(clock);
    expect(writer.take()).toEqual([new ErrorReply('NOTDURABLE the write was applied and logged here but is not known durable on 1 replica after 500 ms (min-replicas-durable-timeout): it may or may not survive a failover')]);
    expect(reader.call('GET', 'b')).toEqual(new ErrorReply('NOTDURABLE the read depends on a write that is not known durable on 1 replica after 500 ms (min-replicas-durable-timeout): it may or may not survive a failover'));
    expect(reader.call('GET', 'a')).toBe('1');
    fack(durableBefore);
    await settle(clock);
    expect(reader.call('GET', 'b')).toBe('2');

    expect(writer.call('CONFIG', 'SET', 'min-replicas-durable-timeout', '0')).toEqual(OK);
    expect(writer.call('SET', 'c', '3')).toBeUndefined();
    commit(lsn());
    clock.advanceMs(2000);
    await settle(clock);
    expect(writer.take()).toEqual([]);
    fack();
    await settle(clock);
    expect(writer.take()).toEqual([OK]);

    // Set while a write waits, the timeout applies to it, from when it was logged (settle() moves the clock 50 ms).
    expect(writer.call('SET', 'd', '4')).toBeUndefined();
    commit(lsn());
    clock.advanceMs(800);
    await settle(clock);
    expect(writer.take()).toEqual([]);
    expect(reader.call('CONFIG', 'SET', 'min-replicas-durable-timeout', '1000')).toEqual(OK);
    clock.advanceMs(50);
    await settle(clock);
    expect(writer.take()).toEqual([]);
    clock.advanceMs(100);
    await settle(clock);
    expect((writer.take()[0] as ErrorReply).message).toMatch(/^NOTDURABLE the write was applied and logged here but is not known durable on 1 replica after 1000 ms/);
  });

  it('WAITAOF counts replicas by their FACK, and the local fsync, answering when both are reached or at the timeout', async () => {
    const { engine, clock, client, commit, lsn, replication } = primaryWithManualCommits();
    const replica = new RawReplica(engine, 7007);
    replica.send('PSYNC', '?', '-1');
    commit(lsn());
    await settle(clock);
    replica.take();
    const writer = client();
    writer.call('SET', 'k', 'v');
    expect(writer.call('WAITAOF', '1', '1', '0')).toBeUndefined();
    replica.send('REPLCONF', 'ACK', String(replication.offset), 'FACK', String(replication.offset));
    await settle(clock);
    expect(writer.take()).toEqual([]);
    commit(lsn());
    replica.send('REPLCONF', 'ACK', String(replication.offset), 'FACK', String(replication.offset));
    await settle(clock);
    expect(writer.take()).toEqual([[1, 1]]);
    expect(writer.call('WAITAOF', '0', '2', '50')).toBeUndefined();
    clock.advanceMs(50);
    await settle(clock);
    expect(writer.take()).toEqual([[1, 1]]);
  });

  it('a WAIT before any replica attached answers 0 at its timeout and leaves the stream to start clean (regression: it rendered a GETACK with no backlog, and the commit that shipped it failed the AOF)', async () => {
    const { engine, clock, client, commit, lsn } = primaryWithManualCommits();
    const writer = client();
    writer.call('SET', 'k', 'v');
    expect(writer.call('WAIT', '1', '100')).toBeUndefined();
    commit(lsn());
    clock.advanceMs(100);
    await settle(clock);
    expect(writer.take()).toEqual([0]);
    expect(engine.durabilityFailure).toBeNull();
    const replica = new RawReplica(engine, 7008);
    replica.send('PSYNC', '?', '-1');
    await settle(clock);
    expect(replica.take()).toMatch(/^\+FULLRESYNC [0-9a-f]{40} 0\r\n/);
  });

  it('refuses writes with NOREPLICAS while min-replicas-to-write is not met', () => {
    const { client, engine } = primaryWithManualCommits();
    const writer = client();
    expect(writer.call('CONFIG', 'SET', 'min-replicas-to-write', '1')).toEqual(OK);
    const refused = new ErrorReply('NOREPLICAS Not enough good replicas to write.');
    expect(writer.call('SET', 'k', 'v')).toEqual(refused);
    expect(writer.call('EVAL', "#!lua\nreturn redis.call('get', 'k')", '0')).toEqual(refused);
    const inScript = writer.call('EVAL', "return redis.call('set', 'k', 'v')", '0') as ErrorReply;
    expect(inScript.message).toMatch(/^NOREPLICAS Not enough good replicas to write\. script: [0-9a-f]{40}, on @user_script:1\.$/);
    expect(writer.call('EVAL', "#!lua flags=no-writes\nreturn redis.call('get', 'k')", '0')).toBeNull();
    expect(writer.call('GET', 'k')).toBeNull();
    expect(engine.replication?.writeRefusal()).not.toBeNull();
  });

  it('sends PUBLISH to replicas in the order it ran, after what was logged before it, and not to the log', async () => {
    const { engine, clock, client, commit, lsn, replication } = primaryWithManualCommits();
    const replica = new RawReplica(engine, 7009);
    replica.send('PSYNC', '?', '-1');
    commit(lsn());
    await settle(clock);
    replica.take();
    const writer = client();
    writer.call('SET', 'a', '1');
    const logged = lsn();
    expect(writer.call('PUBLISH', 'news', 'hello')).toBe(0);
    expect(lsn()).toBe(logged);
    expect(replica.take()).toBe('');
    commit(lsn());
    expect(replica.take()).toBe(resp('SELECT', '0') + resp('SET', 'a', '1') + resp('PUBLISH', 'news', 'hello'));
    writer.call('MULTI');
    writer.call('SET', 'b', '2');
    writer.call('SPUBLISH', 'shard', 'm');
    writer.call('EXEC');
    writer.call('EVAL', "redis.call('publish', 'x', 'y') return 1", '0');
    commit(lsn());
    expect(replica.take()).toBe(resp('MULTI') + resp('SET', 'b', '2') + resp('SPUBLISH', 'shard', 'm') + resp('EXEC') + resp('publish', 'x', 'y'));

    // WAIT after a PUBLISH waits for the replica to acknowledge it, as Redis's woff.
    replica.send('REPLCONF', 'ACK', String(replication.offset));
    const publisher = client();
    publisher.call('PUBLISH', 'news', 'again');
    const published = replication.offset;
    expect(publisher.call('WAIT', '1', '0')).toBeUndefined();
    replica.send('REPLCONF', 'ACK', String(published - 1));
    await settle(clock);
    expect(publisher.take()).toEqual([]);
    replica.send('REPLCONF', 'ACK', String(published));
    await settle(clock);
    expect(publisher.take()).toEqual([1]);
  });
});
