/**
 * The slow log and SLOWLOG GET [count] / LEN / RESET / HELP, as Redis 7.0 (slowlog.c): the
 * engine offers every command it ran with its duration; one at least `slowlog-log-slower-than`
 * µs long (negative: none) becomes an entry — id, wall time in seconds, duration in µs, its
 * arguments (at most 32, each cut to 128 bytes, secrets redacted as Redis redacts them), the
 * client's address and name — and the log keeps the newest `slowlog-max-len`. Ids keep counting
 * across RESET. Pure: the engine passes the time and the limits in.
 */
import { isKeyword, parseInt64 } from '../arguments.js';
import type { CommandContext, CommandDefinition } from '../types.js';
import type { ByteString } from '../../resp/byte-string.js';
import { ErrorReply, OK, type Reply } from '../../resp/reply.js';
import { helpReply } from './help.js';
import { containerHandler, serverSpec } from './spec.js';

/** Redis's SLOWLOG_ENTRY_MAX_ARGC and SLOWLOG_ENTRY_MAX_STRING. */
export const SLOWLOG_ARGUMENTS_MAX = 32;
export const SLOWLOG_ARGUMENT_BYTES_MAX = 128;
/** SLOWLOG GET without a count. */
const GET_COUNT_DEFAULT = 10;
const REDACTED = '(redacted)';
/** CONFIG SET values Redis redacts (its SENSITIVE_CONFIG options). */
const SENSITIVE_OPTIONS = new Set(['requirepass', 'masterauth', 'masteruser']);
const BAD_COUNT = new ErrorReply('ERR count should be greater than or equal to -1');

export interface SlowLogEntry {
  readonly id: number;
  readonly timeSeconds: number;
  readonly durationUs: number;
  readonly args: readonly ByteString[];
  readonly address: string;
  readonly clientName: ByteString;
}

/** What the engine tells the slow log about one command that ran. */
export interface SlowCommand {
  /** Full lower-case name (`config|set`): decides what is redacted. */
  readonly fullName: string;
  readonly args: readonly ByteString[];
  readonly durationUs: number;
  readonly nowMs: number;
  readonly address: string;
  readonly clientName: ByteString | null;
}

export class SlowLog {
  /** Newest first, as Redis's list. */
  private entries: SlowLogEntry[] = [];
  private nextId = 0;

  get length(): number {
    return this.entries.length;
  }

  /** slowlogPushEntryIfNeeded: logs `command` when it is slow enough, then trims to `maxLength`. */
  offer(command: SlowCommand, limits: { readonly slowerThanUs: number; readonly maxLength: number }): void {
    if (limits.slowerThanUs < 0) return;
    if (command.durationUs >= limits.slowerThanUs) {
      this.entries.unshift({
        id: this.nextId++,
        timeSeconds: Math.floor(command.nowMs / 1000),
        durationUs: command.durationUs,
        args: loggedArguments(redactedArguments(command.fullName, command.args)),
        address: command.address,
        clientName: command.clientName ?? '',
      });
    }
    if (this.entries.length > limits.maxLength) this.entries.length = limits.maxLength;
  }

  /** The newest `count` entries (all when undefined). */
  newest(count?: number): readonly SlowLogEntry[] {
    return count === undefined ? this.entries : this.entries.slice(0, count);
  }

  reset(): void {
    this.entries = [];
  }
}

/** At most 32 arguments, the last saying how many more there were; each cut to 128 bytes. */
function loggedArguments(args: readonly ByteString[]): ByteString[] {
  const kept = Math.min(args.length, SLOWLOG_ARGUMENTS_MAX);
  const logged: ByteString[] = [];
  for (let i = 0; i < kept; i++) {
    if (kept !== args.length && i === kept - 1) {
      logged.push(`... (${args.length - kept + 1} more arguments)`);
    } else if (args[i].length > SLOWLOG_ARGUMENT_BYTES_MAX) {
      logged.push(`${args[i].slice(0, SLOWLOG_ARGUMENT_BYTES_MAX)}... (${args[i].length - SLOWLOG_ARGUMENT_BYTES_MAX} more bytes)`);
    } else {
      logged.push(args[i]);
    }
  }
  return logged;
}

/** The arguments as Redis keeps them for the slow log: passwords of AUTH, HELLO AUTH, ACL SETUSER and CONFIG SET redacted. */
export function redactedArguments(fullName: string, args: readonly ByteString[]): readonly ByteString[] {
  const redacted = [...args];
  if (fullName === 'auth' && args.length <= 3) {
    for (let i = 1; i < args.length; i++) redacted[i] = REDACTED;
  } else if (fullName === 'hello' && args.length > 2) {
    const version = parseInt64(args[1]);
    if (version !== 2n && version !== 3n) return args;
    for (let j = 2; j < args.length; j++) {
      const more = args.length - 1 - j;
      if (isKeyword(args[j], 'AUTH') && more >= 2) {
        redacted[j + 1] = redacted[j + 2] = REDACTED;
        j += 2;
      } else if (isKeyword(args[j], 'SETNAME') && more >= 1) {
        j++;
      } else {
        break;
      }
    }
  } else if (fullName === 'acl|setuser') {
    // Redis redacts the user name and every rule: `>password` must not reach the slow log.
    for (let i = 2; i < args.length; i++) redacted[i] = REDACTED;
  } else if (fullName === 'config|set' && args.length >= 4 && args.length % 2 === 0) {
    for (let i = 2; i < args.length; i += 2) if (SENSITIVE_OPTIONS.has(args[i].toLowerCase())) redacted[i + 1] = REDACTED;
  } else {
    return args;
  }
  return redacted;
}

/** SLOWLOG GET [count]: count -1 means every entry; anything else below -1, or not an integer, is refused. */
function getEntries(context: CommandContext, args: readonly ByteString[]): Reply {
  if (args.length > 3) return subcommandSyntaxError(args);
  let count: number | undefined = GET_COUNT_DEFAULT;
  if (args.length === 3) {
    const parsed = parseInt64(args[2]);
    if (parsed === undefined || parsed < -1n) return BAD_COUNT;
    count = parsed === -1n ? undefined : Number(parsed);
  }
  return context.engine.slowLog.newest(count).map((entry) => [
    entry.id, entry.timeSeconds, entry.durationUs, [...entry.args], entry.address, entry.clientName,
  ]);
}

function subcommandSyntaxError(args: readonly ByteString[]): ErrorReply {
  return new ErrorReply(`ERR unknown subcommand or wrong number of arguments for '${args[1].slice(0, 128)}'. Try SLOWLOG HELP.`);
}

const HELP_LINES = [
  'GET [<count>]',
  '    Return top <count> entries from the slowlog (default: 10, -1 mean all).',
  '    Entries are made of:',
  '    id, timestamp, time in microseconds, arguments array, client IP and port,',
  '    client name',
  'LEN',
  '    Return the length of the slowlog.',
  'RESET',
  '    Reset the slowlog.',
];

const ADMIN_FLAGS = ['admin', 'loading', 'stale'] as const;

export const SLOWLOG_COMMAND: CommandDefinition = {
  ...serverSpec({
    name: 'slowlog', arity: -2, flags: [], summary: 'A container for slow log commands', since: '2.2.12',
    complexity: 'Depends on subcommand.', syntax: '<subcommand> [arguments]',
  }),
  handler: containerHandler('slowlog'),
  subcommands: [
    {
      ...serverSpec({
        name: 'get', arity: -2, flags: [...ADMIN_FLAGS], summary: 'Get the slow log\'s entries', since: '2.2.12',
        complexity: 'O(N) where N is the number of entries returned', syntax: '[count]',
      }),
      handler: getEntries,
    },
    {
      ...serverSpec({ name: 'len', arity: 2, flags: [...ADMIN_FLAGS], summary: 'Get the slow log\'s length', since: '2.2.12', syntax: '' }),
      handler: (context) => context.engine.slowLog.length,
    },
    {
      ...serverSpec({
        name: 'reset', arity: 2, flags: [...ADMIN_FLAGS], summary: 'Clear all entries from the slow log', since: '2.2.12',
        complexity: 'O(N) where N is the number of entries in the slowlog', syntax: '',
      }),
      handler(context) {
        context.engine.slowLog.reset();
        return OK;
      },
    },
    {
      ...serverSpec({ name: 'help', arity: 2, flags: ['loading', 'stale'], summary: 'Show helpful text about the different subcommands', since: '6.2.0', syntax: '' }),
      handler: () => helpReply('SLOWLOG', HELP_LINES),
    },
  ],
};
