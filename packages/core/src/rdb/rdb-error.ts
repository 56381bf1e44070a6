/**
 * The one error the RDB codec throws: bad input (a truncated dump, a bad length, a listpack whose
 * counts disagree) names the byte offset where reading failed and what was wrong, as
 * redis-check-rdb does. Callers at the codec's edge turn it into a value (an error reply, a
 * refused start-up); anything else thrown from the codec is a programmer error.
 */
export class RdbFormatError extends Error {
  constructor(readonly offset: number, readonly reason: string) {
    super(`${reason} at offset ${offset}`);
    this.name = 'RdbFormatError';
  }
}

/** Throws RdbFormatError at `offset` unless `condition` holds. */
export function rdbCheck(condition: boolean, offset: number, reason: string): asserts condition {
  if (!condition) throw new RdbFormatError(offset, reason);
}
