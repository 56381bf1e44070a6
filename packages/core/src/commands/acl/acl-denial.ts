/**
 * A command refused by ACL, as the client sees it and as ACL LOG records it. Redis words the
 * refusal by where the command ran: at top level or queued in MULTI (NOPERM naming the command,
 * keys or channels), at EXEC when the rules changed after it was queued, or from a script's
 * redis.call; and logs it with the caller's CLIENT INFO (a script's caller, not the script client).
 */
import type { ByteString } from '../../resp/byte-string.js';
import { ErrorReply } from '../../resp/reply.js';
import { clientInfoLine } from '../server/client-info.js';
import type { ClientState, EngineServices } from '../services.js';
import type { CommandDefinition } from '../types.js';
import type { Denial, DenialReason } from './acl-check.js';
import type { AclLogContext } from './acl-log.js';

/** Where the command was to run: `exec` is a queued command EXEC is running. */
export type CheckedAt = 'toplevel' | 'multi' | 'exec' | 'lua';

const EXEC_REASONS: Record<DenialReason, string> = {
  command: 'no permission to execute the command or subcommand',
  key: 'no permission to touch the specified keys',
  channel: 'no permission to access one of the channels used as arguments',
};

/** Redis's getAclErrorMessage, for scripts. */
const SCRIPT_REASONS: Record<DenialReason, string> = {
  command: "can't run this command or subcommand",
  key: "can't access at least one of the keys mentioned in the command arguments",
  channel: "can't publish to the channel mentioned in the command",
};

function refusalText(denial: Denial, fullName: string, at: CheckedAt): string {
  if (at === 'exec') {
    return 'NOPERM ACLs rules changed between the moment the transaction was accumulated and the EXEC call. '
      + `This command is no longer allowed for the following reason: ${EXEC_REASONS[denial.reason]}`;
  }
  if (at === 'lua') return `ERR The user executing the script ${SCRIPT_REASONS[denial.reason]}`;
  if (denial.reason === 'command') return `NOPERM this user has no permissions to run the '${fullName}' command`;
  return `NOPERM this user has no permissions to access one of the ${denial.reason === 'key' ? 'keys' : 'channels'} used as arguments`;
}

function argumentBytes(args: readonly ByteString[]): number {
  let bytes = 0;
  for (const arg of args) bytes += arg.length;
  return bytes;
}

/**
 * Checks `client`'s permission to run a command; when refused, logs the denial (with
 * `infoClient`'s CLIENT INFO) and returns the error reply.
 */
export function permissionRefusal(engine: EngineServices, client: ClientState, infoClient: ClientState,
  command: { readonly definition: CommandDefinition; readonly fullName: string }, args: readonly ByteString[], at: CheckedAt): ErrorReply | null {
  const user = client.user;
  const root = user.root;
  // The common case, a user allowed everything (the default user), costs no lookup.
  if (root.allCommands && root.allKeys && root.allChannels) return null;
  const denial = engine.acl.check(user, command.definition, args);
  if (denial === null) return null;
  const nowMs = engine.clock.now();
  const context: AclLogContext = at === 'exec' ? 'multi' : at;
  engine.acl.logDenial({
    reason: denial.reason, context, username: user.name, timeMs: nowMs,
    object: denial.reason === 'command' ? command.fullName : args[denial.position],
    // A script's denial shows its caller as it is, running EVAL or FCALL.
    clientInfo: infoClient === client ? clientInfoLine(client, nowMs, argumentBytes(args), command.fullName) : clientInfoLine(infoClient, nowMs, 0),
  });
  return new ErrorReply(refusalText(denial, command.fullName, at));
}

/** A failed AUTH or HELLO AUTH, logged as Redis logs it: reason auth, the command as typed, the user named. */
export function logFailedAuth(engine: EngineServices, client: ClientState, args: readonly ByteString[], username: ByteString): void {
  const nowMs = engine.clock.now();
  engine.acl.logDenial({
    reason: 'auth', context: client.inMulti ? 'multi' : 'toplevel', object: args[0], username, timeMs: nowMs,
    clientInfo: clientInfoLine(client, nowMs, argumentBytes(args), args[0].toLowerCase()),
  });
}
