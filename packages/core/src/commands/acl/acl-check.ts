/**
 * The permission check of one command line against a user, as Redis 7.0's
 * ACLCheckAllUserCommandPerm: each selector in turn checks the command (its bit, or an allowed
 * first argument), every key (a pattern granting the access the command needs on it) and every
 * channel (S)PUBLISH / (S)SUBSCRIBE / PSUBSCRIBE names; the first selector that allows everything
 * lets the command run. Otherwise the denial Redis picks: a command denial only when no selector got
 * past the command, else the key or channel furthest into the arguments.
 */
import { matchGlob } from '../../keyspace/glob.js';
import type { ByteString } from '../../resp/byte-string.js';
import { keyPositions } from '../key-positions.js';
import type { CommandDefinition } from '../types.js';
import type { AclCommands } from './acl-commands.js';
import { READ, type AclSelector } from './acl-selector.js';
import type { AclUser } from './acl-user.js';
import { keyAccess } from './key-access.js';

export type DenialReason = 'command' | 'key' | 'channel';

/** Why a command may not run; `position`: the argument of the key or channel refused. */
export interface Denial {
  readonly reason: DenialReason;
  readonly position: number;
}

/** Redis's ACL_DENIED_CMD < ACL_DENIED_KEY < ACL_DENIED_CHANNEL: which denial to report. */
const RANK: Record<DenialReason, number> = { command: 1, key: 2, channel: 3 };

/** Which arguments of a pub/sub command are channels, and whether they are patterns. */
function channelArguments(fullName: string, args: readonly ByteString[]): { positions: number[]; patterns: boolean } | undefined {
  if (fullName === 'publish' || fullName === 'spublish') return { positions: [1], patterns: false };
  if (fullName !== 'subscribe' && fullName !== 'psubscribe' && fullName !== 'ssubscribe') return undefined;
  return { positions: args.map((_, index) => index).slice(1), patterns: fullName === 'psubscribe' };
}

/** ACLCheckChannelAgainstList: a channel matches a pattern; a PSUBSCRIBE pattern must equal one. */
export function channelAllowed(channels: readonly string[], channel: ByteString, isPattern: boolean): boolean {
  return channels.some((allowed) => (isPattern ? allowed === channel : matchGlob(allowed, channel)));
}

export function checkCommand(user: AclUser, commands: AclCommands, definition: CommandDefinition, args: readonly ByteString[]): Denial | null {
  const command = commands.of(definition);
  let denial: Denial = { reason: 'command', position: 0 };
  let keys: number[] | undefined;
  for (const selector of user.selectors) {
    const result = checkSelector(selector, command.id, command.parent !== null, command.fullName, definition, args, () => (keys ??= keyPositions(definition, args)));
    if (result === null) return null;
    if (RANK[result.reason] > RANK[denial.reason] || (result.reason === denial.reason && result.position > denial.position)) denial = result;
  }
  return denial;
}

function checkSelector(selector: AclSelector, id: number, isSubcommand: boolean, fullName: string, definition: CommandDefinition,
  args: readonly ByteString[], keys: () => number[]): Denial | null {
  if (!selector.allCommands && !definition.flags.includes('no_auth') && !selector.isAllowed(id)) {
    const firstArgs = selector.firstArgs.get(id);
    const firstArg = args[isSubcommand ? 2 : 1];
    if (args.length < 2 || firstArgs === undefined || firstArg === undefined
      || !firstArgs.some((allowed) => allowed.toLowerCase() === firstArg.toLowerCase())) {
      return { reason: 'command', position: 0 };
    }
  }
  if (!selector.allKeys) {
    for (const position of keys()) {
      const needed = keyAccess(definition, fullName, args, position);
      const allowed = selector.keys.some((key) => (key.flags & needed) === needed && matchGlob(key.pattern, args[position]));
      if (!allowed) return { reason: 'key', position };
    }
  }
  const channels = selector.allChannels ? undefined : channelArguments(fullName, args);
  for (const position of channels?.positions ?? []) {
    if (!channelAllowed(selector.channels, args[position], channels!.patterns)) return { reason: 'channel', position };
  }
  return null;
}

/**
 * ACLUserCheckCmdWithUnrestrictedKeyAccess: one selector both allows the command and reads every
 * key (allkeys, or `~*` / `%R~*`). SORT's BY and GET read keys its arguments do not name: Redis
 * allows them only then.
 */
export function readsEveryKey(user: AclUser, commands: AclCommands, definition: CommandDefinition, args: readonly ByteString[]): boolean {
  const command = commands.of(definition);
  let keys: number[] | undefined;
  return user.selectors.some((selector) =>
    checkSelector(selector, command.id, command.parent !== null, command.fullName, definition, args, () => (keys ??= keyPositions(definition, args))) === null
    && (selector.allKeys || selector.keys.some((key) => key.pattern === '*' && (key.flags & READ) !== 0)));
}
