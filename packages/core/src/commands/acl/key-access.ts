/**
 * What a command does to each of its keys, as ACL's %R~ and %W~ patterns see it: Redis's key
 * specs name ACCESS (the value is read: needs R) and INSERT / UPDATE / DELETE (needs W). Most
 * commands have one key spec whose flags follow the command's (read-only: R, write: W); the
 * exceptions are listed here from Redis 7.0's commands/*.json, and commands with several key
 * specs give the access from each spec's first key position on.
 */
import { isKeyword } from '../arguments.js';
import type { ByteString } from '../../resp/byte-string.js';
import type { CommandSpec } from '../types.js';
import { READ, READ_WRITE, WRITE } from './acl-selector.js';

/** Key specs without ACCESS nor a write flag (RO alone): any pattern matching the key will do. */
const NONE = 0;

/** Single key spec whose access differs from what the command's flags suggest. */
const SINGLE_SPEC: ReadonlyMap<string, number> = new Map([
  ...['blmpop', 'blpop', 'brpop', 'bzmpop', 'bzpopmax', 'bzpopmin', 'decr', 'decrby', 'eval', 'evalsha', 'fcall', 'getdel',
    'getex', 'getset', 'hincrby', 'hincrbyfloat', 'incr', 'incrby', 'incrbyfloat', 'lmpop', 'lpop', 'move', 'rpop', 'setbit',
    'spop', 'zincrby', 'zmpop', 'zpopmax', 'zpopmin'].map((name) => [name, READ_WRITE] as const),
  ...['exists', 'hexists', 'hlen', 'hstrlen', 'llen', 'memory|usage', 'object|encoding', 'object|freq', 'object|idletime',
    'object|refcount', 'scard', 'sismember', 'strlen', 'touch', 'type', 'watch', 'xlen', 'zcard'].map((name) => [name, NONE] as const),
  ['pfdebug', READ],
  ['xreadgroup', READ],
]);

/** Several key specs: [first argument position the spec covers, access], in position order. */
type SpecStarts = ReadonlyArray<readonly [number, number]>;
const SEVERAL_SPECS: ReadonlyMap<string, SpecStarts> = new Map<string, SpecStarts>([
  ['bitop', [[2, WRITE], [3, READ]]],
  ...['blmove', 'brpoplpush', 'lmove', 'rpoplpush', 'smove'].map((name): [string, SpecStarts] => [name, [[1, READ_WRITE], [2, WRITE]]]),
  ['copy', [[1, READ], [2, WRITE]]],
  ['sort', [[1, READ], [2, WRITE]]],
  // GEORADIUS … STORE / STOREDIST: the source is read, the key after the keyword written.
  ['georadius', [[1, READ], [2, WRITE]]],
  ['georadiusbymember', [[1, READ], [2, WRITE]]],
  ...['geosearchstore', 'sdiffstore', 'sinterstore', 'sunionstore', 'zdiffstore', 'zinterstore', 'zrangestore', 'zunionstore']
    .map((name): [string, SpecStarts] => [name, [[1, WRITE], [2, READ]]]),
  ['pfmerge', [[1, READ_WRITE], [2, READ]]],
  ['rename', [[1, READ_WRITE], [2, WRITE]]],
  ['renamenx', [[1, READ_WRITE], [2, WRITE]]],
]);

/** The command names this table speaks of (a test checks each is a command). */
export const KEY_ACCESS_COMMANDS: readonly string[] = [...SINGLE_SPEC.keys(), ...SEVERAL_SPECS.keys(), 'set', 'bitfield'];

/** READ and/or WRITE needed on the key at argument `position` of `args`. */
export function keyAccess(spec: CommandSpec, fullName: string, args: readonly ByteString[], position: number): number {
  const several = SEVERAL_SPECS.get(fullName);
  if (several !== undefined) {
    let access = several[0][1];
    for (const [from, specAccess] of several) if (position >= from) access = specAccess;
    return access;
  }
  const single = SINGLE_SPEC.get(fullName);
  if (single !== undefined) return single;
  // Redis's setGetKeys and bitfieldGetKeys: SET … GET reads the old value; a BITFIELD of GETs only reads.
  if (fullName === 'set') return args.slice(3).some((arg) => isKeyword(arg, 'GET')) ? READ_WRITE : WRITE;
  if (fullName === 'bitfield') return args.slice(2).some((arg) => isKeyword(arg, 'SET') || isKeyword(arg, 'INCRBY')) ? READ_WRITE : READ;
  if (spec.flags.includes('write')) return WRITE;
  if (spec.flags.includes('readonly')) return READ;
  return READ_WRITE;
}
