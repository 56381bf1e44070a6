/**
 * What a command is lives on its spec: every write command declares how it is logged, and only
 * write commands do; database-wide reads, the commands a subscribed client may send and the
 * ones MULTI runs at once are declared there too. A write without a rule fails loudly.
 */
import { describe, expect, it } from 'vitest';
import { AssertionError } from '../../src/assert.js';
import type { CommandDefinition } from '../../src/commands/types.js';
import { logRuleOf } from '../../src/effects/effect-rules.js';
import { ALL_COMMANDS } from '../../src/engine/engine-commands.js';

function everyDefinition(): CommandDefinition[] {
  return ALL_COMMANDS.flatMap((definition) => [definition, ...(definition.subcommands ?? [])]);
}

describe('the command table', () => {
  it('every write command declares how it is logged; of the others only reads that may change a key (may_replicate) do', () => {
    const writesWithoutRule = everyDefinition().filter((d) => d.flags.includes('write') && d.logAs === undefined).map((d) => d.name);
    const otherRules = everyDefinition().filter((d) => !d.flags.includes('write') && d.logAs !== undefined);
    expect(writesWithoutRule).toEqual([]);
    expect(otherRules.filter((d) => !d.flags.includes('may_replicate')).map((d) => d.name)).toEqual([]);
    expect(otherRules.map((d) => d.name)).toEqual(['pfcount']);
  });

  it('clock- and randomness-dependent writes are not logged as typed', () => {
    const asTyped = (name: string, args: string[]) => logRuleOf(ALL_COMMANDS.find((d) => d.name === name)!, args);
    expect(asTyped('set', ['SET', 'k', 'v'])).toBe('as-typed');
    expect(asTyped('set', ['SET', 'k', 'v', 'EX', '10'])).toBe('resulting-state');
    for (const name of ['setex', 'psetex', 'getex', 'incrbyfloat']) expect(asTyped(name, [name, 'k', '1', 'v'])).toBe('resulting-state');
    for (const name of ['expire', 'pexpire', 'expireat', 'pexpireat']) expect(asTyped(name, [name, 'k', '1'])).toBe('absolute-expiry');
    for (const name of ['spop', 'hincrbyfloat']) expect(asTyped(name, [name, 'k'])).toHaveProperty('rewrite');
  });

  it('a write command without a rule is refused when it would be logged', () => {
    const undeclared: CommandDefinition = { ...ALL_COMMANDS.find((d) => d.name === 'lpush')!, logAs: undefined };
    expect(() => logRuleOf(undeclared, ['LPUSH', 'k', 'v'])).toThrow(AssertionError);
  });

  it('declares database-wide reads, what a subscribed client may send and what MULTI runs at once', () => {
    const named = (field: 'readsDatabase' | 'allowedWhileSubscribed' | 'runsInsideMulti') =>
      everyDefinition().filter((d) => d[field] === true).map((d) => d.name).sort();
    expect(named('readsDatabase')).toEqual(['dbsize', 'keys', 'randomkey', 'scan', 'sort', 'sort_ro']);
    expect(named('allowedWhileSubscribed')).toEqual(['ping', 'psubscribe', 'punsubscribe', 'quit', 'reset', 'ssubscribe', 'subscribe', 'sunsubscribe', 'unsubscribe']);
    expect(named('runsInsideMulti')).toEqual(['discard', 'exec', 'multi', 'quit', 'reset', 'watch']);
  });
});
