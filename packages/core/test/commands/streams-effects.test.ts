/**
 * How stream writes are logged (LogRule `reported`): random stream histories — XADD with `*`
 * and trims, XDEL, XTRIM, consumer-group churn, XREADGROUP (blocking included), XCLAIM with
 * IDLE, XAUTOCLAIM, time passing, MULTI, expiry, other types on the same keys — replayed shard
 * by shard rebuild exactly the streams that logged them (what XINFO STREAM FULL shows, seen
 * and delivery times included), and so do the streams' rebuild commands (base snapshots).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Effect, UnitEffects } from '../../src/aof/effect.js';
import { valueCommands } from '../../src/keyspace/value-commands.js';
import { replayUnits, writeAndReplay, type Step } from '../support/replay-history.js';

const KEYS = ['s', 't'];
const key = fc.constantFrom(...KEYS);
const group = fc.constantFrom('g1', 'g1', 'g2');
const consumer = fc.constantFrom('alice', 'bob', 'carol');
const id = fc.constantFrom('0', '0-1', '1-1', '$', '5', '1700000000000-0', '1700000000050-3');
const trim = fc.constantFrom([], ['MAXLEN', '3'], ['MAXLEN', '~', '2'], ['MINID', '=', '1700000000000-1'], ['MAXLEN', '~', '0', 'LIMIT', '2']);
const command: fc.Arbitrary<string[]> = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(key, trim, fc.constantFrom('*', '*', '1700000000100-*', '9999999999999-5')).map(([k, t, i]) => ['XADD', k, ...t, i, 'f', 'v']) },
  { weight: 1, arbitrary: fc.tuple(key, id).map(([k, i]) => ['XDEL', k, i, '1700000000000-0']) },
  { weight: 1, arbitrary: fc.tuple(key, trim.filter((t) => t.length > 0)).map(([k, t]) => ['XTRIM', k, ...t]) },
  { weight: 3, arbitrary: fc.tuple(key, group, fc.constantFrom('0', '0', '$', '1-1'), fc.constantFrom(['MKSTREAM'], ['MKSTREAM'], ['MKSTREAM', 'ENTRIESREAD', '1'])).map(([k, g, i, o]) => ['XGROUP', 'CREATE', k, g, i, ...o]) },
  { weight: 1, arbitrary: fc.tuple(key, group, id).map(([k, g, i]) => ['XGROUP', 'SETID', k, g, i]) },
  { weight: 1, arbitrary: fc.tuple(key, group).map(([k, g]) => ['XGROUP', 'DESTROY', k, g]) },
  { weight: 1, arbitrary: fc.tuple(key, group, consumer).map(([k, g, c]) => ['XGROUP', 'CREATECONSUMER', k, g, c]) },
  { weight: 1, arbitrary: fc.tuple(key, group, consumer).map(([k, g, c]) => ['XGROUP', 'DELCONSUMER', k, g, c]) },
  { weight: 8, arbitrary: fc.tuple(group, consumer, key, fc.constantFrom('>', '>', '0'), fc.constantFrom([], ['COUNT', '2'], ['NOACK'])).map(([g, c, k, i, o]) => ['XREADGROUP', 'GROUP', g, c, ...o, 'STREAMS', k, i]) },
  { weight: 2, arbitrary: fc.tuple(key, group, id).map(([k, g, i]) => ['XACK', k, g, i, '1700000000000-0']) },
  { weight: 2, arbitrary: fc.tuple(key, group, consumer, fc.constantFrom('0', '100'), fc.constantFrom([], ['IDLE', '500'], ['JUSTID', 'FORCE'], ['RETRYCOUNT', '7', 'LASTID', '1700000000200-0'])).map(([k, g, c, idle, o]) => ['XCLAIM', k, g, c, idle, '1700000000000-0', '1700000000000-1', ...o]) },
  { weight: 2, arbitrary: fc.tuple(key, group, consumer, fc.constantFrom('0', '100')).map(([k, g, c, idle]) => ['XAUTOCLAIM', k, g, c, idle, '0', 'COUNT', '2']) },
  { weight: 1, arbitrary: fc.tuple(key, fc.constantFrom('2-0', '9999999999999-9')).map(([k, i]) => ['XSETID', k, i, 'ENTRIESADDED', '50', 'MAXDELETEDID', '1-0']) },
  { weight: 1, arbitrary: key.map((k) => ['SET', k, 'string']) },
  { weight: 1, arbitrary: key.map((k) => ['PEXPIRE', k, '300']) },
  { weight: 1, arbitrary: key.map((k) => ['DEL', k]) },
  { weight: 1, arbitrary: fc.tuple(key, key).map(([a, b]) => ['RENAME', a, b]) },
);
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 30, arbitrary: command.map((args) => ({ kind: 'command' as const, args })) },
  { weight: 1, arbitrary: fc.array(command, { minLength: 1, maxLength: 4 }).map((commands) => ({ kind: 'multi' as const, commands })) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 700 }).map((ms) => ({ kind: 'wait' as const, ms })) },
  { weight: 2, arbitrary: fc.tuple(group, consumer, key, key).map(([g, c, a, b]) => ({ kind: 'block' as const, args: ['XREADGROUP', 'GROUP', g, c, 'COUNT', '1', 'BLOCK', '200', 'STREAMS', a, b, '>', '>'] })) },
);

/** Writes the history, replays its units, and replays the rebuild of every key (as a base snapshot holds it), one fresh engine per check. */
function writeReplayAndRebuild(shards: number, steps: readonly Step[]) {
  const { written, replayed, writer } = writeAndReplay({ shards }, steps);
  const rebuild: UnitEffects[] = [];
  writer.shards.forEach((databases, shard) => {
    for (const [name, value] of databases[0].entries.entries()) {
      const unit: Effect[][] = writer.shards.map(() => []);
      for (const args of valueCommands(name, value, databases[0].expires.get(name))) unit[shard].push({ database: 0, args });
      rebuild.push(unit);
    }
  });
  return { written, replayed, rebuilt: replayUnits({ shards }, rebuild) };
}

describe('stream effects replay to the streams that logged them', () => {
  for (const shards of [1, 4]) {
    it(`shards=${shards}`, () => {
      fc.assert(fc.property(fc.array(step, { minLength: 10, maxLength: 80, size: "+1" }), (steps) => {
        const { written, replayed, rebuilt } = writeReplayAndRebuild(shards, steps);
        expect(replayed).toEqual(written);
        expect(rebuilt).toEqual(written);
      }), { numRuns: 150 });
    });
  }
});

