/**
 * The commands waiting on a connection, in the order their replies will come back. A FIFO over
 * an array with a moving head: push and shift are O(1), so a pipeline of 100k commands costs no
 * quadratic shifting; the array is compacted once the consumed prefix dominates.
 */
import type { Reply } from '@ballast/core';
import type { Argument } from './request-encoder.js';

export interface PendingCommand {
  readonly args: readonly Argument[];
  /** Set once the caller has its answer (a timeout or abort may come before the reply). */
  settled: boolean;
  /** (P)SUBSCRIBE/(P)UNSUBSCRIBE: confirmations still expected before the command is done. */
  confirmations?: number;
  succeed(reply: Reply): void;
  fail(error: Error): void;
}

/** Below this many consumed slots the array is not worth compacting. */
const COMPACT_SLOTS_MIN = 1024;

export class CommandQueue {
  private items: Array<PendingCommand | undefined> = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(command: PendingCommand): void {
    this.items.push(command);
  }

  peek(): PendingCommand | undefined {
    return this.items[this.head];
  }

  shift(): PendingCommand | undefined {
    if (this.head === this.items.length) return undefined;
    const command = this.items[this.head];
    this.items[this.head++] = undefined;
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head >= COMPACT_SLOTS_MIN && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return command;
  }
}
