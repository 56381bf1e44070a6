/**
 * The few WebAssembly JS-API types the runtime uses. Core's TypeScript setup has no DOM lib and
 * @types/node does not declare WebAssembly, so the global is declared here, module-scoped.
 */
export interface WasmModule {
  readonly __wasmModule?: never;
}

export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}

export interface WasmGlobal {
  value: number;
}

export interface WasmTable {
  get(index: number): unknown;
}

export type WasmImports = Record<string, Record<string, (...args: never[]) => unknown>>;

interface WasmInstance {
  readonly exports: Record<string, unknown>;
}

declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: WasmImports) => WasmInstance;
};

export function compileWasm(bytes: Uint8Array): WasmModule {
  return new WebAssembly.Module(bytes);
}

export function instantiateWasm(module: WasmModule, imports: WasmImports): Record<string, unknown> {
  return new WebAssembly.Instance(module, imports).exports;
}
