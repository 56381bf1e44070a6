/**
 * LCS key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN]: the longest common subsequence
 * of two strings, by the dynamic-programming table Redis builds, walked back from the end the
 * way Redis walks it, so the string and the match ranges are the ones Redis answers (ranges
 * from the end of the strings towards their start). Missing keys are empty strings.
 */
import type { ByteString } from '../../resp/byte-string.js';
import { ErrorReply, MapReply, type Reply } from '../../resp/reply.js';
import { isKeyword, parseInt64 } from '../arguments.js';
import { NOT_INTEGER, SYNTAX_ERROR } from '../errors.js';
import type { CommandContext } from '../types.js';

const NOT_STRINGS = new ErrorReply('ERR The specified keys must contain string values');
const LEN_AND_IDX = new ErrorReply('ERR If you want both the length and indexes, please just use IDX.');
const TABLE_TOO_LARGE = new ErrorReply('ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len');

interface LcsOptions {
  readonly length: boolean;
  readonly indexes: boolean;
  readonly minMatchLength: number;
  readonly withMatchLength: boolean;
}

function parseOptions(args: readonly ByteString[]): LcsOptions | ErrorReply {
  let length = false;
  let indexes = false;
  let withMatchLength = false;
  let minMatchLength = 0;
  for (let index = 3; index < args.length; index++) {
    if (isKeyword(args[index], 'IDX')) indexes = true;
    else if (isKeyword(args[index], 'LEN')) length = true;
    else if (isKeyword(args[index], 'WITHMATCHLEN')) withMatchLength = true;
    else if (isKeyword(args[index], 'MINMATCHLEN') && index + 1 < args.length) {
      const parsed = parseInt64(args[++index]);
      if (parsed === undefined) return NOT_INTEGER;
      minMatchLength = parsed < 0n ? 0 : Number(parsed);
    } else return SYNTAX_ERROR;
  }
  if (length && indexes) return LEN_AND_IDX;
  return { length, indexes, minMatchLength, withMatchLength };
}

export function lcs(context: CommandContext, args: readonly ByteString[]): Reply {
  const first = context.db.lookupRead(args[1]);
  const second = context.db.lookupRead(args[2]);
  if ((first !== undefined && typeof first !== 'string') || (second !== undefined && typeof second !== 'string')) return NOT_STRINGS;
  const options = parseOptions(args);
  if (options instanceof ErrorReply) return options;
  const a = first ?? '';
  const b = second ?? '';
  if ((a.length + 1) * (b.length + 1) * 4 > context.engine.config.integer('proto-max-bulk-len')) return TABLE_TOO_LARGE;
  const table = lcsTable(a, b);
  const total = table[a.length * (b.length + 1) + b.length];
  if (options.length) return total;
  const { subsequence, matches } = walkBack(a, b, table, total, options);
  if (!options.indexes) return subsequence;
  return new MapReply([['matches', matches], ['len', total]]);
}

/** table[i * (b.length + 1) + j]: the LCS length of a[0..i) and b[0..j). */
function lcsTable(a: ByteString, b: ByteString): Uint32Array {
  const width = b.length + 1;
  const table = new Uint32Array((a.length + 1) * width);
  for (let i = 1; i <= a.length; i++) {
    const row = i * width;
    const above = row - width;
    const code = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      table[row + j] = code === b.charCodeAt(j - 1) ? table[above + j - 1] + 1 : Math.max(table[above + j], table[row + j - 1]);
    }
  }
  return table;
}

/** Redis's walk from (len a, len b) back to the start: the subsequence, and the match ranges it emits. */
function walkBack(a: ByteString, b: ByteString, table: Uint32Array, total: number, options: LcsOptions): { subsequence: string; matches: Reply[] } {
  const width = b.length + 1;
  const result = new Array<string>(total);
  const matches: Reply[] = [];
  const unset = a.length;
  let [i, j, index] = [a.length, b.length, total];
  let [aStart, aEnd, bStart, bEnd] = [unset, 0, 0, 0];
  while (i > 0 && j > 0) {
    let emit = false;
    if (a.charCodeAt(i - 1) === b.charCodeAt(j - 1)) {
      result[index - 1] = a[i - 1];
      if (aStart === unset) [aStart, aEnd, bStart, bEnd] = [i - 1, i - 1, j - 1, j - 1];
      else if (aStart === i && bStart === j) [aStart, bStart] = [aStart - 1, bStart - 1];
      else emit = true;
      if (aStart === 0 || bStart === 0) emit = true;
      index--;
      i--;
      j--;
    } else {
      if (table[(i - 1) * width + j] > table[i * width + j - 1]) i--;
      else j--;
      if (aStart !== unset) emit = true;
    }
    if (!emit) continue;
    const matchLength = aEnd - aStart + 1;
    if (options.minMatchLength === 0 || matchLength >= options.minMatchLength) {
      matches.push(options.withMatchLength ? [[aStart, aEnd], [bStart, bEnd], matchLength] : [[aStart, aEnd], [bStart, bEnd]]);
    }
    aStart = unset;
  }
  return { subsequence: result.join(''), matches };
}
