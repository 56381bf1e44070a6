/**
 * INFO [section …]: the server's state as `# Title` sections of `field:value` lines separated by
 * CRLF, exactly as Redis 7.0 lays them out. `default` (or no argument) selects the default
 * sections, `all` and `everything` every section; unknown section names are ignored, and
 * asking for nothing known returns an empty string.
 */
import type { CommandContext, CommandDefinition } from '../types.js';
import type { ByteString } from '../../resp/byte-string.js';
import { VerbatimString } from '../../resp/reply.js';
import { INFO_SECTIONS, type InfoContext, type InfoSection } from './info-sections.js';
import { serverSpec } from './spec.js';

function selectSections(args: readonly ByteString[]): readonly InfoSection[] {
  if (args.length === 1) return INFO_SECTIONS.filter((section) => section.inDefault);
  const names = new Set<string>();
  let everySection = false;
  for (const argument of args.slice(1)) {
    const name = argument.toLowerCase();
    if (name === 'all' || name === 'everything') {
      everySection = true;
    } else if (name === 'default') {
      for (const section of INFO_SECTIONS) if (section.inDefault) names.add(section.names[0]);
    } else {
      names.add(name);
    }
  }
  return INFO_SECTIONS.filter((section) => everySection || section.names.some((name) => names.has(name)));
}

function infoText(context: CommandContext, args: readonly ByteString[]): string {
  return selectSections(args)
    .map((section) => `# ${section.title}\r\n${section.render(context).map((line) => `${line}\r\n`).join('')}`)
    .join('\r\n');
}

/**
 * INFO's sections as data, for hosts (the admin endpoint's /info): the sections that
 * `INFO ...sections` would select, each with its title and `field:value` lines.
 */
export function infoSections(context: InfoContext, sections: readonly string[]): Array<{ title: string; lines: string[] }> {
  return selectSections(['info', ...sections]).map((section) => ({ title: section.title, lines: section.render(context) }));
}

export const INFO_COMMAND: CommandDefinition = {
  ...serverSpec({
    name: 'info', arity: -1, flags: ['loading', 'stale'], summary: 'Get information and statistics about the server',
    since: '1.0.0', syntax: '[section [section ...]]',
  }),
  handler: (context, args) => new VerbatimString(infoText(context, args)),
};
