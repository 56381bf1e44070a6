/**
 * The command table: commands by lower-case name. DATA_COMMANDS are the commands of this layer
 * (keys and data types, server administration); the engine adds its own (connection state,
 * transactions, pub/sub) and builds the table every lookup reads (ALL_COMMANDS, engine/).
 */
import { BITMAP_COMMANDS } from './bitmaps.js';
import { GEO_COMMANDS } from './geo.js';
import { HASH_COMMANDS } from './hashes.js';
import { HYPERLOGLOG_COMMANDS } from './hyperloglog.js';
import { KEY_COMMANDS } from './keys.js';
import { LIST_COMMANDS } from './lists.js';
import { SCRIPTING_COMMANDS } from './scripting-commands.js';
import { SERVER_COMMANDS } from './server.js';
import { SET_COMMANDS } from './sets.js';
import { SORTED_SET_COMMANDS } from './sorted-sets.js';
import { STREAM_COMMANDS } from './streams.js';
import { STRING_COMMANDS } from './strings.js';
import type { CommandDefinition } from './types.js';

export const DATA_COMMANDS: readonly CommandDefinition[] = [
  ...STRING_COMMANDS,
  ...KEY_COMMANDS,
  ...HASH_COMMANDS,
  ...LIST_COMMANDS,
  ...SET_COMMANDS,
  ...SORTED_SET_COMMANDS,
  ...HYPERLOGLOG_COMMANDS,
  ...BITMAP_COMMANDS,
  ...GEO_COMMANDS,
  ...STREAM_COMMANDS,
  ...SCRIPTING_COMMANDS,
  ...SERVER_COMMANDS,
];

/** Distinct spellings of command names remembered by lookup (a client cannot grow it further). */
const SPELLINGS_MAX = 4096;

/** A top-level command as a request names it, made once per command so a request allocates none. */
export interface NamedCommand {
  readonly definition: CommandDefinition;
  /** The name Redis uses in stats and errors (`client|list` for a subcommand). */
  readonly fullName: string;
  /** The top-level command's lower-case name. */
  readonly name: string;
}

export class CommandTable {
  private readonly byName = new Map<string, NamedCommand>();
  private readonly bySpelling = new Map<string, NamedCommand>();

  constructor(readonly definitions: readonly CommandDefinition[]) {
    for (const definition of definitions) {
      if (this.byName.has(definition.name)) throw new Error(`command ${definition.name} defined twice`);
      this.byName.set(definition.name, Object.freeze({ definition, fullName: definition.name, name: definition.name }));
    }
  }

  get(name: string): CommandDefinition | undefined {
    return this.byName.get(name)?.definition;
  }

  /** Looks a command up as the client spelled it (`SET`, `set`, `Set`). */
  lookup(spelling: string): CommandDefinition | undefined {
    return this.named(spelling)?.definition;
  }

  /**
   * The command a request's first argument names, as spelled. Spellings seen are remembered, so
   * the hot path does no case conversion; the memory is bounded.
   */
  named(spelling: string): NamedCommand | undefined {
    const known = this.bySpelling.get(spelling);
    if (known !== undefined) return known;
    const named = this.byName.get(spelling.toLowerCase());
    if (named !== undefined && this.bySpelling.size < SPELLINGS_MAX) this.bySpelling.set(spelling, named);
    return named;
  }
}
