/**
 * The script helper's protocol without a server: what it sends for `run` (EVALSHA, then EVAL
 * once on NOSCRIPT and never otherwise), for `load`, in batches, and the SHA1 it computes.
 */
import { describe, expect, it } from 'vitest';
import { SimpleString, type Reply } from '@ballast/core';
import { ReplyError, Script, scriptSha1 } from '../src/index.js';
import type { Argument } from '../src/request-encoder.js';
import type { Decoder } from '../src/request.js';

/** A runner answering each command with the next of `answers` (a ReplyError rejects), recording what was sent. */
function fakeRunner(answers: Array<Reply | ReplyError>) {
  const sent: Argument[][] = [];
  const runner = <T>(args: readonly Argument[], decode: Decoder<T>): Promise<T> => {
    sent.push([...args]);
    const answer = answers.shift();
    if (answer === undefined) throw new Error(`no answer left for ${String(args[0])}`);
    return answer instanceof ReplyError ? Promise.reject(answer) : Promise.resolve(decode(answer, false));
  };
  return { sent, runner };
}

const SOURCE = "return redis.call('GET', KEYS[1])";
const SHA1 = scriptSha1(SOURCE);

describe('script helper', () => {
  it('hashes the source bytes as Redis does (SHA1, lowercase hex, UTF-8)', () => {
    expect(scriptSha1('return 1')).toBe('e0e1f9fabfc9d4800c877a703b823ac0578ff8db');
    expect(scriptSha1('return "é"')).toBe(scriptSha1(Buffer.from('return "é"', 'utf8')));
  });

  it('runs by SHA1 and sends nothing else when the server has the script', async () => {
    const { sent, runner } = fakeRunner(['value']);
    expect(await new Script(SOURCE, runner).run({ keys: ['k'], args: ['a', 1] })).toBe('value');
    expect(sent).toEqual([['EVALSHA', SHA1, 1, 'k', 'a', 1]]);
  });

  it('answers NOSCRIPT with one EVAL of the source', async () => {
    const { sent, runner } = fakeRunner([new ReplyError('NOSCRIPT No matching script. Please use EVAL.'), 'value']);
    expect(await new Script(SOURCE, runner).run({ keys: ['k'] })).toBe('value');
    expect(sent).toEqual([['EVALSHA', SHA1, 1, 'k'], ['EVAL', SOURCE, 1, 'k']]);
  });

  it('retries only once: an error of the EVAL reaches the caller', async () => {
    const { sent, runner } = fakeRunner([new ReplyError('NOSCRIPT No matching script.'), new ReplyError('ERR Error compiling script')]);
    await expect(new Script(SOURCE, runner).run()).rejects.toMatchObject({ code: 'ERR' });
    expect(sent).toEqual([['EVALSHA', SHA1, 0], ['EVAL', SOURCE, 0]]);
  });

  it('does not retry other errors', async () => {
    const { sent, runner } = fakeRunner([new ReplyError('WRONGTYPE Operation against a key holding the wrong kind of value')]);
    await expect(new Script(SOURCE, runner).run({ keys: ['k'] })).rejects.toMatchObject({ code: 'WRONGTYPE' });
    expect(sent).toHaveLength(1);
  });

  it('read-only scripts use the _RO forms', async () => {
    const { sent, runner } = fakeRunner([new ReplyError('NOSCRIPT No matching script.'), null]);
    expect(await new Script(SOURCE, runner, { readOnly: true }).run({ keys: ['k'] })).toBeNull();
    expect(sent.map((command) => command[0])).toEqual(['EVALSHA_RO', 'EVAL_RO']);
  });

  it('load sends SCRIPT LOAD and checks the name the server gave', async () => {
    const { sent, runner } = fakeRunner([SHA1, 'not-the-sha1']);
    const script = new Script(SOURCE, runner);
    expect(await script.load()).toBe(SHA1);
    expect(sent).toEqual([['SCRIPT', 'LOAD', SOURCE]]);
    await expect(script.load()).rejects.toThrow(/named the script not-the-sha1/);
  });

  it('a status reply to SCRIPT LOAD is read as text too', async () => {
    const { runner } = fakeRunner([new SimpleString(SHA1)]);
    expect(await new Script(SOURCE, runner).load()).toBe(SHA1);
  });
});
