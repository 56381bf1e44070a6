/**
 * One harness client: issues its operations one at a time, each only after the previous one's
 * reply, until told to stop or until the connection dies (the server was killed). It records
 * for every operation when it was issued, when its reply came and what the reply was, next to
 * the reply the model expects.
 */
import type { ClientModel } from './client-model.js';
import type { Draw } from './draw.js';
import { replyText } from './reply-text.js';
import type { RespConnection } from './resp-connection.js';
import { nextOperation, operationCommands, type Operation } from './workload.js';

export interface OperationRecord {
  readonly operation: Operation;
  /** performance.now() when the commands were written to the socket. */
  readonly issuedMs: number;
  /** performance.now() when the (last) reply arrived; undefined if none came. */
  ackedMs: number | undefined;
  reply: string | undefined;
  readonly expectedReply: string;
}

export interface ClientLoopOptions {
  readonly client: number;
  readonly connection: RespConnection;
  readonly draw: Draw;
  /** The client's keys after every operation issued so far; advanced as operations are issued. */
  readonly live: ClientModel;
  readonly firstIndex: number;
  readonly stopped: () => boolean;
}

/** Runs until stopped or disconnected, or until a reply differs from the model's. */
export async function runClientLoop(options: ClientLoopOptions): Promise<OperationRecord[]> {
  const records: OperationRecord[] = [];
  for (let index = options.firstIndex; !options.stopped(); index++) {
    const operation = nextOperation(options.draw, options.client, index);
    const expectedReply = replyText(options.live.apply(operation));
    const record: OperationRecord = { operation, issuedMs: performance.now(), ackedMs: undefined, reply: undefined, expectedReply };
    records.push(record);
    let replies;
    try {
      replies = await options.connection.send(operationCommands(operation));
    } catch {
      break;
    }
    record.ackedMs = performance.now();
    record.reply = replyText(replies[replies.length - 1]);
    // After an unexpected reply the model no longer knows what the server holds.
    if (record.reply !== expectedReply) break;
  }
  return records;
}
