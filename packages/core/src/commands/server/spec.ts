/**
 * Defaults shared by the server commands' metadata: no keys, O(1), group `server`.
 */
import { wrongArity } from '../errors.js';
import { keylessSpecs } from '../spec.js';

export const serverSpec = keylessSpecs('server');

/**
 * The handler of a container whose arity demands a subcommand: the engine always dispatches
 * to a subcommand, so this only answers as Redis would if called without one.
 */
export function containerHandler(name: string) {
  return () => wrongArity(name);
}
