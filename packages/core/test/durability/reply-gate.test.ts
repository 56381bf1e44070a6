/**
 * The reply gate under appendfsync always: a write's reply leaves only once its LSN is
 * committed; a read of a key whose last write is uncommitted waits the same way; a read of a
 * committed key does not; replies keep their order; after a durability failure, waiting replies
 * and new writes get MISCONF while committed reads are still served. A blocked command's reply,
 * however its wait ends, waits for what the call that blocked logged and read, and for what the
 * call that served it read. WAITAOF waits for the client's last write whatever the mode.
 */
import { describe, expect, it } from 'vitest';
import { ErrorReply, NULL_ARRAY, OK } from '../../src/resp/reply.js';
import { LOCAL_FSYNC } from '../../src/engine/reply-gate.js';
import { createTestEngine, durabilityPort } from '../support/test-engine.js';

function gatedEngine() {
  let lastLsn = 0;
  let syncRequests = 0;
  const setup = createTestEngine({ shards: 2, durability: durabilityPort(() => ++lastLsn, () => void syncRequests++) });
  setup.engine.beginLogging(0);
  setup.engine.gateReplies(true);
  return { ...setup, lastLsn: () => lastLsn, syncRequests: () => syncRequests };
}

describe('reply gate (appendfsync always)', () => {
  it('holds a write reply until its LSN is committed', () => {
    const { engine, client } = gatedEngine();
    const writer = client();
    expect(writer.call('SET', 'a', '1')).toBeUndefined();
    engine.commitProgress(LOCAL_FSYNC, 1);
    expect(writer.take()).toEqual([OK]);
  });

  it('holds reads of uncommitted keys, not of committed ones, and keeps order per client', () => {
    const { engine, client } = gatedEngine();
    const writer = client();
    const reader = client();
    writer.call('SET', 'committed', 'yes');
    engine.commitProgress(LOCAL_FSYNC, 1);
    writer.take();
    writer.call('SET', 'pending', 'maybe');
    expect(reader.call('GET', 'pending')).toBeUndefined();
    expect(reader.call('GET', 'committed')).toBeUndefined();
    const other = client();
    expect(other.call('GET', 'committed')).toBe('yes');
    expect(other.call('EXISTS', 'pending')).toBeUndefined();
    engine.commitProgress(LOCAL_FSYNC, 2);
    expect(writer.take()).toEqual([OK]);
    expect(reader.take()).toEqual(['maybe', 'yes']);
    expect(other.take()).toEqual([1]);
  });

  it('after a switch to always, holds every read until the writes logged before it are committed (found by the simulator, seed 171)', () => {
    const { engine, client } = gatedEngine();
    engine.gateReplies(false);
    const writer = client();
    expect(writer.call('SET', 'written-under-everysec', 'v')).toEqual(OK);
    engine.gateReplies(true);
    const reader = client();
    expect(reader.call('GET', 'written-under-everysec')).toBeUndefined();
    expect(client().call('GET', 'never-written')).toBeUndefined();
    engine.commitProgress(LOCAL_FSYNC, 1);
    expect(reader.take()).toEqual(['v']);
  });

  it('holds a read of a key whose expiry deletion is not committed yet', () => {
    const { engine, client, clock } = gatedEngine();
    const writer = client();
    writer.call('SET', 'short', 'v', 'PX', '10');
    engine.commitProgress(LOCAL_FSYNC, 1);
    writer.take();
    clock.advanceMs(20);
    const expirer = client();
    expect(expirer.call('GET', 'short')).toBeUndefined();
    const counter = client();
    expect(counter.call('DBSIZE')).toBeUndefined();
    engine.commitProgress(LOCAL_FSYNC, 2);
    expect(expirer.take()).toEqual([null]);
    expect(counter.take()).toEqual([0]);
  });

  it('makes database-wide reads wait for every uncommitted write of the database', () => {
    const { engine, client } = gatedEngine();
    client().call('SET', 'x', '1');
    const reader = client();
    expect(reader.call('DBSIZE')).toBeUndefined();
    engine.commitProgress(LOCAL_FSYNC, 1);
    expect(reader.take()).toEqual([1]);
  });

  it('answers MISCONF to waiting and new writes after a failure, and still serves committed reads', () => {
    const { engine, client } = gatedEngine();
    const writer = client();
    writer.call('SET', 'safe', 'v');
    engine.commitProgress(LOCAL_FSYNC, 1);
    writer.take();
    expect(writer.call('SET', 'lost', 'v')).toBeUndefined();
    engine.onDurabilityFailure('EIO: fsync');
    const [held] = writer.take();
    expect(held).toBeInstanceOf(ErrorReply);
    expect((held as ErrorReply).message).toMatch(/^MISCONF Errors writing to the AOF file: EIO/);
    expect((writer.call('SET', 'new', 'v') as ErrorReply).message).toMatch(/^MISCONF/);
    expect(writer.call('GET', 'safe')).toBe('v');
    expect((writer.call('GET', 'lost') as ErrorReply).message).toMatch(/^MISCONF/);
  });

  it('a blocked command\'s timeout reply waits for the unit its blocking call logged, and is MISCONF when that unit never commits (found by the simulator, seed 1138)', () => {
    const { engine, client, clock } = gatedEngine();
    const writer = client();
    writer.call('SET', 'hot', 'v', 'PX', '10');
    engine.commitProgress(LOCAL_FSYNC, 1);
    writer.take();
    clock.advanceMs(20);
    const reader = client();
    // XREAD finds hot expired: its call logs DEL hot (LSN 2), then blocks.
    expect(reader.call('XREAD', 'COUNT', '5', 'BLOCK', '24', 'STREAMS', 'hot', '$')).toBeUndefined();
    engine.onDurabilityFailure('ENOSPC: write');
    clock.advanceMs(30);
    const [timedOut] = reader.take();
    expect(timedOut).toBeInstanceOf(ErrorReply);
    expect((timedOut as ErrorReply).message).toMatch(/^MISCONF Errors writing to the AOF file: ENOSPC/);
  });

  it('a blocked pop\'s timeout reply waits for the uncommitted write that emptied the list it read', () => {
    const { engine, client, clock } = gatedEngine();
    const writer = client();
    writer.call('RPUSH', 'list', 'a');
    engine.commitProgress(LOCAL_FSYNC, 1);
    writer.take();
    expect(writer.call('LPOP', 'list')).toBeUndefined();
    const reader = client();
    expect(reader.call('BLPOP', 'list', '0.01')).toBeUndefined();
    clock.advanceMs(20);
    expect(reader.take()).toEqual([]);
    engine.commitProgress(LOCAL_FSYNC, 2);
    expect(writer.take()).toEqual(['a']);
    expect(reader.take()).toEqual([NULL_ARRAY]);
  });

  it('a served XREAD, whose serving logs nothing, waits for the write that woke it', () => {
    const { engine, client } = gatedEngine();
    const reader = client();
    expect(reader.call('XREAD', 'BLOCK', '0', 'STREAMS', 'stream', '$')).toBeUndefined();
    const writer = client();
    expect(writer.call('XADD', 'stream', '1-1', 'field', 'value')).toBeUndefined();
    expect(reader.take()).toEqual([]);
    engine.commitProgress(LOCAL_FSYNC, 1);
    expect(writer.take()).toEqual(['1-1']);
    expect(reader.take()).toEqual([[['stream', [['1-1', ['field', 'value']]]]]]);
  });

  it('WAITAOF waits for the client\'s last write to be committed, even when replies are not gated', () => {
    const { engine, client, syncRequests } = gatedEngine();
    engine.gateReplies(false);
    const writer = client();
    expect(writer.call('SET', 'k', 'v')).toEqual(OK);
    expect(writer.call('WAITAOF', '1', '0', '0')).toBeUndefined();
    expect(syncRequests()).toBe(1);
    engine.commitProgress(LOCAL_FSYNC, 1);
    expect(writer.take()).toEqual([[1, 0]]);
    expect(writer.call('WAITAOF', '1', '0', '0')).toEqual([1, 0]);
    expect((writer.call('WAITAOF', '1', '1', '0') as ErrorReply).message).toMatch(/replicas/);
  });
});
