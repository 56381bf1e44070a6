/**
 * Runs a script on the Lua runtime as EVAL would (define by SHA, start, step to the end) and
 * returns the reply encoded for the client's protocol, for byte comparison with redis-server.
 */
import { LuaScripts, sha1hex, type LuaHost } from '../../../src/lua/index.js';
import { encodeReply } from '../../../src/resp/encoder.js';
import type { Reply } from '../../../src/resp/reply.js';

export function evalReply(vm: LuaScripts, host: LuaHost, body: string, keys: string[] = [], args: string[] = [],
  protocol: 2 | 3 = 2): Reply {
  const sha = sha1hex(body);
  const error = vm.define(sha, body);
  if (error !== null) return error;
  const run = vm.start(sha, keys, args, { host, protocol });
  for (;;) {
    const outcome = run.step();
    if (outcome.done) return outcome.reply;
  }
}

export function evalBytes(vm: LuaScripts, host: LuaHost, body: string, keys: string[] = [], args: string[] = [],
  protocol: 2 | 3 = 2): string {
  return Buffer.from(encodeReply(evalReply(vm, host, body, keys, args, protocol), protocol)).toString('latin1');
}
