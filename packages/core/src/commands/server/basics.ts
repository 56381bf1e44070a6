/**
 * The small server commands: TIME (from the command's wall time), DBSIZE (keys of the selected
 * database, across every shard) and SHUTDOWN (hands the shutdown to the host).
 */
import { isKeyword } from '../arguments.js';
import { SYNTAX_ERROR } from '../errors.js';
import type { CommandContext, CommandDefinition } from '../types.js';
import type { ByteString } from '../../resp/byte-string.js';
import { ErrorReply, NO_REPLY, type Reply } from '../../resp/reply.js';
import { serverSpec } from './spec.js';

const MICROSECONDS_PER_SECOND = 1_000_000;
const NO_SHUTDOWN_IN_PROGRESS = new ErrorReply('ERR No shutdown in progress.');

/**
 * SHUTDOWN [NOSAVE | SAVE] [NOW] [FORCE] [ABORT]. The host shuts down at once (flushing the
 * AOF), saving the RDB dump first with SAVE, or by default when save points are set; ABORT
 * never finds a shutdown to abort. Like Redis, the client gets no reply: its connection closes.
 */
function shutdown(context: CommandContext, args: readonly ByteString[]): Reply {
  let save = false;
  let noSave = false;
  let otherOption = false;
  let abort = false;
  for (const option of args.slice(1)) {
    if (isKeyword(option, 'NOSAVE')) noSave = true;
    else if (isKeyword(option, 'SAVE')) save = true;
    else if (isKeyword(option, 'NOW') || isKeyword(option, 'FORCE')) otherOption = true;
    else if (isKeyword(option, 'ABORT')) abort = true;
    else return SYNTAX_ERROR;
  }
  if ((abort && (save || noSave || otherOption)) || (save && noSave)) return SYNTAX_ERROR;
  if (abort) return NO_SHUTDOWN_IN_PROGRESS;
  context.engine.requestShutdown(save ? 'save' : noSave ? 'nosave' : 'default');
  context.client.closeAfterReply();
  return NO_REPLY;
}

export const BASIC_SERVER_COMMANDS: readonly CommandDefinition[] = [
  {
    ...serverSpec({ name: 'time', arity: 1, flags: ['loading', 'stale', 'fast'], summary: 'Return the current server time', since: '2.6.0', syntax: '' }),
    handler(context) {
      const microseconds = Math.floor(context.nowMs * 1000);
      return [
        String(Math.floor(microseconds / MICROSECONDS_PER_SECOND)),
        String(microseconds % MICROSECONDS_PER_SECOND),
      ];
    },
  },
  {
    ...serverSpec({ name: 'dbsize', arity: 1, flags: ['readonly', 'fast'], readsDatabase: true, summary: 'Return the number of keys in the selected database', since: '1.0.0', syntax: '' }),
    handler: (context) => context.db.size,
  },
  {
    ...serverSpec({
      name: 'shutdown', arity: -1, flags: ['admin', 'noscript', 'loading', 'stale', 'no_multi', 'allow_busy'],
      summary: 'Synchronously save the dataset to disk and then shut down the server', since: '1.0.0',
      complexity: 'O(N) when saving, where N is the total number of keys in all databases when saving data, otherwise O(1)',
      syntax: '[NOSAVE | SAVE] [NOW] [FORCE] [ABORT]',
    }),
    handler: shutdown,
  },
];
