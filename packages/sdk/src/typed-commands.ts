/**
 * The hand-typed commands: options objects instead of flag soup, and replies typed the same for
 * RESP2 and RESP3. `S` is the type bulk replies arrive as: `string` by default, `Buffer` for a
 * client made with `returnBuffers: true` (or a `client.buffers()` view). Every other command of
 * the table keeps its generated, generic signature (src/generated/commands.ts).
 */
import type { Bulk, ScoredMember } from './decoders.js';
import type { Argument } from './request-encoder.js';

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

/** A popped element and the list it came from (BLPOP, BRPOP). */
export interface PoppedElement<S extends Bulk> {
  key: string;
  element: S;
}

export interface TypedCommands<S extends Bulk> {
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
}
