/**
 * The hand-typed commands: options objects instead of flag soup, and replies typed the same for
 * RESP2 and RESP3. `S` is the type bulk replies arrive as: `string` by default, `Buffer` for a
 * client made with `returnBuffers: true` (or a `client.buffers()` view). Every other command of
 * the table keeps its generated, generic signature (src/generated/commands.ts).
 */
import type { BitfieldCommands } from './bitfield-commands.js';
import type { Bulk, ScoredMember } from './decoders.js';
import type { GeoCommands } from './geo-commands.js';
import type { Value } from './reply-value.js';
import type { Argument } from './request-encoder.js';
import type { StreamCommands } from './stream-commands.js';

/** SET's options: at most one of the expiry forms, at most one of nx/xx. */
export interface SetOptions {
  /** Only set when the key does not exist (the reply is then null when it does). */
  nx?: boolean;
  /** Only set when the key exists. */
  xx?: boolean;
  /** Expire after this many seconds. */
  ex?: number;
  /** Expire after this many milliseconds. */
  px?: number;
  /** Expire at this Unix time, in seconds. */
  exat?: number;
  /** Expire at this Unix time, in milliseconds. */
  pxat?: number;
  /** Keep the key's current time to live. */
  keepTtl?: boolean;
}

/** GETEX's options: one expiry form, or persist to remove the time to live. */
export interface GetExOptions {
  ex?: number;
  px?: number;
  exat?: number;
  pxat?: number;
  persist?: boolean;
}

/** A list end, for LMOVE. */
export type ListEnd = 'LEFT' | 'RIGHT';

/** EXPIRE's condition: only when the key has no expiry (NX), has one (XX), or the new one is greater (GT) or less (LT). */
export type ExpireCondition = 'NX' | 'XX' | 'GT' | 'LT';

/** ZADD's options. */
export interface ZAddOptions {
  nx?: boolean;
  xx?: boolean;
  gt?: boolean;
  lt?: boolean;
  /** Count changed members, not only added ones. */
  ch?: boolean;
}

/** ZRANGE's index form, optionally reversed. */
export interface ZRangeOptions {
  rev?: boolean;
}

/** Field → value pairs, as an object or a Map. */
export type FieldValues = Record<string, Argument> | Map<Argument, Argument>;

/** KEYS and ARGV of a script or function call (EVAL, EVALSHA, FCALL and their `_RO` forms). */
export interface ScriptArguments {
  /** The keys the script touches, KEYS[1…] in Lua; on Ballast they route the call to its shards. */
  keys?: readonly Argument[];
  /** Everything else, ARGV[1…] in Lua. */
  args?: readonly Argument[];
}

/** SCRIPT FLUSH's and FUNCTION FLUSH's mode. */
export type FlushMode = 'ASYNC' | 'SYNC';

/** FUNCTION LOAD's options. */
export interface FunctionLoadOptions {
  /** Replace a library of the same name instead of failing. */
  replace?: boolean;
}

/** FUNCTION LIST's options. */
export interface FunctionListOptions {
  /** Only libraries whose name matches this glob-style pattern. */
  libraryName?: string;
  /** Include each library's source as `code`. */
  withCode?: boolean;
}

/** FUNCTION RESTORE's policy for libraries that exist already (Redis's default is APPEND). */
export type FunctionRestorePolicy = 'FLUSH' | 'APPEND' | 'REPLACE';

/** A function of a library, as FUNCTION LIST describes it. */
export interface FunctionDescription {
  name: string;
  description: string | null;
  /** Its flags: `no-writes`, `allow-oom`, `allow-stale`, `no-cluster`, `allow-cross-slot-keys`. */
  flags: string[];
}

/** A library, as FUNCTION LIST describes it (the same under RESP2 and RESP3). */
export interface LibraryDescription {
  libraryName: string;
  engine: string;
  functions: FunctionDescription[];
  /** The library's source, when listed `withCode`. */
  code?: string;
}

/** A popped element and the list it came from (BLPOP, BRPOP). */
export interface PoppedElement<S extends Bulk> {
  key: string;
  element: S;
}

export interface TypedCommands<S extends Bulk> extends StreamCommands<S>, GeoCommands<S>, BitfieldCommands {
  // strings
  get(key: Argument): S | null;
  set(key: Argument, value: Argument, options?: SetOptions): 'OK' | null;
  getdel(key: Argument): S | null;
  getset(key: Argument, value: Argument): S | null;
  getex(key: Argument, options?: GetExOptions): S | null;
  mget(keys: readonly Argument[]): Array<S | null>;
  mset(entries: FieldValues): 'OK';
  incr(key: Argument): number;
  incrby(key: Argument, increment: number): number;
  incrbyfloat(key: Argument, increment: number): number;
  decr(key: Argument): number;
  decrby(key: Argument, decrement: number): number;
  append(key: Argument, value: Argument): number;
  strlen(key: Argument): number;
  // keys
  del(keys: Argument | readonly Argument[]): number;
  exists(keys: Argument | readonly Argument[]): number;
  expire(key: Argument, seconds: number, condition?: ExpireCondition): boolean;
  pexpire(key: Argument, milliseconds: number, condition?: ExpireCondition): boolean;
  ttl(key: Argument): number;
  pttl(key: Argument): number;
  persist(key: Argument): boolean;
  type(key: Argument): string;
  rename(key: Argument, newKey: Argument): 'OK';
  keys(pattern: Argument): S[];
  dbsize(): number;
  flushdb(): 'OK';
  flushall(): 'OK';
  // connection and server
  ping(): 'PONG';
  echo(message: Argument): S;
  info(section?: string): string;
  // hashes
  hset(key: Argument, fields: FieldValues): number;
  hget(key: Argument, field: Argument): S | null;
  hmget(key: Argument, fields: readonly Argument[]): Array<S | null>;
  hgetall(key: Argument): Map<string, S>;
  hdel(key: Argument, fields: Argument | readonly Argument[]): number;
  hexists(key: Argument, field: Argument): boolean;
  hincrby(key: Argument, field: Argument, increment: number): number;
  hincrbyfloat(key: Argument, field: Argument, increment: number): number;
  hsetnx(key: Argument, field: Argument, value: Argument): boolean;
  hlen(key: Argument): number;
  hkeys(key: Argument): S[];
  hvals(key: Argument): S[];
  // lists
  lpush(key: Argument, elements: Argument | readonly Argument[]): number;
  rpush(key: Argument, elements: Argument | readonly Argument[]): number;
  lpop(key: Argument): S | null;
  rpop(key: Argument): S | null;
  lrange(key: Argument, start: number, stop: number): S[];
  llen(key: Argument): number;
  lindex(key: Argument, index: number): S | null;
  lrem(key: Argument, count: number, element: Argument): number;
  ltrim(key: Argument, start: number, stop: number): 'OK';
  lmove(source: Argument, destination: Argument, from: ListEnd, to: ListEnd): S | null;
  blpop(keys: Argument | readonly Argument[], timeoutSeconds: number): PoppedElement<S> | null;
  brpop(keys: Argument | readonly Argument[], timeoutSeconds: number): PoppedElement<S> | null;
  // sets
  sadd(key: Argument, members: Argument | readonly Argument[]): number;
  srem(key: Argument, members: Argument | readonly Argument[]): number;
  smembers(key: Argument): Set<S>;
  sismember(key: Argument, member: Argument): boolean;
  scard(key: Argument): number;
  spop(key: Argument): S | null;
  srandmember(key: Argument): S | null;
  sinter(keys: Argument | readonly Argument[]): Set<S>;
  sunion(keys: Argument | readonly Argument[]): Set<S>;
  sdiff(keys: Argument | readonly Argument[]): Set<S>;
  // sorted sets
  zadd(key: Argument, members: ReadonlyArray<ScoredMember<Argument>>, options?: ZAddOptions): number;
  zscore(key: Argument, member: Argument): number | null;
  zincrby(key: Argument, increment: number, member: Argument): number;
  zrem(key: Argument, members: Argument | readonly Argument[]): number;
  zcard(key: Argument): number;
  zrank(key: Argument, member: Argument): number | null;
  zcount(key: Argument, min: number | string, max: number | string): number;
  zrange(key: Argument, start: number, stop: number, options?: ZRangeOptions): S[];
  zpopmin(key: Argument, count?: number): Array<ScoredMember<S>>;
  zpopmax(key: Argument, count?: number): Array<ScoredMember<S>>;
  zrangeWithScores(key: Argument, start: number, stop: number, options?: ZRangeOptions): Array<ScoredMember<S>>;
  // pub/sub
  publish(channel: Argument, message: Argument): number;
  // scripting: a script's reply is any value, converted as `call` converts it
  eval(script: Argument, options?: ScriptArguments): Value;
  evalsha(sha1: Argument, options?: ScriptArguments): Value;
  evalRo(script: Argument, options?: ScriptArguments): Value;
  evalshaRo(sha1: Argument, options?: ScriptArguments): Value;
  fcall(functionName: Argument, options?: ScriptArguments): Value;
  fcallRo(functionName: Argument, options?: ScriptArguments): Value;
  /** Caches a script without running it; resolves to its SHA1 (lowercase hex). */
  scriptLoad(script: Argument): string;
  scriptExists(sha1s: Argument | readonly Argument[]): boolean[];
  scriptFlush(mode?: FlushMode): 'OK';
  /** Loads a library (its code starts with `#!lua name=<library>`); resolves to the library's name. */
  functionLoad(code: Argument, options?: FunctionLoadOptions): string;
  functionList(options?: FunctionListOptions): LibraryDescription[];
  functionDelete(libraryName: Argument): 'OK';
  functionFlush(mode?: FlushMode): 'OK';
  /** Every library as one binary payload, always a Buffer (it is not text). */
  functionDump(): Buffer;
  functionRestore(payload: Uint8Array, policy?: FunctionRestorePolicy): 'OK';
}
