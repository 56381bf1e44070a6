/**
 * A simulated client: speaks RESP bytes to the engine through the same ClientConnection code the
 * server uses. It sends one request at a time (a command, a pipeline of commands, or a
 * MULTI/EXEC block pipelined in one go), delivered in random chunks, waits for every reply,
 * thinks, and goes again. Replies are parsed with core's ReplyParser and written to the trace.
 * For each command it records the chunk that ran it and the log's last LSN around that chunk
 * (observations.ts): evidence taken from the log, not from the engine it checks.
 */
import { ReplyParser, type Clock, type ClientConnection, type Engine, type Random, type Reply } from '@ballast/core';
import { randomInteger } from '../seed-streams.js';
import type { Acknowledgement, ExecutedCommand } from './observations.js';
import type { Trace } from './trace.js';

/** One request drawn for a client: its place in the run's issue order and its commands. */
export interface DrawnRequest {
  readonly index: number;
  readonly commands: string[][];
}

export interface ClientPlan {
  readonly id: number;
  readonly random: Random;
  readonly clock: Clock;
  readonly trace: Trace;
  /** Draws the next request (one command or a MULTI/EXEC block); undefined when the run is done. */
  readonly next: () => DrawnRequest | undefined;
  /** Every reply of a request has arrived. */
  readonly onAcknowledged: (acknowledgement: Acknowledgement) => void;
  /** The LSN of the last unit logged (read from the log), the evidence around each chunk. */
  readonly loggedLsn: () => number;
  /** An extra pause before the next request (ms, usually 0): a slow workload makes long epochs. */
  readonly pauseMs: () => number;
}

/** The request being sent: its commands, where each ends in the byte stream, and what ran. */
interface InFlight {
  readonly request: DrawnRequest;
  readonly commandEnds: readonly number[];
  readonly executed: ExecutedCommand[];
  /** A MULTI/EXEC block: its SELECT is queued, and runs only at EXEC. */
  readonly transaction: boolean;
}

export class SimClient {
  private readonly parser = new ReplyParser();
  private readonly connection: ClientConnection;
  private awaiting = 0;
  private inFlight: InFlight | null = null;
  /** Inside the receive() of the request's last chunk: replies arriving now are acknowledged after it. */
  private running = false;
  private replies: Reply[] = [];
  private stopped = false;
  private finishing = false;

  constructor(private readonly engine: Engine, private readonly plan: ClientPlan) {
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
    this.awaiting = request.commands.length;
    this.replies = [];
    for (const args of request.commands) this.plan.trace.add(`c${this.plan.id} > ${args.join(' ')}`);
    const { bytes, commandEnds } = encodeRequests(request.commands);
    const inFlight: InFlight = { request, commandEnds, executed: [], transaction: request.commands[0][0] === 'MULTI' };
    this.inFlight = inFlight;
    let offset = 0;
    while (offset < bytes.length) {
      const end = Math.min(bytes.length, offset + randomInteger(this.plan.random, 1, 64));
      const chunk = bytes.subarray(offset, end);
      const from = offset;
      this.plan.clock.schedule(0, () => {
        if (!this.stopped) this.receiveChunk(inFlight, chunk, from);
      });
      offset = end;
    }
  }

  /** Delivers one chunk; the commands it completes run now: record the log's LSN around it. */
  private receiveChunk(inFlight: InFlight, chunk: Uint8Array, from: number): void {
    const to = from + chunk.length;
    const last = to === inFlight.commandEnds[inFlight.commandEnds.length - 1];
    const database = this.connection.databaseIndex;
    const mode = this.engine.config.string('appendfsync');
    const executedAtMs = this.plan.clock.now();
    const loggedBefore = this.plan.loggedLsn();
    this.running = last;
    this.connection.receive(chunk);
    this.running = false;
    const loggedAfter = this.plan.loggedLsn();
    // Commands run in order, so a SELECT earlier in the chunk sets the database of those after it.
    let selected = database;
    inFlight.commandEnds.forEach((end, index) => {
      if (!(end > from && end <= to)) return;
      const args = inFlight.request.commands[index];
      inFlight.executed.push({ args, loggedBefore, loggedAfter, executedAtMs, mode, database: selected });
      if (args[0] === 'SELECT' && !inFlight.transaction) selected = Number(args[1]);
    });
    // Replies not held by the reply gate arrive within receive(), before the records above existed.
    if (last && this.awaiting === 0) this.acknowledge();
  }

  private received(bytes: Uint8Array): void {
    if (this.stopped) return;
    this.parser.feed(bytes);
    for (let reply = this.parser.next(); reply !== undefined; reply = this.parser.next()) {
      this.plan.trace.add(`c${this.plan.id} < ${describeReply(reply)}`);
      this.replies.push(reply);
      if (--this.awaiting === 0 && !this.running) this.acknowledge();
    }
  }

  private acknowledge(): void {
    const inFlight = this.inFlight;
    if (inFlight === null || inFlight.executed.length !== inFlight.request.commands.length) {
      throw new Error(`client ${this.plan.id}: every reply arrived before its request ran`);
    }
    this.inFlight = null;
    const { request, executed } = inFlight;
    this.plan.onAcknowledged({
      client: this.plan.id, index: request.index, transaction: inFlight.transaction, commands: executed, replies: this.replies,
      acknowledgedAtMs: this.plan.clock.now(), modeAtAcknowledgement: this.engine.config.string('appendfsync'),
    });
    const thinkMs = randomInteger(this.plan.random, 0, 20);
    this.plan.clock.schedule(thinkMs + this.plan.pauseMs(), () => this.sendNext());
  }
}

/** The request's bytes, and the offset where each command ends. */
function encodeRequests(requests: readonly string[][]): { bytes: Uint8Array; commandEnds: number[] } {
  let text = '';
  const commandEnds: number[] = [];
  for (const args of requests) {
    text += `*${args.length}\r\n`;
    for (const arg of args) text += `$${arg.length}\r\n${arg}\r\n`;
    commandEnds.push(text.length);
  }
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return { bytes, commandEnds };
}

/** A reply as one comparable line (trace, phantom-read check). */
export function describeReply(reply: Reply): string {
  return JSON.stringify(reply, (_, value: unknown) => (typeof value === 'bigint' ? String(value) : value));
}
