/**
 * Generators for the stream commands: XADD with explicit IDs (`ms-seq`, `ms-*`, bare `ms`, the
 * largest ID, 0-0), NOMKSTREAM and every trim form, XRANGE/XREVRANGE with exclusive bounds and
 * COUNT, XLEN, XDEL, XTRIM, XSETID, XREAD (no BLOCK: a transcript runs on one connection),
 * consumer groups (XGROUP CREATE/SETID/DESTROY/CREATECONSUMER/DELCONSUMER/HELP, XREADGROUP of new
 * entries and of history, NOACK), XACK, XPENDING (summary, extended, IDLE, per consumer),
 * XCLAIM and XAUTOCLAIM with every option, XINFO STREAM [FULL]/GROUPS/CONSUMERS, and the
 * argument errors of each, on stream keys of two slots and on a string (WRONGTYPE).
 *
 * `*` is left out: its IDs come from each server's clock. What still depends on the clock —
 * idle times, delivery and seen times, an IDLE or min-idle threshold that an entry may or may
 * not have passed — is either normalised (normalize.ts) or drawn so it cannot matter (0, or an
 * hour).
 */
import fc from 'fast-check';

const key = fc.constantFrom('s1', 's1', 's1', 's1', 's1', '{s}1', '{s}1', 's2', 'str');
const group = fc.constantFrom('g1', 'g1', 'g1', 'g1', 'g2');
const consumer = fc.constantFrom('alice', 'bob', 'carol');
const ms = fc.integer({ min: 1, max: 9 });
const id = fc.oneof(
  fc.tuple(ms, fc.integer({ min: 0, max: 3 })).map(([m, s]) => `${m}-${s}`),
  ms.map(String),
  fc.constantFrom('0-0', '0', '18446744073709551615-18446744073709551615', '18446744073709551616', 'x', '-', '+'),
);
const addId = fc.oneof({ weight: 5, arbitrary: fc.tuple(ms, fc.integer({ min: 0, max: 3 })).map(([m, s]) => `${m}-${s}`) },
  { weight: 2, arbitrary: ms.map((m) => `${m}-*`) }, { weight: 1, arbitrary: ms.map(String) },
  { weight: 1, arbitrary: fc.constantFrom('0-0', '0-*', '18446744073709551615-18446744073709551615', '18446744073709551615-*', '1-x') });
const bound = fc.oneof(id, id.map((text) => `(${text}`));
const words = (...choices: string[]) => fc.constantFrom(...choices.map((choice) => (choice === '' ? [] : choice.split(' '))));
const trim = fc.oneof(
  { weight: 8, arbitrary: words('', '', '', 'NOMKSTREAM') },
  { weight: 4, arbitrary: fc.tuple(fc.constantFrom('MAXLEN', 'MINID'), words('', '=', '~'), fc.constantFrom('0', '1', '3', '5-0', '2'))
    .map(([strategy, approx, threshold]) => [strategy, ...approx, threshold, ...(approx[0] === '~' && threshold !== '3' ? ['LIMIT', threshold === '0' ? '0' : '1'] : [])]) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('MAXLEN', 'MINID'), words('', '=', '~'), fc.constantFrom('-1', 'x', '1'), words('', 'LIMIT 1', 'LIMIT -1'))
    .map(([strategy, approx, threshold, limit]) => [strategy, ...approx, threshold, ...limit]) },
  { weight: 1, arbitrary: words('MAXLEN 1 MINID 1', 'LIMIT 5') },
);
const fields = fc.array(fc.tuple(fc.constantFrom('f', 'g', 'h'), fc.constantFrom('1', '2', 'v')), { minLength: 1, maxLength: 3 }).map((pairs) => pairs.flat());
const count = words('', '', 'COUNT 1', 'COUNT 2', 'COUNT 0', 'COUNT -1', 'COUNT x');
const ids = fc.array(id, { minLength: 1, maxLength: 3 });

const xadd = fc.tuple(key, trim, addId, fields).map(([k, t, i, f]) => ['XADD', k, ...t, i, ...f]);
const xrange = fc.tuple(fc.constantFrom('XRANGE', 'XREVRANGE'), key, bound, bound, count).map(([name, k, a, b, c]) => [name, k, a, b, ...c]);
const xtrim = fc.tuple(key, trim).map(([k, t]) => ['XTRIM', k, ...t]);
const xsetid = fc.tuple(key, id, words('', 'ENTRIESADDED 20', 'ENTRIESADDED 1', 'MAXDELETEDID 2-0', 'ENTRIESADDED -1', 'MAXDELETEDID 99-0', 'FOO'))
  .map(([k, i, o]) => ['XSETID', k, i, ...o]);
const xread = fc.tuple(count, fc.array(fc.tuple(key, fc.oneof(id, fc.constant('$'))), { minLength: 1, maxLength: 2 }))
  .map(([c, streams]) => ['XREAD', ...c, 'STREAMS', ...streams.map(([k]) => k), ...streams.map(([, i]) => i)]);
const xgroup = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(key, group, fc.oneof(id, fc.constant('$'), fc.constant('0')), words('MKSTREAM', 'MKSTREAM', 'MKSTREAM', '', 'MKSTREAM ENTRIESREAD 2', 'ENTRIESREAD -1', 'MKSTREAM ENTRIESREAD -5', 'FOO'))
    .map(([k, g, i, o]) => ['XGROUP', 'CREATE', k, g, i, ...o]) },
  fc.tuple(key, group, fc.oneof(id, fc.constant('$')), words('', 'ENTRIESREAD 1', 'ENTRIESREAD x')).map(([k, g, i, o]) => ['XGROUP', 'SETID', k, g, i, ...o]),
  fc.tuple(key, group).map(([k, g]) => ['XGROUP', 'DESTROY', k, g]),
  fc.tuple(fc.constantFrom('CREATECONSUMER', 'DELCONSUMER'), key, group, consumer).map(([sub, k, g, c]) => ['XGROUP', sub, k, g, c]),
  fc.constantFrom(['XGROUP', 'HELP'], ['XGROUP', 'NOSUCH', 's1'], ['XINFO', 'HELP']),
);
const readCount = words('', '', '', 'COUNT 1', 'COUNT 2', 'COUNT 0', 'COUNT x');
const xreadgroup = fc.tuple(group, consumer, readCount, words('', '', 'NOACK'), fc.array(fc.tuple(key, fc.oneof({ weight: 3, arbitrary: fc.constant('>') }, { weight: 1, arbitrary: id })), { minLength: 1, maxLength: 2, size: 'xsmall' }))
  .map(([g, c, n, noack, streams]) => ['XREADGROUP', 'GROUP', g, c, ...n, ...noack, 'STREAMS', ...streams.map(([k]) => k), ...streams.map(([, i]) => i)]);
const xpending = fc.oneof(
  fc.tuple(key, group).map(([k, g]) => ['XPENDING', k, g]),
  fc.tuple(key, group, words('', '', 'IDLE 0', 'IDLE 3600000'), bound, bound, fc.constantFrom('10', '1', '0', '-1'), words('', '', 'alice', 'bob', 'nobody'))
    .map(([k, g, idle, a, b, n, c]) => ['XPENDING', k, g, ...idle, a, b, n, ...c]),
);
const xclaim = fc.tuple(key, group, consumer, fc.constantFrom('0', '3600000', '-5', 'x'), ids,
  words('', '', 'JUSTID', 'FORCE', 'FORCE JUSTID', 'RETRYCOUNT 5', 'IDLE 0', 'TIME 0', 'LASTID 9-0', 'FORCE RETRYCOUNT 3 JUSTID LASTID 4-0', 'BOGUS', 'IDLE x'))
  .map(([k, g, c, idle, i, o]) => ['XCLAIM', k, g, c, idle, ...i, ...o]);
const xautoclaim = fc.tuple(key, group, consumer, fc.constantFrom('0', '3600000', 'x'), fc.oneof(id, id.map((text) => `(${text}`)),
  words('', '', 'COUNT 1', 'COUNT 2 JUSTID', 'JUSTID', 'COUNT 0', 'COUNT 8070450532247928833', 'FOO'))
  .map(([k, g, c, idle, start, o]) => ['XAUTOCLAIM', k, g, c, idle, start, ...o]);
const xinfo = fc.oneof(
  fc.tuple(key, words('', 'FULL', 'FULL COUNT 1', 'FULL COUNT 0', 'FULL COUNT x', 'PARTIAL')).map(([k, o]) => ['XINFO', 'STREAM', k, ...o]),
  key.map((k) => ['XINFO', 'GROUPS', k]),
  fc.tuple(key, group).map(([k, g]) => ['XINFO', 'CONSUMERS', k, g]),
);

export const STREAM_COMMANDS: fc.Arbitrary<string[]> = fc.oneof<fc.MaybeWeightedArbitrary<readonly string[]>[]>(
  { weight: 8, arbitrary: xadd },
  { weight: 3, arbitrary: xrange },
  { weight: 1, arbitrary: key.map((k) => ['XLEN', k]) },
  { weight: 2, arbitrary: fc.tuple(key, ids).map(([k, i]) => ['XDEL', k, ...i]) },
  { weight: 2, arbitrary: xtrim },
  { weight: 1, arbitrary: xsetid },
  { weight: 2, arbitrary: xread },
  { weight: 6, arbitrary: xgroup },
  { weight: 7, arbitrary: xreadgroup },
  { weight: 2, arbitrary: fc.tuple(key, group, ids).map(([k, g, i]) => ['XACK', k, g, ...i]) },
  { weight: 3, arbitrary: xpending },
  { weight: 3, arbitrary: xclaim },
  { weight: 2, arbitrary: xautoclaim },
  { weight: 3, arbitrary: xinfo },
  { weight: 1, arbitrary: fc.constantFrom(['SET', 'str', 'x'], ['DEL', 's1'], ['TYPE', 's1'], ['OBJECT', 'ENCODING', 's1'], ['RENAME', 's1', 's2'], ['COPY', 's1', '{s}2']) },
).map((command) => [...command]);

/**
 * Consumer groups on one stream and one group, so that short sequences build real state:
 * entries delivered, pending, claimed, acknowledged, deleted under a pending entry, and the
 * counters XINFO reports (entries-read, lag, max-deleted-entry-id).
 */
const entry = fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 2 })).map(([m, s]) => `${m}-${s}`);
export const STREAM_GROUP_COMMANDS: fc.Arbitrary<string[]> = fc.oneof<fc.MaybeWeightedArbitrary<readonly string[]>[]>(
  { weight: 6, arbitrary: fc.tuple(fc.oneof(entry, fc.integer({ min: 1, max: 6 }).map((m) => `${m}-*`)), fields).map(([i, f]) => ['XADD', 'q', i, ...f]) },
  { weight: 6, arbitrary: fc.constantFrom(['XGROUP', 'CREATE', 'q', 'g', '0', 'MKSTREAM'], ['XGROUP', 'CREATE', 'q', 'g', '0', 'MKSTREAM'], ['XGROUP', 'CREATE', 'q', 'g', '$', 'MKSTREAM']) },
  { weight: 2, arbitrary: fc.constantFrom(['XGROUP', 'SETID', 'q', 'g', '0'], ['XGROUP', 'SETID', 'q', 'g', '3-0', 'ENTRIESREAD', '2'], ['XGROUP', 'CREATECONSUMER', 'q', 'g', 'dave'], ['XGROUP', 'DELCONSUMER', 'q', 'g', 'bob']) },
  { weight: 6, arbitrary: fc.tuple(consumer, words('', '', 'COUNT 1', 'COUNT 2', 'NOACK'), fc.constantFrom('>', '>', '>', '0', '2-0')).map(([c, o, i]) => ['XREADGROUP', 'GROUP', 'g', c, ...o, 'STREAMS', 'q', i]) },
  { weight: 2, arbitrary: fc.array(entry, { minLength: 1, maxLength: 3 }).map((i) => ['XACK', 'q', 'g', ...i]) },
  { weight: 2, arbitrary: fc.array(entry, { minLength: 1, maxLength: 2 }).map((i) => ['XDEL', 'q', ...i]) },
  { weight: 1, arbitrary: words('MAXLEN 2', 'MAXLEN ~ 1', 'MINID 3-0').map((t) => ['XTRIM', 'q', ...t]) },
  { weight: 3, arbitrary: fc.tuple(consumer, fc.array(entry, { minLength: 1, maxLength: 3 }), words('', 'JUSTID', 'FORCE', 'FORCE JUSTID RETRYCOUNT 4', 'LASTID 5-0', 'IDLE 0 TIME 0'))
    .map(([c, i, o]) => ['XCLAIM', 'q', 'g', c, '0', ...i, ...o]) },
  { weight: 2, arbitrary: fc.tuple(consumer, fc.constantFrom('0', '2-0', '(1-0'), words('', 'COUNT 1', 'COUNT 2 JUSTID')).map(([c, s, o]) => ['XAUTOCLAIM', 'q', 'g', c, '0', s, ...o]) },
  { weight: 3, arbitrary: fc.constantFrom(['XPENDING', 'q', 'g'], ['XPENDING', 'q', 'g', '-', '+', '10'], ['XPENDING', 'q', 'g', '(1-0', '+', '2', 'alice'], ['XPENDING', 'q', 'g', 'IDLE', '0', '-', '+', '5']) },
  { weight: 3, arbitrary: fc.constantFrom(['XINFO', 'STREAM', 'q'], ['XINFO', 'STREAM', 'q', 'FULL'], ['XINFO', 'GROUPS', 'q'], ['XINFO', 'CONSUMERS', 'q', 'g'], ['XRANGE', 'q', '-', '+']) },
).map((command) => [...command]);
