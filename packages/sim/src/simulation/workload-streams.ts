/**
 * Workload generators for the stream commands, for the extended stream (workload-extended.ts):
 * XADD (with `*`, with `ms-*`, with MAXLEN/MINID trims exact and `~`, NOMKSTREAM), XDEL, XTRIM,
 * consumer-group churn (XGROUP CREATE/SETID/DESTROY/CREATECONSUMER/DELCONSUMER), XREADGROUP of
 * new entries (NOACK too), of a consumer's history, and blocking with a short timeout (served by
 * a later XADD, answered -NOGROUP when its group goes, or timing out), XACK, XCLAIM (IDLE, TIME,
 * RETRYCOUNT, FORCE, JUSTID, LASTID), XAUTOCLAIM, XSETID, and blocking XREAD, plus the reads.
 * Every write reports its exact effect (the `reported` log rule); the prefix and live-keyspace
 * checks compare whole streams — entries, counters, groups, consumers' seen times, pending
 * entries' delivery times and counts — after every crash.
 *
 * Keys are two streams of this family's own three times in four (one in the `{t}` slot), so that
 * groups live long enough to have pending entries, and the workload's shared keys otherwise
 * (strings and lists meet XADD: WRONGTYPE; RENAME and COPY move streams across shards). Many
 * IDs are `9999999999999-N`: `XADD key 9999999999999-*` numbers entries from there, so XDEL,
 * XCLAIM and XACK of those IDs find entries whatever the virtual clock says.
 */
import type { Random } from '@ballast/core';
import { randomInteger } from '../seed-streams.js';
import { key, pick, type Generator } from './workload.js';

const STREAM_KEYS = ['stream', '{t}stream'];
/** g1 three times in four, so that reads mostly find the group that was created. */
const GROUPS = ['g1', 'g1', 'g1', 'g2'];
const CONSUMERS = ['c1', 'c2', 'c3'];

function streamKey(r: Random): string {
  return randomInteger(r, 0, 3) > 0 ? pick(r, STREAM_KEYS) : key(r);
}

function entryId(r: Random): string {
  return `9999999999999-${randomInteger(r, 0, 40)}`;
}

function trim(r: Random): string[] {
  return pick(r, [[], [], [], ['MAXLEN', String(randomInteger(r, 2, 20))], ['MAXLEN', '~', String(randomInteger(r, 0, 30))],
    ['MINID', '~', entryId(r)], ['MAXLEN', '~', '5', 'LIMIT', String(randomInteger(r, 1, 200))]]);
}

function group(r: Random): string[] {
  return [pick(r, GROUPS), pick(r, CONSUMERS)];
}

export const STREAM_GENERATORS: ReadonlyArray<readonly [number, Generator]> = [
  [6, (r) => ['XADD', streamKey(r), ...trim(r), pick(r, ['*', '*', '9999999999999-*']), 'f', `v${randomInteger(r, 0, 99)}`]],
  [1, (r) => ['XADD', streamKey(r), 'NOMKSTREAM', 'MAXLEN', '~', '10', '*', 'f', 'v', 'g', 'w']],
  [1, (r) => ['XDEL', streamKey(r), entryId(r), entryId(r)]],
  [1, (r) => ['XTRIM', streamKey(r), ...pick(r, [['MAXLEN', String(randomInteger(r, 0, 20))], ['MAXLEN', '~', '10'], ['MINID', entryId(r)]])]],
  [4, (r) => ['XGROUP', 'CREATE', streamKey(r), pick(r, GROUPS), pick(r, ['$', '0', '9999999999999-10']), ...pick(r, [[], ['MKSTREAM'], ['MKSTREAM'], ['MKSTREAM', 'ENTRIESREAD', '3']])]],
  [1, (r) => ['XGROUP', 'SETID', streamKey(r), pick(r, GROUPS), pick(r, ['$', '0', entryId(r)])]],
  [0.5, (r) => ['XGROUP', 'DESTROY', streamKey(r), pick(r, GROUPS)]],
  [0.5, (r) => ['XGROUP', 'CREATECONSUMER', streamKey(r), ...group(r)]],
  [0.5, (r) => ['XGROUP', 'DELCONSUMER', streamKey(r), ...group(r)]],
  [4, (r) => ['XREADGROUP', 'GROUP', ...group(r), ...pick(r, [[], ['COUNT', '2'], ['NOACK']]), 'STREAMS', streamKey(r), '>']],
  [1, (r) => ['XREADGROUP', 'GROUP', ...group(r), 'COUNT', '3', 'BLOCK', String(randomInteger(r, 10, 80)), 'STREAMS', streamKey(r), streamKey(r), '>', '>']],
  [1, (r) => ['XREADGROUP', 'GROUP', ...group(r), 'STREAMS', streamKey(r), pick(r, ['0', entryId(r)])]],
  [2, (r) => ['XACK', streamKey(r), pick(r, GROUPS), entryId(r), entryId(r), entryId(r)]],
  [1, (r) => ['XCLAIM', streamKey(r), ...group(r), pick(r, ['0', '20']), entryId(r), entryId(r),
    ...pick(r, [[], ['JUSTID'], ['IDLE', '500'], ['TIME', '1'], ['FORCE', 'RETRYCOUNT', '4'], ['LASTID', entryId(r)]])]],
  [1, (r) => ['XAUTOCLAIM', streamKey(r), ...group(r), pick(r, ['0', '20']), pick(r, ['0', entryId(r)]), 'COUNT', String(randomInteger(r, 1, 4)), ...pick(r, [[], ['JUSTID']])]],
  [0.3, (r) => ['XSETID', streamKey(r), '9999999999999-60', 'ENTRIESADDED', '100', 'MAXDELETEDID', entryId(r)]],
  [1, (r) => ['XREAD', 'COUNT', '5', 'BLOCK', String(randomInteger(r, 10, 80)), 'STREAMS', streamKey(r), '$']],
  [1, (r) => ['XRANGE', streamKey(r), '-', '+', 'COUNT', '5']],
  [1, (r) => ['XPENDING', streamKey(r), pick(r, GROUPS), '-', '+', '5']],
  [1, (r) => ['XINFO', 'STREAM', streamKey(r), 'FULL']],
  [0.5, (r) => ['XLEN', streamKey(r)]],
];
