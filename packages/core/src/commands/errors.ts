/**
 * Redis's error replies, word for word, so clients and tests that match on them keep working.
 */
import { ErrorReply } from '../resp/reply.js';

export const WRONG_TYPE = new ErrorReply('WRONGTYPE Operation against a key holding the wrong kind of value');
export const SYNTAX_ERROR = new ErrorReply('ERR syntax error');
export const NOT_INTEGER = new ErrorReply('ERR value is not an integer or out of range');
export const NOT_FLOAT = new ErrorReply('ERR value is not a valid float');
export const OVERFLOW = new ErrorReply('ERR increment or decrement would overflow');
export const NO_SUCH_KEY = new ErrorReply('ERR no such key');
export const INDEX_OUT_OF_RANGE = new ErrorReply('ERR index out of range');
export const INVALID_DB_INDEX = new ErrorReply('ERR DB index is out of range');
export const INVALID_CURSOR = new ErrorReply('ERR invalid cursor');
export const NOT_POSITIVE = new ErrorReply('ERR value is out of range, must be positive');
export const TIMEOUT_NOT_FLOAT = new ErrorReply('ERR timeout is not a float or out of range');
export const TIMEOUT_NEGATIVE = new ErrorReply('ERR timeout is negative');

export function wrongArity(name: string): ErrorReply {
  return new ErrorReply(`ERR wrong number of arguments for '${name}' command`);
}

export function invalidExpireTime(name: string): ErrorReply {
  return new ErrorReply(`ERR invalid expire time in '${name}' command`);
}

export const NUMKEYS_NOT_POSITIVE = new ErrorReply('ERR numkeys should be greater than 0');
export const COUNT_NOT_POSITIVE = new ErrorReply('ERR count should be greater than 0');
