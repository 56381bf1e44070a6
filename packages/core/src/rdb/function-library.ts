/**
 * Function libraries in RDB (rdbFunctionLoad): FUNCTION2 (245) holds a library's code as one RDB
 * string; FUNCTION (246), the format of Redis 7.0 rc1 and rc2, holds its name, engine, an
 * optional description and the code, which Redis turns into a code with a shebang. Read failures
 * are RdbFormatError whose reason is Redis's own text ("Failed loading library name", …), so
 * FUNCTION RESTORE can answer as Redis does.
 */
import type { ByteString } from '../resp/byte-string.js';
import { RDB_OPCODE_FUNCTION, RDB_OPCODE_FUNCTION2 } from './rdb-constants.js';
import { RdbFormatError } from './rdb-error.js';
import { RdbInputShort, type RdbInput } from './rdb-input.js';
import type { RdbOutput } from './rdb-output.js';

/** Runs `read`, turning a format error into one with Redis's `reason` (a short read still asks for more). */
function reading<T>(input: RdbInput, reason: string, read: () => T): T {
  const at = input.offset;
  try {
    return read();
  } catch (error) {
    if (error instanceof RdbInputShort) throw error;
    if (error instanceof RdbFormatError) throw new RdbFormatError(at, reason);
    throw error;
  }
}

/** The library code of a FUNCTION2 or FUNCTION record whose opcode was just read. */
export function readFunctionLibrary(input: RdbInput, opcode: number): ByteString {
  if (opcode === RDB_OPCODE_FUNCTION2) return reading(input, 'Failed loading library payload', () => input.string());
  if (opcode !== RDB_OPCODE_FUNCTION) return input.fail(`opcode ${opcode} is not a function library`);
  const name = reading(input, 'Failed loading library name', () => input.string());
  const engine = reading(input, 'Failed loading engine name', () => input.string());
  const hasDescription = reading(input, 'Failed loading library description indicator', () => input.length());
  if (hasDescription !== 0) reading(input, 'Failed loading library description', () => input.string());
  const code = reading(input, 'Failed loading library blob', () => input.string());
  return `#!${engine} name=${name}\n${code}`;
}

/** Writes one library as rdbSaveFunctions does: FUNCTION2 and its code. */
export function writeFunctionLibrary(output: RdbOutput, code: ByteString): void {
  output.u8(RDB_OPCODE_FUNCTION2);
  output.string(code);
}
