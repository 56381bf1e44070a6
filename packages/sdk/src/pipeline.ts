/**
 * Pipeline and transaction builders. Each command method queues the command and returns the
 * builder with the command's result type appended, so `exec()` resolves to a typed tuple:
 * `client.pipeline().set('a', '1').get('a').exec()` is `Promise<['OK' | null, string | null]>`.
 * A pipeline sends its commands together and fails with the first error; a transaction wraps
 * them in MULTI … EXEC (written in one batch, so no other command of the client interleaves) and
 * resolves to null when a watched key changed.
 */
import type { Bulk } from './decoders.js';
import type { GeneratedCommands } from './generated/commands.js';
import { installCommands } from './install-commands.js';
import { toValue, type Value } from './reply-value.js';
import type { Argument } from './request-encoder.js';
import type { Decoder } from './request.js';
import type { Script } from './script.js';
import type { ScriptArguments, TypedCommands } from './typed-commands.js';

export interface QueuedCommand {
  readonly args: readonly Argument[];
  readonly decode: Decoder<unknown>;
}

export type BatchRunner = (commands: readonly QueuedCommand[]) => Promise<unknown[] | null>;

interface BuilderCore {
  /** Commands queued so far. */
  readonly length: number;
}

type Chain<S extends Bulk, R extends unknown[], Next extends 'pipeline' | 'multi'> = {
  [K in keyof TypedCommands<S>]: TypedCommands<S>[K] extends (...args: infer A) => infer T
    ? (...args: A) => Next extends 'pipeline' ? Pipeline<S, [...R, T]> : Multi<S, [...R, T]>
    : never;
} & {
  [K in Exclude<keyof GeneratedCommands, keyof TypedCommands<S> | 'exec' | 'call' | 'length'>]:
    (...args: Argument[]) => Next extends 'pipeline' ? Pipeline<S, [...R, Value]> : Multi<S, [...R, Value]>;
};

/** Commands sent together; `exec()` resolves with their results in order. */
export type Pipeline<S extends Bulk = string, R extends unknown[] = []> = BuilderCore & Chain<S, R, 'pipeline'> & {
  /** Queues any command. */
  call(command: string, ...args: Argument[]): Pipeline<S, [...R, Value]>;
  /** Queues a script from `client.script()`: EVAL the first time in this pipeline, EVALSHA after. */
  runScript(script: Script, options?: ScriptArguments): Pipeline<S, [...R, Value]>;
  /** Sends everything; rejects with the first error (a ReplyError, ConnectionError, …). */
  exec(): Promise<R>;
};

/** MULTI … EXEC; `exec()` resolves with the results, or null when a watched key changed. */
export type Multi<S extends Bulk = string, R extends unknown[] = []> = BuilderCore & Chain<S, R, 'multi'> & {
  call(command: string, ...args: Argument[]): Multi<S, [...R, Value]>;
  /** Queues a script from `client.script()`: EVAL the first time in this transaction, EVALSHA after. */
  runScript(script: Script, options?: ScriptArguments): Multi<S, [...R, Value]>;
  /** Runs the transaction; rejects with the first error (EXECABORT carries the queuing error). */
  exec(): Promise<R | null>;
};

class Builder {
  private readonly commands: QueuedCommand[] = [];
  /** Scripts this batch already sends by source, so later uses go by SHA1. */
  private readonly scriptsSent = new Set<string>();

  constructor(private readonly runner: BatchRunner) {}

  get length(): number {
    return this.commands.length;
  }

  /** @internal */
  add(args: readonly Argument[], decode: Decoder<unknown>): this {
    this.commands.push({ args, decode });
    return this;
  }

  call(command: string, ...args: Argument[]): this {
    return this.add([command, ...args], toValue);
  }

  runScript(script: Script, options?: ScriptArguments): this {
    const sent = this.scriptsSent.has(script.sha1);
    this.scriptsSent.add(script.sha1);
    return this.add(script.command(sent ? 'sha1' : 'source', options), toValue);
  }

  exec(): Promise<unknown[] | null> {
    if (this.commands.length === 0) return Promise.resolve([]);
    return this.runner(this.commands);
  }
}

installCommands(Builder.prototype, (target, args, decode) => (target as Builder).add(args, decode));

export function createPipeline<S extends Bulk>(runner: BatchRunner): Pipeline<S> {
  return new Builder(runner) as unknown as Pipeline<S>;
}

export function createMulti<S extends Bulk>(runner: BatchRunner): Multi<S> {
  return new Builder(runner) as unknown as Multi<S>;
}
