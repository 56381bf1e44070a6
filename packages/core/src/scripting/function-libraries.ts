/**
 * The function libraries FUNCTION LOAD created: each library's name, engine, whole code and the
 * functions it registered (name, flags, description), and the index from function name to
 * library that FCALL looks up (case-insensitive, as Redis's; library names are case-sensitive). Only metadata: the compiled functions live in the Lua VM
 * (LuaFunctions), which the Scripting facade keeps in step with this registry.
 */
import type { ByteString } from '../resp/byte-string.js';
import { type ScriptFlag, isScriptFlag } from './shebang.js';

export interface LibraryFunction {
  readonly name: string;
  readonly library: string;
  readonly flags: ReadonlySet<ScriptFlag>;
  readonly description: string | null;
}

export interface Library {
  readonly name: string;
  readonly engine: 'LUA';
  /** The code as FUNCTION LOAD received it, shebang included (FUNCTION LIST WITHCODE, DUMP). */
  readonly code: ByteString;
  readonly functions: ReadonlyMap<string, LibraryFunction>;
}

export function libraryOf(name: string, code: ByteString,
  registered: readonly { name: string; flags: readonly string[]; description: string | null }[]): Library {
  const functions = new Map<string, LibraryFunction>();
  for (const fn of registered) {
    functions.set(fn.name, { name: fn.name, library: name, flags: new Set(fn.flags.filter(isScriptFlag)), description: fn.description });
  }
  return { name, engine: 'LUA', code, functions };
}

export class FunctionLibraries {
  private readonly libraries = new Map<string, Library>();
  private readonly functions = new Map<string, LibraryFunction>();

  get(name: string): Library | undefined {
    return this.libraries.get(name);
  }

  /** FCALL's lookup: function names are case-insensitive across libraries (as Redis's function dict). */
  function(name: string): LibraryFunction | undefined {
    return this.functions.get(name.toLowerCase());
  }

  all(): Iterable<Library> {
    return this.libraries.values();
  }

  get libraryCount(): number {
    return this.libraries.size;
  }

  get functionCount(): number {
    return this.functions.size;
  }

  /** The first function of `library` that another library (not `replacing`) already has. */
  collision(library: Library, replacing: string | null = null): string | null {
    for (const name of library.functions.keys()) {
      const owner = this.functions.get(name.toLowerCase());
      if (owner !== undefined && owner.library !== replacing) return name;
    }
    return null;
  }

  set(library: Library): void {
    this.delete(library.name);
    this.libraries.set(library.name, library);
    for (const fn of library.functions.values()) this.functions.set(fn.name.toLowerCase(), fn);
  }

  delete(name: string): void {
    const library = this.libraries.get(name);
    if (library === undefined) return;
    for (const fn of library.functions.keys()) this.functions.delete(fn.toLowerCase());
    this.libraries.delete(name);
  }

  clear(): void {
    this.libraries.clear();
    this.functions.clear();
  }

  /** Bytes of the libraries' code (INFO used_memory_scripts for functions). */
  get codeBytes(): number {
    let bytes = 0;
    for (const library of this.libraries.values()) bytes += library.code.length;
    return bytes;
  }
}
