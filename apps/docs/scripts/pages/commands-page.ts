/**
 * The command reference: every command of core's command table (ALL_COMMANDS), by family, with
 * its syntax, arity, flags, time complexity and the Redis version that introduced it.
 * Subcommands of container commands (CLIENT, CONFIG, OBJECT, …) are listed under them.
 */
import { ALL_COMMANDS, type CommandDefinition, type CommandGroup } from '@ballast/core';
import { code, escape, referencePageHead, table } from '../markdown.js';

const FAMILY_TITLES: Record<CommandGroup, string> = {
  string: 'Strings', generic: 'Keys', hash: 'Hashes', list: 'Lists', set: 'Sets', 'sorted-set': 'Sorted sets',
  bitmap: 'Bitmaps', hyperloglog: 'HyperLogLog', geo: 'Geospatial', stream: 'Streams', scripting: 'Scripting',
  transactions: 'Transactions', connection: 'Connection', server: 'Server', pubsub: 'Pub/sub', cluster: 'Cluster',
};

function arity(value: number): string {
  return value >= 0 ? `${value}` : `≥ ${-value}`;
}

function row(definition: CommandDefinition, parent?: CommandDefinition): string[] {
  const name = (parent === undefined ? definition.name : `${parent.name} ${definition.name}`).toUpperCase();
  return [
    `<span id="${name.toLowerCase().replace(' ', '-')}"></span>${code(name)}`,
    `${code(`${name} ${definition.syntax}`.trim())}<br>${escape(definition.summary)}`,
    arity(definition.arity),
    definition.flags.map(code).join(' '),
    escape(definition.complexity),
    definition.since,
  ];
}

export function commandsPage(): string {
  const families = new Map<CommandGroup, CommandDefinition[]>();
  for (const definition of ALL_COMMANDS) {
    const list = families.get(definition.group) ?? [];
    list.push(definition);
    families.set(definition.group, list);
  }
  const subcommandCount = ALL_COMMANDS.reduce((total, definition) => total + (definition.subcommands?.length ?? 0), 0);
  const sections: string[] = [];
  for (const [group, definitions] of families) {
    const rows: string[][] = [];
    for (const definition of [...definitions].sort((first, second) => first.name.localeCompare(second.name))) {
      rows.push(row(definition));
      for (const sub of definition.subcommands ?? []) rows.push(row(sub, definition));
    }
    sections.push(`## ${FAMILY_TITLES[group]} {#${group}}`, '', table(['command', 'syntax', 'arity', 'flags', 'complexity', 'since'], rows), '');
  }
  return [
    ...referencePageHead('Command reference', '`ALL_COMMANDS` in `packages/core/src/engine/engine-commands.ts`', { aside: true }),
    '',
    `Ballast serves ${ALL_COMMANDS.length} commands and ${subcommandCount} subcommands with Redis 7.0's semantics and error replies.`,
    'The same table drives dispatch, arity checks, key routing and `COMMAND INFO`/`COMMAND DOCS`. *Arity* counts the',
    'command name: N means exactly N arguments, ≥ N at least N. *Since* is the Redis version that introduced the command.',
    'The family is the `family` label of the command metrics ([metrics](./metrics.md)).',
    '',
    ...sections,
  ].join('\n');
}
