/**
 * Finds the definition a request names — descending into container commands such as
 * `CLIENT LIST` — and checks its arity, with Redis's exact error texts.
 */
import { wrongArity } from '../commands/errors.js';
import type { CommandTable, NamedCommand } from '../commands/table.js';
import type { ByteString } from '../resp/byte-string.js';
import { ErrorReply } from '../resp/reply.js';

/** A known command with the wrong number of arguments: refused, and counted in its rejected calls as Redis does. */
export class ArityRefusal extends ErrorReply {
  constructor(readonly fullName: string) {
    super(wrongArity(fullName).message);
  }
}

/** A command with its names: `get`, or `client|list` for a subcommand (fullName, for stats and errors) of `client` (name). */
export type ResolvedCommand = NamedCommand;

const ARGUMENT_PREVIEW_CHARS = 128;

function unknownCommand(args: readonly ByteString[]): ErrorReply {
  let preview = '';
  for (let i = 1; i < args.length && preview.length < ARGUMENT_PREVIEW_CHARS; i++) {
    preview += `'${args[i].slice(0, ARGUMENT_PREVIEW_CHARS - preview.length)}' `;
  }
  return new ErrorReply(
    `ERR unknown command '${args[0].slice(0, ARGUMENT_PREVIEW_CHARS)}', with args beginning with: ${preview}`,
  );
}

function arityMatches(arity: number, count: number): boolean {
  return arity >= 0 ? count === arity : count >= -arity;
}

export function resolveCommand(table: CommandTable, args: readonly ByteString[]): ResolvedCommand | ErrorReply {
  const named = table.named(args[0]);
  if (named === undefined) return unknownCommand(args);
  const { definition, name } = named;
  if (definition.subcommands === undefined || args.length < 2) {
    if (!arityMatches(definition.arity, args.length)) return new ArityRefusal(name);
    return named;
  }
  const subName = args[1].toLowerCase();
  const sub = definition.subcommands.find((candidate) => candidate.name === subName);
  if (sub === undefined) {
    return new ErrorReply(
      `ERR unknown subcommand '${args[1].slice(0, ARGUMENT_PREVIEW_CHARS)}'. Try ${name.toUpperCase()} HELP.`,
    );
  }
  const fullName = `${name}|${subName}`;
  if (!arityMatches(sub.arity, args.length)) return new ArityRefusal(fullName);
  return { definition: sub, fullName, name };
}
