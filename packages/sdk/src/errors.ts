/**
 * The SDK's typed errors. Every failure a caller can see is one of these classes, so code can
 * branch with `instanceof` instead of matching message text: the server said no (ReplyError,
 * with Redis's error code), the connection failed (ConnectionError), a deadline passed
 * (TimeoutError), the caller gave up (AbortError), or a durability promise cannot be kept
 * (DurabilityError).
 */

/** Base class of every error the SDK raises. */
export class BallastError extends Error {
  override name = 'BallastError';
}

/** An error reply from the server (`-WRONGTYPE Operation against a key …`). */
export class ReplyError extends BallastError {
  override name = 'ReplyError';
  /** The error code: the first word of the reply (`WRONGTYPE`, `MISCONF`, `ERR`, …). */
  readonly code: string;

  constructor(message: string) {
    super(message);
    const space = message.indexOf(' ');
    this.code = space === -1 ? message : message.slice(0, space);
  }
}

/**
 * The connection could not carry the command: it was closed, refused, or lost while the command
 * was in flight. A command lost in flight may or may not have been applied by the server.
 */
export class ConnectionError extends BallastError {
  override name = 'ConnectionError';
}

/** The command's deadline (`timeoutMs`) passed before its reply arrived. */
export class TimeoutError extends BallastError {
  override name = 'TimeoutError';
}

/** The command's AbortSignal fired before its reply arrived. */
export class AbortError extends BallastError {
  override name = 'AbortError';
}

/** A durable write was asked for, but the server cannot promise (or did not confirm) the fsync. */
export class DurabilityError extends BallastError {
  override name = 'DurabilityError';
}
