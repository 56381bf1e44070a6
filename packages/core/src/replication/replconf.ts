/**
 * REPLCONF, as Redis 7.0 parses it: option/value pairs, applied in order. The handshake options
 * (listening-port, ip-address, capa, rdb-only) are remembered for the replica's PSYNC; ACK from
 * an attached replica records its offset — and, from a Ballast replica, `FACK <offset>` after it:
 * how far its own AOF made the stream durable — and, like GETACK on a primary, gets no reply.
 * (A redis-server primary stops reading at ACK, so FACK costs it nothing.)
 */
import { parseInteger } from '../commands/arguments.js';
import type { ByteString } from '../resp/byte-string.js';
import { ErrorReply, NO_REPLY, OK, type Reply } from '../resp/reply.js';
import type { ReplicaHandshake } from './replica-link.js';

/** NET_HOST_STR_LEN in Redis: an ip-address at least this long is refused. */
const HOST_LENGTH_MAX = 256;
const SYNTAX_ERROR = new ErrorReply('ERR syntax error');
const NOT_INTEGER = new ErrorReply('ERR value is not an integer or out of range');

export interface ReplconfTarget {
  readonly handshake: ReplicaHandshake;
  /** The sender is an attached replica: its ACKs count. */
  readonly replica: { onAck(offset: number, durableOffset: number | null): void } | null;
}

export function replconf(args: readonly ByteString[], target: ReplconfTarget): Reply {
  if (args.length % 2 === 0) return SYNTAX_ERROR;
  const { handshake } = target;
  for (let i = 1; i < args.length; i += 2) {
    const option = args[i].toLowerCase();
    const value = args[i + 1];
    if (option === 'listening-port') {
      const port = parseInteger(value);
      if (port === undefined) return NOT_INTEGER;
      handshake.listeningPort = port;
    } else if (option === 'ip-address') {
      if (value.length >= HOST_LENGTH_MAX) return new ErrorReply(`ERR REPLCONF ip-address provided by replica instance is too long: ${value.length} bytes`);
      handshake.ipAddress = value;
    } else if (option === 'capa') {
      // Capabilities this primary does not know are ignored, as in Redis.
      const capability = value.toLowerCase();
      if (capability === 'eof') handshake.eof = true;
      else if (capability === 'psync2') handshake.psync2 = true;
    } else if (option === 'ack') {
      const offset = parseInteger(value);
      const durable = args.length >= i + 4 && args[i + 2].toLowerCase() === 'fack' ? parseInteger(args[i + 3]) ?? null : null;
      if (target.replica !== null && offset !== undefined) target.replica.onAck(offset, durable);
      return NO_REPLY;
    } else if (option === 'getack') {
      return NO_REPLY;
    } else if (option === 'rdb-only') {
      const flag = parseInteger(value);
      if (flag === undefined) return NOT_INTEGER;
      if (flag < 0 || flag > 1) return new ErrorReply('ERR value is out of range, value must between 0 and 1');
      handshake.rdbOnly = flag === 1;
    } else {
      return new ErrorReply(`ERR Unrecognized REPLCONF option: ${args[i]}`);
    }
  }
  return OK;
}
