/**
 * Renders src/generated/commands.ts from core's command table: one method per command (one per
 * subcommand for containers such as CONFIG and CLIENT), documented with the command's summary,
 * syntax, group, flags and version, plus the table the client installs the methods from (the
 * command's words and its arity, checked before a command is sent). Pure: the same table gives
 * the same text, which is what the staleness test compares.
 */
import { ALL_COMMANDS, type CommandDefinition } from '@ballast/core';

interface GeneratedEntry {
  readonly method: string;
  readonly words: readonly string[];
  readonly definition: CommandDefinition;
}

/** `no-evict` → `NoEvict`, `set-config-epoch` → `SetConfigEpoch`. */
function pascal(word: string): string {
  return word.split(/[-_]/).map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('');
}

function entries(): GeneratedEntry[] {
  const out: GeneratedEntry[] = [];
  for (const definition of ALL_COMMANDS) {
    if (definition.subcommands === undefined) {
      out.push({ method: definition.name, words: [definition.name.toUpperCase()], definition });
      continue;
    }
    for (const sub of definition.subcommands) {
      out.push({ method: definition.name + pascal(sub.name), words: [definition.name.toUpperCase(), sub.name.toUpperCase()], definition: sub });
    }
  }
  return out.sort((a, b) => (a.method < b.method ? -1 : a.method > b.method ? 1 : 0));
}

function escapeComment(text: string): string {
  return text.replace(/\*\//g, '*\\/');
}

function renderMethod({ method, words, definition }: GeneratedEntry): string {
  const syntax = [...words, definition.syntax.trim()].filter((part) => part.length > 0).join(' ');
  const flags = definition.flags.length > 0 ? definition.flags.join(', ') : 'none';
  return [
    '  /**',
    `   * ${escapeComment(definition.summary)}`,
    '   *',
    `   * \`${escapeComment(syntax)}\` — ${definition.group}; flags: ${flags}; since ${definition.since}.`,
    '   */',
    `  ${method}(...args: Argument[]): Value;`,
  ].join('\n');
}

export function renderCommands(): string {
  const list = entries();
  const table = list.map(({ method, words, definition }) =>
    `  ${method}: { words: [${words.map((word) => `'${word}'`).join(', ')}], arity: ${definition.arity} },`);
  return [
    '/**',
    ' * GENERATED from @ballast/core\'s command table by scripts/generate-commands.ts — do not edit.',
    ' * Run `npm run generate -w @ballast/sdk` after the table changes; a test fails while it is stale.',
    ' *',
    ' * One generically typed method per command (subcommands as `configGet`, `clientSetname`, …);',
    ' * the client replaces the generic signature with a hand-written one where it has one.',
    ' */',
    "import type { Argument } from '../request-encoder.js';",
    "import type { Value } from '../reply-value.js';",
    '',
    '/** Every command of the table as a method taking its arguments after the name. */',
    'export interface GeneratedCommands {',
    list.map(renderMethod).join('\n'),
    '}',
    '',
    '/** How to send each method: the command\'s words before the arguments, and its Redis arity. */',
    'export const GENERATED_COMMANDS: Record<keyof GeneratedCommands, { readonly words: readonly string[]; readonly arity: number }> = {',
    ...table,
    '};',
    '',
  ].join('\n');
}
