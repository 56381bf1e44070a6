/**
 * Request: one command a caller awaits. It settles exactly once — with the decoded reply, the
 * server's error, a connection failure, its deadline (`timeoutMs`) or its AbortSignal — and a
 * reply that arrives after a timeout or abort is dropped, keeping later replies in order.
 */
import type { Reply } from '@ballast/core';
import { AbortError, TimeoutError } from './errors.js';
import type { PendingCommand } from './command-queue.js';
import type { Argument } from './request-encoder.js';

/** Turns a raw reply into what the caller gets; `buffers` asks for Buffers instead of strings. */
export type Decoder<T> = (reply: Reply, buffers: boolean) => T;

/** Options for one call, or defaults for a client view (`client.with(options)`). */
export interface CallOptions {
  /** Fail with TimeoutError when no reply came within this many milliseconds. */
  timeoutMs?: number;
  /** Fail with AbortError when this signal fires before the reply. */
  signal?: AbortSignal;
  /** Bulk replies as Buffers instead of UTF-8 strings. */
  returnBuffers?: boolean;
  /** Resolve only once the write is on disk on every shard it touched (see durability.ts). */
  durable?: boolean;
}

export class Request<T> implements PendingCommand {
  settled = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly onAbort: (() => void) | undefined;
  private readonly signal: AbortSignal | undefined;

  constructor(
    readonly args: readonly Argument[],
    private readonly decode: Decoder<T>,
    private readonly buffers: boolean,
    private readonly resolve: (value: T) => void,
    private readonly reject: (error: Error) => void,
    options: CallOptions,
  ) {
    if (options.timeoutMs !== undefined) {
      const timeoutMs = options.timeoutMs;
      this.timer = setTimeout(() => this.fail(new TimeoutError(`${String(args[0])} got no reply within ${timeoutMs} ms`)), timeoutMs);
    }
    const signal = options.signal;
    if (signal !== undefined) {
      this.onAbort = () => this.fail(new AbortError(`${String(args[0])} was aborted`, { cause: signal.reason }));
      if (signal.aborted) this.onAbort();
      else signal.addEventListener('abort', this.onAbort, { once: true });
      this.signal = signal;
    }
  }

  succeed(reply: Reply): void {
    if (this.settled) return;
    this.settle();
    let value: T;
    try {
      value = this.decode(reply, this.buffers);
    } catch (error) {
      this.reject(error as Error);
      return;
    }
    this.resolve(value);
  }

  fail(error: Error): void {
    if (this.settled) return;
    this.settle();
    this.reject(error);
  }

  private settle(): void {
    this.settled = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.onAbort !== undefined) this.signal?.removeEventListener('abort', this.onAbort);
  }
}
