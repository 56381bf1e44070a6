/**
 * One Lua VM: a WebAssembly instance of the Lua runtime (packages/core/lua) with its own
 * memory, set up as Redis's EVAL VM or FUNCTION VM. It owns the host imports (redis.call and
 * friends reach the LuaHost of the run in progress), the error unwinding that stands in for
 * setjmp/longjmp, and the runs (LuaRun) that step a script until it finishes or yields.
 *
 * Guarantees: at most one run at a time per VM; a suspended run resumes exactly where it
 * stopped; an exception that is not Lua's own (a bug in a host callback) marks the VM broken
 * (its Lua state is inconsistent) and is rethrown; the owner then builds a fresh VM.
 */
import { bytesToByteString, type ByteString } from '../resp/byte-string.js';
import { ErrorReply, type Reply } from '../resp/reply.js';
import { markCounted, ReplyWriter, ResultReader, trimLineEnds, type RunResult } from './reply-codec.js';
import { sha1hex } from './sha1.js';
import { instantiateWasm, type WasmGlobal, type WasmImports, type WasmMemory, type WasmTable } from './wasm-api.js';
import { luaWasmModule } from './wasm-module.js';

/** What a running script may ask of the engine. */
export interface LuaHost {
  /**
   * redis.call / redis.pcall: the engine runs one command (it does every check: unknown
   * command, noscript, read-only, cross-slot, OOM) and returns its Reply; an ErrorReply for any
   * refusal. `protocol` is the script's protocol of the moment (redis.setresp; 2 at the start of
   * every run): commands whose reply shape depends on it (ZRANGE WITHSCORES, HGETALL...) must
   * run as for a client of that protocol, as Redis runs them on its Lua client.
   */
  call(argv: readonly ByteString[], protocol: 2 | 3): Reply;
  /** redis.log(level, ...): level 0 debug, 1 verbose, 2 notice, 3 warning; message joined as Redis does. */
  log(level: number, message: ByteString): void;
  /** redis.set_repl(flags) after validation (REPL_NONE=0, REPL_AOF=1, REPL_REPLICA=2, REPL_ALL=3). */
  setReplication(flags: number): void;
  /** Called every CHECKPOINT_INSTRUCTIONS VM instructions: 'yield' suspends the run (resume with step()). */
  checkpoint(): 'continue' | 'yield';
  /**
   * redis.acl_check_cmd(...): whether the calling user may run the command (true/false), or null
   * when no such command exists. Without it every existing-looking command is allowed.
   */
  aclCheckCommand?(argv: readonly ByteString[]): boolean | null;
}

export interface LuaRun {
  /**
   * Runs until the script finishes or host.checkpoint() answers 'yield'. `reply` is the script's
   * result converted as Redis converts it for a client speaking `protocol`; errors raised by the
   * script come back as ErrorReply with Redis 7.0's text.
   */
  step(): { done: true; reply: Reply } | { done: false };
  /** SCRIPT KILL / FUNCTION KILL: the next step ends the run with `error` (pcall cannot catch it). */
  kill(error: ErrorReply): void;
}

export interface LuaRunOptions {
  host: LuaHost;
  protocol: 2 | 3;
}

/** VM instructions between two host.checkpoint() calls (Redis's count hook uses the same). */
export const CHECKPOINT_INSTRUCTIONS = 100_000;

/** Which of Redis's two VMs an instance is set up as. */
export const LUA_VM_EVAL = 0;
export const LUA_VM_FUNCTIONS = 1;
export type LuaVmMode = typeof LUA_VM_EVAL | typeof LUA_VM_FUNCTIONS;

interface LuaExports {
  memory: WasmMemory;
  __stack_pointer: WasmGlobal;
  __indirect_function_table: WasmTable;
  io_reserve(bytes: number): number;
  io_pointer(): number;
  io_written(): number;
  memory_bytes(): number;
  set_memory_limit(bytes: number): void;
  vm_create(mode: number, seed: number): number;
  ref_release(ref: number): void;
  script_define(bodyLength: number): number;
  library_load(codeLength: number): number;
  run_start(ref: number, protocol: number): void;
  run_step(): number;
  run_abort(): number;
  gc_full(): void;
}

/** Thrown by the `throw` import and recognised only by `protected_call`: Lua's longjmp. */
const LUA_UNWIND = Object.freeze({ luaUnwind: true });
const WASI_EBADF = 8;

export class LuaVmExit extends Error {}

export class LuaVm {
  private readonly exports: LuaExports;
  private memoryBytes = new Uint8Array(0);
  private memoryView = new DataView(this.memoryBytes.buffer);
  private readonly functionCache = new Map<number, (state: number, data: number) => void>();
  private readonly writer = new ReplyWriter();
  private run: WasmLuaRun | null = null;
  /** Set while a library loads (its host has only checkpoint and log). */
  private loadHost: Pick<LuaHost, 'checkpoint' | 'log'> | null = null;
  broken = false;

  constructor(readonly mode: LuaVmMode, randomSeed: number, memoryLimitBytes: number | undefined) {
    this.exports = instantiateWasm(luaWasmModule(), this.imports()) as unknown as LuaExports;
    if (memoryLimitBytes !== undefined) {
      if (!(memoryLimitBytes > 0)) throw new Error(`lua: memoryLimitBytes must be positive, got ${memoryLimitBytes}`);
      this.exports.set_memory_limit(memoryLimitBytes);
    }
    if (this.guard(() => this.exports.vm_create(mode, randomSeed | 0)) !== 1) throw new Error('lua: cannot create the VM');
  }

  get usedBytes(): number {
    return this.exports.memory_bytes();
  }

  /** Compiles a chunk; a registry reference, or the compile error text. */
  define(body: ByteString): number | string {
    this.assertIdle();
    this.writeIo(body);
    const ref = this.guard(() => this.exports.script_define(body.length));
    if (ref > 0) return ref;
    return new ResultReader(this.bytes(), this.exports.io_pointer()).text();
  }

  /** Runs library code; the registered functions, or the error text (compile or runtime). */
  loadLibrary(code: ByteString, host: Pick<LuaHost, 'checkpoint' | 'log'>):
    { functions: { name: string; ref: number; flags: number; description: string | null }[] } | { compileError: string } | { runtimeError: string } {
    this.assertIdle();
    this.writeIo(code);
    this.loadHost = host;
    let count: number;
    try {
      count = this.guard(() => this.exports.library_load(code.length));
    } finally {
      this.loadHost = null;
    }
    const reader = new ResultReader(this.bytes(), this.exports.io_pointer());
    if (count === -1) return { compileError: reader.text() };
    if (count === -2) return { runtimeError: reader.text() };
    const view = this.view();
    const functions: { name: string; ref: number; flags: number; description: string | null }[] = [];
    let at = this.exports.io_pointer();
    const text = (): string => {
      const length = view.getUint32(at, true);
      const value = bytesToByteString(this.bytes(), at + 4, at + 4 + length);
      at += 4 + length;
      return value;
    };
    for (let i = 0; i < count; i++) {
      const name = text();
      const ref = view.getUint32(at, true);
      const flags = view.getUint32(at + 4, true);
      at += 8;
      let description: string | null = null;
      if (view.getUint32(at, true) === 0xffffffff) at += 4;
      else description = text();
      functions.push({ name, ref, flags, description });
    }
    return { functions };
  }

  release(ref: number): void {
    this.guard(() => this.exports.ref_release(ref));
  }

  /** Starts a run of the function `ref`; `name` names it in error texts (the SHA or function name). */
  start(ref: number, name: string, keys: readonly ByteString[], args: readonly ByteString[], options: LuaRunOptions): LuaRun {
    this.assertIdle();
    let total = 8;
    for (const key of keys) total += 4 + key.length;
    for (const arg of args) total += 4 + arg.length;
    const pointer = this.reserve(total);
    const bytes = this.bytes();
    const view = this.view();
    let at = pointer;
    for (const list of [keys, args]) {
      view.setUint32(at, list.length, true);
      at += 4;
      for (const item of list) {
        view.setUint32(at, item.length, true);
        at += 4;
        for (let i = 0; i < item.length; i++) bytes[at++] = item.charCodeAt(i);
      }
    }
    this.guard(() => this.exports.run_start(ref, options.protocol));
    const run = new WasmLuaRun(this, name, options);
    this.run = run;
    return run;
  }

  /** @internal one step of the active run. */
  stepRun(run: WasmLuaRun): { done: true; result: RunResult } | { done: false } {
    if (this.run !== run) throw new Error('lua: step() of a run that is not the active one');
    const status = this.guard(() => this.exports.run_step());
    if (status === 1) return { done: false };
    this.run = null;
    return { done: true, result: new ResultReader(this.bytes(), this.exports.io_pointer()).result() };
  }

  /** @internal abandons the active run; where it stopped (source and line), when known. */
  abortRun(run: WasmLuaRun): { source: string; line: number } | null {
    if (this.run !== run) throw new Error('lua: kill of a run that is not the active one');
    this.run = null;
    const line = this.guard(() => this.exports.run_abort());
    if (line < 0) return null;
    return { source: new ResultReader(this.bytes(), this.exports.io_pointer()).text(), line };
  }

  collectGarbage(): void {
    this.guard(() => this.exports.gc_full());
  }

  private assertIdle(): void {
    if (this.broken) throw new Error('lua: the VM is broken (a host callback threw)');
    if (this.run !== null) throw new Error('lua: a script is still running on this VM');
  }

  private guard<T>(body: () => T): T {
    try {
      return body();
    } catch (error) {
      this.broken = true;
      this.run = null;
      throw error;
    }
  }

  /** The memory as bytes; the views are rebuilt only when the memory has grown. */
  private bytes(): Uint8Array {
    const buffer = this.exports.memory.buffer;
    if (this.memoryBytes.buffer !== buffer) {
      this.memoryBytes = new Uint8Array(buffer);
      this.memoryView = new DataView(buffer);
    }
    return this.memoryBytes;
  }

  private view(): DataView {
    this.bytes();
    return this.memoryView;
  }

  private reserve(length: number): number {
    const pointer = this.exports.io_reserve(Math.max(length, 1));
    if (pointer === 0) throw new Error('lua: out of memory for the io buffer');
    return pointer;
  }

  private writeIo(text: ByteString): void {
    const pointer = this.reserve(text.length);
    const bytes = this.bytes();
    for (let i = 0; i < text.length; i++) bytes[pointer + i] = text.charCodeAt(i);
  }

  private readArguments(argvPointer: number, count: number): ByteString[] {
    const bytes = this.bytes();
    const view = this.view();
    const argv: ByteString[] = new Array<ByteString>(count);
    for (let i = 0; i < count; i++) {
      const pointer = view.getUint32(argvPointer + 8 * i, true);
      const length = view.getUint32(argvPointer + 8 * i + 4, true);
      argv[i] = bytesToByteString(bytes, pointer, pointer + length);
    }
    return argv;
  }

  private activeHost(): LuaHost {
    if (this.run === null) throw new Error('lua: host call outside a run');
    return this.run.options.host;
  }

  private imports(): WasmImports {
    const unsupported = (): number => WASI_EBADF;
    return {
      ballast: {
        throw: () => {
          throw LUA_UNWIND;
        },
        protected_call: (state: number, functionIndex: number, data: number): number => {
          const stackPointer = this.exports.__stack_pointer;
          const saved = stackPointer.value;
          let target = this.functionCache.get(functionIndex);
          if (target === undefined) {
            target = this.exports.__indirect_function_table.get(functionIndex) as (state: number, data: number) => void;
            this.functionCache.set(functionIndex, target);
          }
          try {
            target(state, data);
            return 0;
          } catch (error) {
            if (error !== LUA_UNWIND) throw error;
            stackPointer.value = saved;
            return 1;
          }
        },
        host_call: (argvPointer: number, count: number, protocol: number): number => {
          const scriptProtocol = protocol === 3 ? 3 : 2;
          const reply = this.activeHost().call(this.readArguments(argvPointer, count), scriptProtocol);
          const writer = this.writer;
          writer.reset();
          writer.write(reply, scriptProtocol);
          const pointer = this.reserve(writer.length);
          this.bytes().set(writer.bytes.subarray(0, writer.length), pointer);
          return writer.length;
        },
        host_acl_check: (argvPointer: number, count: number): number => {
          const host = this.activeHost();
          if (host.aclCheckCommand === undefined) return 1;
          const answer = host.aclCheckCommand(this.readArguments(argvPointer, count));
          return answer === null ? -1 : answer ? 1 : 0;
        },
        host_log: (level: number, pointer: number, length: number): void => {
          const host = this.loadHost ?? this.activeHost();
          host.log(level, bytesToByteString(this.bytes(), pointer, pointer + length));
        },
        host_set_repl: (flags: number): void => {
          this.activeHost().setReplication(flags);
        },
        host_checkpoint: (): number => {
          if (this.loadHost !== null) return this.loadHost.checkpoint() === 'yield' ? 1 : 0;
          const run = this.run;
          if (run === null) return 0;
          if (run.killRequested) return 1;
          return run.options.host.checkpoint() === 'yield' || run.killRequested ? 1 : 0;
        },
        host_sha1hex: (pointer: number, length: number, out: number): void => {
          const bytes = this.bytes();
          const digest = sha1hex(bytesToByteString(bytes, pointer, pointer + length));
          for (let i = 0; i < 40; i++) bytes[out + i] = digest.charCodeAt(i);
        },
      },
      wasi_snapshot_preview1: {
        fd_close: unsupported, fd_fdstat_get: unsupported, fd_fdstat_set_flags: unsupported,
        fd_prestat_get: unsupported, fd_prestat_dir_name: unsupported, fd_read: unsupported,
        fd_renumber: unsupported, fd_seek: unsupported, fd_write: unsupported, path_open: unsupported,
        proc_exit: (code: number): never => {
          throw new LuaVmExit(`lua: the VM aborted (exit code ${code})`);
        },
      },
    };
  }
}

class WasmLuaRun implements LuaRun {
  killRequested = false;
  private killError: ErrorReply | null = null;
  private finished = false;

  constructor(private readonly vm: LuaVm, private readonly name: string, readonly options: LuaRunOptions) {}

  step(): { done: true; reply: Reply } | { done: false } {
    if (this.finished) throw new Error('lua: step() after the run finished');
    if (this.killError !== null) {
      this.finished = true;
      const where = this.vm.abortRun(this);
      const suffix = where === null ? '' : ` script: ${this.name}, on ${where.source}:${where.line}.`;
      return { done: true, reply: new ErrorReply(this.killError.message + suffix) };
    }
    const outcome = this.vm.stepRun(this);
    if (!outcome.done) return outcome;
    this.finished = true;
    return { done: true, reply: this.toReply(outcome.result) };
  }

  kill(error: ErrorReply): void {
    if (this.finished) return;
    this.killRequested = true;
    this.killError = error;
  }

  private toReply(result: RunResult): Reply {
    switch (result.kind) {
      case 'reply':
        return result.reply;
      case 'raised': {
        const where = result.source !== null && result.line !== null ? ` script: ${this.name}, on ${result.source}:${result.line}.` : '';
        return markCounted(new ErrorReply(result.message + where), result.counted);
      }
      case 'failed':
        return new ErrorReply(trimLineEnds(`ERR Error running script ${this.name}, ${result.message.slice(0, 100)}`));
    }
  }
}
