/**
 * Expiry on a replica, as Redis 7.0's: while a node follows a primary it deletes no expired key
 * (neither on access nor in the active cycle), its clients read expired keys as missing, and the
 * primary's stream sees them as live — an absolute expiry time already past sets the time instead
 * of deleting (the stream carries absolute times; a lagging replica would otherwise drop a key the
 * primary kept). Found by the simulator's replication runs (seed 26 with 3 replicas: a replica's
 * APPEND started from an empty value after a PEXPIREAT arrived late).
 */
import { describe, expect, it } from 'vitest';
import { dumpKeyspace } from '../../src/engine/keyspace-dump.js';
import { createTestEngine, encodeRequest } from '../support/test-engine.js';

describe('expiry while following a primary', () => {
  it('keeps expired keys, hides them from clients, shows them to the stream', () => {
    const { engine, clock, client } = createTestEngine();
    engine.start();
    const stream = client();
    stream.connection.attachPrimaryStream(() => undefined);
    const reader = client();
    engine.followingPrimary = true;
    const past = clock.now() - 1000;

    stream.send(encodeRequest(['SET', 'late', 'v', 'PXAT', String(past)]));
    stream.send(encodeRequest(['SET', 'k', 'a']));
    stream.send(encodeRequest(['PEXPIREAT', 'k', String(past)]));
    expect(dumpKeyspace(engine)).toEqual([`0/0 "k" string "a" @${past}`, `0/0 "late" string "v" @${past}`]);
    expect(reader.call('GET', 'k')).toBeNull();
    expect(reader.call('EXISTS', 'late')).toBe(0);
    clock.advanceMs(2000);
    expect(dumpKeyspace(engine)).toHaveLength(2);

    stream.send(encodeRequest(['APPEND', 'k', 'b']));
    stream.send(encodeRequest(['PEXPIREAT', 'k', String(clock.now() + 10_000)]));
    expect(reader.call('GET', 'k')).toBe('ab');
    stream.send(encodeRequest(['DEL', 'late']));
    expect(dumpKeyspace(engine)).toEqual([`0/0 "k" string "ab" @${clock.now() + 10_000}`]);

    engine.followingPrimary = false;
    expect(reader.call('PEXPIREAT', 'k', String(past))).toBe(1);
    expect(dumpKeyspace(engine)).toEqual([]);
    engine.stop();
  });
});
