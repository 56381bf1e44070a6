/**
 * The script running now (Redis's scriptRunCtx): which script, who called it, with what
 * permissions, when it started, whether it wrote (then it cannot be killed), timed out (then
 * other clients get -BUSY) or was killed. The script's own client — its selected database and
 * protocol, changed by SELECT and redis.setresp inside the script — is the engine's; this holds
 * what the scripting layer decides with.
 */
import type { ByteString } from '../resp/byte-string.js';
import type { LuaRun } from '../lua/index.js';
import type { ClientState } from '../commands/services.js';

export type ScriptKind = 'eval' | 'function';

export class ActiveScript {
  /** The script wrote: SCRIPT KILL answers UNKILLABLE, and later write checks are skipped. */
  writeDirty = false;
  /** Ran past busy-reply-threshold: other clients get -BUSY until it ends. */
  timedOut = false;
  killed = false;
  /** redis.set_repl's flags (REPL_ALL by default); honoured by replication, never by the AOF. */
  replication = 3;
  run: LuaRun | null = null;
  /** RESP version of the script's calls: 2 until redis.setresp(3). */
  protocol: 2 | 3 = 2;

  constructor(
    readonly kind: ScriptKind,
    /** The SHA for EVAL, the function's name for FCALL (FUNCTION STATS, the slow-script log). */
    readonly name: string,
    /** The caller's command, as FUNCTION STATS shows it. */
    readonly command: readonly ByteString[],
    /** EVAL_RO/FCALL_RO, or a script declaring no-writes: write commands are refused. */
    readonly readOnly: boolean,
    /** The script declared allow-oom (or no-writes). */
    readonly allowOom: boolean,
    /** Monotonic ms at start (busy-reply-threshold, duration_ms). */
    readonly startedMs: number,
    /** Wall time frozen for the whole script: keys do not expire while it runs. */
    readonly nowMs: number,
    /** The caller's database: the script's calls start there. */
    readonly databaseIndex: number,
    /** The client that called the script: its ACL user runs the script's calls, ACL LOG names it. */
    readonly caller: ClientState,
  ) {}
}

/**
 * Why the running script may not call a command (Redis's scriptCall checks, in its order), as
 * the error text without its code; null when it may. `resolved` is the command's spec, or
 * 'unknown' / 'arity' when it could not be resolved. `allowNoscript`: DEBUG SET-DISABLE-DENY-SCRIPTS 1
 * lets scripts call commands flagged noscript (Redis's script_disable_deny_script, for tests).
 */
export function scriptCallRefusal(resolved: { readonly flags: readonly string[] } | 'unknown' | 'arity',
  script: ActiveScript, durabilityFailure: string | null, permission: () => string | null = () => null, replicasRefusal: string | null = null,
  allowNoscript = false, outOfMemory = false): string | null {
  if (resolved === 'unknown') return 'ERR Unknown Redis command called from script';
  if (resolved === 'arity') return 'ERR Wrong number of args calling Redis command from script';
  const flags = resolved.flags;
  if (!allowNoscript && flags.includes('noscript')) return 'ERR This Redis command is not allowed from script';
  const denied = permission();
  if (denied !== null) return denied;
  const write = flags.includes('write');
  if (script.readOnly && (write || flags.includes('may_replicate'))) return 'ERR Write commands are not allowed from read-only scripts.';
  if (write && !script.writeDirty && durabilityFailure !== null) return durabilityFailure;
  // Reachable only for EVAL scripts without flags: a flagged script was refused before it ran (refuseRun).
  if (write && replicasRefusal !== null) return replicasRefusal;
  // scriptVerifyOOM: memory was full when the script started, and it has written nothing yet (it cannot stop halfway).
  if (outOfMemory && !script.allowOom && !script.writeDirty && flags.includes('denyoom')) return "OOM command not allowed when used memory > 'maxmemory'.";
  return null;
}
