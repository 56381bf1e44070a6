/**
 * LZF decompression (liblzf's format, which RDB uses for compressed strings): a control byte
 * below 32 starts a literal run of control+1 bytes; otherwise its top 3 bits are a match length
 * (7 means "add the next byte"), plus 2, and the rest with the next byte a back distance minus 1.
 */
import { rdbCheck } from './rdb-error.js';

/** The `length` bytes that `input` expands to; RdbFormatError at `offset` when it does not. */
export function lzfDecompress(input: Uint8Array, length: number, offset = 0): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  let position = 0;
  while (position < input.length) {
    const control = input[position++];
    if (control < 32) {
      const run = control + 1;
      rdbCheck(position + run <= input.length && at + run <= length, offset, 'LZF literal runs past its end');
      out.set(input.subarray(position, position + run), at);
      position += run;
      at += run;
      continue;
    }
    let run = control >> 5;
    if (run === 7) {
      rdbCheck(position < input.length, offset, 'LZF match runs past its end');
      run += input[position++];
    }
    rdbCheck(position < input.length, offset, 'LZF match runs past its end');
    const from = at - ((control & 0x1f) << 8) - input[position++] - 1;
    rdbCheck(from >= 0, offset, 'LZF back reference before the start');
    rdbCheck(at + run + 2 <= length, offset, 'LZF output longer than announced');
    for (let i = 0; i < run + 2; i++) out[at + i] = out[from + i];
    at += run + 2;
  }
  rdbCheck(at === length, offset, `LZF output is ${at} bytes, announced ${length}`);
  return out;
}
