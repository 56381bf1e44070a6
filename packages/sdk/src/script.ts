/**
 * The script helper: `client.script(source)` hashes a Lua script once (SHA1, computed here) and
 * runs it by that hash with EVALSHA. When the server does not hold it — never loaded, a SCRIPT
 * FLUSH, a restart (scripts are not persisted, on Ballast as on Redis) — the NOSCRIPT error is
 * answered by sending the source once with EVAL, which runs the script and caches it again; any
 * other error, or a failure of that EVAL, reaches the caller. In a pipeline or transaction the
 * first use of a script sends EVAL and later uses EVALSHA, so a batch never depends on what the
 * server cached before it.
 */
import { createHash } from 'node:crypto';
import { ReplyError } from './errors.js';
import { toValue, type Value } from './reply-value.js';
import type { Argument } from './request-encoder.js';
import type { Decoder } from './request.js';
import type { ScriptArguments } from './typed-commands.js';

/** How a script is run. */
export interface ScriptOptions {
  /** Run with EVALSHA_RO / EVAL_RO: the server refuses any write the script tries. */
  readOnly?: boolean;
}

/** Sends one command with a client view's options. */
export type CommandRunner = <T>(args: readonly Argument[], decode: Decoder<T>) => Promise<T>;

/** The SHA1 a server names a script by: lowercase hex of the source's bytes (UTF-8 for a string). */
export function scriptSha1(source: string | Uint8Array): string {
  return createHash('sha1').update(source).digest('hex');
}

/** `numkeys key… arg…`, the tail every EVAL and FCALL form shares. */
export function scriptArguments(options: ScriptArguments | undefined): Argument[] {
  const keys = options?.keys ?? [];
  return [keys.length, ...keys, ...(options?.args ?? [])];
}

/** A Lua script bound to a client: `run` sends EVALSHA and falls back to EVAL once on NOSCRIPT. */
export class Script {
  /** The script's SHA1, as SCRIPT LOAD would answer it. */
  readonly sha1: string;
  readonly readOnly: boolean;

  /** @internal Use `client.script(source)`. */
  constructor(
    readonly source: string | Uint8Array,
    private readonly runner: CommandRunner,
    options: ScriptOptions = {},
  ) {
    this.sha1 = scriptSha1(source);
    this.readOnly = options.readOnly ?? false;
  }

  /** Runs the script with KEYS and ARGV; the reply is converted as `client.call` converts it. */
  async run(options?: ScriptArguments): Promise<Value> {
    try {
      return await this.runner(this.command('sha1', options), toValue);
    } catch (error) {
      if (!(error instanceof ReplyError) || error.code !== 'NOSCRIPT') throw error;
      return this.runner(this.command('source', options), toValue);
    }
  }

  /** Caches the script on the server without running it (SCRIPT LOAD); resolves to its SHA1. */
  async load(): Promise<string> {
    const sha1 = await this.runner(['SCRIPT', 'LOAD', this.source], (reply) => String(toValue(reply, false)));
    if (sha1 !== this.sha1) throw new Error(`the server named the script ${sha1}, not ${this.sha1}`);
    return sha1;
  }

  /** @internal The command running the script by its hash (EVALSHA) or its source (EVAL). */
  command(by: 'sha1' | 'source', options: ScriptArguments | undefined): Argument[] {
    const name = (by === 'sha1' ? 'EVALSHA' : 'EVAL') + (this.readOnly ? '_RO' : '');
    return [name, by === 'sha1' ? this.sha1 : this.source, ...scriptArguments(options)];
  }
}
