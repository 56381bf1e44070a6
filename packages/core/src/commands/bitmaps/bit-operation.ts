/**
 * BITOP AND | OR | XOR | NOT destkey key [key ...]: a bitwise operation over whole strings, a
 * missing key or the bytes past a shorter string read as zeros. The result is as long as the
 * longest source; an empty result deletes the destination. The destination loses its TTL (Redis's
 * setKey), like any value replaced whole.
 */
import { bytesToByteString, type ByteString } from '../../resp/byte-string.js';
import { ErrorReply, type Reply } from '../../resp/reply.js';
import { isKeyword } from '../arguments.js';
import { SYNTAX_ERROR } from '../errors.js';
import { stringAt } from '../strings/string-access.js';
import { NOTIFY_GENERIC, NOTIFY_STRING } from '../../config/keyspace-event-classes.js';
import type { CommandContext } from '../types.js';

const NOT_ONE_SOURCE = new ErrorReply('ERR BITOP NOT must be called with a single source key.');

type Operation = 'AND' | 'OR' | 'XOR' | 'NOT';
const OPERATIONS: readonly Operation[] = ['AND', 'OR', 'XOR', 'NOT'];

export function bitOperation(context: CommandContext, args: readonly ByteString[]): Reply {
  const operation = OPERATIONS.find((name) => isKeyword(args[1], name));
  if (operation === undefined) return SYNTAX_ERROR;
  if (operation === 'NOT' && args.length !== 4) return NOT_ONE_SOURCE;
  const sources: ByteString[] = [];
  let length = 0;
  for (let index = 3; index < args.length; index++) {
    const value = stringAt(context, args[index], true);
    if (value instanceof ErrorReply) return value;
    sources.push(value ?? '');
    length = Math.max(length, value?.length ?? 0);
  }
  if (length === 0) {
    if (context.db.delete(args[2])) context.notify(NOTIFY_GENERIC, 'del', args[2]);
    return 0;
  }
  context.db.set(args[2], bytesToByteString(combine(operation, sources, length)));
  context.notify(NOTIFY_STRING, 'set', args[2]);
  return length;
}

/** The operation over `sources`, each zero-padded to `length` bytes. */
function combine(operation: Operation, sources: readonly ByteString[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  const first = sources[0];
  for (let index = 0; index < first.length; index++) out[index] = first.charCodeAt(index);
  if (operation === 'NOT') {
    for (let index = 0; index < length; index++) out[index] = ~out[index];
    return out;
  }
  for (let source = 1; source < sources.length; source++) {
    const value = sources[source];
    if (operation === 'AND') {
      for (let index = 0; index < value.length; index++) out[index] &= value.charCodeAt(index);
      out.fill(0, value.length);
    } else if (operation === 'OR') {
      for (let index = 0; index < value.length; index++) out[index] |= value.charCodeAt(index);
    } else {
      for (let index = 0; index < value.length; index++) out[index] ^= value.charCodeAt(index);
    }
  }
  return out;
}
