/**
 * HELP replies of container commands, laid out as Redis's addReplyHelp lays them out: a usage
 * line, the given lines, then the HELP entry, each as a status reply.
 */
import { SimpleString, type Reply } from '../../resp/reply.js';

/** `lines` are the subcommand descriptions, already indented as Redis indents them. */
export function helpReply(command: string, lines: readonly string[]): Reply {
  return [
    `${command} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:`,
    ...lines,
    'HELP',
    '    Prints this help.',
  ].map((line) => new SimpleString(line));
}
