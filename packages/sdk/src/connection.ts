/**
 * Connection: one TCP socket to one server, kept alive. Commands are encoded as they are issued
 * and everything issued in one tick goes out in one socket write (automatic pipelining); replies
 * are parsed by core's ReplyParser and matched to commands in order. While disconnected,
 * commands wait in a bounded offline queue; on a lost connection the commands in flight fail
 * with ConnectionError (they may have run), and the socket is reopened with backoff and jitter,
 * the handshake (HELLO/AUTH/SELECT/SETNAME) replayed and every subscription restored before the
 * offline queue is sent. Events: `ready`, `error`, `reconnecting`, `end`.
 */
import { EventEmitter } from 'node:events';
import net from 'node:net';
import { ErrorReply, PushReply, ReplyParser, type Reply } from '@ballast/core';
import { backoffDelayMs, RECONNECT_DEFAULTS, type ReconnectOptions } from './backoff.js';
import { ConnectionError, ReplyError } from './errors.js';
import { CommandQueue, type PendingCommand } from './command-queue.js';
import { RequestEncoder, type Argument } from './request-encoder.js';
import { isConfirmation, isMessage, Subscriptions } from './subscriptions.js';

export interface ConnectionOptions {
  host?: string;
  port?: number;
  /** 2 (default) or 3: the handshake sends `HELLO 3`. Replies map to the same types either way. */
  protocol?: 2 | 3;
  username?: string;
  password?: string;
  /** SELECT this database on every (re)connection. */
  database?: number;
  /** CLIENT SETNAME on every (re)connection. */
  name?: string;
  /** Give up on one connection attempt after this long (default 10 s, as ioredis). */
  connectTimeoutMs?: number;
  /** Backoff settings, or false to end the client when the connection is lost. */
  reconnect?: ReconnectOptions | false;
  /** Commands held while disconnected; beyond it a command fails at once (default 100,000). */
  offlineQueueMax?: number;
}

/** Where the connection is in its life; `ended` is final. */
export type ConnectionStatus = 'connecting' | 'ready' | 'reconnecting' | 'closing' | 'ended';

const CONNECT_TIMEOUT_MS = 10_000;
/** Bounds the memory an outage can pin: a burst of this many commands is held, the next fails. */
const OFFLINE_QUEUE_MAX = 100_000;

export class Connection extends EventEmitter {
  readonly subscriptions = new Subscriptions();
  private socket: net.Socket | undefined;
  private parser = new ReplyParser();
  private readonly encoder = new RequestEncoder();
  private readonly inFlight = new CommandQueue();
  private readonly offline = new CommandQueue();
  private state: ConnectionStatus = 'connecting';
  private flushScheduled = false;
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private readonly reconnectOptions: Required<ReconnectOptions> | false;
  /** Changes on every new socket: caches tied to the server (durability detection) key on it. */
  generation = 0;

  constructor(readonly options: ConnectionOptions) {
    super();
    this.reconnectOptions = options.reconnect === false ? false : { ...RECONNECT_DEFAULTS, ...options.reconnect };
    this.open();
  }

  get protocol(): 2 | 3 {
    return this.options.protocol ?? 2;
  }

  get status(): ConnectionStatus {
    return this.state;
  }

  /** Queues a command: written in this tick's batch when ready, else held offline. */
  send(command: PendingCommand): void {
    if (this.state === 'ready') return this.write(command);
    if (this.state === 'closing' || this.state === 'ended') {
      return command.fail(new ConnectionError('the connection is closed'));
    }
    if (this.offline.length >= (this.options.offlineQueueMax ?? OFFLINE_QUEUE_MAX)) {
      return command.fail(new ConnectionError(`the offline queue is full (${this.offline.length} commands wait for a connection)`));
    }
    this.offline.push(command);
  }

  /**
   * Sends QUIT after everything queued, then ends; resolves once the server closed. Commands
   * still held offline are sent first, so this waits for the connection to come back (or for
   * reconnecting to give up); disconnect() stops at once.
   */
  async quit(): Promise<void> {
    if ((this.state === 'connecting' || this.state === 'reconnecting') && this.offline.length > 0) {
      await new Promise<void>((resolve) => {
        const settle = () => {
          this.off('ready', settle);
          this.off('end', settle);
          resolve();
        };
        this.on('ready', settle);
        this.on('end', settle);
      });
    }
    if (this.state === 'ended') return;
    if (this.state !== 'ready') return this.disconnect();
    const closed = new Promise<void>((resolve) => this.once('end', () => resolve()));
    const quit = new Promise<unknown>((resolve, reject) => this.write(simpleCommand(['QUIT'], resolve, reject)));
    this.state = 'closing';
    await quit.catch(() => undefined);
    this.socket?.end();
    await closed;
  }

  /** Closes at once: every waiting command fails with ConnectionError. */
  async disconnect(): Promise<void> {
    if (this.state === 'ended') return;
    const closed = new Promise<void>((resolve) => this.once('end', () => resolve()));
    this.state = 'closing';
    clearTimeout(this.reconnectTimer);
    if (this.socket === undefined || this.socket.destroyed) this.finish();
    else this.socket.destroy();
    await closed;
  }

  private write(command: PendingCommand): void {
    this.encoder.encode(command.args);
    this.inFlight.push(command);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      process.nextTick(this.flush);
    }
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    if (this.encoder.empty || this.socket === undefined) return;
    this.socket.write(this.encoder.take());
  };

  private open(): void {
    this.generation++;
    const socket = net.connect({ host: this.options.host ?? '127.0.0.1', port: this.options.port ?? 6379 });
    this.socket = socket;
    socket.setNoDelay(true);
    socket.setTimeout(this.options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS, () => {
      socket.destroy(new ConnectionError(`connect timed out after ${this.options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS} ms`));
    });
    socket.once('connect', () => {
      socket.setTimeout(0);
      this.handshake();
    });
    socket.on('data', (chunk) => this.receive(chunk));
    socket.on('error', (error) => this.report(error));
    socket.once('close', () => this.lost(socket));
  }

  private handshake(): void {
    const { username, password, database, name } = this.options;
    const commands: Argument[][] = [];
    if (this.protocol === 3) {
      const hello: Argument[] = ['HELLO', '3'];
      if (password !== undefined) hello.push('AUTH', username ?? 'default', password);
      if (name !== undefined) hello.push('SETNAME', name);
      commands.push(hello);
    } else {
      if (password !== undefined) commands.push(username === undefined ? ['AUTH', password] : ['AUTH', username, password]);
      if (name !== undefined) commands.push(['CLIENT', 'SETNAME', name]);
    }
    if (database !== undefined && database !== 0) commands.push(['SELECT', database]);
    const replies = commands.map((args) => new Promise<unknown>((resolve, reject) => this.write(simpleCommand(args, resolve, reject))));
    for (const args of this.subscriptions.restoreCommands()) {
      const expected = args.length - 1;
      replies.push(new Promise((resolve, reject) => this.write({ ...simpleCommand(args, resolve, reject), confirmations: expected })));
    }
    Promise.all(replies).then(() => this.ready(), (error: unknown) => {
      this.report(error as Error);
      this.socket?.destroy();
    });
  }

  private ready(): void {
    if (this.state === 'closing' || this.state === 'ended') return;
    this.state = 'ready';
    this.attempt = 0;
    this.emit('ready');
    for (let command = this.offline.shift(); command !== undefined; command = this.offline.shift()) {
      if (!command.settled) this.write(command);
    }
  }

  private receive(chunk: Buffer): void {
    this.parser.feed(chunk);
    try {
      for (let reply = this.parser.next(); reply !== undefined; reply = this.parser.next()) this.dispatch(reply);
    } catch (error) {
      this.report(new ConnectionError(`the server sent bytes that are not RESP: ${(error as Error).message}`));
      this.socket?.destroy();
    }
  }

  private dispatch(reply: Reply): void {
    const items = reply instanceof PushReply ? reply.items : this.subscriptions.size > 0 || this.inFlight.peek()?.confirmations ? reply : undefined;
    if (Array.isArray(items)) {
      if (isMessage(items)) {
        this.subscriptions.deliver(items);
        return;
      }
      if (isConfirmation(items)) {
        const head = this.inFlight.peek();
        if (head?.confirmations === undefined) return;
        if (--head.confirmations > 0) return;
        this.inFlight.shift();
        head.succeed(items);
        return;
      }
      if (reply instanceof PushReply) return;
    }
    const command = this.inFlight.shift();
    if (command === undefined) {
      this.report(new ConnectionError('the server sent a reply no command was waiting for'));
      return;
    }
    if (reply instanceof ErrorReply) command.fail(new ReplyError(reply.message));
    else command.succeed(reply);
  }

  private report(error: Error): void {
    if (this.listenerCount('error') > 0) this.emit('error', error);
  }

  private lost(socket: net.Socket): void {
    if (socket !== this.socket) return;
    this.socket = undefined;
    this.flushScheduled = false;
    this.encoder.take();
    this.parser = new ReplyParser();
    const error = new ConnectionError('the connection was lost while the command was in flight; it may or may not have run');
    for (let command = this.inFlight.shift(); command !== undefined; command = this.inFlight.shift()) command.fail(error);
    if (this.state === 'closing' || this.state === 'ended' || this.reconnectOptions === false) return this.finish();
    this.attempt++;
    if (this.attempt > this.reconnectOptions.attemptsMax) return this.finish();
    const delayMs = backoffDelayMs(this.attempt, this.reconnectOptions);
    this.state = 'reconnecting';
    this.emit('reconnecting', { attempt: this.attempt, delayMs });
    this.reconnectTimer = setTimeout(() => this.open(), delayMs);
  }

  private finish(): void {
    this.state = 'ended';
    const error = new ConnectionError('the connection is closed');
    for (let command = this.offline.shift(); command !== undefined; command = this.offline.shift()) command.fail(error);
    this.emit('end');
  }
}

/** A command whose raw reply (or error) goes straight to a promise. */
function simpleCommand(args: Argument[], resolve: (reply: Reply) => void, reject: (error: Error) => void): PendingCommand {
  return { args, settled: false, succeed: resolve, fail: reject };
}
