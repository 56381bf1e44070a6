/**
 * The aclfile's text, as Redis 7.0 reads and writes it: one `user <name> <rules>` line per user,
 * in name order (ACL SAVE, ACL LIST). Parsing is all or nothing: every line is checked against a
 * fresh set of users, and any problem — a line without `user <name>`, a name with spaces, a
 * duplicate, an unknown command, a bad rule — is reported with the file's name and line number
 * in Redis's words, and nothing is applied. Pure: the host reads and writes the bytes.
 */
import type { ByteString } from '../../resp/byte-string.js';
import { mergeSelectorArguments, ruleErrorMessage } from './acl-rules.js';
import { hasSpaces } from './acl-selector.js';
import type { AclUser } from './acl-user.js';
import { describeUser } from './acl-describe.js';

/** Where the aclfile lives: ACL SAVE and ACL LOAD go through it (the host binds it to its file system). */
export interface AclFileStore {
  /** The file's name as configured (error messages name it). */
  readonly path: string;
  /** The whole file; rejects with an error whose message says why (Redis's strerror). */
  read(): Promise<ByteString>;
  /** Replaces the file atomically: temp file, fsync, rename, directory fsync. */
  write(text: ByteString): Promise<void>;
}

/** `user <name> <rules>`, as ACL LIST shows a user and the aclfile holds it. */
export function userLine(user: AclUser): ByteString {
  return `user ${user.name} ${describeUser(user)}`;
}

/** The aclfile of `users` (already in name order). */
export function formatAclFile(users: Iterable<AclUser>): ByteString {
  let text = '';
  for (const user of users) text += `${userLine(user)}\n`;
  return text;
}

/**
 * Parses an aclfile into users made by `create(name)`. Returns them, or Redis's error text: every
 * problem found, then "WARNING: ACL errors detected, no change to the previously active ACL rules
 * was performed".
 */
export function parseAclFile(text: ByteString, path: string, create: (name: ByteString) => AclUser): Map<ByteString, AclUser> | string {
  const users = new Map<ByteString, AclUser>();
  let errors = '';
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const lineNumber = index + 1;
    const line = trim(lines[index], ' \t\r\n');
    if (line === '') continue;
    const argv = line.split(' ');
    if (argv[0] !== 'user' || argv.length < 2) {
      errors += `${path}:${lineNumber} should start with user keyword followed by the username. `;
      continue;
    }
    const name = argv[1];
    if (hasSpaces(name)) {
      errors += `'${path}:${lineNumber}: username '${name}' contains invalid characters. `;
      continue;
    }
    if (users.has(name)) {
      errors += `WARNING: Duplicate user '${name}' found on line ${lineNumber}. `;
      continue;
    }
    const user = create(name);
    users.set(name, user);
    const rules = mergeSelectorArguments(argv.slice(2));
    if (!Array.isArray(rules)) {
      errors += `${path}:${lineNumber}: Unmatched parenthesis in selector definition.`;
      continue;
    }
    let syntaxError = false;
    for (const raw of rules) {
      const rule = trim(raw, '\t\r\n');
      const error = user.apply(rule);
      if (error === 'ENOENT') {
        errors += `${path}:${lineNumber}: Error in applying operation '${rule}': ${ruleErrorMessage(error)}. `;
      } else if (error !== undefined && !syntaxError) {
        errors += `${path}:${lineNumber}: ${ruleErrorMessage(error)}. `;
        syntaxError = true;
      }
    }
  }
  if (errors !== '') return `${errors}WARNING: ACL errors detected, no change to the previously active ACL rules was performed`;
  return users;
}

/** Redis's sdstrim: drops the characters of `set` from both ends. */
function trim(text: string, set: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && set.includes(text[start])) start++;
  while (end > start && set.includes(text[end - 1])) end--;
  return text.slice(start, end);
}
