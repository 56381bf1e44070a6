/**
 * The replies a command handler returns, independent of protocol version. The encoder turns
 * them into RESP2 or RESP3 bytes; the RESP3-only shapes (map, set, double, boolean, push,
 * verbatim) have a defined RESP2 fallback, exactly as Redis downgrades them.
 *
 * Plain JavaScript values cover the hot path without allocation:
 * - a `string` is a bulk string (a byte string, see byte-string.ts);
 * - a `number` is an integer reply (a safe integer) and a `bigint` an integer beyond 2^53;
 * - `null` is the null bulk string (RESP3 `_`);
 * - an array is an array reply.
 */
import type { ByteString } from './byte-string.js';

/** `+OK`-style status reply. */
export class SimpleString {
  constructor(readonly value: string) {}
}

/**
 * `-CODE message` error reply. `message` carries the code, e.g. `"WRONGTYPE Operation against a
 * key holding the wrong kind of value"`; a message without a code is sent as given.
 */
export class ErrorReply {
  constructor(readonly message: string) {}
  get code(): string {
    const space = this.message.indexOf(' ');
    return space === -1 ? this.message : this.message.slice(0, space);
  }
}

/** A double: RESP3 `,`; RESP2 a bulk string formatted like Redis (see format-double.ts). */
export class DoubleReply {
  constructor(readonly value: number) {}
}

/** A big number given as its decimal text (a script's {big_number=}): RESP3 `(`; RESP2 a bulk string. */
export class BigNumberReply {
  constructor(readonly text: string) {}
}

/** A boolean: RESP3 `#t`/`#f`; RESP2 the integer 1 or 0. */
export class BooleanReply {
  private constructor(readonly value: boolean) {}
  static readonly TRUE = new BooleanReply(true);
  static readonly FALSE = new BooleanReply(false);
}

/** A map: RESP3 `%`; RESP2 a flat array of key, value, key, value… */
export class MapReply {
  constructor(readonly entries: ReadonlyArray<readonly [Reply, Reply]>) {}
}

/** A set: RESP3 `~`; RESP2 an array. */
export class SetReply {
  constructor(readonly items: readonly Reply[]) {}
}

/** An out-of-band push (pub/sub messages): RESP3 `>`; RESP2 an array. */
export class PushReply {
  constructor(readonly items: readonly Reply[]) {}
}

/** Verbatim text (INFO, CLIENT LIST): RESP3 `=txt:`; RESP2 a bulk string. */
export class VerbatimString {
  constructor(
    readonly text: ByteString,
    readonly format = 'txt',
  ) {}
}

/**
 * A reply carrying RESP3 attributes (only DEBUG PROTOCOL attrib sends one): RESP3 `|` with the
 * attribute map, then the reply; RESP2 the reply alone, as Redis sends attributes only to RESP3.
 */
export class AttributedReply {
  constructor(
    readonly attributes: ReadonlyArray<readonly [Reply, Reply]>,
    readonly reply: Reply,
  ) {}
}

/** The null array: RESP2 `*-1` (BLPOP timeout, aborted EXEC); RESP3 `_`. */
export class NullArray {
  private constructor() {}
  static readonly INSTANCE = new NullArray();
}

export type Reply =
  | ByteString
  | number
  | bigint
  | null
  | readonly Reply[]
  | SimpleString
  | ErrorReply
  | DoubleReply
  | BigNumberReply
  | BooleanReply
  | MapReply
  | SetReply
  | PushReply
  | VerbatimString
  | AttributedReply
  | NullArray;

export const OK = new SimpleString('OK');
export const QUEUED = new SimpleString('QUEUED');
export const PONG = new SimpleString('PONG');
export const NULL_ARRAY = NullArray.INSTANCE;

/**
 * Returned by a command whose answer was already written as pushes (SUBSCRIBE …): the
 * connection writes nothing more for it.
 */
export const NO_REPLY: readonly Reply[] = Object.freeze([]);
