/**
 * The crash harness's checks (crash/cycle-check.ts) on hand-made histories, one per failure it
 * must name: a lost acknowledged write, a write lost outside the everysec window, an MSET
 * applied in part, a hole in a client's sequence, and a survivor that overtook an earlier
 * acknowledged write of another client.
 */
import type { FsyncMode } from '@ballast/core';
import { describe, expect, it } from 'vitest';
import type { OperationRecord } from '../crash/client-loop.js';
import { ClientModel } from '../crash/client-model.js';
import { checkCycle } from '../crash/cycle-check.js';
import { clientKeys, counterKey, keyOf, markOf } from '../crash/key-space.js';
import type { KeyValue } from '../crash/key-value.js';
import { replyText } from '../crash/reply-text.js';
import type { Effect, Operation } from '../crash/workload.js';

const value = (client: number, index: number) => `${markOf(client, index)}:xx`;

/** Client c's operations: SET, RPUSH, a three-key MSET, INCR, RPUSH. */
function operations(client: number): Operation[] {
  const string = (slot: number) => keyOf(client, 'string', slot);
  const effects: Effect[][] = [
    [{ kind: 'set', key: string(0), value: value(client, 0) }],
    [{ kind: 'rpush', key: keyOf(client, 'list', 0), value: value(client, 1) }],
    [1, 2, 3].map((slot) => ({ kind: 'set', key: string(slot), value: value(client, 2) })),
    [{ kind: 'incr', key: counterKey(client) }],
    [{ kind: 'rpush', key: keyOf(client, 'list', 0), value: value(client, 4) }],
  ];
  return effects.map((list, index) => ({ client, index, kind: list.length > 1 ? 'mset' : list[0].kind, effects: list }));
}

/** Records 10 ms apart, each acknowledged 5 ms after it was issued, with the model's replies. */
function records(client: number, offsetMs = 0): OperationRecord[] {
  const live = ClientModel.empty();
  return operations(client).map((operation, index) => {
    const reply = replyText(live.apply(operation));
    return { operation, issuedMs: offsetMs + 10 * index, ackedMs: offsetMs + 10 * index + 5, reply, expectedReply: reply };
  });
}

/** The keys after applying `kept` (operations, or single effects of one). */
function stateAfter(client: number, kept: Operation[]): Map<string, KeyValue> {
  const model = ClientModel.empty();
  for (const operation of kept) model.apply(operation);
  return new Map(clientKeys(client).flatMap(({ key }) => (model.value(key) ? [[key, model.value(key)!] as const] : [])));
}

function check(options: { appendfsync: FsyncMode; killMs: number; states: Map<string, KeyValue>[]; offsetsMs?: number[] }) {
  const clients = options.states.map((_, client) => ({ client, base: ClientModel.empty(), firstIndex: 0, records: records(client, options.offsetsMs?.[client]) }));
  const values = new Map(options.states.flatMap((state) => [...state]));
  return checkCycle({ clients, recovered: { values, strangers: [], unreadable: [] }, startMs: 0, killMs: options.killMs, appendfsync: options.appendfsync });
}

const checks = (verdict: ReturnType<typeof check>) => verdict.violations.map((violation) => violation.check);

describe('crash harness checks', () => {
  it('accept a state holding every acknowledged operation', () => {
    const verdict = check({ appendfsync: 'always', killMs: 50, states: [stateAfter(0, operations(0))] });
    expect(verdict.violations).toEqual([]);
    expect(verdict.counts).toMatchObject({ acknowledged: 5, acknowledgedRecovered: 5 });
  });

  it('name a lost acknowledged operation under always, and allow it under everysec within the window only', () => {
    const states = [stateAfter(0, operations(0).slice(0, 4))];
    expect(checks(check({ appendfsync: 'always', killMs: 50, states }))).toEqual(['durability']);
    const recent = check({ appendfsync: 'everysec', killMs: 50, states });
    expect(recent.violations).toEqual([]);
    expect(recent.counts.recentMissing).toBe(1);
    expect(checks(check({ appendfsync: 'everysec', killMs: 5000, states }))).toEqual(['everysec window']);
  });

  it('name an MSET applied in part', () => {
    const [first, second, mset] = operations(0);
    const torn: Operation = { ...mset, effects: mset.effects.slice(0, 1) };
    expect(checks(check({ appendfsync: 'no', killMs: 50, states: [stateAfter(0, [first, second, torn])] }))).toEqual(['all-or-nothing']);
  });

  it('name a hole in a client\'s sequence', () => {
    const all = operations(0);
    const withHole = [...all.slice(0, 1), ...all.slice(2)];
    expect(checks(check({ appendfsync: 'no', killMs: 50, states: [stateAfter(0, withHole)] }))).toEqual(['prefix']);
  });

  it('name a survivor issued after another client\'s lost operation was acknowledged', () => {
    // Client 0's op 0 is acknowledged at 5 ms; client 1's op 0, issued at 7 ms, survives alone.
    const verdict = check({ appendfsync: 'no', killMs: 50, offsetsMs: [0, 7], states: [new Map(), stateAfter(1, operations(1).slice(0, 1))] });
    expect(checks(verdict)).toEqual(['real-time order']);
    expect(verdict.violations[0].details).toHaveLength(2);
  });
});
