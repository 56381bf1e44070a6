/**
 * The compiled Lua WebAssembly module, decoded from the generated base64 and compiled once,
 * on first use, for every VM of the process.
 */
import { LUA_WASM_BASE64, LUA_WASM_BYTES } from './lua-wasm.generated.js';
import { compileWasm, type WasmModule } from './wasm-api.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function decodeBase64(text: string, byteLength: number): Uint8Array {
  const values = new Uint8Array(128);
  for (let i = 0; i < ALPHABET.length; i++) values[ALPHABET.charCodeAt(i)] = i;
  const out = new Uint8Array(byteLength);
  let bits = 0;
  let count = 0;
  let at = 0;
  for (let i = 0; i < text.length && at < byteLength; i++) {
    const code = text.charCodeAt(i);
    if (code === 61) break; // '='
    bits = (bits << 6) | values[code];
    count += 6;
    if (count >= 8) {
      count -= 8;
      out[at++] = (bits >>> count) & 0xff;
    }
  }
  if (at !== byteLength) throw new Error(`lua wasm: decoded ${at} bytes, expected ${byteLength}`);
  return out;
}

let compiled: WasmModule | null = null;

export function luaWasmModule(): WasmModule {
  if (compiled === null) compiled = compileWasm(decodeBase64(LUA_WASM_BASE64, LUA_WASM_BYTES));
  return compiled;
}
