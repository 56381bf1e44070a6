/**
 * Where a command line's keys are, from the command table's key specs: used by COMMAND GETKEYS,
 * by the AOF to decide whether a write can be logged as typed (all keys on one shard), and by
 * the durability gate to find the keys a command reads.
 */
import type { ByteString } from '../resp/byte-string.js';
import { parseInteger } from './arguments.js';
import type { CommandSpec } from './types.js';

/** Argument positions of the keys in `args` (a whole command line). */
export function keyPositions(definition: CommandSpec, args: readonly ByteString[]): number[] {
  if (definition.keys !== undefined) return definition.keys(args);
  if (definition.firstKey === 0 || definition.keysAreChannels === true) return [];
  const last = definition.lastKey >= 0 ? definition.lastKey : args.length + definition.lastKey;
  const positions: number[] = [];
  for (let position = definition.firstKey; position <= last && position < args.length; position += Math.max(1, definition.step)) {
    positions.push(position);
  }
  return positions;
}

/**
 * Key positions of a command whose keys follow a numkeys argument at `numkeysIndex` (ZUNION,
 * LMPOP, SINTERCARD, EVAL, FCALL…): numkeys keys after it, none when numkeys is not a positive
 * integer.
 */
export function keysAfterNumkeys(numkeysIndex: number): (args: readonly ByteString[]) => number[] {
  return (args) => {
    const count = parseInteger(args[numkeysIndex] ?? '');
    const positions: number[] = [];
    if (count === undefined || count < 1) return positions;
    for (let index = numkeysIndex + 1; index <= numkeysIndex + count && index < args.length; index++) positions.push(index);
    return positions;
  };
}
