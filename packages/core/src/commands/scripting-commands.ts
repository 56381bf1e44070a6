/**
 * Scripting commands (Redis 7.0 semantics, replies and errors): EVAL, EVALSHA, EVAL_RO,
 * EVALSHA_RO, FCALL, FCALL_RO, SCRIPT and FUNCTION. Handlers parse arguments; the engine's
 * scripting state (scripting/, through ScriptingServices) runs scripts and keeps the cache and
 * the libraries.
 *
 * How they are logged (the AOF logs effects, DESIGN.md): EVAL and FCALL are not logged
 * themselves — the commands a script runs are, each by its own rule, inside the script's one
 * unit. FUNCTION LOAD, DELETE, FLUSH and RESTORE change the server's libraries and are logged as
 * typed on the server-state shard (0); base snapshots of that shard start with the libraries.
 */
import type { ByteString } from '../resp/byte-string.js';
import { ErrorReply, OK, type Reply } from '../resp/reply.js';
import { isKeyword, parseInteger } from './arguments.js';
import { NOT_INTEGER } from './errors.js';
import { keysAfterNumkeys } from './key-positions.js';
import type { RestorePolicy, ScriptTarget } from './services.js';
import { helpReply } from './server/help.js';
import { containerHandler } from './server/spec.js';
import { keylessSpecs } from './spec.js';
import type { BlockRequest, CommandContext, CommandDefinition } from './types.js';

const spec = keylessSpecs('scripting');

function subcommandSyntaxError(args: readonly ByteString[]): ErrorReply {
  return new ErrorReply(`ERR unknown subcommand or wrong number of arguments for '${args[1].slice(0, 128)}'. Try ${args[0].toUpperCase()} HELP.`);
}

/** numkeys, then the split into KEYS and ARGV, with Redis's errors. */
function splitKeys(args: readonly ByteString[], notInteger: ErrorReply): { keys: ByteString[]; argv: ByteString[] } | ErrorReply {
  const count = parseInteger(args[2]);
  if (count === undefined) return notInteger;
  if (count > args.length - 3) return new ErrorReply('ERR Number of keys can\'t be greater than number of args');
  if (count < 0) return new ErrorReply('ERR Number of keys can\'t be negative');
  return { keys: args.slice(3, 3 + count), argv: args.slice(3 + count) };
}

function runScript(context: CommandContext, args: readonly ByteString[], target: ScriptTarget, readOnly: boolean): Reply | BlockRequest {
  const split = splitKeys(args, target.kind === 'function' ? BAD_NUMKEYS : NOT_INTEGER);
  if (split instanceof ErrorReply) return split;
  return context.engine.scripting.run(context, { target, keys: split.keys, args: split.argv, readOnly, command: args });
}

const BAD_NUMKEYS = new ErrorReply('ERR Bad number of keys provided');

function evalCommand(name: string, readOnly: boolean, byDigest: boolean): CommandDefinition {
  const target = (args: readonly ByteString[]): ScriptTarget => (byDigest ? { kind: 'evalsha', sha: args[1] } : { kind: 'eval', body: args[1] });
  return {
    ...spec({
      name, arity: -3, keys: keysAfterNumkeys(2), since: readOnly ? '7.0.0' : '2.6.0',
      flags: [...(readOnly ? ['readonly'] as const : []), 'noscript', 'stale', 'skip_monitor', ...(readOnly ? [] : ['may_replicate'] as const),
        'no_mandatory_keys', 'movablekeys'],
      summary: readOnly ? 'Execute a read-only Lua script server side' : 'Execute a Lua script server side',
      complexity: 'Depends on the script that is executed.',
      syntax: `${byDigest ? 'sha1' : 'script'} numkeys [key [key ...]] [arg [arg ...]]`,
    }),
    runsScript: target,
    handler: (context, args) => runScript(context, args, target(args), readOnly),
  };
}

function fcallCommand(name: string, readOnly: boolean): CommandDefinition {
  return {
    ...spec({
      name, arity: -3, keys: keysAfterNumkeys(2), since: '7.0.0',
      flags: [...(readOnly ? ['readonly'] as const : []), 'noscript', 'stale', 'skip_monitor', ...(readOnly ? [] : ['may_replicate'] as const),
        'no_mandatory_keys', 'movablekeys'],
      summary: readOnly ? 'Invoke a read-only function' : 'Invoke a function',
      complexity: 'Depends on the function that is executed.',
      syntax: 'function numkeys [key [key ...]] [arg [arg ...]]',
    }),
    runsScript: (args) => ({ kind: 'function', name: args[1] }),
    handler(context, args) {
      if (!context.engine.scripting.hasFunction(args[1])) return new ErrorReply('ERR Function not found');
      return runScript(context, args, { kind: 'function', name: args[1] }, readOnly);
    },
  };
}

const SCRIPT_HELP = [
  'DEBUG (YES|SYNC|NO)',
  '    Set the debug mode for subsequent scripts executed.',
  'EXISTS <sha1> [<sha1> ...]',
  '    Return information about the existence of the scripts in the script cache.',
  'FLUSH [ASYNC|SYNC]',
  '    Flush the Lua scripts cache. Very dangerous on replicas.',
  '    When called without the optional mode argument, the behavior is determined by the',
  '    lazyfree-lazy-user-flush configuration directive. Valid modes are:',
  '    * ASYNC: Asynchronously flush the scripts cache.',
  '    * SYNC: Synchronously flush the scripts cache.',
  'KILL',
  '    Kill the currently executing Lua script.',
  'LOAD <script>',
  '    Load a script into the scripts cache without executing it.',
];

const FUNCTION_HELP = [
  'LOAD [REPLACE] <FUNCTION CODE>',
  '    Create a new library with the given library name and code.',
  'DELETE <LIBRARY NAME>',
  '    Delete the given library.',
  'LIST [LIBRARYNAME PATTERN] [WITHCODE]',
  '    Return general information on all the libraries:',
  '    * Library name',
  '    * The engine used to run the Library',
  '    * Library description',
  '    * Functions list',
  '    * Library code (if WITHCODE is given)',
  '    It also possible to get only function that matches a pattern using LIBRARYNAME argument.',
  'STATS',
  '    Return information about the current function running:',
  '    * Function name',
  '    * Command used to run the function',
  '    * Duration in MS that the function is running',
  '    If no function is running, return nil',
  '    In addition, returns a list of available engines.',
  'KILL',
  '    Kill the current running function.',
  'FLUSH [ASYNC|SYNC]',
  '    Delete all the libraries.',
  '    When called without the optional mode argument, the behavior is determined by the',
  '    lazyfree-lazy-user-flush configuration directive. Valid modes are:',
  '    * ASYNC: Asynchronously flush the libraries.',
  '    * SYNC: Synchronously flush the libraries.',
  'DUMP',
  '    Return a serialized payload representing the current libraries, can be restored using FUNCTION RESTORE command',
  'RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]',
  '    Restore the libraries represented by the given payload, it is possible to give a restore policy to',
  '    control how to handle existing libraries (default APPEND):',
  '    * FLUSH: delete all existing libraries.',
  '    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.',
  '    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old',
  '      libraries with the new libraries (notice that even on this option there is a chance of failure',
  '      in case of functions name collision with another library).',
];

type Written = Parameters<typeof spec>[0];

function sub(partial: Omit<Written, 'since'> & { since?: string }, handler: CommandDefinition['handler']): CommandDefinition {
  return { ...spec({ since: '7.0.0', ...partial } as Written), handler };
}

/** FLUSH [ASYNC|SYNC]: true when the arguments are valid (both modes flush at once here). */
function flushModeValid(args: readonly ByteString[]): boolean {
  return args.length === 2 || (args.length === 3 && (isKeyword(args[2], 'SYNC') || isKeyword(args[2], 'ASYNC')));
}

const SCRIPT_COMMAND: CommandDefinition = {
  ...spec({ name: 'script', arity: -2, flags: [], summary: 'A container for Lua scripts management commands', since: '2.6.0',
    complexity: 'Depends on subcommand.', syntax: '<subcommand> [arguments]' }),
  handler: containerHandler('script'),
  subcommands: [
    sub({ name: 'debug', arity: 3, flags: ['noscript'], summary: 'Set the debug mode for executed scripts.', since: '3.2.0', syntax: 'YES | SYNC | NO' },
      (_context, args) => (['yes', 'sync', 'no'].includes(args[2].toLowerCase())
        ? (args[2].toLowerCase() === 'no' ? OK : new ErrorReply('ERR SCRIPT DEBUG is not supported: Ballast has no Lua debugger'))
        : new ErrorReply('ERR Use SCRIPT DEBUG YES/SYNC/NO'))),
    sub({ name: 'exists', arity: -3, flags: ['noscript'], summary: 'Check existence of scripts in the script cache.', since: '2.6.0',
      complexity: 'O(N) with N being the number of scripts to check (so checking a single script is an O(1) operation).', syntax: 'sha1 [sha1 ...]' },
    (context, args) => args.slice(2).map((sha) => (context.engine.scripting.scriptExists(sha) ? 1 : 0))),
    sub({ name: 'flush', arity: -2, flags: ['noscript'], summary: 'Remove all the scripts from the script cache.', since: '2.6.0',
      complexity: 'O(N) with N being the number of scripts in cache', syntax: '[ASYNC | SYNC]' },
    (context, args) => {
      if (!flushModeValid(args)) return new ErrorReply('ERR SCRIPT FLUSH only support SYNC|ASYNC option');
      context.engine.scripting.flushScripts();
      return OK;
    }),
    sub({ name: 'help', arity: 2, flags: ['loading', 'stale'], summary: 'Show helpful text about the different subcommands', since: '5.0.0', syntax: '' },
      () => helpReply('SCRIPT', SCRIPT_HELP)),
    sub({ name: 'kill', arity: 2, flags: ['noscript', 'allow_busy'], summary: 'Kill the script currently in execution.', since: '2.6.0', syntax: '' },
      (context) => context.engine.scripting.kill('script')),
    sub({ name: 'load', arity: 3, flags: ['noscript', 'stale'], summary: 'Load the specified Lua script into the script cache.', since: '2.6.0',
      complexity: 'O(N) with N being the length in bytes of the script body.', syntax: 'script' },
    (context, args) => context.engine.scripting.loadScript(args[2])),
  ],
};

const RESTORE_POLICIES: Readonly<Record<string, RestorePolicy>> = { append: 'append', replace: 'replace', flush: 'flush' };

const FUNCTION_COMMAND: CommandDefinition = {
  ...spec({ name: 'function', arity: -2, flags: [], summary: 'A container for function commands', since: '7.0.0',
    complexity: 'Depends on subcommand.', syntax: '<subcommand> [arguments]' }),
  handler: containerHandler('function'),
  subcommands: [
    sub({ name: 'delete', arity: 3, flags: ['write', 'noscript'], logAs: 'as-typed', summary: 'Delete a function by name', syntax: 'library-name' },
      (context, args) => context.engine.scripting.deleteLibrary(args[2])),
    sub({ name: 'dump', arity: 2, flags: ['noscript'], summary: 'Dump all functions into a serialized binary payload', syntax: '',
      complexity: 'O(N) where N is the number of functions' },
    (context) => context.engine.scripting.dumpLibraries()),
    sub({ name: 'flush', arity: -2, flags: ['write', 'noscript'], logAs: 'as-typed', summary: 'Deleting all functions', syntax: '[ASYNC | SYNC]',
      complexity: 'O(N) where N is the number of functions deleted' },
    (context, args) => {
      if (args.length > 3) return subcommandSyntaxError(args);
      if (!flushModeValid(args)) return new ErrorReply('ERR FUNCTION FLUSH only supports SYNC|ASYNC option');
      context.engine.scripting.flushLibraries();
      return OK;
    }),
    sub({ name: 'help', arity: 2, flags: ['loading', 'stale'], summary: 'Show helpful text about the different subcommands', syntax: '' },
      () => helpReply('FUNCTION', FUNCTION_HELP)),
    sub({ name: 'kill', arity: 2, flags: ['noscript', 'allow_busy'], summary: 'Kill the function currently in execution.', syntax: '' },
      (context) => context.engine.scripting.kill('function')),
    sub({ name: 'list', arity: -2, flags: ['noscript'], summary: 'List information about all the functions', syntax: '[LIBRARYNAME library-name-pattern] [WITHCODE]',
      complexity: 'O(N) where N is the number of functions' },
    (context, args) => {
      let withCode = false;
      let pattern: ByteString | null = null;
      for (let i = 2; i < args.length; i++) {
        if (!withCode && isKeyword(args[i], 'WITHCODE')) {
          withCode = true;
        } else if (pattern === null && isKeyword(args[i], 'LIBRARYNAME')) {
          if (i >= args.length - 1) return new ErrorReply('ERR library name argument was not given');
          pattern = args[++i];
        } else {
          return new ErrorReply(`ERR Unknown argument ${args[i]}`);
        }
      }
      return context.engine.scripting.listLibraries(pattern, withCode);
    }),
    sub({ name: 'load', arity: -3, flags: ['write', 'denyoom', 'noscript'], logAs: 'as-typed',
      summary: 'Create a function with the given arguments (name, code, description)', syntax: '[REPLACE] function-code',
      complexity: 'O(1) (considering compilation time is redundant)' },
    (context, args) => {
      let replace = false;
      let position = 2;
      while (position < args.length - 1) {
        const option = args[position++];
        if (!isKeyword(option, 'REPLACE')) return new ErrorReply(`ERR Unknown option given: ${option}`);
        replace = true;
      }
      if (position >= args.length) return new ErrorReply('ERR Function code is missing');
      return context.engine.scripting.loadLibrary(args[position], replace);
    }),
    sub({ name: 'restore', arity: -3, flags: ['write', 'denyoom', 'noscript'], logAs: 'as-typed',
      summary: 'Restore all the functions on the given payload', syntax: 'serialized-value [FLUSH | APPEND | REPLACE]',
      complexity: 'O(N) where N is the number of functions on the payload' },
    (context, args) => {
      if (args.length > 4) return subcommandSyntaxError(args);
      const policy = args.length === 4 ? RESTORE_POLICIES[args[3].toLowerCase()] : 'append';
      if (policy === undefined) return new ErrorReply('ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.');
      return context.engine.scripting.restoreLibraries(args[2], policy);
    }),
    sub({ name: 'stats', arity: 2, flags: ['noscript', 'allow_busy'],
      summary: 'Return information about the function currently running (name, description, duration)', syntax: '' },
    (context) => context.engine.scripting.stats()),
  ],
};

export const SCRIPTING_COMMANDS: readonly CommandDefinition[] = [
  evalCommand('eval', false, false),
  evalCommand('evalsha', false, true),
  evalCommand('eval_ro', true, false),
  evalCommand('evalsha_ro', true, true),
  fcallCommand('fcall', false),
  fcallCommand('fcall_ro', true),
  SCRIPT_COMMAND,
  FUNCTION_COMMAND,
];

