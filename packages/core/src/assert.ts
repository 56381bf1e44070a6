/**
 * Assertions: programmer errors, checked where an invariant lives (STYLE: programmer errors
 * throw and are never caught in core). A failed assertion means the code is wrong, not the
 * input: it stops the process rather than let it log, ack or recover something it cannot
 * justify. Expected failures (bad input, I/O errors) are values, never assertions.
 */
export class AssertionError extends Error {
  constructor(message: string) {
    super(`assertion failed: ${message}`);
    this.name = 'AssertionError';
  }
}

/** Throws an AssertionError unless `condition` holds; `message` says what should have been true. */
export function assert(condition: boolean, message: string | (() => string)): asserts condition {
  if (!condition) throw new AssertionError(typeof message === 'string' ? message : message());
}
