/**
 * Applies one entry frame's payload (RESP effect commands; `SELECT n` switches the database,
 * each frame starts in database 0) to one shard of the engine through the replay path.
 */
import type { Engine } from '../engine/engine.js';
import { ProtocolError, RequestParser } from '../resp/parser.js';
import { ErrorReply } from '../resp/reply.js';

const PAYLOAD_LIMITS = { maxBulkBytes: Number.MAX_SAFE_INTEGER, queryBufferBytesMax: Number.MAX_SAFE_INTEGER };

/** Returns the number of effects applied; throws when the payload or an effect is malformed. */
export function applyEntry(engine: Engine, shard: number, payload: Uint8Array): number {
  const parser = new RequestParser(PAYLOAD_LIMITS);
  parser.feed(payload);
  let database = 0;
  let applied = 0;
  for (let args = parser.next(); args !== undefined; args = parser.next()) {
    if (args instanceof ProtocolError) throw new Error(`malformed entry payload: ${args.message}`);
    if (args.length === 2 && args[0] === 'SELECT') {
      database = Number(args[1]);
      continue;
    }
    const reply = engine.replayEffect(shard, database, args);
    if (reply instanceof ErrorReply) throw new Error(`effect '${args.slice(0, 3).join(' ')}' failed on replay: ${reply.message}`);
    applied++;
  }
  if (parser.bufferedBytes > 0) throw new Error('entry payload ends inside a command');
  return applied;
}
