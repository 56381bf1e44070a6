/**
 * Builders for command metadata: a family names its group and the defaults its commands share
 * (one key at position 1; or no keys and O(1)), and each command writes only what differs.
 */
import type { CommandGroup, CommandSpec } from './types.js';

type Written = Pick<CommandSpec, 'name' | 'arity' | 'flags' | 'summary' | 'since' | 'syntax'> & Partial<CommandSpec>;

/** Specs of a family whose commands take one key at position 1 unless they say otherwise. */
export function keyedSpecs(group: CommandGroup): (partial: Written & Pick<CommandSpec, 'complexity'>) => CommandSpec {
  return (partial) => ({ group, firstKey: 1, lastKey: 1, step: 1, ...partial });
}

/** Specs of a family whose commands take no keys and are O(1) unless they say otherwise. */
export function keylessSpecs(group: CommandGroup): (partial: Written) => CommandSpec {
  return (partial) => ({ group, firstKey: 0, lastKey: 0, step: 0, complexity: 'O(1)', ...partial });
}
