/**
 * Redis's checkAlreadyExpired: an expiry time already past deletes the key at once — except for a
 * command of the primary's stream on a replica, which sets the time as given. The stream carries
 * absolute times, so a replica that lags would otherwise delete a key the primary kept (and whose
 * TTL it then extended); the primary decides when a key expires, and its DEL follows in the stream.
 */
import type { CommandContext } from './types.js';

export function alreadyExpired(context: CommandContext, atMs: number): boolean {
  return atMs <= context.nowMs && !context.client.fromPrimary;
}
