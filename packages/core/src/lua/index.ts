/**
 * Ballast's Lua runtime: Redis 7.0's Lua 5.1 environment in WebAssembly, for EVAL (LuaScripts)
 * and FUNCTION (LuaFunctions). The engine owns commands, caches, permissions and durability;
 * this layer owns what a script sees and how values convert (see packages/core/lua for the C
 * side and scripts/build-lua-wasm.sh for the build).
 *
 * Limits the engine should know:
 * - One run at a time per VM: define/load/start while a run is suspended throw (Redis answers
 *   BUSY to those commands anyway).
 * - A busy script suspends at the next checkpoint answered 'yield', also inside pcall/xpcall;
 *   where Lua 5.1 cannot yield (inside a metamethod, a table.sort comparator, a gsub callback,
 *   a user coroutine, a pcall of a C function) it keeps running and suspends as soon as it
 *   leaves that place, without calling checkpoint again meanwhile.
 * - A script's {big_number="..."} reaches a RESP3 client as a bulk string (Redis sends `(`;
 *   resp/reply.ts has no big-number shape yet); a NaN {double=} prints as "nan" (Redis "-nan");
 *   a result nests at most 1000 levels (Redis about 8000) before "reached lua stack limit".
 */
export {
  CHECKPOINT_INSTRUCTIONS, type LuaHost, type LuaRun, type LuaRunOptions,
} from './lua-vm.js';
export { LuaFunctions, LuaScripts, type LuaVmOptions } from './lua-scripts.js';
export { errorAlreadyCounted } from './reply-codec.js';
export { sha1hex } from './sha1.js';
