/**
 * The TrackingTable alone, with recording clients: the orders Redis's radix trees give (client ids
 * by their little-endian bytes, prefixes and keys by bytes), what a change sends and to whom, the
 * effort of tracking-table-max-keys' passes, and the pending invalidations of the running client.
 * The engine around it is tested in tracking.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { trackingOff } from '../../src/commands/server/client-tracking.js';
import type { CommandSpec } from '../../src/commands/types.js';
import { NO_WAIT } from '../../src/engine/reply-gate.js';
import { TrackingTable, type TrackingClient } from '../../src/engine/tracking-table.js';
import { seededRandom } from '../../src/io/random.js';
import type { PushReply } from '../../src/resp/reply.js';

/** GET's spec as far as the table reads it. */
const GET = { name: 'get', flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1 } as unknown as CommandSpec;
const MGET = { name: 'mget', flags: ['readonly', 'fast'], firstKey: 1, lastKey: -1, step: 1 } as unknown as CommandSpec;

interface Recorder extends TrackingClient {
  protocol: 2 | 3;
  subscribed: boolean;
  /** What it received: `now …` (behind the unit) or `after …` (behind the reply). */
  readonly received: string[];
}

function setup() {
  const clients = new Map<number, Recorder>();
  const table = new TrackingTable({
    lookup: (id) => clients.get(id), clients: () => clients.values(), random: seededRandom(3),
    replaying: () => false, broadcastWait: () => NO_WAIT, broadcastDue: () => undefined,
  });
  const text = (reply: PushReply) => JSON.stringify(reply.items);
  const client = (id: number, protocol: 2 | 3 = 3): Recorder => {
    const recorder: Recorder = {
      id, protocol, subscribed: false, tracking: trackingOff(), received: [],
      deliverInvalidation: (reply) => recorder.received.push(`now ${text(reply)}`),
      deliverAfterReply: (reply) => recorder.received.push(`after ${text(reply)}`),
    };
    clients.set(id, recorder);
    return recorder;
  };
  const modes = { bcast: false, optin: false, optout: false, noloop: false };
  return { table, client, clients, modes };
}

describe('TrackingTable', () => {
  it('invalidates a key for its readers in the order of their ids\' little-endian bytes, once', () => {
    const { table, client, modes } = setup();
    const readers = [client(258), client(3), client(513)];
    for (const reader of readers) {
      table.enable(reader, 0, modes, []);
      table.rememberRead(reader, GET, ['GET', 'k']);
    }
    expect([table.keyCount, table.itemCount]).toEqual([1, 3]);
    const order: number[] = [];
    for (const reader of readers) reader.deliverInvalidation = () => order.push(reader.id);
    table.keyModified('k', 0);
    table.keyModified('k', 0);
    // 258 = 02 01, 513 = 01 02, 3 = 03 00: by the first byte, then the second.
    expect(order).toEqual([513, 258, 3]);
    expect([table.keyCount, table.itemCount]).toEqual([0, 0]);
  });

  it('sends the running client\'s own invalidations after its reply, other clients\' at once, and none under NOLOOP', () => {
    const { table, client, modes } = setup();
    const own = client(1);
    const other = client(2);
    const quiet = client(3);
    table.enable(own, 0, modes, []);
    table.enable(other, 0, modes, []);
    table.enable(quiet, 0, { ...modes, noloop: true }, []);
    for (const reader of [own, other]) table.rememberRead(reader, MGET, ['MGET', 'a', 'b']);
    table.rememberRead(quiet, GET, ['GET', 'c']);
    const outer = table.beginCommand(own);
    table.keyModified('a', 1);
    expect(own.received).toEqual([]);
    table.endCommand(NO_WAIT, outer);
    expect(own.received).toEqual(['after ["invalidate",["a"]]']);
    expect(other.received).toEqual(['now ["invalidate",["a"]]']);
    table.beginCommand(quiet);
    table.keyModified('c', 3);
    table.endCommand(NO_WAIT, null);
    expect(quiet.received).toEqual([]);
  });

  it('redirects: a RESP2 receiver gets a message only while subscribed; a missing one breaks the redirection', () => {
    const { table, client, clients, modes } = setup();
    const tracker = client(1);
    const receiver = client(2, 2);
    table.enable(tracker, 2, modes, []);
    table.rememberRead(tracker, GET, ['GET', 'k']);
    table.keyModified('k', 0);
    expect(receiver.received).toEqual([]);
    receiver.subscribed = true;
    table.rememberRead(tracker, GET, ['GET', 'k']);
    table.keyModified('k', 0);
    expect(receiver.received).toEqual(['now ["message","__redis__:invalidate",["k"]]']);
    clients.delete(2);
    table.rememberRead(tracker, GET, ['GET', 'k']);
    table.keyModified('k', 0);
    expect(tracker.received).toEqual(['now ["tracking-redir-broken",2]']);
    expect(tracker.tracking.brokenRedirect).toBe(true);
  });

  it('broadcasts each prefix\'s keys in byte order, prefixes in byte order, leaving out a NOLOOP client\'s own', () => {
    const { table, client, modes } = setup();
    const all = client(1);
    const own = client(2);
    table.enable(all, 0, { ...modes, bcast: true }, ['b:', 'a:']);
    table.enable(own, 0, { ...modes, bcast: true, noloop: true }, ['a:']);
    expect(all.tracking.prefixes).toEqual(['a:', 'b:']);
    for (const [key, modifier] of [['b:2', 0], ['a:9', 2], ['a:1', 0], ['c:1', 0], ['b:1', 2]] as const) table.keyModified(key, modifier);
    table.broadcast();
    expect(all.received).toEqual(['after ["invalidate",["a:1","a:9"]]', 'after ["invalidate",["b:1","b:2"]]']);
    expect(own.received).toEqual(['after ["invalidate",["a:1"]]']);
    table.disable(all);
    expect(table.prefixCount).toBe(1);
  });

  it('forgets random keys over tracking-table-max-keys with 100, then 200 tries a pass, each sending an invalidation', () => {
    const { table, client, modes } = setup();
    const reader = client(1);
    table.enable(reader, 0, modes, []);
    for (let i = 0; i < 400; i++) table.rememberRead(reader, GET, ['GET', `key${i}`]);
    table.maxKeys = 10;
    table.enforceLimit();
    expect([table.keyCount, reader.received.length]).toEqual([300, 100]);
    table.enforceLimit();
    expect([table.keyCount, reader.received.length]).toEqual([100, 300]);
    table.enforceLimit();
    expect([table.keyCount, reader.received.length]).toEqual([10, 390]);
  });

  it('sends one null per tracking client for the flushes of a handler, and empties the table', () => {
    const { table, client, modes } = setup();
    const reader = client(1);
    const idle = client(2);
    table.enable(reader, 0, modes, []);
    table.rememberRead(reader, MGET, ['MGET', 'a', 'b']);
    for (let flushed = 0; flushed < 16; flushed++) table.databaseFlushed();
    table.settleFlush();
    table.settleFlush();
    expect(reader.received).toEqual(['now ["invalidate",null]']);
    expect(idle.received).toEqual([]);
    expect(table.keyCount).toBe(0);
  });
});
