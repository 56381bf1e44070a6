/**
 * What differential tests may ignore: only what Redis leaves random or unordered by design.
 * Everything else in a reply — types, order, error texts — must match byte for byte.
 */
import { MapReply, SetReply, type Reply } from '@ballast/core';

/** Commands whose multi-element reply has no defined order. */
const UNORDERED = new Set(['smembers', 'sinter', 'sunion', 'sdiff', 'hkeys', 'hvals', 'keys', 'spop']);
/** Commands whose reply is random by design: only the shape is compared. */
const RANDOM = new Set(['srandmember', 'hrandfield', 'randomkey']);

const sortKey = (reply: Reply) => JSON.stringify(reply, (_key, value) => (typeof value === 'bigint' ? String(value) : value));

function sortItems(items: readonly Reply[]): Reply[] {
  return [...items].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
}

function shape(reply: Reply): Reply {
  if (Array.isArray(reply)) return `array of ${reply.length}`;
  if (reply instanceof SetReply) return `set of ${reply.items.length}`;
  if (typeof reply === 'string') return 'bulk';
  return reply;
}

/** Stream fields that read the clock (idle and seen/delivery times) or the radix tree's shape. */
const STREAM_TIMES = new Set(['idle', 'seen-time', 'radix-tree-nodes']);

/** XINFO and XPENDING with the clock's readings replaced (entries, counts and IDs stay compared). */
function streamTimes(name: string, reply: Reply): Reply {
  if (name === 'xpending') {
    return Array.isArray(reply) && reply.every((row) => Array.isArray(row) && row.length === 4)
      ? reply.map((row) => [(row as Reply[])[0], (row as Reply[])[1], 'idle', (row as Reply[])[3]]) : reply;
  }
  const field = (label: Reply, value: Reply): Reply => {
    if (typeof label === 'string' && STREAM_TIMES.has(label)) return 'clock';
    if (label === 'pending' && Array.isArray(value)) {
      return value.map((row) => (!Array.isArray(row) ? row : row.length === 4 ? [row[0], row[1], 'clock', row[3]] : [row[0], 'clock', row[2]]));
    }
    return streamTimes(name, value);
  };
  if (reply instanceof MapReply) return new MapReply(reply.entries.map(([label, value]) => [label, field(label, value)] as const));
  if (Array.isArray(reply)) {
    const flat = reply.length % 2 === 0 && reply.some((item, index) => index % 2 === 0 && typeof item === 'string' && (STREAM_TIMES.has(item) || item === 'pending'));
    return flat ? reply.map((item, index) => (index % 2 === 1 ? field(reply[index - 1], item) : item)) : reply.map((item) => streamTimes(name, item));
  }
  return reply;
}

export function normalize(command: readonly string[], reply: Reply): Reply {
  const name = command[0].toLowerCase();
  if (name === 'xinfo' || name === 'xpending') return streamTimes(name, reply);
  if (RANDOM.has(name)) return shape(reply);
  if (name === 'ttl' || name === 'pttl') return typeof reply === 'number' && reply > 0 ? 'positive' : reply;
  if (name === 'hgetall') {
    if (reply instanceof MapReply) return new MapReply([...reply.entries].sort((a, b) => (sortKey(a[0]) < sortKey(b[0]) ? -1 : 1)));
    if (Array.isArray(reply)) {
      const pairs: Reply[] = [];
      for (let i = 0; i < reply.length; i += 2) pairs.push([reply[i], reply[i + 1]]);
      return sortItems(pairs);
    }
  }
  // SORT … BY <no star> does not sort (a set keeps its hash order), and ALPHA BY leaves ties in
  // the order qsort leaves them: Redis specifies neither.
  const sorts = name === 'sort' || name === 'sort_ro';
  const upper = command.map((word) => word.toUpperCase());
  const byAt = upper.indexOf('BY');
  const unsortedSort = sorts && byAt > 0 && (!command[byAt + 1]?.includes('*') || upper.includes('ALPHA'));
  const unordered = UNORDERED.has(name) || unsortedSort || (name === 'pubsub' && command[1]?.toLowerCase() === 'channels');
  if (unordered) {
    if (reply instanceof SetReply) return new SetReply(sortItems(reply.items));
    if (Array.isArray(reply)) return sortItems(reply);
  }
  return reply;
}
