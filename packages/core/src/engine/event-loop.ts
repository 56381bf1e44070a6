/**
 * EventLoop: the engine's execution model. Every external event (bytes received, a timer, a
 * disconnect, commit progress) runs through run(), one at a time and to completion; events may
 * nest, and only the outermost one finishes: it closes the open unit of effects, lets clients
 * unblocked during the event read their next commands, and flushes every connection with
 * output — at once, or, when the host schedules flushes, once per I/O batch (as Redis's
 * beforeSleep), so many replies leave in one write and the AOF cuts one batch for them.
 */
export interface FlushTarget {
  /** Writes buffered output; does nothing once the client is closed. */
  flush(): void;
}

export interface EventLoopOptions {
  /** Closes the unit of effects the event opened (the engine logs it). */
  readonly closeUnit: () => void;
  /** The end of an event loop turn, for the AOF: a good moment to cut a batch. */
  readonly endOfEvent: () => void;
  /** When set, flushes are deferred to this (the server passes setImmediate). */
  readonly scheduleFlush?: (flush: () => void) => void;
}

export class EventLoop<C extends FlushTarget & { processInput(): void }> {
  private depth = 0;
  /**
   * Clients with output to flush, each once: a client is marked again only after its flush
   * (ClientConnection keeps the flag). An array, not a Set: a Set's add, and its delete during
   * the flush, cost more than the rest of a small command's reply.
   */
  private readonly pendingOutput: C[] = [];
  private readonly resumeQueue: C[] = [];
  private readonly resumeAfterFlushQueue: C[] = [];
  private flushScheduled = false;
  /** Units were logged since the last flush (the AOF has a batch to cut), or a flush was requested. */
  private unitsSinceFlush = false;

  constructor(private readonly options: EventLoopOptions) {}

  /** Runs one event; the outermost one then resumes unblocked clients and flushes. */
  run(event: () => void): void {
    this.depth++;
    try {
      event();
    } finally {
      this.depth--;
    }
    if (this.depth > 0) return;
    this.options.closeUnit();
    this.depth++;
    try {
      for (let client = this.resumeQueue.shift(); client; client = this.resumeQueue.shift()) client.processInput();
    } finally {
      this.depth--;
    }
    const { scheduleFlush } = this.options;
    if (scheduleFlush === undefined) this.flush();
    else if (!this.flushScheduled && (this.pendingOutput.length > 0 || this.unitsSinceFlush)) {
      this.flushScheduled = true;
      scheduleFlush(() => {
        this.flushScheduled = false;
        this.flush();
      });
    }
  }

  /** Ends the AOF's turn, then writes every connection's buffered replies to its host. */
  flush(): void {
    this.unitsSinceFlush = false;
    this.options.endOfEvent();
    // A client marked again during the flush (its own or another's) is appended and flushed in this pass too.
    const pending = this.pendingOutput;
    for (let index = 0; index < pending.length; index++) pending[index].flush();
    pending.length = 0;
    if (this.resumeAfterFlushQueue.length === 0) return;
    const resumed = this.resumeAfterFlushQueue.splice(0);
    this.run(() => {
      for (const client of resumed) client.processInput();
    });
  }

  /** A client paused on full output that a flush emptied: it reads on in an event of its own after this flush. */
  resumeAfterFlush(client: C): void {
    this.resumeAfterFlushQueue.push(client);
  }

  /** A unit was logged: the next flush must happen even if no client has output. */
  unitLogged(): void {
    this.unitsSinceFlush = true;
  }

  /** Output is due at the next flush though no client holds it yet (tracking's BCAST invalidations): that flush must happen. */
  requestFlush(): void {
    this.unitsSinceFlush = true;
  }

  /** `client` has output to flush; it is not marked again before its flush. */
  markPendingOutput(client: C): void {
    this.pendingOutput.push(client);
  }

  /** A client was unblocked: it reads its next commands when the outermost event ends. */
  resumeLater(client: C): void {
    this.resumeQueue.push(client);
  }

}
