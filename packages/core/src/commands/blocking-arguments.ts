/**
 * Arguments shared by the blocking and multi-key pop commands of every family (BLPOP, BLMOVE,
 * BZPOPMIN, LMPOP, ZMPOP, …), parsed as Redis parses them: the timeout (getTimeoutFromObjectOrReply)
 * and the `numkeys key [key …]` prefix of the MPOP commands.
 */
import type { ByteString } from '../resp/byte-string.js';
import { ErrorReply } from '../resp/reply.js';
import { TIMEOUT_NEGATIVE, TIMEOUT_NOT_FLOAT } from './errors.js';
import { parseTimeoutSeconds } from './sorted-sets/score-parsing.js';
import type { CommandContext } from './types.js';

const TIMEOUT_OUT_OF_RANGE = new ErrorReply('ERR timeout is out of range');
const INT64_LIMIT = 2 ** 63;

/**
 * A blocking timeout in seconds: the milliseconds are truncated to an integer; 0 (or less than
 * a millisecond) waits forever. Returns the absolute deadline in ms, 0 for forever, or the error.
 */
export function parseDeadline(context: CommandContext, text: ByteString): number | ErrorReply {
  const seconds = parseTimeoutSeconds(text);
  if (seconds === undefined) return TIMEOUT_NOT_FLOAT;
  // C converts an out-of-range double to the most negative integer, hence "negative".
  const timeoutMs = Math.trunc(seconds * 1000);
  if (!(timeoutMs < INT64_LIMIT) || timeoutMs < 0) return TIMEOUT_NEGATIVE;
  if (timeoutMs === 0) return 0;
  if (timeoutMs > INT64_LIMIT - context.nowMs) return TIMEOUT_OUT_OF_RANGE;
  return context.nowMs + timeoutMs;
}

