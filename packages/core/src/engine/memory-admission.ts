/**
 * Which commands maxmemory refuses when memory is full and nothing is left to evict (Redis's
 * processCommand with `is_denyoom_command`): a command flagged `denyoom`; EXEC whose queue holds
 * one; EVAL/EVALSHA/FCALL (and their _RO forms) by the flags their script or function declares
 * — without allow-oom or no-writes it is deny-oom, without declared flags (an EVAL with no
 * shebang) it is not, and its calls are checked inside the script instead.
 */
import type { CommandTable } from '../commands/table.js';
import type { ByteString } from '../resp/byte-string.js';
import { ErrorReply } from '../resp/reply.js';
import type { Scripting } from '../scripting/scripting.js';
import { resolveCommand, type ResolvedCommand } from './command-resolver.js';

/** Redis's shared.oomerr. */
export const OOM_ERROR = new ErrorReply("OOM command not allowed when used memory > 'maxmemory'.");

export interface OomContext {
  readonly table: CommandTable;
  readonly scripting: Pick<Scripting, 'scriptDeniesOom'>;
}

/** True when the command may grow memory and so is refused while memory is full. */
export function commandDeniesOom(resolved: ResolvedCommand, args: readonly ByteString[], queue: readonly (readonly ByteString[])[] | null,
  context: OomContext): boolean {
  if (resolved.name === 'exec') {
    if (queue === null) return false;
    return queue.some((queued) => {
      const found = resolveCommand(context.table, queued);
      return !(found instanceof ErrorReply) && deniesOom(found, queued, context);
    });
  }
  return deniesOom(resolved, args, context);
}

function deniesOom(resolved: ResolvedCommand, args: readonly ByteString[], context: OomContext): boolean {
  return context.scripting.scriptDeniesOom(resolved.name, args) ?? resolved.definition.flags.includes('denyoom');
}
