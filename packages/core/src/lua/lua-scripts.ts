/**
 * Redis's two Lua VMs as the engine uses them: LuaScripts (EVAL: scripts by SHA, KEYS/ARGV
 * globals, SCRIPT FLUSH gives a fresh VM) and LuaFunctions (FUNCTION: libraries whose code runs
 * once with redis.register_function, then functions called with (keys, args)).
 */
import type { ByteString } from '../resp/byte-string.js';
import { ErrorReply } from '../resp/reply.js';
import { LUA_VM_EVAL, LUA_VM_FUNCTIONS, LuaVm, type LuaHost, type LuaRun, type LuaRunOptions } from './lua-vm.js';

export interface LuaVmOptions {
  /** Seeds math.random (Redis's lrand48 generator) when the VM is created. */
  randomSeed: number;
  /** Cap on the VM's Lua heap; past it allocations fail with Lua's "not enough memory". */
  memoryLimitBytes?: number;
}

/** A script or library body without its `#!` line; the line feed stays, so line numbers do too. */
function withoutShebang(code: ByteString): ByteString {
  if (!code.startsWith('#!')) return code;
  const end = code.indexOf('\n');
  return end === -1 ? '' : code.slice(end);
}

/** The EVAL VM (one per engine, created lazily by the engine). */
export class LuaScripts {
  private vm: LuaVm;
  private readonly refs = new Map<string, number>();

  constructor(private readonly options: LuaVmOptions) {
    this.vm = new LuaVm(LUA_VM_EVAL, options.randomSeed, options.memoryLimitBytes);
  }

  /**
   * Compiles `body` (its shebang line skipped, as Redis does) as chunk "@user_script" and keeps
   * it as script `sha`; null, or the compile error as Redis 7.0 words it.
   */
  define(sha: string, body: ByteString): ErrorReply | null {
    const vm = this.healthy();
    if (this.refs.has(sha)) return null;
    const result = vm.define(withoutShebang(body));
    if (typeof result === 'string') {
      return new ErrorReply(trimFormatted(`ERR Error compiling script (new function): ${cString(result)}`));
    }
    this.refs.set(sha, result);
    return null;
  }

  has(sha: string): boolean {
    this.healthy();
    return this.refs.has(sha);
  }

  /** Runs a defined script with the KEYS and ARGV globals set. */
  start(sha: string, keys: readonly ByteString[], args: readonly ByteString[], options: LuaRunOptions): LuaRun {
    const vm = this.healthy();
    const ref = this.refs.get(sha);
    if (ref === undefined) throw new Error(`lua: script ${sha} is not defined`);
    return vm.start(ref, sha, keys, args, options);
  }

  /** SCRIPT FLUSH: a fresh VM (scripts, globals and the random generator start over). */
  flush(): void {
    this.refs.clear();
    this.vm = new LuaVm(LUA_VM_EVAL, this.options.randomSeed, this.options.memoryLimitBytes);
  }

  /** The Lua heap in bytes (used_memory_lua / used_memory_vm_eval). */
  get memoryBytes(): number {
    return this.vm.usedBytes;
  }

  /**
   * A VM whose state a failed host callback left inconsistent is replaced: its scripts are lost,
   * so has() answers false and the engine defines them again (as after SCRIPT FLUSH).
   */
  private healthy(): LuaVm {
    if (this.vm.broken) this.flush();
    return this.vm;
  }
}

interface RegisteredFunction {
  name: string;
  ref: number;
  flags: string[];
  description: string | null;
}

const FLAG_NAMES = ['no-writes', 'allow-oom', 'allow-stale', 'no-cluster', 'allow-cross-slot-keys'];

function flagNames(bits: number): string[] {
  return FLAG_NAMES.filter((_, index) => (bits & (1 << index)) !== 0);
}

interface LoadedLibrary {
  code: ByteString;
  functions: Map<string, RegisteredFunction>;
}

const NO_TIMEOUT: Pick<LuaHost, 'checkpoint' | 'log'> = { checkpoint: () => 'continue', log: () => undefined };

/** The FUNCTION VM: libraries and their registered functions. */
export class LuaFunctions {
  private vm: LuaVm;
  private readonly libraries = new Map<string, LoadedLibrary>();
  private pending: LoadedLibrary | null = null;

  constructor(private readonly options: LuaVmOptions) {
    this.vm = new LuaVm(LUA_VM_FUNCTIONS, options.randomSeed, options.memoryLimitBytes);
  }

  /**
   * Runs a library's code (the whole FUNCTION LOAD payload; its `#!` line is skipped) with
   * redis.register_function available; `host.checkpoint()` answering 'yield' aborts it with
   * Redis's load-timeout error. Returns the functions it registered, or the error as Redis words
   * it. Nothing is replaced yet: commit(libraryName) or discard() follows.
   */
  load(libraryName: string, code: ByteString, host: Pick<LuaHost, 'checkpoint' | 'log'>):
    { functions: { name: string; flags: string[]; description: string | null }[] } | ErrorReply {
    void libraryName;
    this.discard();
    const result = this.healthy().loadLibrary(withoutShebang(code), host);
    if ('compileError' in result) {
      return new ErrorReply(`ERR Error compiling function: ${cString(result.compileError)}`);
    }
    if ('runtimeError' in result) {
      return new ErrorReply(`ERR Error registering functions: ${result.runtimeError}`);
    }
    const functions = new Map<string, RegisteredFunction>();
    for (const registered of result.functions) {
      functions.set(registered.name, { ...registered, flags: flagNames(registered.flags) });
    }
    this.pending = { code, functions };
    return { functions: [...functions.values()].map(({ name, flags, description }) => ({ name, flags, description })) };
  }

  /** Installs the pending library under `libraryName`, replacing one of the same name. */
  commit(libraryName: string): void {
    if (this.pending === null) throw new Error('lua: commit without a loaded library');
    this.delete(libraryName);
    this.libraries.set(libraryName, this.pending);
    this.pending = null;
  }

  discard(): void {
    if (this.pending === null) return;
    if (!this.vm.broken) for (const registered of this.pending.functions.values()) this.vm.release(registered.ref);
    this.pending = null;
  }

  delete(libraryName: string): void {
    const library = this.libraries.get(libraryName);
    if (library === undefined) return;
    if (!this.vm.broken) for (const registered of library.functions.values()) this.vm.release(registered.ref);
    this.libraries.delete(libraryName);
  }

  /** FUNCTION FLUSH: a fresh VM without libraries. */
  flush(): void {
    this.libraries.clear();
    this.pending = null;
    this.vm = new LuaVm(LUA_VM_FUNCTIONS, this.options.randomSeed, this.options.memoryLimitBytes);
  }

  /** Runs a function of a committed library with (KEYS, ARGV) as its two arguments. */
  start(libraryName: string, functionName: string, keys: readonly ByteString[], args: readonly ByteString[],
    options: LuaRunOptions): LuaRun {
    const vm = this.healthy();
    const registered = this.libraries.get(libraryName)?.functions.get(functionName);
    if (registered === undefined) throw new Error(`lua: function ${libraryName}.${functionName} is not loaded`);
    return vm.start(registered.ref, functionName, keys, args, options);
  }

  /** The Lua heap in bytes (used_memory_vm_functions). */
  get memoryBytes(): number {
    return this.vm.usedBytes;
  }

  /**
   * A VM that a throwing host callback left inconsistent is replaced, and the committed
   * libraries load into the new one again (their code loaded before, so it loads the same way).
   */
  private healthy(): LuaVm {
    if (!this.vm.broken) return this.vm;
    this.pending = null;
    this.vm = new LuaVm(LUA_VM_FUNCTIONS, this.options.randomSeed, this.options.memoryLimitBytes);
    for (const library of this.libraries.values()) {
      const result = this.vm.loadLibrary(withoutShebang(library.code), NO_TIMEOUT);
      if (!('functions' in result)) throw new Error(`lua: a committed library failed to load again: ${JSON.stringify(result)}`);
      library.functions = new Map(result.functions.map((registered) => [registered.name, { ...registered, flags: flagNames(registered.flags) }]));
    }
    return this.vm;
  }
}

/** Redis formats these with %s from a C string: the text ends at the first NUL byte. */
function cString(text: string): string {
  const nul = text.indexOf('\0');
  return nul === -1 ? text : text.slice(0, nul);
}

/** addReplyErrorFormat trims CR/LF at both ends. */
function trimFormatted(text: string): string {
  return text.replace(/^[\r\n]+|[\r\n]+$/g, '');
}
