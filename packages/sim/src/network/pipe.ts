/**
 * Pipe: one direction of a simulated TCP connection. Bytes arrive in the order they were sent, in
 * seeded chunks (so a reader sees a command, an RDB or a +CONTINUE split anywhere), each after a
 * seeded delay that never lets a later chunk overtake an earlier one. While the direction is held
 * (a partition, a node without power) bytes wait in the pipe, as TCP keeps retransmitting; once
 * released they flow again. A cut delivers a seeded prefix of what is in flight — so a connection
 * can end at any byte, in the middle of an RDB or of a MULTI — and drops the rest.
 */
import type { Random, TimerHandle } from '@ballast/core';
import type { Scheduler } from '../scheduler.js';
import { chance, randomInteger } from '../seed-streams.js';

/** Most bytes one delivery carries (a socket read). */
const CHUNK_BYTES_MAX = 16 * 1024;
/** Usual one-way latency, and the occasional slow delivery. */
const DELAY_MS_MAX = 2;
const SLOW_DELAY_MS_MAX = 40;
const SLOW_PROBABILITY = 0.02;

interface Chunk {
  readonly bytes: Uint8Array;
  readonly dueMs: number;
}

export class Pipe {
  private readonly chunks: Chunk[] = [];
  private timer: TimerHandle | null = null;
  private lastDueMs = 0;
  private held = false;
  private ended = false;
  /** Set by endAfterDrain while bytes are still in flight. */
  private onDrained: (() => void) | null = null;
  /** Bytes sent and not yet delivered (what the sender's socket buffer holds). */
  pendingBytes = 0;

  constructor(private readonly clock: Scheduler, private readonly random: Random, private readonly deliver: (bytes: Uint8Array) => void) {}

  get isHeld(): boolean {
    return this.held;
  }

  send(bytes: Uint8Array): void {
    if (this.ended || bytes.length === 0) return;
    const copy = bytes.slice();
    for (let offset = 0; offset < copy.length;) {
      const size = chance(this.random, 0.5) ? copy.length - offset : randomInteger(this.random, 1, Math.min(CHUNK_BYTES_MAX, copy.length - offset));
      const delay = chance(this.random, SLOW_PROBABILITY) ? randomInteger(this.random, 0, SLOW_DELAY_MS_MAX) : randomInteger(this.random, 0, DELAY_MS_MAX);
      this.lastDueMs = Math.max(this.lastDueMs, this.clock.monotonic() + delay);
      this.chunks.push({ bytes: copy.subarray(offset, offset + size), dueMs: this.lastDueMs });
      this.pendingBytes += size;
      offset += size;
    }
    this.pump();
  }

  /** Bytes stop flowing (they wait in the pipe). */
  hold(): void {
    this.held = true;
    this.timer?.cancel();
    this.timer = null;
  }

  /** Bytes flow again, after a fresh delay. */
  release(): void {
    if (!this.held) return;
    this.held = false;
    const now = this.clock.monotonic();
    this.lastDueMs = Math.max(this.lastDueMs, now);
    for (let index = 0; index < this.chunks.length; index++) {
      const chunk = this.chunks[index];
      if (chunk.dueMs < now) this.chunks[index] = { bytes: chunk.bytes, dueMs: now + randomInteger(this.random, 0, DELAY_MS_MAX) };
    }
    this.pump();
  }

  /**
   * Ends the direction: unless it is held, a seeded prefix of what is in flight is delivered
   * first (0 bytes up to all of it); the rest is dropped. Nothing is delivered afterwards.
   */
  cut(): void {
    if (this.ended) return;
    this.timer?.cancel();
    this.timer = null;
    if (!this.held && this.pendingBytes > 0) {
      let keep = randomInteger(this.random, 0, this.pendingBytes);
      const kept: Uint8Array[] = [];
      for (const chunk of this.chunks) {
        if (keep === 0) break;
        const part = chunk.bytes.subarray(0, Math.min(keep, chunk.bytes.length));
        kept.push(part);
        keep -= part.length;
      }
      for (const part of kept) this.deliver(part);
    }
    this.ended = true;
    this.chunks.length = 0;
    this.pendingBytes = 0;
  }

  /** Ends the direction once everything sent has been delivered (a close after the last write); `then` runs at that moment. */
  endAfterDrain(then: () => void): void {
    if (this.ended) return;
    const finish = () => {
      this.ended = true;
      then();
    };
    if (this.chunks.length === 0) {
      this.clock.schedule(randomInteger(this.random, 0, DELAY_MS_MAX), () => finish());
      return;
    }
    this.onDrained = finish;
  }

  private pump(): void {
    if (this.timer !== null || this.held || this.ended || this.chunks.length === 0) return;
    const head = this.chunks[0];
    this.timer = this.clock.schedule(Math.max(0, head.dueMs - this.clock.monotonic()), () => {
      this.timer = null;
      if (this.held || this.ended) return;
      this.chunks.shift();
      this.pendingBytes -= head.bytes.length;
      this.deliver(head.bytes);
      if (this.chunks.length === 0 && this.onDrained !== null) {
        const drained = this.onDrained;
        this.onDrained = null;
        drained();
        return;
      }
      this.pump();
    });
  }
}
