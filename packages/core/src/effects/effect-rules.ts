/**
 * How each write command's effects are logged. The AOF logs effects, not requests (DESIGN.md):
 * replaying a shard's log must need no other shard, no clock and no random number.
 *
 * - `verbatim`: the request itself, when all its keys live on one shard and replaying it on
 *   that shard's state does the same thing (most writes: LPUSH, HSET, ZADD, SMOVE on one shard…).
 *   Keyless writes (FLUSHALL, FLUSHDB, SWAPDB) are logged verbatim on every shard they changed;
 *   replay runs them against that shard only.
 * - `snapshot`: the resulting state of every key the command changed (DEL when gone, SET with
 *   PXAT for strings, the whole collection otherwise). Always correct; used for writes whose keys
 *   span shards and for commands that depend on the clock or on randomness.
 * - `ttl`: EXPIRE and friends as PEXPIREAT (or DEL) of the absolute time they set.
 * - a rewrite: a cheaper exact form computed from the command's reply
 *   (SPOP → SREM of the members popped, HINCRBYFLOAT → HSET of the result).
 *
 * Keys that expire lazily during a command are logged as DEL before its effects (recorder).
 */
import type { ByteString } from '../resp/byte-string.js';
import { SetReply, type Reply } from '../resp/reply.js';

export type EffectPolicy = 'verbatim' | 'snapshot' | 'ttl' | Rewrite;

/** Builds the effects of a command on its key's shard from its request and its reply. */
export type Rewrite = (args: readonly ByteString[], reply: Reply) => ByteString[][] | undefined;

/** SET is verbatim without options (the hot path); with EX/PX/KEEPTTL/GET… its string is logged. */
const POLICIES = new Map<string, EffectPolicy>([
  ['setex', 'snapshot'],
  ['psetex', 'snapshot'],
  ['getex', 'snapshot'],
  ['incrbyfloat', 'snapshot'],
  ['expire', 'ttl'],
  ['pexpire', 'ttl'],
  ['expireat', 'ttl'],
  ['pexpireat', 'ttl'],
  ['spop', spopRewrite],
  ['hincrbyfloat', hincrbyfloatRewrite],
]);

export function effectPolicy(name: string, args: readonly ByteString[]): EffectPolicy {
  if (name === 'set') return args.length === 3 ? 'verbatim' : 'snapshot';
  return POLICIES.get(name) ?? 'verbatim';
}

/** SPOP key [count] → SREM key members… (the key's state is otherwise unchanged). */
function spopRewrite(args: readonly ByteString[], reply: Reply): ByteString[][] | undefined {
  const members = typeof reply === 'string' ? [reply] : reply instanceof SetReply ? reply.items : [];
  if (members.length === 0) return undefined;
  return [['SREM', args[1], ...(members as ByteString[])]];
}

/** HINCRBYFLOAT key field increment → HSET key field result. */
function hincrbyfloatRewrite(args: readonly ByteString[], reply: Reply): ByteString[][] | undefined {
  if (typeof reply !== 'string') return undefined;
  return [['HSET', args[1], args[2], reply]];
}
