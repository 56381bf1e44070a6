import { describe, expect, it } from 'vitest';
import { AclCommands } from '../../src/commands/acl/acl-commands.js';
import { KEY_SPEC_COMMANDS, keySpecFlags } from '../../src/commands/key-spec-flags.js';
import { ALL_COMMANDS } from '../../src/engine/engine-commands.js';

describe('key spec flags (COMMAND GETKEYSANDFLAGS)', () => {
  const commands = new AclCommands(ALL_COMMANDS);

  it('name only commands the table has', () => {
    for (const name of KEY_SPEC_COMMANDS) expect(commands.lookup(name), name).toBeDefined();
  });

  it('cover every command with key arguments', () => {
    const withKeys = ALL_COMMANDS.flatMap((command) => [
      ...(command.firstKey !== 0 || command.keys !== undefined ? [[command.name, command] as const] : []),
      ...(command.subcommands ?? []).filter((sub) => sub.firstKey !== 0 || sub.keys !== undefined).map((sub) => [`${command.name}|${sub.name}`, sub] as const),
    ]).filter(([, spec]) => spec.keysAreChannels !== true).map(([name]) => name);
    expect(withKeys.filter((name) => !KEY_SPEC_COMMANDS.includes(name))).toEqual([]);
  });

  it('give the spec covering each position, and SET and BITFIELD flags by their arguments', () => {
    expect(keySpecFlags('lmove', ['LMOVE', 'a', 'b', 'LEFT', 'RIGHT'], 1)).toEqual(['RW', 'access', 'delete']);
    expect(keySpecFlags('lmove', ['LMOVE', 'a', 'b', 'LEFT', 'RIGHT'], 2)).toEqual(['RW', 'insert']);
    expect(keySpecFlags('zunionstore', ['ZUNIONSTORE', 'd', '2', 'a', 'b'], 4)).toEqual(['RO', 'access']);
    expect(keySpecFlags('set', ['SET', 'k', 'v'], 1)).toEqual(['OW', 'update']);
    expect(keySpecFlags('set', ['SET', 'k', 'v', 'get'], 1)).toEqual(['RW', 'access', 'update']);
    expect(keySpecFlags('bitfield', ['BITFIELD', 'k', 'GET', 'u8', '0'], 1)).toEqual(['RO', 'access']);
    expect(keySpecFlags('del', ['DEL', 'k'], 1)).toEqual(['RM', 'delete']);
  });
});
