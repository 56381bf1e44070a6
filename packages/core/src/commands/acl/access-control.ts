/**
 * AccessControl: the server's ACL state, as Redis 7.0's acl.c keeps it — the users (the
 * `default` one always there, the same object for the life of the server), the ACL log, and the
 * options that shape them (requirepass sets the default user's password, acl-pubsub-default the
 * channels of new users, acllog-max-len the log's length). Changes are server state, not keys:
 * they are never logged to the AOF; the aclfile is where they persist (ACL SAVE).
 *
 * Clients hold a reference to their user. A user deleted (ACL DELUSER, or gone after ACL LOAD)
 * takes its clients with it, and a user whose channel permissions shrink takes its subscribed
 * clients, as Redis does; the caller passes the clients in, so this class owns no connection.
 */
import type { Config } from '../../config/config.js';
import type { ByteString } from '../../resp/byte-string.js';
import type { CommandDefinition } from '../types.js';
import { AclCommands } from './acl-commands.js';
import { checkCommand, channelAllowed, readsEveryKey, type Denial } from './acl-check.js';
import type { AclFileStore } from './acl-file.js';
import { AclLog } from './acl-log.js';
import { mergeSelectorArguments, ruleErrorMessage } from './acl-rules.js';
import { hasSpaces } from './acl-selector.js';
import { AclUser } from './acl-user.js';

/** What ACL needs of a connected client. */
export interface AclClient {
  user: AclUser;
  authenticated: boolean;
  readonly channels: ReadonlySet<ByteString>;
  readonly patterns: ReadonlySet<ByteString>;
  readonly shardChannels: ReadonlySet<ByteString>;
  closeAfterReply(): void;
}

export class AccessControl {
  readonly commands: AclCommands;
  readonly defaultUser: AclUser;
  readonly log = new AclLog();
  /** Where ACL SAVE and ACL LOAD go; null without an aclfile (the host sets it). */
  file: AclFileStore | null = null;
  private users = new Map<ByteString, AclUser>();
  private allChannelsByDefault = false;
  private logMaxLength = 0;

  constructor(config: Config, definitions: readonly CommandDefinition[]) {
    this.commands = new AclCommands(definitions);
    config.observe('acl-pubsub-default', (value) => (this.allChannelsByDefault = value === 'allchannels'));
    config.observe('acllog-max-len', (value) => (this.logMaxLength = value as number));
    this.defaultUser = this.createDefaultUser();
    this.users.set('default', this.defaultUser);
    config.observe('requirepass', (value) => this.setDefaultPassword(value as string));
  }

  /** Redis's authRequired: the default user opens no connection by itself (it has a password, or is off). */
  get authRequired(): boolean {
    return !this.defaultUser.noPass || !this.defaultUser.enabled;
  }

  /** A new unlinked user with Redis's starting rules (off, no password, no permissions). */
  newUser(name: ByteString): AclUser {
    return new AclUser(name, this.commands, () => this.allChannelsByDefault);
  }

  user(name: ByteString): AclUser | undefined {
    return this.users.get(name);
  }

  /** Every user, in name order (Redis's radix tree order). */
  allUsers(): AclUser[] {
    return [...this.users.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** The user `username` opens with `password`, or undefined (unknown, off, or a wrong password). */
  authenticate(username: ByteString, password: ByteString): AclUser | undefined {
    const user = this.users.get(username);
    return user !== undefined && user.accepts(password) ? user : undefined;
  }

  check(user: AclUser, definition: CommandDefinition, args: readonly ByteString[]): Denial | null {
    return checkCommand(user, this.commands, definition, args);
  }

  /**
   * redis.acl_check_cmd: whether `user` may run `argv`, looked up as Redis's lookupCommand (a
   * container with a subcommand named), without arity check or log entry; null for no such command.
   */
  allows(user: AclUser, argv: readonly ByteString[]): boolean | null {
    const command = this.commands.lookup(argv[0]);
    if (command === undefined) return null;
    const target = command.subcommands.length === 0 || argv.length < 2 ? command : this.commands.lookup(`${argv[0]}|${argv[1]}`);
    if (target === undefined) return null;
    return checkCommand(user, this.commands, target.definition, argv) === null;
  }

  /** Whether `user` may run the command and read any key (SORT's BY and GET patterns). */
  readsEveryKey(user: AclUser, definition: CommandDefinition, args: readonly ByteString[]): boolean {
    return readsEveryKey(user, this.commands, definition, args);
  }

  /** Adds a denial to the ACL log (trimmed to acllog-max-len). */
  logDenial(entry: Parameters<AclLog['add']>[0]): void {
    this.log.add(entry, this.logMaxLength);
  }

  /**
   * ACL SETUSER and `user` config lines: applies `rules` to a copy of the user (a new one when
   * unknown), and installs it only when every rule was understood. Returns Redis's error text.
   */
  setUser(name: ByteString, rules: readonly ByteString[], clients: Iterable<AclClient>): string | undefined {
    const merged = mergeSelectorArguments(rules);
    if (!Array.isArray(merged)) return `Unmatched parenthesis in acl selector starting at '${rules[merged.unmatched]}'.`;
    const existing = this.users.get(name);
    const staged = existing?.copy() ?? this.newUser(name);
    for (const rule of merged) {
      const error = staged.apply(rule);
      if (error !== undefined) return `Error in ACL SETUSER modifier '${rule}': ${ruleErrorMessage(error)}`;
    }
    if (existing === undefined) {
      this.users.set(name, staged);
    } else {
      closeRevokedSubscribers(existing, staged, clients);
      existing.assign(staged);
    }
    return undefined;
  }

  /** ACL DELUSER: removes the users, closing their clients; the number removed. */
  deleteUsers(names: readonly ByteString[], clients: Iterable<AclClient>): number {
    const removed = new Set<AclUser>();
    for (const name of names) {
      const user = this.users.get(name);
      if (user === undefined || user === this.defaultUser) continue;
      this.users.delete(name);
      removed.add(user);
    }
    closeClientsOf(removed, clients, this.defaultUser);
    return removed.size;
  }

  /** `user` lines of the config file, applied at start before any client exists. */
  defineUser(name: ByteString, rules: readonly ByteString[]): string | undefined {
    if (hasSpaces(name)) return 'Spaces not allowed in ACL usernames';
    if (name === 'default') this.defaultUser.apply('reset');
    return this.setUser(name, rules, []);
  }

  /**
   * Installs the users an aclfile defined (ACL LOAD, and the start): the default user takes the
   * file's `default` rules (or Redis's defaults when it has none); every other user is replaced,
   * and clients of the users replaced are closed, as Redis frees the old set.
   */
  replaceUsers(loaded: ReadonlyMap<ByteString, AclUser>, clients: Iterable<AclClient>): void {
    const replaced = new Set([...this.users.values()].filter((user) => user !== this.defaultUser));
    this.defaultUser.assign(loaded.get('default') ?? this.createDefaultUser());
    this.users = new Map([...loaded].filter(([name]) => name !== 'default'));
    this.users.set('default', this.defaultUser);
    closeClientsOf(replaced, clients, this.defaultUser);
  }

  private createDefaultUser(): AclUser {
    const user = this.newUser('default');
    for (const rule of ['+@all', '~*', '&*', 'on', 'nopass']) user.apply(rule);
    return user;
  }

  /** ACLUpdateDefaultUserPassword: requirepass is the default user's one password; empty makes it nopass. */
  private setDefaultPassword(password: string): void {
    this.defaultUser.apply('resetpass');
    this.defaultUser.apply(password === '' ? 'nopass' : `>${password}`);
  }
}

/** ACLFreeUserAndKillClients: the clients of removed users fall back to an unauthenticated default user and close. */
function closeClientsOf(removed: ReadonlySet<AclUser>, clients: Iterable<AclClient>, defaultUser: AclUser): void {
  if (removed.size === 0) return;
  for (const client of clients) {
    if (!removed.has(client.user)) continue;
    client.user = defaultUser;
    client.authenticated = false;
    client.closeAfterReply();
  }
}

/**
 * ACLKillPubsubClientsIfNeeded: when the new rules no longer grant every channel the old ones
 * did, the user's subscribed clients holding a channel, pattern or shard channel now refused are closed.
 */
function closeRevokedSubscribers(original: AclUser, updated: AclUser, clients: Iterable<AclClient>): void {
  if (updated.selectors.some((selector) => selector.allChannels)) return;
  const upcoming = updated.selectors.flatMap((selector) => selector.channels);
  const stillGranted = original.selectors.every((selector) => !selector.allChannels && selector.channels.every((channel) => upcoming.includes(channel)));
  if (stillGranted) return;
  for (const client of clients) {
    if (client.user !== original || (client.channels.size === 0 && client.patterns.size === 0 && client.shardChannels.size === 0)) continue;
    const revoked = [...client.patterns].some((pattern) => !channelAllowed(upcoming, pattern, true))
      || [...client.channels, ...client.shardChannels].some((channel) => !channelAllowed(upcoming, channel, false));
    if (revoked) client.closeAfterReply();
  }
}
