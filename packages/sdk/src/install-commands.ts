/**
 * Puts a method per command on a prototype (the client's, a pipeline's): the hand-typed ones
 * from typed-command-specs.ts, every other command of the generated table generically. A wrong
 * number of arguments for a generic command is a programmer error and throws TypeError at the
 * call, before anything is sent; the arity comes from core's table.
 */
import { GENERATED_COMMANDS } from './generated/commands.js';
import { toValue } from './reply-value.js';
import type { Argument } from './request-encoder.js';
import type { Decoder } from './request.js';
import { TYPED_COMMAND_SPECS } from './typed-command-specs.js';

/** Each method of T returning a Promise of what it returned. */
export type Promised<T> = { [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<R> : never };

/** What a method does with its encoded command: send it (client) or queue it (pipeline). */
export type Invoke = (target: object, args: readonly Argument[], decode: Decoder<unknown>) => unknown;

/** Throws TypeError when `count` arguments after the command's words do not fit its Redis arity. */
export function checkArity(words: readonly string[], arity: number, count: number): void {
  const total = words.length + count;
  if (arity >= 0 ? total === arity : total >= -arity) return;
  const expected = arity >= 0 ? `exactly ${arity - words.length}` : `at least ${-arity - words.length}`;
  throw new TypeError(`${words.join(' ')} takes ${expected} argument(s), got ${count}`);
}

export function installCommands(prototype: object, invoke: Invoke): void {
  const typed = TYPED_COMMAND_SPECS as Record<string, { encode: (...args: never[]) => Argument[]; decode: Decoder<unknown> }>;
  for (const [method, { words, arity }] of Object.entries(GENERATED_COMMANDS)) {
    if (method in prototype || method in typed) continue;
    Object.defineProperty(prototype, method, {
      configurable: true,
      writable: true,
      value(this: object, ...args: Argument[]) {
        checkArity(words, arity, args.length);
        return invoke(this, [...words, ...args], toValue);
      },
    });
  }
  for (const [method, spec] of Object.entries(typed)) {
    if (method in prototype) continue;
    Object.defineProperty(prototype, method, {
      configurable: true,
      writable: true,
      value(this: object, ...args: never[]) {
        return invoke(this, spec.encode(...args), spec.decode);
      },
    });
  }
}
