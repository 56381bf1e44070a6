/**
 * src/generated/commands.ts must be what the generator writes from core's command table today:
 * a stale file fails here (run `npm run generate -w @ballast/sdk`).
 */
import { readFileSync } from 'node:fs';
import { ALL_COMMANDS } from '@ballast/core';
import { describe, expect, it } from 'vitest';
import { renderCommands } from '../scripts/render-commands.js';
import { GENERATED_COMMANDS } from '../src/generated/commands.js';
import { checkArity } from '../src/install-commands.js';

describe('generated commands', () => {
  it('are current with the command table', () => {
    const checkedIn = readFileSync(new URL('../src/generated/commands.ts', import.meta.url), 'utf8');
    expect(checkedIn === renderCommands(), 'src/generated/commands.ts is stale: run `npm run generate -w @ballast/sdk`').toBe(true);
  });

  it('cover every command and subcommand of the table', () => {
    const expected = ALL_COMMANDS.flatMap((definition) => definition.subcommands?.map((sub) => `${definition.name} ${sub.name}`) ?? [definition.name]);
    const generated = Object.values(GENERATED_COMMANDS).map(({ words }) => words.join(' ').toLowerCase());
    expect(generated.sort()).toEqual(expected.sort());
  });

  it('check arity from the table before sending', () => {
    expect(() => checkArity(['GET'], 2, 1)).not.toThrow();
    expect(() => checkArity(['GET'], 2, 2)).toThrow('GET takes exactly 1 argument(s), got 2');
    expect(() => checkArity(['CONFIG', 'GET'], -3, 0)).toThrow('CONFIG GET takes at least 1 argument(s), got 0');
  });
});
