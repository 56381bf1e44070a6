/**
 * COMMAND GETKEYSANDFLAGS against redis-server: each key of a command line with its key spec's
 * flags, for commands of every family, commands with several key specs (the flags change along
 * the line), SET and BITFIELD (flags from their arguments), and the errors; in RESP2 and RESP3.
 */
import { describe, it } from 'vitest';
import { useComparedServers } from './compare-servers.js';

const LINES = [
  'SET k1 v1', 'SET k1 v1 GET', 'SET k1 v1 NX EX 10', 'MSET k1 v1 k2 v2', 'MSETNX k1 v1 k2 v2', 'GET k', 'GETDEL k', 'GETEX k PERSIST',
  'INCR k', 'APPEND k v', 'SETNX k v', 'STRLEN k', 'LCS a b', 'DEL a b c', 'UNLINK a', 'EXISTS a b', 'TOUCH a', 'TYPE a',
  'EXPIRE k 10', 'PERSIST k', 'TTL k', 'RENAME a b', 'RENAMENX a b', 'COPY a b', 'MOVE k 1', 'DUMP k', 'RESTORE k 0 x',
  'LMOVE k1 k2 left right', 'BLMOVE a b LEFT RIGHT 0', 'RPOPLPUSH a b', 'LPUSH l a', 'LPOP l', 'BLPOP a b 0', 'LMPOP 2 a b LEFT',
  'LRANGE l 0 -1', 'LSET l 0 v', 'LINSERT l BEFORE a b', 'LREM l 0 a', 'LTRIM l 0 1', 'LLEN l',
  'SADD s a', 'SREM s a', 'SMOVE a b m', 'SINTERSTORE d a b', 'SUNIONSTORE d a b', 'SDIFFSTORE d a b', 'SINTERCARD 2 a b', 'SPOP s',
  'HSET h f v', 'HDEL h f', 'HINCRBY h f 1', 'HGETALL h', 'HEXISTS h f',
  'ZADD z 1 a', 'ZREM z a', 'ZUNIONSTORE d 2 a b', 'ZINTERSTORE d 2 a b WEIGHTS 1 2', 'ZRANGESTORE d s 0 1', 'ZDIFFSTORE d 2 a b',
  'ZPOPMIN z', 'BZMPOP 0 2 a b MIN', 'ZINTER 2 a b', 'ZRANGE z 0 -1',
  'SORT k1 STORE k2', 'SORT k BY w GET g', 'SORT_RO k', 'BITOP AND d a b c', 'BITFIELD k GET u8 0', 'BITFIELD k SET u8 0 1',
  'BITFIELD_RO k GET u8 0', 'SETBIT k 0 1', 'BITCOUNT k', 'PFADD h a', 'PFMERGE d a b', 'PFCOUNT a b',
  'GEOADD g 1 2 m', 'GEORADIUS g 1 2 3 km STORE d', 'GEORADIUSBYMEMBER g m 3 km STOREDIST d', 'GEOSEARCHSTORE d s FROMMEMBER m BYRADIUS 1 km',
  'XADD s * f v', 'XDEL s 1-1', 'XTRIM s MAXLEN 1', 'XREAD STREAMS a b 0 0', 'XREADGROUP GROUP g c STREAMS a 0', 'XACK s g 1-1',
  'XGROUP CREATE s g $', 'XGROUP DESTROY s g', 'XINFO STREAM s', 'XCLAIM s g c 0 1-1', 'XAUTOCLAIM s g c 0 0',
  'EVAL x 2 a b', 'EVALSHA x 1 a', 'EVAL_RO x 1 a', 'FCALL f 1 a', 'FCALL_RO f 1 a', 'EVAL x 0',
  'MEMORY USAGE k', 'OBJECT ENCODING k', 'WATCH a b',
  'PING', 'PUBLISH c m', 'SPUBLISH c m', 'NOSUCH a', 'GET', 'SET a',
];

describe('COMMAND GETKEYSANDFLAGS (against redis-server)', () => {
  const compare = useComparedServers();
  const commands = LINES.map((line) => ['COMMAND', 'GETKEYSANDFLAGS', ...line.split(' ')]);

  it('gives each key its flags as redis-server does (RESP2)', async () => {
    await compare(commands);
  });

  it('gives each key its flags as redis-server does (RESP3)', async () => {
    await compare(commands, 3);
  });
});
