/**
 * Scripting: EVAL's script cache and VM, FUNCTION's libraries and VM, and the one script that
 * runs at a time. The engine owns one and reaches the keyspace for it through ScriptHost; the
 * handlers of EVAL, FCALL, SCRIPT and FUNCTION call it through ScriptingServices.
 *
 * Guarantees (DESIGN.md's units): a script's commands run back to back on the engine's one
 * thread and their effects form the unit of the command that ran it, so after a crash all of
 * them are recovered or none. Replay never runs Lua — the log holds the commands' effects —
 * except FUNCTION LOAD/DELETE/FLUSH/RESTORE, which are logged as typed and rebuild the
 * libraries. A script that runs past busy-reply-threshold is suspended between slices of
 * instructions so the host's event loop serves other clients (who get -BUSY, except SCRIPT KILL,
 * FUNCTION KILL/STATS and the allow-busy commands); its unit stays open until it ends.
 */
import type { AccessControl } from '../commands/acl/access-control.js';
import type { CommandContext } from '../commands/types.js';
import { BlockRequest } from '../commands/types.js';
import type { RestorePolicy, ScriptInvocation, ScriptTarget, ScriptingInfo, ScriptingServices } from '../commands/services.js';
import type { Config } from '../config/config.js';
import type { Clock } from '../io/clock.js';
import type { Random } from '../io/random.js';
import { matchGlob } from '../keyspace/glob.js';
import { LuaFunctions, LuaScripts, sha1hex, type LuaHost, type LuaRun } from '../lua/index.js';
import type { ByteString } from '../resp/byte-string.js';
import { ErrorReply, MapReply, OK, SetReply, SimpleString, type Reply } from '../resp/reply.js';
import { ActiveScript, type ScriptKind } from './active-script.js';
import { FunctionLibraries, libraryOf, type Library } from './function-libraries.js';
import { decodeFunctionPayload, encodeFunctionPayload } from './function-payload.js';
import { ScriptCache, type CachedScript } from './script-cache.js';
import { SCRIPT_FLAGS, isValidFunctionName, parseLibraryShebang, parseScriptShebang, type ScriptFlag, type ScriptFlags } from './shebang.js';

/** What the engine does for scripts. */
export interface ScriptHost {
  readonly config: Config;
  readonly clock: Clock;
  readonly random: Random;
  log(level: 'debug' | 'verbose' | 'notice' | 'warning', message: string): void;
  /** redis.call / redis.pcall: resolves, checks (scriptCallRefusal) and runs one command as the script's client. */
  callFromScript(script: ActiveScript, argv: readonly ByteString[]): Reply;
  /** The script is the top-level command of its client (not inside EXEC, not replay): it may be suspended. */
  canSuspend(): boolean;
  /** Parks the running command's client; the engine calls `resume` in later events until it returns the reply. */
  suspend(resume: () => Reply | undefined): void;
  /** The function libraries changed: the running command is logged on the server-state shard. */
  librariesChanged(): void;
  /** FCALL, FUNCTION LIST and DUMP read the libraries: under appendfsync always their reply waits for the last change's commit. */
  noteLibraryRead(): void;
  /** Replaying a log: library loads have no time limit (Redis obeys its master and AOF the same way). */
  replaying(): boolean;
  /** The AOF's error after a durability failure, else null. */
  durabilityFailure(): string | null;
  /** NOREPLICAS's text while min-replicas-to-write is not met, else null. */
  replicasRefusal(): string | null;
  /** maxmemory is set and the calling command found memory full with nothing to evict (Redis's pre_command_oom_state). */
  outOfMemory(): boolean;
  /** The users: redis.acl_check_cmd asks whether the caller's may run a command. */
  readonly acl: AccessControl;
}

/** A library's code must finish loading within this (Redis's LOAD_TIMEOUT_MS). */
export const LIBRARY_LOAD_TIMEOUT_MS = 500;
/** Each Lua VM's heap cap: past it a script fails with Lua's "not enough memory". */
export const LUA_MEMORY_LIMIT_BYTES = 1024 * 1024 * 1024;

const NOSCRIPT = new ErrorReply('NOSCRIPT No matching script. Please use EVAL.');
const OOM_SCRIPT = new ErrorReply("OOM allow-oom flag is not set on the script, can not run it when used memory > 'maxmemory'");
export const BUSY_EVAL = new ErrorReply('BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.');
export const BUSY_FUNCTION = new ErrorReply('BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.');
const KILLED = new ErrorReply('ERR Script killed by user with SCRIPT KILL...');

export class Scripting implements ScriptingServices {
  private readonly cache = new ScriptCache();
  private readonly libraries = new FunctionLibraries();
  private evalVm: LuaScripts | null = null;
  private functionVm: LuaFunctions | null = null;
  private active: ActiveScript | null = null;

  constructor(private readonly host: ScriptHost) {}

  /** The script running now (also while suspended), or null. */
  get running(): ActiveScript | null {
    return this.active;
  }

  /** The -BUSY error other clients get while a script is past busy-reply-threshold, else null. */
  get busyError(): ErrorReply | null {
    const active = this.active;
    if (active === null || !active.timedOut) return null;
    return active.kind === 'eval' ? BUSY_EVAL : BUSY_FUNCTION;
  }

  info(): ScriptingInfo {
    return {
      evalVmBytes: this.evalVm?.memoryBytes ?? 0, functionsVmBytes: this.functionVm?.memoryBytes ?? 0,
      evalScriptsBytes: this.cache.memoryBytes, cachedScripts: this.cache.size,
      functions: this.libraries.functionCount, libraries: this.libraries.libraryCount, functionsBytes: this.libraries.codeBytes,
    };
  }

  hasFunction(name: ByteString): boolean {
    return this.libraries.function(name) !== undefined;
  }

  /**
   * The flags `target` declared, looked up before it runs as Redis's getCommandFlags does: a
   * cached script's or a function's, or the shebang of an EVAL body not cached yet (parsed, not
   * compiled); undefined for a script without flags, an unknown SHA or function, or a bad shebang.
   */
  declaredFlags(target: ScriptTarget): ReadonlySet<ScriptFlag> | undefined {
    if (target.kind === 'function') return this.libraries.function(target.name)?.flags;
    let flags: ScriptFlags | undefined;
    if (target.kind === 'evalsha') {
      flags = target.sha.length === 40 ? this.cache.get(target.sha.toLowerCase())?.flags : undefined;
    } else {
      const parsed = this.cache.get(sha1hex(target.body)) ?? parseScriptShebang(target.body);
      flags = typeof parsed === 'string' ? undefined : parsed.flags;
    }
    return flags === undefined || flags.compatible ? undefined : flags.flags;
  }

  /**
   * Whether EVAL/EVALSHA/FCALL (or an _RO form) with these arguments is deny-oom by its script's
   * declared flags (Redis's evalGetCommandFlags / fcallGetCommandFlags with scriptFlagsToCmdFlags):
   * true unless the script declares allow-oom or no-writes; undefined when the command is not a
   * script call, or the script has no declared flags (or is not known), so the command's own flags apply.
   */
  scriptDeniesOom(name: string, args: readonly ByteString[]): boolean | undefined {
    let flags: ScriptFlags | undefined;
    if (name === 'eval' || name === 'eval_ro') {
      flags = this.cache.get(sha1hex(args[1]))?.flags;
      if (flags === undefined) {
        const parsed = parseScriptShebang(args[1]);
        flags = typeof parsed === 'string' ? undefined : parsed.flags;
      }
    } else if (name === 'evalsha' || name === 'evalsha_ro') {
      flags = args[1].length === 40 ? this.cache.get(args[1].toLowerCase())?.flags : undefined;
    } else if (name === 'fcall' || name === 'fcall_ro') {
      const fn = this.libraries.function(args[1]);
      flags = fn === undefined ? undefined : { compatible: false, flags: fn.flags };
    }
    if (flags === undefined || flags.compatible) return undefined;
    return !flags.flags.has('allow-oom') && !flags.flags.has('no-writes');
  }

  run(context: CommandContext, { target, keys, args, readOnly: readOnlyCommand, command }: ScriptInvocation): Reply | BlockRequest {
    const prepared = this.prepare(target);
    if (prepared instanceof ErrorReply) return prepared;
    const { kind, name, flags } = prepared;
    const refusal = this.refuseRun(flags, readOnlyCommand);
    if (refusal !== null) return refusal;
    const declared = !flags.compatible;
    const script = new ActiveScript(kind, name, command, readOnlyCommand || (declared && flags.flags.has('no-writes')),
      declared && flags.flags.has('allow-oom'), this.host.clock.monotonic(), context.nowMs, context.client.databaseIndex, context.client);
    const options = { host: this.luaHost(script), protocol: context.client.protocol };
    this.active = script;
    script.run = kind === 'eval'
      ? this.scriptsVm().start(name, keys, args, options)
      : this.functionsVm().start(prepared.library, name, keys, args, options);
    const reply = this.step(script, script.run);
    if (reply !== undefined) return reply;
    this.host.suspend(() => this.step(script, script.run!));
    return new BlockRequest([], 0, () => undefined, null);
  }

  loadScript(body: ByteString): Reply {
    const script = this.define(body);
    return script instanceof ErrorReply ? script : script.sha;
  }

  scriptExists(sha: ByteString): boolean {
    return this.cache.get(sha.toLowerCase()) !== undefined;
  }

  flushScripts(): void {
    this.cache.clear();
    this.evalVm?.flush();
  }

  kill(kind: 'script' | 'function'): Reply {
    const active = this.active;
    if (active === null) return new ErrorReply('NOTBUSY No scripts in execution right now.');
    if (active.writeDirty) {
      return new ErrorReply('UNKILLABLE Sorry the script already executed write commands against the dataset. You can either wait the '
        + 'script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.');
    }
    if (kind === 'script' && active.kind === 'function') return BUSY_FUNCTION;
    if (kind === 'function' && active.kind === 'eval') return BUSY_EVAL;
    active.killed = true;
    active.run?.kill(KILLED);
    this.host.log('warning', 'Lua script killed by user with SCRIPT KILL.');
    return OK;
  }

  loadLibrary(code: ByteString, replace: boolean): Reply {
    const loaded = this.compileLibrary(code, replace);
    if (loaded instanceof ErrorReply) return loaded;
    this.commitLibraries([loaded]);
    return loaded.name;
  }

  deleteLibrary(name: ByteString): Reply {
    if (this.libraries.get(name) === undefined) return new ErrorReply('ERR Library not found');
    this.libraries.delete(name);
    this.functionVm?.delete(name);
    this.host.librariesChanged();
    return OK;
  }

  flushLibraries(): void {
    this.libraries.clear();
    this.functionVm?.flush();
    this.host.librariesChanged();
  }

  listLibraries(pattern: ByteString | null, withCode: boolean): Reply {
    this.host.noteLibraryRead();
    const replies: Reply[] = [];
    for (const library of this.libraries.all()) {
      if (pattern !== null && !matchGlob(pattern, library.name, true)) continue;
      const entries: [Reply, Reply][] = [
        ['library_name', library.name],
        ['engine', library.engine],
        ['functions', [...library.functions.values()].map((fn) => new MapReply([
          ['name', fn.name],
          ['description', fn.description],
          ['flags', new SetReply(SCRIPT_FLAGS.filter((flag) => fn.flags.has(flag)).map((flag) => new SimpleString(flag)))],
        ]))],
      ];
      if (withCode) entries.push(['library_code', library.code]);
      replies.push(new MapReply(entries));
    }
    return replies;
  }

  dumpLibraries(): ByteString {
    this.host.noteLibraryRead();
    return encodeFunctionPayload([...this.libraries.all()].map((library) => library.code), this.host.config.boolean('rdbcompression'));
  }

  /** The libraries as FUNCTION LOAD commands (base snapshots of the server-state shard). */
  libraryCodes(): ByteString[] {
    return [...this.libraries.all()].map((library) => library.code);
  }

  restoreLibraries(payload: ByteString, policy: RestorePolicy): Reply {
    const codes = decodeFunctionPayload(payload);
    if (typeof codes === 'string') return new ErrorReply(`ERR ${codes}`);
    const previous = [...this.libraries.all()];
    if (policy === 'flush') {
      this.libraries.clear();
      this.functionVm?.flush();
    }
    const restored: Library[] = [];
    for (const code of codes) {
      const loaded = this.compileLibrary(code, policy === 'replace', restored, true);
      if (loaded instanceof ErrorReply) {
        this.rebuildLibraries(previous);
        return loaded;
      }
      restored.push(loaded);
      this.functionVm!.commit(loaded.name);
    }
    for (const library of restored) this.libraries.set(library);
    this.host.librariesChanged();
    return OK;
  }

  stats(): Reply {
    const active = this.active;
    if (active !== null && active.kind === 'eval') return BUSY_EVAL;
    const running = active === null ? null : new MapReply([
      ['name', active.name],
      ['command', [...active.command]],
      ['duration_ms', Math.floor(this.host.clock.monotonic() - active.startedMs)],
    ]);
    return new MapReply([
      ['running_script', running],
      ['engines', new MapReply([['LUA', new MapReply([
        ['libraries_count', this.libraries.libraryCount],
        ['functions_count', this.libraries.functionCount],
      ])]])],
    ]);
  }

  private prepare(target: ScriptTarget): { kind: ScriptKind; name: string; flags: ScriptFlags; library: string } | ErrorReply {
    if (target.kind === 'eval') {
      const script = this.cache.get(sha1hex(target.body)) ?? this.define(target.body);
      return script instanceof ErrorReply ? script : { kind: 'eval', name: script.sha, flags: script.flags, library: '' };
    }
    if (target.kind === 'evalsha') {
      const script = target.sha.length === 40 ? this.cache.get(target.sha.toLowerCase()) : undefined;
      return script === undefined ? NOSCRIPT : { kind: 'eval', name: script.sha, flags: script.flags, library: '' };
    }
    const fn = this.libraries.function(target.name);
    if (fn === undefined) return new ErrorReply('ERR Function not found');
    this.host.noteLibraryRead();
    return { kind: 'function', name: fn.name, flags: { compatible: false, flags: fn.flags }, library: fn.library };
  }

  /** scriptPrepareForRun's checks for a script that may write. */
  private refuseRun(flags: ScriptFlags, readOnlyCommand: boolean): ErrorReply | null {
    if (flags.compatible || flags.flags.has('no-writes')) return null;
    const failure = this.host.durabilityFailure();
    if (failure !== null) {
      return new ErrorReply('MISCONF Redis is configured to persist data to AOF, but it\'s currently unable to persist to disk. '
        + `Writable scripts are blocked. Use 'no-writes' flag for read only scripts. AOF error: ${failure}`);
    }
    if (readOnlyCommand) return new ErrorReply('ERR Can not execute a script with write flag using *_ro command.');
    const replicas = this.host.replicasRefusal();
    if (replicas !== null) return new ErrorReply(replicas);
    // After the write checks, so the error need not mention no-writes (Redis's scriptPrepareForRun).
    if (!flags.flags.has('allow-oom') && this.host.outOfMemory()) return OOM_SCRIPT;
    return null;
  }

  private define(body: ByteString): CachedScript | ErrorReply {
    const sha = sha1hex(body);
    const cached = this.cache.get(sha);
    if (cached !== undefined) return cached;
    const parsed = parseScriptShebang(body);
    if (typeof parsed === 'string') return new ErrorReply(`ERR ${parsed}`);
    const error = this.scriptsVm().define(sha, parsed.code);
    if (error !== null) return error;
    const script = { sha, body, flags: parsed.flags };
    this.cache.add(script);
    return script;
  }

  /** Runs one slice of `run`: its reply once it ends (the script is no longer active), else undefined. */
  private step(script: ActiveScript, run: LuaRun): Reply | undefined {
    let outcome: ReturnType<LuaRun['step']>;
    try {
      outcome = run.step();
    } catch (error) {
      outcome = { done: true, reply: this.vmFailed(script.kind, error) };
    }
    if (!outcome.done) return undefined;
    if (this.active === script) this.active = null;
    return outcome.reply;
  }

  /**
   * The VM itself failed (a WebAssembly trap: a bug in the runtime, never the script's doing):
   * the script ends with an error, and that VM is replaced — the function VM reloads every
   * library — so one bad script cannot take the server down or leave a corrupt VM behind.
   */
  private vmFailed(kind: ScriptKind, error: unknown): ErrorReply {
    const message = error instanceof Error ? error.message : String(error);
    this.host.log('warning', `The Lua VM failed and is replaced: ${message}`);
    if (kind === 'eval') {
      this.evalVm = null;
      this.cache.clear();
    } else {
      this.functionVm = null;
      this.rebuildLibraries([...this.libraries.all()]);
    }
    return new ErrorReply(`ERR Lua VM failure (the script was stopped and the VM replaced): ${message}`);
  }

  private luaHost(script: ActiveScript): LuaHost {
    return {
      call: (argv, protocol) => {
        script.protocol = protocol;
        return this.host.callFromScript(script, argv);
      },
      log: (level, message) => this.host.log(LOG_LEVELS[level] ?? 'warning', message),
      setReplication: (flags) => {
        script.replication = flags;
      },
      checkpoint: () => this.checkpoint(script),
      aclCheckCommand: (argv) => this.host.acl.allows(script.caller.user, argv),
    };
  }

  /** Every slice of instructions: past busy-reply-threshold the script times out and, where it can, yields. */
  private checkpoint(script: ActiveScript): 'continue' | 'yield' {
    const threshold = this.host.config.integer('busy-reply-threshold');
    if (threshold <= 0 || script.killed) return 'continue';
    if (!script.timedOut) {
      const elapsed = this.host.clock.monotonic() - script.startedMs;
      if (elapsed < threshold) return 'continue';
      script.timedOut = true;
      this.host.log('warning', `Slow script detected: still in execution after ${Math.floor(elapsed)} milliseconds. `
        + `You can try killing the script using the ${script.kind === 'eval' ? 'SCRIPT KILL' : 'FUNCTION KILL'} command. Script name is: ${script.name}.`);
    }
    return this.host.canSuspend() ? 'yield' : 'continue';
  }

  /**
   * Runs a library's code and checks it as Redis's functionsCreateWithLibraryCtx does; on success
   * the VM holds it pending (commit or discard). `alsoLoaded`: libraries of the same RESTORE.
   */
  private compileLibrary(code: ByteString, replace: boolean, alsoLoaded: readonly Library[] = [], restoring = false): Library | ErrorReply {
    const meta = parseLibraryShebang(code);
    if (typeof meta === 'string') return new ErrorReply(`ERR ${meta}`);
    if (!isValidFunctionName(meta.name)) {
      return new ErrorReply('ERR Library names can only contain letters, numbers, or underscores(_) and must be at least one character long');
    }
    if (meta.engine.toUpperCase() !== 'LUA') return new ErrorReply(`ERR Engine '${meta.engine}' not found`);
    const existing = this.libraries.get(meta.name) ?? alsoLoaded.find((library) => library.name === meta.name);
    if (existing !== undefined && !replace) {
      // RESTORE (Redis's libraryJoin) words it without quotes.
      return new ErrorReply(restoring ? `ERR Library ${meta.name} already exists` : `ERR Library '${meta.name}' already exists`);
    }
    const vm = this.functionsVm();
    const startedMs = this.host.clock.monotonic();
    const timeoutMs = this.host.replaying() ? 0 : LIBRARY_LOAD_TIMEOUT_MS;
    const result = vm.load(meta.name, meta.body, {
      log: (level, message) => this.host.log(LOG_LEVELS[level] ?? 'warning', message),
      checkpoint: () => (timeoutMs > 0 && this.host.clock.monotonic() - startedMs > timeoutMs ? 'yield' : 'continue'),
    });
    if (result instanceof ErrorReply) return result;
    if (result.functions.length === 0) {
      vm.discard();
      return new ErrorReply('ERR No functions registered');
    }
    const library = libraryOf(meta.name, code, result.functions);
    const collision = this.libraries.collision(library, existing === undefined ? null : meta.name)
      ?? alsoLoadedCollision(library, alsoLoaded);
    if (collision !== null) {
      vm.discard();
      return new ErrorReply(`ERR Function ${collision} already exists`);
    }
    return library;
  }

  private commitLibraries(loaded: readonly Library[]): void {
    for (const library of loaded) {
      this.functionVm!.commit(library.name);
      this.libraries.set(library);
    }
    this.host.librariesChanged();
  }

  /** Back to `libraries` after a failed RESTORE: a fresh VM loads each again. */
  private rebuildLibraries(libraries: readonly Library[]): void {
    this.libraries.clear();
    this.functionVm?.flush();
    for (const library of libraries) {
      const reloaded = this.compileLibrary(library.code, false);
      if (reloaded instanceof ErrorReply) throw new Error(`library ${library.name} no longer loads: ${reloaded.message}`);
      this.functionVm!.commit(library.name);
      this.libraries.set(reloaded);
    }
  }

  private scriptsVm(): LuaScripts {
    this.evalVm ??= new LuaScripts({ randomSeed: this.seed(), memoryLimitBytes: LUA_MEMORY_LIMIT_BYTES });
    return this.evalVm;
  }

  private functionsVm(): LuaFunctions {
    this.functionVm ??= new LuaFunctions({ randomSeed: this.seed(), memoryLimitBytes: LUA_MEMORY_LIMIT_BYTES });
    return this.functionVm;
  }

  private seed(): number {
    return Math.floor(this.host.random.next() * 0x7fffffff);
  }
}

const LOG_LEVELS = ['debug', 'verbose', 'notice', 'warning'] as const;

function alsoLoadedCollision(library: Library, others: readonly Library[]): string | null {
  for (const other of others) {
    if (other.name === library.name) continue;
    for (const name of library.functions.keys()) {
      if ([...other.functions.keys()].some((theirs) => theirs.toLowerCase() === name.toLowerCase())) return name;
    }
  }
  return null;
}
