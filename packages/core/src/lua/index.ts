/**
 * Ballast's Lua runtime: Redis 7.0's Lua 5.1 environment in WebAssembly, for EVAL (LuaScripts)
 * and FUNCTION (LuaFunctions). The engine owns commands, caches and durability; this layer owns
 * what a script sees and how values convert.
 *
 * Big numbers: a script's {big_number="..."} becomes a bulk string (Redis sends RESP3 `(`, which
 * resp/reply.ts has no shape for yet; RESP2 is exact).
 */
export {
  CHECKPOINT_INSTRUCTIONS, type LuaHost, type LuaRun, type LuaRunOptions,
} from './lua-vm.js';
export { LuaFunctions, LuaScripts, type LuaVmOptions } from './lua-scripts.js';
export { errorAlreadyCounted } from './reply-codec.js';
export { sha1hex } from './sha1.js';
