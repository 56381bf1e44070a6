/**
 * An ACL user, as Redis 7.0's `user`: on or off, nopass, the payload sanitizing flag, password
 * hashes (SHA-256, lowercase hex), and its selectors — the root one first. `apply` takes one
 * rule as ACLSetUser does (user rules here, selector rules go to the root selector).
 */
import type { ByteString } from '../../resp/byte-string.js';
import type { AclCommands } from './acl-commands.js';
import { AclSelector, type RuleError } from './acl-selector.js';
import { sha256hex } from './sha256.js';

const HASH_HEX_CHARS = 64;

export type PayloadSanitizing = 'skip' | 'sanitize' | null;

/** ACLCheckPasswordHash: exactly 64 lowercase hex digits. */
function isPasswordHash(text: string): boolean {
  return text.length === HASH_HEX_CHARS && /^[0-9a-f]*$/.test(text);
}

export class AclUser {
  enabled = false;
  noPass = false;
  sanitizing: PayloadSanitizing = null;
  passwords: string[] = [];
  selectors: AclSelector[];

  constructor(readonly name: ByteString, private readonly commands: AclCommands, private readonly allChannelsByDefault: () => boolean) {
    this.selectors = [new AclSelector(commands, allChannelsByDefault())];
  }

  get root(): AclSelector {
    return this.selectors[0];
  }

  /** A copy under another name (Redis stages SETUSER on an unlinked copy). */
  copy(name: ByteString = this.name): AclUser {
    const copy = new AclUser(name, this.commands, this.allChannelsByDefault);
    copy.assign(this);
    return copy;
  }

  /** Redis's ACLCopyUser: every rule of `source`, the name kept. */
  assign(source: AclUser): void {
    this.enabled = source.enabled;
    this.noPass = source.noPass;
    this.sanitizing = source.sanitizing;
    this.passwords = [...source.passwords];
    this.selectors = source.selectors.map((selector) => selector.copy());
  }

  /** Whether `password` opens this user (an enabled one; nopass opens with any). */
  accepts(password: ByteString): boolean {
    if (!this.enabled) return false;
    if (this.noPass) return true;
    return this.passwords.includes(sha256hex(password));
  }

  apply(op: string): RuleError | undefined {
    if (op === '') return undefined;
    const lower = op.toLowerCase();
    switch (lower) {
      case 'on': this.enabled = true; return undefined;
      case 'off': this.enabled = false; return undefined;
      case 'skip-sanitize-payload': this.sanitizing = 'skip'; return undefined;
      case 'sanitize-payload': this.sanitizing = 'sanitize'; return undefined;
      case 'nopass': this.noPass = true; this.passwords = []; return undefined;
      case 'resetpass': this.noPass = false; this.passwords = []; return undefined;
      case 'clearselectors': this.selectors = [this.root]; return undefined;
      case 'reset': this.reset(); return undefined;
    }
    if (op[0] === '>' || op[0] === '#') {
      const hash = op[0] === '>' ? sha256hex(op.slice(1)) : op.slice(1);
      if (op[0] === '#' && !isPasswordHash(hash)) return 'EBADMSG';
      if (!this.passwords.includes(hash)) this.passwords.push(hash);
      this.noPass = false;
      return undefined;
    }
    if (op[0] === '<' || op[0] === '!') {
      const hash = op[0] === '<' ? sha256hex(op.slice(1)) : op.slice(1);
      if (op[0] === '!' && !isPasswordHash(hash)) return 'EBADMSG';
      const index = this.passwords.indexOf(hash);
      if (index < 0) return 'ENODEV';
      this.passwords.splice(index, 1);
      return undefined;
    }
    if (op[0] === '(' && op[op.length - 1] === ')') return this.addSelector(op);
    return this.root.apply(op);
  }

  /** `(rule rule …)`: a new selector; nothing is added when one of its rules is refused. */
  private addSelector(op: string): RuleError | undefined {
    const selector = new AclSelector(this.commands, this.allChannelsByDefault());
    for (const rule of splitArguments(op.slice(1, -1))) {
      const error = selector.apply(rule);
      if (error !== undefined) return error;
    }
    this.selectors.push(selector);
    return undefined;
  }

  private reset(): void {
    this.noPass = false;
    this.passwords = [];
    this.root.apply('resetkeys');
    this.root.apply('resetchannels');
    if (this.allChannelsByDefault()) this.root.apply('allchannels');
    this.enabled = false;
    this.sanitizing = 'sanitize';
    this.selectors = [this.root];
    this.root.apply('-@all');
  }
}

/** Redis's sdssplitargs on a selector's inside: words split on spaces (quotes are not needed by any rule). */
function splitArguments(text: string): string[] {
  return text.split(/[ \t\n\r\v\f]+/).filter((word) => word !== '');
}
