/**
 * A simulated client: speaks RESP bytes to the engine through the same Connection code the
 * server uses. It sends one request at a time (a command, or a MULTI/EXEC block pipelined in
 * one go), delivered in random chunks, waits for every reply, thinks, and goes again. Replies
 * are parsed with core's ReplyParser and written to the trace.
 */
import { ReplyParser, type Connection, type Engine, type Random, type Reply } from '@ballast/core';
import type { Clock } from '@ballast/core';
import { randomInteger } from '../seed-streams.js';
import type { Trace } from './trace.js';

export interface ClientPlan {
  readonly id: number;
  readonly random: Random;
  readonly clock: Clock;
  readonly trace: Trace;
  /** Draws the next request (one command or a MULTI/EXEC block); undefined when the run is done. */
  readonly next: () => string[][] | undefined;
  /** Called for every reply received. */
  readonly onReply: (reply: Reply) => void;
}

export class SimClient {
  private readonly parser = new ReplyParser();
  private readonly connection: Connection;
  private awaiting = 0;
  private stopped = false;
  private finishing = false;

  constructor(engine: Engine, private readonly plan: ClientPlan) {
    this.connection = engine.connect({
      address: `sim:${plan.id}`,
      localAddress: 'sim:6379',
      pendingOutputBytes: () => 0,
      close: () => void (this.stopped = true),
      write: (bytes) => this.received(bytes),
    });
  }

  start(): void {
    this.plan.clock.schedule(randomInteger(this.plan.random, 0, 5), () => this.sendNext());
  }

  /** Sends nothing more once the replies it waits for have arrived. */
  finishAfterReplies(): void {
    this.finishing = true;
  }

  /** The process crashed: this client's connection is gone. */
  stop(): void {
    this.stopped = true;
  }

  private sendNext(): void {
    if (this.stopped || this.finishing) return;
    const request = this.plan.next();
    if (request === undefined) return;
    this.awaiting = request.length;
    for (const args of request) this.plan.trace.add(`c${this.plan.id} > ${args.join(' ')}`);
    const bytes = encodeRequests(request);
    let offset = 0;
    while (offset < bytes.length) {
      const end = Math.min(bytes.length, offset + randomInteger(this.plan.random, 1, 64));
      const chunk = bytes.subarray(offset, end);
      this.plan.clock.schedule(0, () => {
        if (!this.stopped) this.connection.receive(chunk);
      });
      offset = end;
    }
  }

  private received(bytes: Uint8Array): void {
    if (this.stopped) return;
    this.parser.feed(bytes);
    for (let reply = this.parser.next(); reply !== undefined; reply = this.parser.next()) {
      this.plan.trace.add(`c${this.plan.id} < ${describe(reply)}`);
      this.plan.onReply(reply);
      if (--this.awaiting === 0) this.plan.clock.schedule(randomInteger(this.plan.random, 0, 20), () => this.sendNext());
    }
  }
}

function encodeRequests(requests: readonly string[][]): Uint8Array {
  let text = '';
  for (const args of requests) {
    text += `*${args.length}\r\n`;
    for (const arg of args) text += `$${arg.length}\r\n${arg}\r\n`;
  }
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

function describe(reply: Reply): string {
  return JSON.stringify(reply, (_, value: unknown) => (typeof value === 'bigint' ? String(value) : value));
}
