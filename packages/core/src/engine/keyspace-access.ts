/**
 * What a request would do to the keyspace, as Redis 7.0's processCommand reckons it before it
 * runs (getCommandFlags): it reads (readonly), or it may write or propagate (write or
 * may_replicate). A script command's declared flags replace its own — a script known to the
 * cache or the function libraries, or an EVAL body whose shebang declares flags, writes unless
 * it says no-writes; one without flags (or unknown) keeps EVAL's may_replicate — and EXEC's are
 * those of the commands it queued. CLIENT PAUSE WRITE postpones what may write; a MONITOR client
 * may neither read nor write. Only asked while clients are paused or a monitor sends.
 */
import type { ResolvedCommand } from './command-resolver.js';
import type { CommandDefinition } from '../commands/types.js';
import type { ScriptTarget } from '../commands/services.js';
import type { ByteString } from '../resp/byte-string.js';
import { ErrorReply } from '../resp/reply.js';

/** Redis's is_read_command and is_may_replicate_command (which includes is_write_command). */
export interface KeyspaceAccess {
  readonly reads: boolean;
  readonly mayReplicate: boolean;
}

/** What the reckoning needs of the engine. */
export interface AccessContext {
  resolve(args: readonly ByteString[]): ResolvedCommand | ErrorReply;
  /** The flags a script declared (scriptFlagsToCmdFlags applies), or undefined when none are known. */
  declaredScriptFlags(target: ScriptTarget): ReadonlySet<string> | undefined;
}

function commandAccess(definition: CommandDefinition, args: readonly ByteString[], context: AccessContext): KeyspaceAccess {
  const reads = definition.flags.includes('readonly');
  const declared = definition.runsScript === undefined ? undefined : context.declaredScriptFlags(definition.runsScript(args));
  if (declared !== undefined) return { reads, mayReplicate: !declared.has('no-writes') };
  return { reads, mayReplicate: definition.flags.includes('write') || definition.flags.includes('may_replicate') };
}

/** The access of `resolved` run with `args`; EXEC's is its `queue`'s (the client's MULTI queue). */
export function keyspaceAccess(resolved: ResolvedCommand, args: readonly ByteString[], queue: readonly ByteString[][] | null,
  context: AccessContext): KeyspaceAccess {
  if (resolved.fullName !== 'exec' || queue === null) return commandAccess(resolved.definition, args, context);
  let reads = false;
  let mayReplicate = false;
  for (const queued of queue) {
    const command = context.resolve(queued);
    if (command instanceof ErrorReply) continue;
    const access = commandAccess(command.definition, queued, context);
    reads ||= access.reads;
    mayReplicate ||= access.mayReplicate;
  }
  return { reads, mayReplicate };
}
