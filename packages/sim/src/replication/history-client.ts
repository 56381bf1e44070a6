/**
 * HistoryClient: a client of a replication run, connected to the node it believes is the primary.
 * It writes its own history — write i is `MULTI; RPUSH h:<name> i; INCR n:<name>; EXEC`, so on
 * every node h:<name> must be exactly 1..m for some m, with n:<name> = m (units arrive whole, in
 * order) — mixed with noise writes on shared keys (every node must end with the same dataset)
 * and reads of other clients' histories (LLEN: a length a client saw must never shrink later).
 * One request at a time; an EXEC answered with its array is an acknowledgement, anything else
 * (an error, a lost connection) leaves the write's fate open.
 */
import { ErrorReply, ReplyParser, type ClientConnection, type Clock, type Engine, type Random, type Reply } from '@ballast/core';
import { chance, randomInteger } from '../seed-streams.js';

export interface HistoryEvents {
  /** Write `index` of `name`, which ends at stream offset `streamOffset` of its primary, was acknowledged. */
  acknowledged(name: string, index: number, streamOffset: number): void;
  /** A read of `key`'s history length answered `length`. */
  read(key: string, length: number): void;
  /** Keys of histories a read may pick. */
  historyKeys(): readonly string[];
}

const NOISE_KEYS = 16;
const READ_PROBABILITY = 0.15;
const NOISE_PROBABILITY = 0.3;

export class HistoryClient {
  private readonly parser = new ReplyParser();
  private readonly connection: ClientConnection;
  private written = 0;
  private awaiting = 0;
  private replies: Reply[] = [];
  private onReplies: ((replies: Reply[]) => void) | null = null;
  private stopped = false;

  /** `clock`: its node's (a paused node's clients wait with it). */
  constructor(readonly name: string, engine: Engine, private readonly clock: Clock, private readonly random: Random,
    private readonly events: HistoryEvents, private readonly trace: (line: string) => void) {
    this.connection = engine.connect({
      address: `client:${name}`, localAddress: 'node:6379', pendingOutputBytes: () => 0,
      close: () => void (this.stopped = true),
      write: (bytes) => this.received(bytes),
    });
  }

  get historyKey(): string {
    return `h:${this.name}`;
  }

  start(): void {
    this.clock.schedule(randomInteger(this.random, 0, 5), () => this.next());
  }

  /** Sends nothing more (its node died, or the run is ending). */
  stop(): void {
    this.stopped = true;
  }

  private next(): void {
    if (this.stopped) return;
    if (chance(this.random, READ_PROBABILITY)) {
      const keys = this.events.historyKeys();
      const key = keys[randomInteger(this.random, 0, keys.length - 1)];
      return this.send([['LLEN', key]], ([reply]) => {
        if (typeof reply === 'number') this.events.read(key, reply);
      });
    }
    if (chance(this.random, NOISE_PROBABILITY)) return this.send([this.noise()], () => undefined);
    const index = ++this.written;
    this.send([['MULTI'], ['RPUSH', this.historyKey, String(index)], ['INCR', `n:${this.name}`], ['EXEC']], (replies) => {
      if (Array.isArray(replies[3])) this.events.acknowledged(this.name, index, this.connection.lastWriteStreamOffset);
    });
  }

  /** A write on a shared key: the datasets must still converge. */
  private noise(): string[] {
    const key = `x:${randomInteger(this.random, 0, NOISE_KEYS - 1)}`;
    const value = String(randomInteger(this.random, 0, 999));
    switch (randomInteger(this.random, 0, 7)) {
      case 0: return ['SET', key, value];
      case 1: return ['DEL', key];
      case 2: return ['PEXPIRE', key, String(randomInteger(this.random, 1, 3000))];
      case 3: return ['HSET', `${key}:h`, value, value];
      case 4: return ['SADD', `${key}:s`, value];
      case 5: return ['ZADD', `${key}:z`, value, value];
      case 6: return ['LPUSH', `${key}:l`, value];
      default: return ['APPEND', key, value];
    }
  }

  private send(commands: readonly string[][], then: (replies: Reply[]) => void): void {
    this.awaiting = commands.length;
    this.replies = [];
    this.onReplies = (replies) => {
      then(replies);
      this.clock.schedule(randomInteger(this.random, 0, 20), () => this.next());
    };
    let text = '';
    for (const args of commands) {
      this.trace(`${this.name} > ${args.join(' ')}`);
      text += `*${args.length}\r\n${args.map((arg) => `$${arg.length}\r\n${arg}\r\n`).join('')}`;
    }
    const bytes = new TextEncoder().encode(text);
    this.clock.schedule(0, () => {
      if (!this.stopped) this.connection.receive(bytes);
    });
  }

  private received(bytes: Uint8Array): void {
    if (this.stopped) return;
    this.parser.feed(bytes);
    for (let reply = this.parser.next(); reply !== undefined; reply = this.parser.next()) {
      this.trace(`${this.name} < ${reply instanceof ErrorReply ? `-${reply.message}` : JSON.stringify(reply)}`);
      this.replies.push(reply);
      if (--this.awaiting > 0) continue;
      const done = this.onReplies;
      this.onReplies = null;
      done?.(this.replies);
    }
  }
}
