/**
 * The ACL rule parser (AclUser/AclSelector.apply) and the description that ACL LIST and the
 * aclfile print: each rule's effect and refusal as Redis 7.0's ACLSetUser, and a property — any
 * rule set, described, then applied to a fresh user, grants exactly the same.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AclCommands } from '../../src/commands/acl/acl-commands.js';
import { describeUser } from '../../src/commands/acl/acl-describe.js';
import { AclUser } from '../../src/commands/acl/acl-user.js';
import { READ_WRITE, type AclSelector } from '../../src/commands/acl/acl-selector.js';
import { mergeSelectorArguments } from '../../src/commands/acl/acl-rules.js';
import { KEY_ACCESS_COMMANDS } from '../../src/commands/acl/key-access.js';
import { ALL_COMMANDS } from '../../src/engine/engine-commands.js';
import { sha256hex } from '../../src/commands/acl/sha256.js';

const commands = new AclCommands(ALL_COMMANDS);

function user(...rules: string[]): AclUser {
  const created = new AclUser('u', commands, () => false);
  for (const rule of rules) expect(created.apply(rule), rule).toBeUndefined();
  return created;
}

function allowed(subject: AclUser, name: string): boolean {
  const command = commands.lookup(name)!;
  return subject.selectors.some((selector) => selector.allCommands || selector.isAllowed(command.id));
}

describe('ACL rules', () => {
  it('start from nothing, and read as Redis prints them', () => {
    expect(describeUser(user())).toBe('off resetchannels -@all');
    expect(describeUser(user('on', 'nopass', '~*', '&*', '+@all'))).toBe('on nopass ~* &* +@all');
    expect(describeUser(user('on', '>pw', '~a*', '%R~r*', '%W~w*', '%RW~b', '&c', '+@all', '-flushdb')))
      .toBe(`on #${sha256hex('pw')} ~a* %R~r* %W~w* ~b resetchannels &c +@all -flushdb`);
    expect(describeUser(user('+config|get', '+select|0', '(~x +get)'))).toBe('off resetchannels -@all +config|get +select|0 (~x resetchannels -@all +get)');
  });

  it('keep passwords as SHA-256 hashes, add each once, and remove by clear text or hash', () => {
    const subject = user('>a', '>a', `#${sha256hex('b')}`);
    expect(subject.passwords).toEqual([sha256hex('a'), sha256hex('b')]);
    expect(subject.apply('<a')).toBeUndefined();
    expect(subject.apply(`!${sha256hex('b')}`)).toBeUndefined();
    expect(subject.apply('<a'), 'a password not there').toBe('ENODEV');
    expect(subject.apply('#ABC'), 'hashes are 64 lowercase hex digits').toBe('EBADMSG');
    expect(subject.apply('nopass')).toBeUndefined();
    expect(subject.noPass).toBe(true);
    expect(subject.apply('>c')).toBeUndefined();
    expect(subject.noPass, '>password clears nopass').toBe(false);
  });

  it('refuse what Redis refuses, with its errno', () => {
    const refusals: Array<[string[], string]> = [
      [['badrule'], 'EINVAL'], [['+nosuch'], 'ENOENT'], [['+@nosuch'], 'ENOENT'], [['-select|0'], 'ENOENT'],
      [['~*', '~foo'], 'EEXIST'], [['allkeys', '%R~foo'], 'EEXIST'], [['&*', '&foo'], 'EISDIR'], [['~a b'], 'EINVAL'],
      [['%X~foo'], 'EINVAL'], [['%RR~foo'], 'EINVAL'], [['+config|get|x'], 'ECHILD'], [['+get|'], 'EINVAL'], [['+config|nosuch'], 'ENOENT'],
    ];
    for (const [rules, error] of refusals) {
      const subject = new AclUser('u', commands, () => false);
      for (const rule of rules.slice(0, -1)) subject.apply(rule);
      expect(subject.apply(rules.at(-1)!), rules.join(' ')).toBe(error);
    }
  });

  it('allow a container with all its subcommands, and take one away', () => {
    const subject = user('+config', '-config|set');
    expect(allowed(subject, 'config|get')).toBe(true);
    expect(allowed(subject, 'config|set')).toBe(false);
    expect(describeUser(subject)).toMatch(/-@all .*\+config .*-config\|set|-@all .*-config\|set/);
  });

  it('reset and clearselectors as Redis', () => {
    const subject = user('on', '>x', '~*', '&*', '+@all', '(+get)');
    subject.apply('clearselectors');
    expect(subject.selectors).toHaveLength(1);
    subject.apply('reset');
    expect(describeUser(subject)).toBe('off sanitize-payload resetchannels -@all');
  });

  it('merge selectors spread over several words', () => {
    expect(mergeSelectorArguments(['on', '(+get', '~x)', '(+set)'])).toEqual(['on', '(+get ~x)', '(+set)']);
    expect(mergeSelectorArguments(['(+get', '~x'])).toEqual({ unmatched: 0 });
  });

  it('name only commands the table has (the key access table)', () => {
    for (const name of KEY_ACCESS_COMMANDS) expect(commands.lookup(name), name).toBeDefined();
  });
});

/**
 * What a selector's key patterns grant: `%R~* %W~*` merge into `*` read-write, which Redis (and
 * Ballast) print as `~*`, which reads back as allkeys — the same access, another state.
 */
function keyAccess(selector: AclSelector): string {
  if (selector.allKeys || selector.keys.some((key) => key.pattern === '*' && key.flags === READ_WRITE)) return 'all';
  return JSON.stringify(selector.keys);
}

/** First arguments allowed for commands otherwise denied (on an allowed command they change nothing, and are not printed). */
function deniedFirstArgs(selector: AclSelector): Array<[number, string[]]> {
  return [...selector.firstArgs].filter(([id]) => !selector.isAllowed(id));
}

/** A fresh user given `original`'s description as rules. */
function reapplied(original: AclUser): AclUser {
  const copy = new AclUser('u', commands, () => false);
  for (const rule of mergeSelectorArguments(describeUser(original).split(' ')) as string[]) expect(copy.apply(rule), rule).toBeUndefined();
  return copy;
}

const COMMAND_NAMES = commands.all.map((command) => command.fullName);
const CATEGORIES = ['read', 'write', 'keyspace', 'string', 'hash', 'list', 'set', 'admin', 'dangerous', 'fast', 'slow', 'pubsub', 'scripting'];
const selectorRule = fc.oneof(
  fc.constantFrom('+@all', '-@all', 'allkeys', 'resetkeys', 'allchannels', 'resetchannels', 'nocommands', 'allcommands'),
  fc.constantFrom(...COMMAND_NAMES).chain((name) => fc.constantFrom(`+${name}`, `-${name}`)),
  fc.constantFrom(...CATEGORIES).chain((name) => fc.constantFrom(`+@${name}`, `-@${name}`)),
  // Never the bare `*` pattern: `%R~* %W~* ~a` prints as `~* ~a`, which Redis too refuses to read back (EEXIST).
  fc.constantFrom('~', '%R~', '%W~', '%RW~', '&').chain((prefix) => fc.stringMatching(/^[a-z?][a-z*?]{0,3}$/).map((pattern) => prefix + pattern)),
  fc.constantFrom('+select|0', '+select|1'),
);
const userRule = fc.oneof(
  { weight: 6, arbitrary: selectorRule },
  fc.constantFrom('on', 'off', 'nopass', 'resetpass', '>secret', '>other', 'sanitize-payload', 'skip-sanitize-payload', 'clearselectors'),
  fc.array(selectorRule, { maxLength: 4 }).map((rules) => `(${rules.join(' ')})`),
);

describe('ACL LIST round trip (property)', () => {
  it('a user described, then applied to a fresh user, grants the same', () => {
    fc.assert(fc.property(fc.array(userRule, { maxLength: 20 }), (rules) => {
      const original = new AclUser('u', commands, () => false);
      for (const rule of rules) original.apply(rule);
      const copy = reapplied(original);
      // `~a %RW~*` prints as `~a ~*`, which reads back as allkeys: the text may shrink once, then stays.
      expect(describeUser(reapplied(copy))).toBe(describeUser(copy));
      for (const [index, selector] of original.selectors.entries()) {
        const other = copy.selectors[index];
        expect(Array.from(other.allowed)).toEqual(Array.from(selector.allowed));
        expect([other.allChannels, other.futureCommands]).toEqual([selector.allChannels, selector.futureCommands]);
        expect(keyAccess(other)).toEqual(keyAccess(selector));
        expect(other.channels).toEqual(selector.channels);
        expect(deniedFirstArgs(other)).toEqual(deniedFirstArgs(selector));
      }
    }), { numRuns: 300 });
  });
});
