/**
 * Whether a resolved command may run now, checked in Redis's order before it runs: unknown or
 * malformed, a protected command (DEBUG) its option does not allow this client, NOAUTH, ACL (NOPERM), maxmemory (-OOM, after evicting), the subscribed context of RESP2, MISCONF after a durability failure for
 * writes (and reads that may change a key), -BUSY while a script is busy (but for the
 * allow-busy commands), and MULTI (queue it, or refuse it inside a transaction). Pure: it decides, the engine acts.
 */
import { ArityRefusal, type ResolvedCommand } from './command-resolver.js';
import type { ByteString } from '../resp/byte-string.js';
import { ErrorReply } from '../resp/reply.js';
import type { PauseMode } from './client-pause.js';
import type { KeyspaceAccess } from './keyspace-access.js';

/** The client state admission looks at. */
export interface AdmittedClient {
  readonly authenticated: boolean;
  /** Over the unix socket, or over TCP from 127.0.0.1 or ::1 (Redis's islocalClient). */
  readonly local: boolean;
  readonly protocol: 2 | 3;
  readonly subscribed: boolean;
}

/** The command may not run; `abortsTransaction`: refused while queueing, EXEC must answer EXECABORT. */
export class Refusal {
  constructor(
    readonly error: ErrorReply,
    /** The command's name for the rejected-calls statistics (undefined when it is unknown). */
    readonly fullName: string | undefined,
    readonly abortsTransaction: boolean,
  ) {}
}

/** ACL: why a client may not run a command with these arguments (NOPERM), or null; the engine's, which logs the denial. */
export interface PermissionCheck {
  refusal(client: AdmittedClient, resolved: ResolvedCommand, args: readonly ByteString[], queueing: boolean): ErrorReply | null;
}

/** `no`, `yes` or `local`: the value of a protected command's option. */
export type ProtectedSetting = (option: 'enable-debug-command') => string;

/**
 * Redis's islocalClient for a TCP peer `ip:port`: 127.0.0.1 or ::1 exactly (Node spells an IPv4
 * peer of a dual-stack socket ::ffff:127.0.0.1: the same peer).
 */
export function isLocalAddress(address: string): boolean {
  const separator = address.lastIndexOf(':');
  const host = separator < 0 ? address : address.slice(0, separator);
  return host === '127.0.0.1' || host === '::1' || host === '::ffff:127.0.0.1';
}

/** Redis's refusal of a protected command (processCommand after allowProtectedAction). */
function protectedRefusal(option: 'enable-debug-command'): ErrorReply {
  return new ErrorReply(`ERR DEBUG command not allowed. If the ${option} option is set to "local", you can run it from a local connection, `
    + 'otherwise you need to set this option in the configuration file, and then restart the server.');
}

/** maxmemory: evicts as needed, then says why the command may not run now (-OOM), or null; the engine's. */
export interface MemoryCheck {
  refusal(client: AdmittedClient, resolved: ResolvedCommand, args: readonly ByteString[]): ErrorReply | null;
}

/** The command goes into the MULTI queue. */
export const QUEUE_IT = Symbol('queue');

/** The command to run, or why not. */
export type Admission = ResolvedCommand | Refusal | typeof QUEUE_IT;
const NOAUTH = new ErrorReply('NOAUTH Authentication required.');
const NOT_IN_MULTI = new ErrorReply('ERR Command not allowed inside a transaction');

export function admitCommand(client: AdmittedClient, resolved: ResolvedCommand | ErrorReply, queueing: boolean,
  durabilityFailure: ErrorReply | null, busy: ErrorReply | null = null, permissions: PermissionCheck | null = null, args: readonly ByteString[] = [],
  replicasRefusal: ErrorReply | null = null, protectedSetting: ProtectedSetting | null = null, memory: MemoryCheck | null = null): Admission {
  if (resolved instanceof ErrorReply) return refuse(resolved, resolved instanceof ArityRefusal ? resolved.fullName : undefined, queueing);
  const { definition, fullName } = resolved;
  // Redis checks a protected command's option right after its arity, before NOAUTH.
  const option = definition.protectedBy;
  if (option !== undefined) {
    const setting = protectedSetting === null ? 'no' : protectedSetting(option);
    if (setting !== 'yes' && !(setting === 'local' && client.local)) return refuse(protectedRefusal(option), fullName, queueing);
  }
  if (!client.authenticated && !definition.flags.includes('no_auth')) return refuse(NOAUTH, fullName, queueing);
  const denied = permissions === null ? null : permissions.refusal(client, resolved, args, queueing);
  if (denied !== null) return refuse(denied, fullName, queueing);
  // maxmemory comes after ACL and before everything else, as in Redis's processCommand.
  const outOfMemory = memory === null ? null : memory.refusal(client, resolved, args);
  if (outOfMemory !== null) return refuse(outOfMemory, fullName, queueing);
  if (client.protocol === 2 && client.subscribed && definition.allowedWhileSubscribed !== true) {
    const error = `Can't execute '${fullName}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`;
    return refuse(new ErrorReply(`ERR ${error}`), fullName, false);
  }
  // After a durability failure nothing may change memory that the log cannot follow: writes, and
  // reads that may change a key (PFCOUNT's cache), are refused (found by the simulator).
  if (durabilityFailure !== null && (definition.flags.includes('write') || definition.logAs !== undefined)) {
    return refuse(durabilityFailure, fullName, queueing);
  }
  // min-replicas-to-write with too few good replicas refuses write commands (Redis's checkGoodReplicasStatus).
  if (replicasRefusal !== null && definition.flags.includes('write')) return refuse(replicasRefusal, fullName, queueing);
  // While a script runs past busy-reply-threshold only the allow-busy commands run (Redis 7.0).
  if (busy !== null && !definition.flags.includes('allow_busy')) return refuse(busy, fullName, queueing);
  if (!queueing || definition.runsInsideMulti === true) return resolved;
  if (definition.flags.includes('no_multi')) return refuse(NOT_IN_MULTI, fullName, true);
  return QUEUE_IT;
}

function refuse(error: ErrorReply, fullName: string | undefined, abortsTransaction: boolean): Refusal {
  return new Refusal(error, fullName, abortsTransaction);
}

/** The command waits until CLIENT PAUSE ends (Redis's BLOCKED_POSTPONE), then is admitted again. */
export const POSTPONE_IT = Symbol('postpone');

const REPLICA_KEYSPACE = new ErrorReply("ERR Replica can't interact with the keyspace");

/**
 * Redis's last checks before a top-level command runs or is queued, which matter only to a
 * MONITOR client, a replica's link or while clients are paused (the engine asks only then, after
 * admitCommand let the command through): a monitor or replica — both CLIENT_SLAVE to Redis — may
 * not read or write the keyspace and is never paused; otherwise CLIENT PAUSE ALL postpones every
 * command and WRITE those that may write or propagate. Null: nothing against it.
 */
export function admitWhilePaused(client: { readonly monitoring: boolean; readonly replica: boolean }, resolved: ResolvedCommand, queueing: boolean,
  pause: PauseMode | null, access: () => KeyspaceAccess): Refusal | typeof POSTPONE_IT | null {
  if (client.monitoring || client.replica) {
    const { reads, mayReplicate } = access();
    return reads || mayReplicate ? refuse(REPLICA_KEYSPACE, resolved.fullName, queueing) : null;
  }
  return pause === 'all' || (pause === 'write' && access().mayReplicate) ? POSTPONE_IT : null;
}
