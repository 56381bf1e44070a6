/**
 * Replies as one line of text, so that a reply and the model's expected reply compare as
 * strings and print in messages the way redis-cli would show them.
 */
import { ErrorReply, SimpleString, type Reply } from '@ballast/core';

const TEXT_CHARS_MAX = 80;

export function replyText(reply: Reply): string {
  if (reply === null) return '(nil)';
  if (typeof reply === 'string') return JSON.stringify(reply.length > TEXT_CHARS_MAX ? `${reply.slice(0, TEXT_CHARS_MAX)}…` : reply);
  if (typeof reply === 'number' || typeof reply === 'bigint') return `(integer) ${reply}`;
  if (Array.isArray(reply)) return `[${reply.map(replyText).join(', ')}]`;
  if (reply instanceof SimpleString) return reply.value;
  if (reply instanceof ErrorReply) return `(error) ${reply.message}`;
  return reply.constructor.name;
}
