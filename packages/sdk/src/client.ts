/**
 * The client: a Connection plus the calling conventions on top of it — `call` for any command,
 * a method per command (hand-typed where typed-commands.ts has one, generic otherwise), views
 * with other per-call options (`with`, `buffers`, `durable`), pipelines and transactions, the
 * WATCH helper, SCAN iterators and pub/sub. Views share their parent's connection.
 */
import type { Reply } from '@ballast/core';
import { Batch } from './batch.js';
import { Connection, type ConnectionOptions, type ConnectionStatus } from './connection.js';
import { type Bulk, type ScoredMember } from './decoders.js';
import { checkWaitaof, durabilityMode, waitaofCommand } from './durability.js';
import { ConnectionError, DurabilityError } from './errors.js';
import type { GeneratedCommands } from './generated/commands.js';
import { installCommands, type Promised } from './install-commands.js';
import { createMulti, createPipeline, type Multi, type Pipeline } from './pipeline.js';
import { Request, type CallOptions, type Decoder } from './request.js';
import { toValue, type Value } from './reply-value.js';
import type { Argument } from './request-encoder.js';
import { scanHash, scanKeys, scanSet, scanSortedSet, type ScanOptions } from './scan.js';
import type { StreamEntry } from './stream-commands.js';
import { readGroup, type GroupReadOptions } from './stream-reader.js';
import { Script, type ScriptOptions } from './script.js';
import type { MessageListener, SubscriptionKind } from './subscriptions.js';
import type { TypedCommands } from './typed-commands.js';
import { parseUrl } from './url.js';

export interface ClientOptions extends ConnectionOptions {
  /** `redis://[user:password@]host[:port][/database]`; explicit options win over it. */
  url?: string;
  /** Bulk replies as Buffers for every call (typed as Buffer). */
  returnBuffers?: boolean;
  /** Default deadline for every command, in milliseconds. */
  commandTimeoutMs?: number;
}

/** What the client's events carry. */
export interface ClientEvents {
  ready: [];
  error: [Error];
  reconnecting: [{ attempt: number; delayMs: number }];
  end: [];
}

export interface WatchOptions {
  /** Run the body again this many times when a watched key changed (default 0). */
  retriesMax?: number;
}

/** The client type: the core methods, the typed commands, and every other command generically. */
export type Client<S extends Bulk = string> = ClientCore<S>
  & Promised<TypedCommands<S>>
  & Promised<Omit<GeneratedCommands, keyof TypedCommands<S> | keyof ClientCore<S>>>;

export class ClientCore<S extends Bulk = string> {
  /** This view's scripts by read-only flag and SHA1, so `script(source)` hashes a source once. */
  private readonly scripts = new Map<string, Script>();

  /** @internal Use createClient. */
  constructor(
    readonly connection: Connection,
    private readonly clientOptions: ClientOptions,
    readonly defaults: CallOptions,
  ) {}

  /** Runs any command: `call('SET', 'k', 'v')`. The reply is converted generically (reply-value.ts). */
  call(command: string, ...args: Argument[]): Promise<Value> {
    return this.run([command, ...args], toValue);
  }

  /** @internal Sends one command with this view's options. */
  run<T>(args: readonly Argument[], decode: Decoder<T>): Promise<T> {
    if (this.defaults.durable) return this.runDurable(args, decode);
    return this.send(args, decode, this.defaults);
  }

  private send<T>(args: readonly Argument[], decode: Decoder<T>, options: CallOptions): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.connection.send(new Request(args, decode, options.returnBuffers ?? false, resolve, reject, options));
    });
  }

  private async runDurable<T>(args: readonly Argument[], decode: Decoder<T>): Promise<T> {
    const mode = await this.durability();
    const result = this.send(args, decode, this.defaults);
    if (mode === 'reply') return result;
    const confirmed = this.send(waitaofCommand(this.defaults.timeoutMs), (reply) => reply, { ...this.defaults, returnBuffers: false });
    const [value, waitaof] = await Promise.all([result, confirmed]);
    checkWaitaof(waitaof);
    return value;
  }

  /** @internal How this view's writes are made durable; rejects when the server cannot promise it. */
  async durability(): Promise<'reply' | 'waitaof'> {
    const raw = (args: readonly Argument[]) => this.send(args, (reply: Reply) => reply, {});
    const mode = await durabilityMode(this.connection, raw);
    if (mode.kind === 'none') throw new DurabilityError(mode.reason);
    return mode.kind;
  }

  /** A view of this client with other per-call options (timeout, signal, buffers, durable). */
  with(options: CallOptions): Client<S> {
    return this.view({ ...this.defaults, ...options }) as Client<S>;
  }

  /** A view whose bulk replies are Buffers. */
  buffers(): Client<Buffer> {
    return this.view({ ...this.defaults, returnBuffers: true }) as unknown as Client<Buffer>;
  }

  /** A view whose writes resolve only once they are on disk on every shard they touched. */
  durable(): Client<S> {
    return this.with({ durable: true });
  }

  private view(defaults: CallOptions): ClientCore<S> {
    return new ClientCore<S>(this.connection, this.clientOptions, defaults);
  }

  /** A new client with its own connection and the same options. */
  duplicate(): Client<S> {
    return createClient({ ...this.clientOptions }) as unknown as Client<S>;
  }

  /** Commands sent together; `exec()` resolves with their typed results in order. */
  pipeline(): Pipeline<S> {
    return createPipeline<S>(this.batchRunner(false));
  }

  /** MULTI … EXEC; `exec()` resolves with the typed results, or null when a watched key changed. */
  multi(): Multi<S> {
    return createMulti<S>(this.batchRunner(true));
  }

  private batchRunner(transaction: boolean) {
    return (commands: ReadonlyArray<{ args: readonly Argument[]; decode: Decoder<unknown> }>) =>
      this.runBatch(commands, transaction);
  }

  private async runBatch(commands: ReadonlyArray<{ args: readonly Argument[]; decode: Decoder<unknown> }>, transaction: boolean): Promise<unknown[] | null> {
    const mode = this.defaults.durable ? await this.durability() : 'reply';
    const buffers = this.defaults.returnBuffers ?? false;
    let aborted = false;
    const results = await new Promise<unknown[]>((resolve, reject) => {
      const batch = new Batch(resolve, reject, this.defaults);
      if (transaction) {
        this.connection.send(batch.command(['MULTI'], -1, undefined, buffers));
        for (const { args } of commands) this.connection.send(batch.command(args, -1, undefined, buffers));
        this.connection.send(batch.command(['EXEC'], -1, undefined, buffers, (reply) => {
          if (reply === null || !Array.isArray(reply)) {
            aborted = true;
            return;
          }
          reply.forEach((item: Reply, index: number) => (batch.results[index] = commands[index].decode(item, buffers)));
        }));
      } else {
        commands.forEach(({ args, decode }, index) => this.connection.send(batch.command(args, index, decode, buffers)));
      }
      if (mode === 'waitaof') this.connection.send(batch.command(waitaofCommand(this.defaults.timeoutMs), -1, undefined, false, checkWaitaof));
    });
    return aborted ? null : results;
  }

  /**
   * WATCH `keys` on a connection of its own, run `body` there (reads on `tx` see the watched
   * state), and EXEC the transaction it returns. Resolves with the results, or null when a watched
   * key changed (after `retriesMax` more attempts).
   */
  async watch<R extends unknown[]>(keys: readonly Argument[], body: (tx: Client<S>) => Multi<S, R> | Promise<Multi<S, R>>,
    options: WatchOptions = {}): Promise<R | null> {
    const tx = this.duplicate();
    try {
      for (let attempt = 0; ; attempt++) {
        await tx.call('WATCH', ...keys);
        const result = await (await body(tx)).exec();
        if (result !== null || attempt >= (options.retriesMax ?? 0)) return result;
      }
    } finally {
      await tx.disconnect();
    }
  }

  /**
   * A Lua script bound to this view: `run({ keys, args })` sends EVALSHA and, when the server
   * answers NOSCRIPT (never loaded, SCRIPT FLUSH, a restart), sends the source once with EVAL.
   * The SHA1 is computed locally; the same source gives the same Script on this view. Pipelines
   * and transactions take it with `runScript(script, { keys, args })`.
   */
  script(source: string | Uint8Array, options: ScriptOptions = {}): Script {
    const made = new Script(source, (args, decode) => this.run(args, decode), options);
    const name = `${made.readOnly ? 'ro' : 'rw'}:${made.sha1}`;
    const known = this.scripts.get(name);
    if (known !== undefined) return known;
    this.scripts.set(name, made);
    return made;
  }

  /** Every key (SCAN), in batches of COUNT; `type` filters by type. */
  scanIterator(options: ScanOptions & { type?: string } = {}): AsyncIterableIterator<S> {
    return scanKeys(this.run.bind(this), options) as AsyncIterableIterator<S>;
  }

  /** Every member of a set (SSCAN). */
  sscanIterator(key: Argument, options: ScanOptions = {}): AsyncIterableIterator<S> {
    return scanSet(this.run.bind(this), key, options) as AsyncIterableIterator<S>;
  }

  /** Every field and value of a hash (HSCAN). */
  hscanIterator(key: Argument, options: ScanOptions = {}): AsyncIterableIterator<[string, S]> {
    return scanHash(this.run.bind(this), key, options) as AsyncIterableIterator<[string, S]>;
  }

  /** Every member and score of a sorted set (ZSCAN). */
  zscanIterator(key: Argument, options: ScanOptions = {}): AsyncIterableIterator<ScoredMember<S>> {
    return scanSortedSet(this.run.bind(this), key, options) as AsyncIterableIterator<ScoredMember<S>>;
  }

  /**
   * The entries a consumer of a stream's group is to process (stream-reader.ts): its own pending
   * entries first, then new ones, waiting `blockMs` at a time; XACK each one when done. A waiting
   * read holds the connection, so give a consumer a client of its own.
   */
  xreadgroupIterator(key: Argument, group: Argument, consumer: Argument, options: GroupReadOptions = {}): AsyncIterableIterator<StreamEntry<S>> {
    return readGroup(this.run.bind(this), key, group, consumer, options) as AsyncIterableIterator<StreamEntry<S>>;
  }

  /**
   * Subscribes `listener` to channels; kept across reconnects. Under RESP2 a subscribed
   * connection runs only subscription commands, so subscribe on a `duplicate()`; under RESP3 one
   * connection does both.
   */
  subscribe(channels: string | readonly string[], listener: MessageListener<S>): Promise<void> {
    return this.changeSubscription('channel', 'SUBSCRIBE', list(channels), listener);
  }

  /** Unsubscribes from channels (all when none are given). */
  unsubscribe(channels: string | readonly string[] = []): Promise<void> {
    return this.changeSubscription('channel', 'UNSUBSCRIBE', list(channels));
  }

  /** Subscribes `listener` to glob-style patterns; kept across reconnects. */
  psubscribe(patterns: string | readonly string[], listener: MessageListener<S>): Promise<void> {
    return this.changeSubscription('pattern', 'PSUBSCRIBE', list(patterns), listener);
  }

  /** Unsubscribes from patterns (all when none are given). */
  punsubscribe(patterns: string | readonly string[] = []): Promise<void> {
    return this.changeSubscription('pattern', 'PUNSUBSCRIBE', list(patterns));
  }

  private changeSubscription(kind: SubscriptionKind, command: string, names: readonly string[], listener?: MessageListener<S>): Promise<void> {
    const subscriptions = this.connection.subscriptions;
    const confirmations = names.length > 0 ? names.length : Math.max(subscriptions.count(kind), 1);
    if (listener !== undefined) subscriptions.add(kind, names, listener as MessageListener<string | Buffer>, this.defaults.returnBuffers ?? false);
    else subscriptions.remove(kind, names);
    return new Promise<void>((resolve, reject) => {
      const request = new Request<void>([command, ...names], () => undefined, false, resolve, reject, this.defaults);
      this.connection.send(Object.assign(request, { confirmations }));
    });
  }

  /** Resolves once the connection is ready (at once when it already is). */
  ready(): Promise<void> {
    if (this.connection.status === 'ready') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onReady = () => {
        this.connection.off('end', onEnd);
        resolve();
      };
      const onEnd = () => {
        this.connection.off('ready', onReady);
        reject(new ConnectionError('the client ended before it was ready'));
      };
      this.connection.once('ready', onReady);
      this.connection.once('end', onEnd);
    });
  }

  /** `connecting`, `ready`, `reconnecting`, `closing` or `ended`. */
  get status(): ConnectionStatus {
    return this.connection.status;
  }

  on<E extends keyof ClientEvents>(event: E, listener: (...args: ClientEvents[E]) => void): this {
    this.connection.on(event, listener as (...args: unknown[]) => void);
    return this;
  }

  once<E extends keyof ClientEvents>(event: E, listener: (...args: ClientEvents[E]) => void): this {
    this.connection.once(event, listener as (...args: unknown[]) => void);
    return this;
  }

  off<E extends keyof ClientEvents>(event: E, listener: (...args: ClientEvents[E]) => void): this {
    this.connection.off(event, listener as (...args: unknown[]) => void);
    return this;
  }

  /** Sends QUIT after every command issued so far, and resolves once the connection closed. */
  quit(): Promise<void> {
    return this.connection.quit();
  }

  /** Closes the connection now; commands still waiting fail with ConnectionError. */
  disconnect(): Promise<void> {
    return this.connection.disconnect();
  }
}

function list(names: string | readonly string[]): readonly string[] {
  return typeof names === 'string' ? [names] : names;
}

installCommands(ClientCore.prototype, (target, args, decode) => (target as ClientCore<Bulk>).run(args, decode));

/** Connects to a server (127.0.0.1:6379 by default); commands issued before it is ready wait. */
export function createClient(options: ClientOptions & { returnBuffers: true }): Client<Buffer>;
export function createClient(options?: ClientOptions): Client<string>;
export function createClient(options: ClientOptions = {}): Client<Bulk> {
  const merged: ClientOptions = { ...(options.url === undefined ? {} : parseUrl(options.url)), ...options };
  const connection = new Connection(merged);
  const defaults: CallOptions = { returnBuffers: merged.returnBuffers, timeoutMs: merged.commandTimeoutMs };
  return new ClientCore<Bulk>(connection, merged, defaults) as Client<Bulk>;
}
