/**
 * Batch: the commands of one pipeline or transaction, settled together. Each command's reply is
 * decoded into its slot; the batch resolves once the last reply arrived, or fails with the
 * first error, the batch's deadline or its AbortSignal. One promise for the whole batch keeps a
 * pipeline of 100k commands from allocating 100k promises.
 */
import type { Reply } from '@ballast/core';
import { AbortError, TimeoutError } from './errors.js';
import type { PendingCommand } from './command-queue.js';
import type { Argument } from './request-encoder.js';
import type { CallOptions, Decoder } from './request.js';

export class Batch {
  readonly results: unknown[] = [];
  settled = false;
  private remaining = 0;
  private firstError: Error | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly resolve: (results: unknown[]) => void,
    private readonly reject: (error: Error) => void,
    options: CallOptions,
  ) {
    if (options.timeoutMs !== undefined) {
      const timeoutMs = options.timeoutMs;
      this.timer = setTimeout(() => this.fail(new TimeoutError(`the batch got no complete reply within ${timeoutMs} ms`)), timeoutMs);
    }
    const signal = options.signal;
    if (signal?.aborted) this.fail(new AbortError('the batch was aborted', { cause: signal.reason }));
    signal?.addEventListener('abort', () => this.fail(new AbortError('the batch was aborted', { cause: signal.reason })), { once: true });
  }

  /**
   * A command of the batch. Its reply is decoded into `results[index]` unless `index` is -1
   * (MULTI, QUEUED acknowledgements), when only an error counts. `onReply` replaces decoding.
   */
  command(args: readonly Argument[], index: number, decode: Decoder<unknown> | undefined, buffers: boolean, onReply?: (reply: Reply) => void): PendingCommand {
    this.remaining++;
    return new BatchCommand(this, args, index, decode, buffers, onReply);
  }

  /** @internal One command's reply (or failure) arrived. */
  received(index: number, reply: Reply, decode: Decoder<unknown> | undefined, buffers: boolean, onReply?: (reply: Reply) => void): void {
    if (this.settled) return;
    try {
      if (onReply !== undefined) onReply(reply);
      else if (index >= 0 && decode !== undefined) this.results[index] = decode(reply, buffers);
    } catch (error) {
      this.firstError ??= error as Error;
    }
    this.done();
  }

  /** @internal One command failed. */
  failed(error: Error): void {
    if (this.settled) return;
    this.firstError ??= error;
    this.done();
  }

  private done(): void {
    if (--this.remaining > 0) return;
    if (this.firstError !== undefined) return this.fail(this.firstError);
    this.settle();
    this.resolve(this.results);
  }

  fail(error: Error): void {
    if (this.settled) return;
    this.settle();
    this.reject(error);
  }

  private settle(): void {
    this.settled = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
  }
}

/** A command of a batch, as the connection's queue holds it. */
class BatchCommand implements PendingCommand {
  constructor(
    private readonly batch: Batch,
    readonly args: readonly Argument[],
    private readonly index: number,
    private readonly decode: Decoder<unknown> | undefined,
    private readonly buffers: boolean,
    private readonly onReply: ((reply: Reply) => void) | undefined,
  ) {}

  get settled(): boolean {
    return this.batch.settled;
  }

  succeed(reply: Reply): void {
    this.batch.received(this.index, reply, this.decode, this.buffers, this.onReply);
  }

  fail(error: Error): void {
    this.batch.failed(error);
  }
}
