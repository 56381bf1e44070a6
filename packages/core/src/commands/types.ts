/**
 * What a command is (metadata as data, as Redis's commands/*.json) and how a handler is called.
 * One table of CommandDefinitions drives arity checks, key extraction for routing, COMMAND
 * INFO/DOCS, the docs site and the SDK's typings.
 */
import type { Random } from '../io/random.js';
import type { DatabaseView } from '../keyspace/database-view.js';
import type { ByteString } from '../resp/byte-string.js';
import type { Reply } from '../resp/reply.js';
import type { ClientSession, ClientState, EngineServices, ScriptTarget } from './services.js';

/** Redis's command flags, spelled as COMMAND INFO spells them. */
export type CommandFlag =
  | 'write'
  | 'readonly'
  | 'denyoom'
  | 'admin'
  | 'pubsub'
  | 'noscript'
  | 'blocking'
  | 'loading'
  | 'stale'
  | 'skip_monitor'
  | 'skip_slowlog'
  | 'fast'
  | 'no_auth'
  | 'no_mandatory_keys'
  | 'may_replicate'
  | 'allow_busy'
  | 'no_multi'
  | 'no_async_loading'
  | 'movablekeys';

export type CommandGroup =
  | 'string'
  | 'generic'
  | 'hash'
  | 'list'
  | 'set'
  | 'sorted-set'
  | 'hyperloglog'
  | 'bitmap'
  | 'geo'
  | 'stream'
  | 'scripting'
  | 'transactions'
  | 'connection'
  | 'server'
  | 'pubsub'
  | 'cluster';

/**
 * How a write command is logged: the AOF logs effects, not requests (DESIGN.md), and replaying
 * a shard's log must need no other shard, no clock and no random number. Every write command
 * declares one (a table test fails when one does not).
 *
 * - `as-typed`: the request itself, when all its keys live on one shard and replaying it there
 *   does the same thing (LPUSH, HSET, ZADD…). Keyless writes (FLUSHALL, FLUSHDB, SWAPDB) are
 *   logged on every shard they changed and replayed against that shard only. Otherwise — keys
 *   on several shards, or a write that failed after changing something — the resulting state.
 * - `resulting-state`: the state of every key it changed (DEL when gone, SET with PXAT for
 *   strings, the whole collection otherwise). Always correct; for writes that read the clock.
 * - `absolute-expiry`: EXPIRE and friends as PEXPIREAT (or PERSIST, or DEL) of what they set.
 * - `{ rewrite }`: a cheaper exact form computed from the request and its reply on the key's
 *   shard (SPOP → SREM of the members popped); undefined falls back to the resulting state.
 * - `{ byArguments }`: chosen per request (SET is as typed without options, else its state).
 * - `reported`: the exact effects the handler reported as it changed each key
 *   (DatabaseView.logEffect), in order; a changed key it reported nothing for is logged as its
 *   state. For writes whose effect depends on the clock but whose resulting state is too big to
 *   log (streams: XADD with the ID it produced, a consumer's seen time, pending entries with
 *   absolute delivery times). Reported effects are logged even when the command then blocks.
 *
 * Keys that expire lazily while a command runs are logged as DEL before its effects.
 */
export type LogRule =
  | 'as-typed'
  | 'resulting-state'
  | 'absolute-expiry'
  | 'reported'
  | { readonly rewrite: (args: readonly ByteString[], reply: Reply) => ByteString[][] | undefined }
  | { readonly byArguments: (args: readonly ByteString[]) => LogRule };

export interface CommandSpec {
  /** Lower-case name; for a subcommand, the subcommand alone (`getname`). */
  readonly name: string;
  /** Redis arity: N means exactly N arguments including the name, -N means at least N. */
  readonly arity: number;
  readonly flags: readonly CommandFlag[];
  /** Position of the first key in argv (0 when the command takes no keys). */
  readonly firstKey: number;
  /** Position of the last key; -1 means the last argument, -2 the one before it. */
  readonly lastKey: number;
  /** Distance between keys (MSET: 2). */
  readonly step: number;
  readonly group: CommandGroup;
  /** One line, as Redis's summary. */
  readonly summary: string;
  /** Time complexity, as Redis documents it. */
  readonly complexity: string;
  /** The Redis version that introduced the command. */
  readonly since: string;
  /** Syntax after the name, e.g. `key value [NX | XX]`. */
  readonly syntax: string;
  /** Keys for commands whose key positions depend on the arguments (ZUNIONSTORE numkeys …). */
  readonly keys?: (args: readonly ByteString[]) => number[];
  /** How the command's effects are logged; every `write` command declares it. */
  readonly logAs?: LogRule;
  /**
   * A keyless read that sees the whole database (KEYS, SCAN, DBSIZE, RANDOMKEY): under
   * appendfsync always its reply waits for every uncommitted write of the database.
   */
  readonly readsDatabase?: boolean;
  /**
   * firstKey/lastKey/step locate shard channels, not keys (Redis 7.0's NOT_KEY key spec of
   * SPUBLISH, SSUBSCRIBE, SUNSUBSCRIBE): COMMAND INFO shows them, nothing treats them as keys.
   */
  readonly keysAreChannels?: boolean;
  /** One of the few commands a RESP2 client may send while subscribed (SUBSCRIBE, PING, QUIT…). */
  readonly allowedWhileSubscribed?: boolean;
  /** Runs at once inside MULTI instead of being queued (EXEC, DISCARD, MULTI, WATCH, QUIT, RESET). */
  readonly runsInsideMulti?: boolean;
  /**
   * A protected command (Redis's CMD_PROTECTED, which COMMAND INFO does not show): it runs only
   * for the clients this enum option (`no` / `yes` / `local`) allows — DEBUG's is
   * `enable-debug-command`.
   */
  readonly protectedBy?: 'enable-debug-command';
  /**
   * EVAL, EVALSHA, FCALL and their _RO forms: the script a request runs, whose declared flags
   * stand for the command's write flags before it runs (CLIENT PAUSE WRITE, MONITOR clients).
   */
  readonly runsScript?: (args: readonly ByteString[]) => ScriptTarget;
}

/**
 * Keyspace notifications (notify-keyspace-events), as handlers report them: `event` (Redis's
 * name: `set`, `lpush`, `rename_from`…) of class `type` (a NOTIFY_* bit) happened to `key` in
 * database `database`. The engine implements it: one integer check when the class is off, a
 * pub/sub message on `__keyspace@<db>__:<key>` and `__keyevent@<db>__:<event>` when it is on,
 * delivered (under appendfsync always) once the write is committed. Replay publishes nothing.
 */
export interface KeyspaceNotifications {
  notify(type: number, event: string, key: ByteString, database: number): void;
}

/** Handed to every handler: the client, its selected database and the engine's services. */
export interface CommandContext {
  /** Reports a keyspace event (see KeyspaceNotifications); `database` defaults to the client's. */
  notify(type: number, event: string, key: ByteString, database?: number): void;
  readonly client: ClientState;
  /** The client's selected database, spanning all shards. */
  readonly db: DatabaseView;
  readonly engine: EngineServices;
  /** The command's fixed wall time in ms: expiry decisions within one command agree. */
  readonly nowMs: number;
  readonly random: Random;
  /** The sending client's session, for the engine's own commands (MULTI, SUBSCRIBE, RESET…). */
  readonly session: ClientSession;
}

/**
 * Returned by a blocking command (BLPOP …) that cannot be served now. The engine parks the
 * client on `keys`; whenever one is signalled ready it calls `retry`, which returns the reply once
 * the command can be served (undefined to keep waiting). Inside MULTI, or when the timeout
 * expires, the client gets `timeoutReply`.
 */
export class BlockRequest {
  /** The command that blocked, set by the engine: its effects are logged when it is served. */
  command: { readonly spec: CommandSpec; readonly args: readonly ByteString[]; readonly fullName: string; readonly durationUs: number } | undefined;

  constructor(
    readonly keys: readonly ByteString[],
    /** Absolute wall time in ms to give up, or 0 to wait forever. */
    readonly deadlineMs: number,
    readonly retry: (context: CommandContext) => Reply | undefined,
    readonly timeoutReply: Reply,
  ) {}

  /**
   * A blocking command waits on keys and CLIENT UNBLOCK may end its wait; a request without keys
   * parks a client for another reason (the caller of a busy script), which Redis does not let
   * CLIENT UNBLOCK touch.
   */
  get unblockable(): boolean {
    return this.keys.length > 0;
  }
}

export type CommandHandler = (context: CommandContext, args: readonly ByteString[]) => Reply | BlockRequest;

export interface CommandDefinition extends CommandSpec {
  readonly handler: CommandHandler;
  /** Container commands (CLIENT, CONFIG, OBJECT …) list their subcommands. */
  readonly subcommands?: readonly CommandDefinition[];
}
