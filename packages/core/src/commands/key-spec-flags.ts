/**
 * The flags of each command's key specs, as Redis 7.0.15's command table declares them
 * (commands/*.json), for COMMAND GETKEYSANDFLAGS: the access (RO, RW, OW, RM) and what the
 * command does with the key (access, update, insert, delete), written as Redis replies them. A
 * command with several key specs lists, by first argument position, the flags of the keys from
 * there on. SET and BITFIELD have variable flags (keySpecFlags computes them, as Redis's
 * setGetKeys and bitfieldGetKeys do); XGROUP SETCONSUMER and SETPENDING are Ballast's own.
 */
import { isKeyword } from './arguments.js';
import type { ByteString } from '../resp/byte-string.js';

/** Commands with one key spec, grouped by its flags. */
const SINGLE_SPEC: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['RO access', [
    'bitcount', 'bitfield_ro', 'bitpos', 'dump', 'eval_ro', 'evalsha_ro', 'expiretime', 'fcall_ro', 'geodist',
    'geohash', 'geopos', 'georadius_ro', 'georadiusbymember_ro', 'geosearch', 'get', 'getbit', 'getrange', 'hget',
    'hgetall', 'hkeys', 'hmget', 'hrandfield', 'hscan', 'hvals', 'lcs', 'lindex', 'lpos', 'lrange', 'mget',
    'pexpiretime', 'pttl', 'sdiff', 'sinter', 'sintercard', 'smembers', 'smismember', 'srandmember', 'sscan',
    'substr', 'sunion', 'ttl', 'xinfo|consumers', 'xinfo|groups', 'xinfo|stream', 'xpending', 'xrange', 'xread',
    'xreadgroup', 'xrevrange', 'zcount', 'zdiff', 'zinter', 'zintercard', 'zlexcount', 'zmscore', 'zrandmember',
    'zrange', 'zrangebylex', 'zrangebyscore', 'zrank', 'zrevrange', 'zrevrangebylex', 'zrevrangebyscore', 'zrevrank',
    'zscan', 'zscore', 'zunion'
  ]],
  ['RO', [
    'exists', 'hexists', 'hlen', 'hstrlen', 'llen', 'memory|usage', 'object|encoding', 'object|freq',
    'object|idletime', 'object|refcount', 'scard', 'sismember', 'strlen', 'touch', 'type', 'watch', 'xlen', 'zcard'
  ]],
  ['RW update', [
    'expire', 'expireat', 'geoadd', 'hmset', 'hset', 'lset', 'persist', 'pexpire', 'pexpireat', 'setrange', 'xack',
    'xadd', 'xclaim', 'xgroup|setid', 'xsetid', 'zadd'
  ]],
  ['RW access update', [
    'decr', 'decrby', 'eval', 'evalsha', 'fcall', 'getex', 'getset', 'hincrby', 'hincrbyfloat', 'incr', 'incrby',
    'incrbyfloat', 'move', 'setbit', 'zincrby'
  ]],
  ['RW access delete', [
    'blmpop', 'blpop', 'brpop', 'bzmpop', 'bzpopmax', 'bzpopmin', 'getdel', 'lmpop', 'lpop', 'rpop', 'spop', 'zmpop',
    'zpopmax', 'zpopmin'
  ]],
  ['RW delete', [
    'hdel', 'lrem', 'ltrim', 'srem', 'xautoclaim', 'xdel', 'xgroup|delconsumer', 'xgroup|destroy', 'xtrim', 'zrem',
    'zremrangebylex', 'zremrangebyrank', 'zremrangebyscore'
  ]],
  ['RW insert', [
    'append', 'hsetnx', 'linsert', 'lpush', 'lpushx', 'pfadd', 'rpush', 'rpushx', 'sadd', 'xgroup|create',
    'xgroup|createconsumer'
  ]],
  ['OW update', [
    'mset', 'psetex', 'restore', 'setex'
  ]],
  ['RM delete', [
    'del', 'unlink'
  ]],
  ['OW insert', [
    'msetnx', 'setnx'
  ]],
  ['RW access', [
    'pfcount', 'pfdebug'
  ]],
  ['RW update', ['xgroup|setconsumer', 'xgroup|setpending']],
];

/** Commands with several key specs: [first argument position a spec covers, its flags], in position order. */
const SEVERAL_SPECS: ReadonlyMap<string, ReadonlyArray<readonly [number, string]>> = new Map<string, ReadonlyArray<readonly [number, string]>>([
  ['bitop', [[2, 'OW update'], [3, 'RO access']]],
  ['blmove', [[1, 'RW access delete'], [2, 'RW insert']]],
  ['brpoplpush', [[1, 'RW access delete'], [2, 'RW insert']]],
  ['copy', [[1, 'RO access'], [2, 'OW update']]],
  ['georadius', [[1, 'RO access'], [2, 'OW update']]],
  ['georadiusbymember', [[1, 'RO access'], [2, 'OW update']]],
  ['geosearchstore', [[1, 'OW update'], [2, 'RO access']]],
  ['lmove', [[1, 'RW access delete'], [2, 'RW insert']]],
  ['pfmerge', [[1, 'RW access insert'], [2, 'RO access']]],
  ['rename', [[1, 'RW access delete'], [2, 'OW update']]],
  ['renamenx', [[1, 'RW access delete'], [2, 'OW insert']]],
  ['rpoplpush', [[1, 'RW access delete'], [2, 'RW insert']]],
  ['sdiffstore', [[1, 'OW update'], [2, 'RO access']]],
  ['sinterstore', [[1, 'RW update'], [2, 'RO access']]],
  ['smove', [[1, 'RW access delete'], [2, 'RW insert']]],
  ['sort', [[1, 'RO access'], [2, 'OW update']]],
  ['sort_ro', [[1, 'RO access']]],
  ['sunionstore', [[1, 'OW update'], [2, 'RO access']]],
  ['zdiffstore', [[1, 'OW update'], [2, 'RO access']]],
  ['zinterstore', [[1, 'OW update'], [2, 'RO access']]],
  ['zrangestore', [[1, 'OW update'], [2, 'RO access']]],
  ['zunionstore', [[1, 'OW update'], [2, 'RO access']]],
]);

const SINGLE_SPEC_FLAGS: ReadonlyMap<string, string> = new Map(SINGLE_SPEC.flatMap(([flags, names]) => names.map((name) => [name, flags] as const)));

/** The command names this table speaks of (a test checks each is a command). */
export const KEY_SPEC_COMMANDS: readonly string[] = [...SINGLE_SPEC_FLAGS.keys(), ...SEVERAL_SPECS.keys(), 'set', 'bitfield'];

/** The flags of the key at argument `position` of `args` (a command line of `fullName`), or undefined for a command with no key spec. */
export function keySpecFlags(fullName: string, args: readonly ByteString[], position: number): string[] | undefined {
  if (fullName === 'set') return args.slice(3).some((arg) => isKeyword(arg, 'GET')) ? ['RW', 'access', 'update'] : ['OW', 'update'];
  if (fullName === 'bitfield') {
    const writes = args.slice(2).some((arg) => isKeyword(arg, 'SET') || isKeyword(arg, 'INCRBY'));
    return writes ? ['RW', 'access', 'update'] : ['RO', 'access'];
  }
  const several = SEVERAL_SPECS.get(fullName);
  if (several === undefined) return SINGLE_SPEC_FLAGS.get(fullName)?.split(' ');
  let flags = several[0][1];
  for (const [from, specFlags] of several) if (position >= from) flags = specFlags;
  return flags.split(' ');
}
