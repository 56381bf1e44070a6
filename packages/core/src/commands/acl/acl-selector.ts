/**
 * A selector: one set of permissions — commands, keys, channels — as Redis 7.0's aclSelector.
 * Every user has a root selector and may have more (`(...)`); a command is allowed when one
 * selector allows it. `apply` takes one rule (`+get`, `~key*`, `%R~x`, `&chan`, `allkeys` …)
 * and answers a RuleError when Redis's ACLSetSelector would refuse it.
 */
import { AclCommands, type AclCommand } from './acl-commands.js';

/** Why a rule was refused, named after the errno Redis sets (ACLSetUserStringError words them). */
export type RuleError = 'EINVAL' | 'ENOENT' | 'EEXIST' | 'EISDIR' | 'ENODEV' | 'EBADMSG' | 'ECHILD';

export const READ = 1;
export const WRITE = 2;
export const READ_WRITE = READ | WRITE;

export interface KeyPattern {
  readonly pattern: string;
  /** READ, WRITE or both. */
  flags: number;
}

/** Redis's ACLStringHasSpaces: whitespace (C isspace) or NUL. */
export function hasSpaces(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0 || code === 0x20 || (code >= 0x09 && code <= 0x0d)) return true;
  }
  return false;
}

export class AclSelector {
  allKeys = false;
  allChannels: boolean;
  /** Every command, as +@all set it, until one is taken away. */
  allCommands = false;
  /** Redis's reserved bit: set by +@all, cleared only by -@all; ACL LIST then starts from +@all. */
  futureCommands = false;
  readonly allowed: Uint8Array;
  /** Allowed first arguments of otherwise denied commands, by command id (`+select|0`). */
  firstArgs = new Map<number, string[]>();
  keys: KeyPattern[] = [];
  channels: string[] = [];

  constructor(readonly commands: AclCommands, allChannels: boolean) {
    this.allowed = new Uint8Array(commands.size);
    this.allChannels = allChannels;
  }

  copy(): AclSelector {
    const copy = new AclSelector(this.commands, this.allChannels);
    copy.allKeys = this.allKeys;
    copy.allCommands = this.allCommands;
    copy.futureCommands = this.futureCommands;
    copy.allowed.set(this.allowed);
    copy.firstArgs = new Map([...this.firstArgs].map(([id, args]) => [id, [...args]]));
    copy.keys = this.keys.map((key) => ({ ...key }));
    copy.channels = [...this.channels];
    return copy;
  }

  /** Applies one rule; undefined when it was understood. */
  apply(op: string): RuleError | undefined {
    const lower = op.toLowerCase();
    if (lower === 'allkeys' || op === '~*') {
      this.allKeys = true;
      this.keys = [];
    } else if (lower === 'resetkeys') {
      this.allKeys = false;
      this.keys = [];
    } else if (lower === 'allchannels' || op === '&*') {
      this.allChannels = true;
      this.channels = [];
    } else if (lower === 'resetchannels') {
      this.allChannels = false;
      this.channels = [];
    } else if (lower === 'allcommands' || lower === '+@all') {
      this.setAllCommands(true);
    } else if (lower === 'nocommands' || lower === '-@all') {
      this.setAllCommands(false);
    } else if (op[0] === '~' || op[0] === '%') {
      return this.addKeyPattern(op);
    } else if (op[0] === '&') {
      if (this.allChannels) return 'EISDIR';
      const pattern = op.slice(1);
      if (hasSpaces(pattern)) return 'EINVAL';
      if (!this.channels.includes(pattern)) this.channels.push(pattern);
      this.allChannels = false;
    } else if (op[0] === '+' && op[1] !== '@') {
      return this.allowCommand(op.slice(1));
    } else if (op[0] === '-' && op[1] !== '@') {
      const command = this.commands.lookup(op.slice(1));
      if (command === undefined) return 'ENOENT';
      this.change(command, false);
    } else if ((op[0] === '+' || op[0] === '-') && op[1] === '@') {
      const category = AclCommands.category(op.slice(2));
      if (category === undefined) return 'ENOENT';
      for (const command of this.commands.all) if (command.categories.has(category)) this.change(command, op[0] === '+');
    } else {
      return 'EINVAL';
    }
    return undefined;
  }

  /** Redis's ACLChangeSelectorPerm: a command's bit, its first-args dropped, and a container's subcommands' bits. */
  change(command: AclCommand, allow: boolean): void {
    this.setBit(command.id, allow);
    this.firstArgs.delete(command.id);
    for (const sub of command.subcommands) this.setBit(sub.id, allow);
  }

  isAllowed(id: number): boolean {
    return this.allowed[id] === 1;
  }

  private setBit(id: number, allow: boolean): void {
    this.allowed[id] = allow ? 1 : 0;
    if (!allow) this.allCommands = false;
  }

  private setAllCommands(allow: boolean): void {
    this.allowed.fill(allow ? 1 : 0);
    this.allCommands = allow;
    this.futureCommands = allow;
    this.firstArgs.clear();
  }

  /** `~pattern`, `%R~pattern`, `%W~pattern`, `%RW~pattern`. */
  private addKeyPattern(op: string): RuleError | undefined {
    if (this.allKeys) return 'EEXIST';
    let flags = 0;
    let offset = 1;
    if (op[0] === '%') {
      let permissionsOk = true;
      for (; offset < op.length; offset++) {
        const letter = op[offset].toUpperCase();
        if (letter === 'R' && (flags & READ) === 0) {
          flags |= READ;
        } else if (letter === 'W' && (flags & WRITE) === 0) {
          flags |= WRITE;
        } else if (op[offset] === '~') {
          offset++;
          break;
        } else {
          permissionsOk = false;
          break;
        }
      }
      if (flags === 0 || !permissionsOk) return 'EINVAL';
    } else {
      flags = READ_WRITE;
    }
    const pattern = op.slice(offset);
    if (hasSpaces(pattern)) return 'EINVAL';
    const existing = this.keys.find((key) => key.pattern === pattern);
    if (existing === undefined) this.keys.push({ pattern, flags });
    else existing.flags |= flags;
    this.allKeys = false;
    return undefined;
  }

  /** `+cmd`, `+container|sub`, or `+cmd|firstarg` (Redis's deprecated first-arg form). */
  private allowCommand(name: string): RuleError | undefined {
    const bar = name.lastIndexOf('|');
    if (bar < 0) {
      const command = this.commands.lookup(name);
      if (command === undefined) return 'ENOENT';
      this.change(command, true);
      return undefined;
    }
    const command = this.commands.lookup(name.slice(0, bar));
    if (command === undefined) return 'ENOENT';
    if (command.parent !== null) return 'ECHILD';
    const firstArg = name.slice(bar + 1);
    if (firstArg === '') return 'EINVAL';
    if (command.subcommands.length > 0) {
      const sub = this.commands.lookup(name);
      if (sub === undefined) return 'ENOENT';
      this.change(sub, true);
      return undefined;
    }
    const args = this.firstArgs.get(command.id) ?? [];
    if (!args.some((arg) => arg.toLowerCase() === firstArg.toLowerCase())) args.push(firstArg);
    this.firstArgs.set(command.id, args);
    return undefined;
  }
}
