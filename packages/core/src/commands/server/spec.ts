/**
 * Defaults shared by the server commands' metadata: no keys, O(1), group `server`.
 */
import { wrongArity } from '../errors.js';
import type { CommandSpec } from '../types.js';

type RequiredSpec = Pick<CommandSpec, 'name' | 'arity' | 'flags' | 'summary' | 'since' | 'syntax'>;

export function serverSpec(partial: RequiredSpec & Partial<CommandSpec>): CommandSpec {
  return { firstKey: 0, lastKey: 0, step: 0, group: 'server', complexity: 'O(1)', ...partial };
}

/**
 * The handler of a container whose arity demands a subcommand: the engine always dispatches
 * to a subcommand, so this only answers as Redis would if called without one.
 */
export function containerHandler(name: string) {
  return () => wrongArity(name);
}
