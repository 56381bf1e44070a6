/**
 * Users and selectors described as rules that recreate them — ACL LIST, ACL GETUSER and the
 * aclfile — as Redis 7.0's ACLDescribeUser. Command rules start from +@all or -@all (whether the
 * selector may run future commands), then greedily apply the category that best fits what is
 * left, then single commands fix the rest; applying the text to a fresh selector gives back the
 * same bits (asserted, as Redis asserts it).
 */
import { assert } from '../../assert.js';
import { ACL_CATEGORIES } from '../server/acl-categories.js';
import type { AclCommand } from './acl-commands.js';
import { AclSelector, READ_WRITE, READ, type KeyPattern } from './acl-selector.js';
import type { AclUser } from './acl-user.js';

export function describeKeyPattern(key: KeyPattern): string {
  const prefix = key.flags === READ_WRITE ? '~' : key.flags === READ ? '%R~' : '%W~';
  return prefix + key.pattern;
}

/** The command rules of a selector (`+@all -flushdb`, `-@all +@read +set`…). */
export function describeCommandRules(selector: AclSelector): string {
  const additive = !selector.futureCommands;
  const rules: string[] = [additive ? '-@all' : '+@all'];
  const fake = new AclSelector(selector.commands, false);
  fake.apply(rules[0]);
  // What is still to be matched: categories are applied to `remaining` in reverse as they are used.
  const remaining = selector.copy();
  const applied = new Set<string>();
  for (;;) {
    let best: string | undefined;
    let fewestDifferent = Number.MAX_SAFE_INTEGER;
    let mostSame = 0;
    for (const category of ACL_CATEGORIES) {
      if (applied.has(category)) continue;
      let on = 0;
      let off = 0;
      for (const command of selector.commands.all) {
        if (!command.categories.has(category)) continue;
        if (remaining.isAllowed(command.id)) on++;
        else off++;
      }
      const different = additive ? off : on;
      const same = additive ? on : off;
      if (same > different && (different < fewestDifferent || (different === fewestDifferent && same > mostSame))) {
        best = category;
        fewestDifferent = different;
        mostSame = same;
      }
    }
    if (best === undefined) break;
    const rule = `${additive ? '+' : '-'}@${best}`;
    fake.apply(rule);
    remaining.apply(`${additive ? '-' : '+'}@${best}`);
    rules.push(rule);
    applied.add(best);
  }
  for (const command of selector.commands.topLevel) describeSingleCommand(selector, fake, command, rules);
  assert(fake.allowed.every((bit, id) => bit === selector.allowed[id]), () => `ACL rules '${rules.join(' ')}' do not recreate the selector`);
  return rules.join(' ');
}

function describeSingleCommand(selector: AclSelector, fake: AclSelector, command: AclCommand, rules: string[]): void {
  const allowed = selector.isAllowed(command.id);
  if (allowed !== fake.isAllowed(command.id)) {
    rules.push(`${allowed ? '+' : '-'}${command.fullName}`);
    fake.change(command, allowed);
  }
  for (const sub of command.subcommands) describeSingleCommand(selector, fake, sub, rules);
  if (!allowed) for (const arg of selector.firstArgs.get(command.id) ?? []) rules.push(`+${command.fullName}|${arg}`);
}

/** Keys, channels and commands of one selector, as ACLDescribeSelector. */
export function describeSelector(selector: AclSelector): string {
  const parts: string[] = [];
  if (selector.allKeys) parts.push('~*');
  else for (const key of selector.keys) parts.push(describeKeyPattern(key));
  if (selector.allChannels) parts.push('&*');
  else parts.push('resetchannels', ...selector.channels.map((channel) => `&${channel}`));
  parts.push(describeCommandRules(selector));
  return parts.join(' ');
}

/** Everything about a user but its name: flags, password hashes, the root selector, then `(…)` per other selector. */
export function describeUser(user: AclUser): string {
  const parts: string[] = [];
  parts.push(...userFlags(user));
  for (const hash of user.passwords) parts.push(`#${hash}`);
  parts.push(describeSelector(user.root));
  let text = parts.join(' ');
  for (const selector of user.selectors.slice(1)) text += ` (${describeSelector(selector)})`;
  return text;
}

/** ACLUserFlags in Redis's order: on/off, nopass, skip-sanitize-payload/sanitize-payload. */
export function userFlags(user: AclUser): string[] {
  const flags = [user.enabled ? 'on' : 'off'];
  if (user.noPass) flags.push('nopass');
  if (user.sanitizing === 'skip') flags.push('skip-sanitize-payload');
  if (user.sanitizing === 'sanitize') flags.push('sanitize-payload');
  return flags;
}
