/**
 * The text of deploy/ballast.conf: every option of core's configuration table with its
 * description and its default, so the file is both the reference an operator edits and a config
 * that starts the server exactly as no config would.
 */
import { CONFIG_OPTIONS, type ConfigOption } from '@ballast/core';

const WIDTH = 100;

/** A value as a config-file word: quoted when empty or holding spaces, quotes or backslashes. */
function configWord(value: string): string {
  if (value !== '' && !/[\s"'\\]/.test(value)) return value;
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** `text` as `# `-comment lines of at most WIDTH characters, broken between words. */
function commentLines(text: string): string[] {
  const lines: string[] = [];
  let line = '#';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line.length + 1 + word.length > WIDTH && line !== '#') {
      lines.push(line);
      line = '#';
    }
    line += ` ${word}`;
  }
  lines.push(line);
  return lines;
}

function optionBlock(option: ConfigOption): string[] {
  const facts = [option.type === 'enum' ? `one of: ${option.values!.join(', ')}` : option.type];
  if (option.min !== undefined && option.max !== undefined) facts.push(`${option.min} to ${option.max}`);
  facts.push(option.mutable ? 'CONFIG SET can change it while the server runs' : 'read at start only');
  return [...commentLines(option.description), `# (${facts.join('; ')})`, `${option.name} ${configWord(option.defaultValue)}`];
}

export function configExample(): string {
  const header = [
    '# ballast.conf: every option ballast-server accepts, each set to its default.',
    '#',
    '# Start the server with it: ballast-server /etc/ballast/ballast.conf [--option value ...]',
    '# (options given on the command line override the file). Unknown options and bad values are',
    '# refused at start with the file and line, never ignored. Generated from the configuration',
    '# table (packages/core/src/config/schema.ts) by `npm run generate -w @ballast/server`.',
  ];
  return [...header, ...CONFIG_OPTIONS.flatMap((option) => ['', ...optionBlock(option)])].join('\n') + '\n';
}
