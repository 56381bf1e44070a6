/**
 * The arguments of SCAN, HSCAN, SSCAN and ZSCAN: `cursor [MATCH pattern] [COUNT count]`
 * (and `[TYPE type]` for SCAN), parsed with Redis's errors, plus the shared scan step over a
 * collection: a compact (small) collection is returned whole with cursor 0, as Redis does for
 * listpack and intset encodings; a large one is walked with the DenseMap cursor.
 */
import { matchGlob } from '../keyspace/glob.js';
import type { DenseMap } from '../keyspace/dense-map.js';
import type { ByteString } from '../resp/byte-string.js';
import type { ErrorReply } from '../resp/reply.js';
import { isKeyword, parseInteger } from './arguments.js';
import { INVALID_CURSOR, NOT_INTEGER, SYNTAX_ERROR } from './errors.js';

export interface ScanArguments {
  readonly cursor: number;
  readonly match: ByteString | null;
  readonly count: number;
  readonly type: ByteString | null;
}

const CURSOR_PATTERN = /^[0-9]{1,20}$/;
const DEFAULT_COUNT = 10;

/** Parses `args[cursorIndex]` and the options after it; TYPE only when `allowType`. */
export function parseScanArguments(args: readonly ByteString[], cursorIndex: number, allowType: boolean): ScanArguments | ErrorReply {
  const cursorText = args[cursorIndex];
  if (!CURSOR_PATTERN.test(cursorText) || BigInt(cursorText) > 18446744073709551615n) return INVALID_CURSOR;
  const cursor = Number(cursorText);
  let match: ByteString | null = null;
  let count = DEFAULT_COUNT;
  let type: ByteString | null = null;
  for (let i = cursorIndex + 1; i < args.length; i += 2) {
    const hasValue = i + 1 < args.length;
    if (isKeyword(args[i], 'COUNT') && hasValue) {
      const parsed = parseInteger(args[i + 1]);
      if (parsed === undefined) return NOT_INTEGER;
      if (parsed < 1) return SYNTAX_ERROR;
      count = parsed;
    } else if (isKeyword(args[i], 'MATCH') && hasValue) {
      match = args[i + 1] === '*' ? null : args[i + 1];
    } else if (allowType && isKeyword(args[i], 'TYPE') && hasValue) {
      type = args[i + 1].toLowerCase();
    } else {
      return SYNTAX_ERROR;
    }
  }
  return { cursor, match, count, type };
}

/**
 * One scan step over a collection. `emit` receives each entry that passes MATCH (on the key).
 * Returns the next cursor as Redis prints it.
 */
export function scanCollection<V>(
  entries: DenseMap<ByteString, V>, compact: boolean, scan: ScanArguments, emit: (key: ByteString, value: V) => void,
): string {
  const visit = (key: ByteString, value: V) => {
    if (scan.match === null || matchGlob(scan.match, key)) emit(key, value);
  };
  if (compact) {
    for (let i = 0; i < entries.size; i++) visit(entries.keyAt(i), entries.valueAt(i));
    return '0';
  }
  return String(entries.scan(scan.cursor, scan.count, visit));
}

