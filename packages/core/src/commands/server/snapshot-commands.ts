/**
 * RDB snapshot commands: SAVE (the reply waits until `<dir>/<dbfilename>` is durable; other
 * clients are served meanwhile, unlike Redis, which blocks them), BGSAVE [SCHEDULE] and LASTSAVE.
 * The snapshot service (durability/rdb-snapshots.ts) does the work; these parse and answer with
 * Redis 7.0's texts.
 */
import { isKeyword } from '../arguments.js';
import { SYNTAX_ERROR } from '../errors.js';
import type { CommandContext, CommandDefinition, BlockRequest } from '../types.js';
import type { ByteString } from '../../resp/byte-string.js';
import { ErrorReply, OK, SimpleString, type Reply } from '../../resp/reply.js';
import { serverSpec } from './spec.js';

const NO_SNAPSHOTS = new ErrorReply('ERR RDB snapshots are not available on this server');

function save(context: CommandContext): Reply | BlockRequest {
  const snapshots = context.engine.snapshots;
  if (snapshots === null) return NO_SNAPSHOTS;
  if (snapshots.inProgress) return new ErrorReply('ERR Background save already in progress');
  const work = snapshots.save().then((failure): Reply => (failure === null ? OK : new ErrorReply('ERR')));
  return context.engine.replyWhenDone(work, new ErrorReply('ERR SAVE is not allowed inside MULTI'));
}

/** BGSAVE [SCHEDULE]. */
function bgsave(context: CommandContext, args: readonly ByteString[]): Reply {
  if (args.length > 2 || (args.length === 2 && !isKeyword(args[1], 'SCHEDULE'))) return SYNTAX_ERROR;
  const snapshots = context.engine.snapshots;
  if (snapshots === null) return NO_SNAPSHOTS;
  const outcome = snapshots.startBackgroundSave(args.length === 2);
  if (outcome === 'started') return new SimpleString('Background saving started');
  if (outcome === 'scheduled') return new SimpleString('Background saving scheduled');
  return new ErrorReply(`ERR ${outcome}`);
}

export const SNAPSHOT_COMMANDS: readonly CommandDefinition[] = [
  {
    ...serverSpec({ name: 'save', arity: 1, flags: ['admin', 'noscript', 'no_multi'],
      since: '1.0.0', syntax: '', summary: 'Synchronously saves the database(s) to disk.', complexity: 'O(N) where N is the total number of keys in all databases' }),
    handler: save,
  },
  {
    ...serverSpec({ name: 'bgsave', arity: -1, flags: ['admin', 'noscript'],
      since: '1.0.0', syntax: '[SCHEDULE]', summary: 'Asynchronously saves the database(s) to disk.', complexity: 'O(1)' }),
    handler: bgsave,
  },
  {
    ...serverSpec({ name: 'lastsave', arity: 1, flags: ['loading', 'stale', 'fast'],
      since: '1.0.0', syntax: '', summary: 'Returns the Unix timestamp of the last successful save to disk.', complexity: 'O(1)' }),
    handler: (context) => context.engine.snapshots?.lastSaveSeconds ?? NO_SNAPSHOTS,
  },
];
