/**
 * LMPOP numkeys key [key …] LEFT|RIGHT [COUNT count] and BLMPOP timeout numkeys …: pop up to
 * `count` elements from the first non-empty list among the keys, answering [key, [elements]]
 * (the null array when every list is empty). A key holding another type answers WRONGTYPE,
 * in key order, as Redis's mpopGenericCommand; a blocked BLMPOP is served when a push makes one
 * of its keys a list, and times out with the null array.
 */
import type { ByteString } from '../../resp/byte-string.js';
import { ErrorReply, NULL_ARRAY, type Reply } from '../../resp/reply.js';
import { isKeyword, parseInteger } from '../arguments.js';
import { parseDeadline } from '../blocking-arguments.js';
import { keysAfterNumkeys } from '../key-positions.js';
import { COUNT_NOT_POSITIVE, NUMKEYS_NOT_POSITIVE, SYNTAX_ERROR } from '../errors.js';
import { BlockRequest, type CommandContext, type CommandDefinition } from '../types.js';
import { listSpec } from './basic.js';
import { listForWrite, parseEnd, popValues, type End } from './list-access.js';

interface MultiPop {
  readonly keys: readonly ByteString[];
  readonly end: End;
  readonly count: number;
}

/** Parses `numkeys key … LEFT|RIGHT [COUNT n]` starting at `numkeysIndex`. */
function parseMultiPop(args: readonly ByteString[], numkeysIndex: number): MultiPop | ErrorReply {
  const keyCount = parseInteger(args[numkeysIndex]);
  if (keyCount === undefined || keyCount < 1) return NUMKEYS_NOT_POSITIVE;
  const whereIndex = numkeysIndex + keyCount + 1;
  if (whereIndex >= args.length) return SYNTAX_ERROR;
  const end = parseEnd(args[whereIndex]);
  if (end === undefined) return SYNTAX_ERROR;
  let count = -1;
  for (let index = whereIndex + 1; index < args.length; index++) {
    if (count !== -1 || !isKeyword(args[index], 'COUNT') || index + 1 >= args.length) return SYNTAX_ERROR;
    const parsed = parseInteger(args[++index]);
    if (parsed === undefined || parsed < 1) return COUNT_NOT_POSITIVE;
    count = parsed;
  }
  return { keys: args.slice(numkeysIndex + 1, whereIndex), end, count: count === -1 ? 1 : count };
}

/** Pops from the first non-empty list; undefined when all are empty. WRONGTYPE only when `strictTypes`. */
function popFirst(context: CommandContext, pop: MultiPop, strictTypes: boolean): Reply | undefined {
  for (const key of pop.keys) {
    const list = listForWrite(context.db, key);
    if (list instanceof ErrorReply) {
      if (strictTypes) return list;
      continue;
    }
    if (list !== undefined) return [key, popValues(context, key, list, pop.end, pop.count)];
  }
  return undefined;
}

function lmpop(context: CommandContext, args: readonly ByteString[]): Reply {
  const pop = parseMultiPop(args, 1);
  if (pop instanceof ErrorReply) return pop;
  return popFirst(context, pop, true) ?? NULL_ARRAY;
}

function blmpop(context: CommandContext, args: readonly ByteString[]): Reply | BlockRequest {
  // Redis checks the keys, the side and COUNT before the timeout.
  const pop = parseMultiPop(args, 2);
  if (pop instanceof ErrorReply) return pop;
  const deadline = parseDeadline(context, args[1]);
  if (deadline instanceof ErrorReply) return deadline;
  const served = popFirst(context, pop, true);
  if (served !== undefined) return served;
  return new BlockRequest(pop.keys, deadline, (retryContext) => popFirst(retryContext, pop, false), NULL_ARRAY);
}

const COMPLEXITY = 'O(N+M) where N is the number of provided keys and M is the number of elements returned.';

export const MULTI_POP_LIST_COMMANDS: readonly CommandDefinition[] = [
  {
    ...listSpec({
      name: 'lmpop', arity: -4, flags: ['write', 'movablekeys'], logAs: 'as-typed', firstKey: 0, lastKey: 0, step: 0, keys: keysAfterNumkeys(1),
      since: '7.0.0', syntax: 'numkeys key [key ...] LEFT|RIGHT [COUNT count]', complexity: COMPLEXITY,
      summary: 'Pop elements from a list',
    }),
    handler: lmpop,
  },
  {
    ...listSpec({
      name: 'blmpop', arity: -5, flags: ['write', 'blocking', 'movablekeys'], logAs: 'as-typed', firstKey: 0, lastKey: 0, step: 0, keys: keysAfterNumkeys(2),
      since: '7.0.0', syntax: 'timeout numkeys key [key ...] LEFT|RIGHT [COUNT count]', complexity: COMPLEXITY,
      summary: 'Pop elements from a list, or block until one is available',
    }),
    handler: blmpop,
  },
];
