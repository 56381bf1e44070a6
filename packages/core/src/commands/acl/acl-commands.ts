/**
 * The command table as ACL rules see it (Redis's orig_commands with command ids): every command
 * and every subcommand gets an id, its full name (`config|get`), its ACL categories (from
 * server/acl-categories.ts, the same ones COMMAND INFO shows) and, for a container, the ids of
 * its subcommands. Built once per engine; selectors keep one bit per id.
 */
import { ACL_CATEGORIES, aclCategories, type AclCategory } from '../server/acl-categories.js';
import type { CommandDefinition } from '../types.js';

export interface AclCommand {
  readonly id: number;
  readonly fullName: string;
  readonly definition: CommandDefinition;
  /** The container's entry for a subcommand. */
  readonly parent: AclCommand | null;
  readonly categories: ReadonlySet<AclCategory>;
  /** A container's subcommands (empty for a plain command). */
  readonly subcommands: readonly AclCommand[];
}

export class AclCommands {
  /** Top-level commands in table order, each followed in `all` by its subcommands. */
  readonly topLevel: readonly AclCommand[];
  /** Every entry, indexed by id. */
  readonly all: readonly AclCommand[];
  private readonly byDefinition = new Map<CommandDefinition, AclCommand>();
  private readonly byName = new Map<string, AclCommand>();

  constructor(definitions: readonly CommandDefinition[]) {
    const all: AclCommand[] = [];
    const add = (definition: CommandDefinition, parent: AclCommand | null): AclCommand => {
      const fullName = parent === null ? definition.name : `${parent.fullName}|${definition.name}`;
      const subcommands: AclCommand[] = [];
      const entry: AclCommand = {
        id: all.length, fullName, definition, parent, subcommands,
        categories: new Set(aclCategories(definition, parent?.definition.name)),
      };
      all.push(entry);
      this.byDefinition.set(definition, entry);
      this.byName.set(fullName, entry);
      for (const sub of definition.subcommands ?? []) subcommands.push(add(sub, entry));
      return entry;
    };
    this.topLevel = definitions.map((definition) => add(definition, null));
    this.all = all;
  }

  get size(): number {
    return this.all.length;
  }

  /** The entry of a resolved command's definition. */
  of(definition: CommandDefinition): AclCommand {
    const entry = this.byDefinition.get(definition);
    if (entry === undefined) throw new Error(`ACL: command ${definition.name} is not in the table`);
    return entry;
  }

  /** Redis's ACLLookupCommand: `name` or `name|sub`, any case; undefined for more parts or an unknown one. */
  lookup(name: string): AclCommand | undefined {
    return this.byName.get(name.toLowerCase());
  }

  /** Whether `name` is one of Redis's categories (any case). */
  static category(name: string): AclCategory | undefined {
    const lower = name.toLowerCase();
    return ACL_CATEGORIES.find((category) => category === lower);
  }
}
