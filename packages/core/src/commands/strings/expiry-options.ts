/**
 * Expiry arguments of SET, SETEX, PSETEX and GETEX: `EX seconds | PX ms | EXAT unix-s |
 * PXAT unix-ms` turned into an absolute time in ms, with Redis's overflow and sign checks.
 */
import type { ByteString } from '../../resp/byte-string.js';
import type { ErrorReply } from '../../resp/reply.js';
import { parseInt64 } from '../arguments.js';
import { NOT_INTEGER, invalidExpireTime } from '../errors.js';

export type ExpiryUnit = 'EX' | 'PX' | 'EXAT' | 'PXAT';

/** Redis keeps expiry times in a signed 64-bit ms clock; beyond this they overflow. */
const MS_MAX = 9223372036854775807n;

/** The absolute expiry in ms for `value` in `unit`, or the error Redis gives. */
export function absoluteExpiryMs(unit: ExpiryUnit, value: ByteString, nowMs: number, command: string): number | ErrorReply {
  const parsed = parseInt64(value);
  if (parsed === undefined) return NOT_INTEGER;
  if (parsed <= 0n) return invalidExpireTime(command);
  const milliseconds = unit === 'EX' || unit === 'EXAT' ? parsed * 1000n : parsed;
  if (milliseconds > MS_MAX) return invalidExpireTime(command);
  const absolute = unit === 'EX' || unit === 'PX' ? milliseconds + BigInt(nowMs) : milliseconds;
  if (absolute > MS_MAX) return invalidExpireTime(command);
  return Number(absolute);
}

export function expiryUnit(argument: ByteString): ExpiryUnit | undefined {
  const upper = argument.length <= 4 ? argument.toUpperCase() : '';
  return upper === 'EX' || upper === 'PX' || upper === 'EXAT' || upper === 'PXAT' ? upper : undefined;
}
