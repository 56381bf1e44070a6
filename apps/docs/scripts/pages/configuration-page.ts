/**
 * The configuration reference: every option of core's CONFIG_OPTIONS with its type, default,
 * allowed values or range, whether CONFIG SET may change it, and its description.
 */
import { CONFIG_OPTIONS, type ConfigOption } from '@ballast/core';
import { code, escape, referencePageHead, table } from '../markdown.js';

function allowed(option: ConfigOption): string {
  if (option.values !== undefined) return option.values.map(code).join(' ');
  if (option.type === 'boolean') return `${code('yes')} ${code('no')}`;
  if (option.min !== undefined && option.max !== undefined) return `${option.min} … ${option.max}`;
  return '';
}

function summary(option: ConfigOption): string {
  const parts = [`${option.type}, default ${option.defaultValue === '' ? '<em>empty</em>' : code(option.defaultValue)}`];
  const values = allowed(option);
  if (values !== '') parts.push(values);
  parts.push(option.mutable ? 'CONFIG SET: yes' : 'CONFIG SET: no');
  return parts.join('<br>');
}

export function configurationPage(): string {
  const rows = CONFIG_OPTIONS.map((option) => [
    `<span id="${option.name}"></span>${code(option.name)}`,
    summary(option),
    escape(option.description),
  ]);
  return [
    ...referencePageHead('Configuration reference', '`CONFIG_OPTIONS` in `packages/core/src/config/schema.ts`', { aside: false }),
    '',
    `Ballast has ${CONFIG_OPTIONS.length} options. Each can be given as a flag (\`--name value\`), as a \`name value\` line in a`,
    'redis.conf-style file passed first (`ballast-server ballast.conf --port 7000`), and read with `CONFIG GET`;',
    'those with *CONFIG SET: yes* can be changed while the server runs. Unknown or malformed options are refused at',
    'start with a message naming the option (and `file:line`), exit code 1. Values of type *memory* are in bytes and',
    'accept Redis\'s suffixes: `k`, `m`, `g` (powers of 1000) and `kb`, `mb`, `gb` (powers of 1024).',
    '',
    table(['option', 'type, default, values', 'description'], rows),
    '',
  ].join('\n');
}
