/**
 * CONFIG GET / SET / RESETSTAT / HELP over the options in config/schema.ts, with Redis 7.0's
 * semantics: GET takes exact names or case-insensitive globs (which skip hidden options) and
 * answers a map without duplicates; SET checks every name first, then every value, and applies nothing unless all
 * are valid, with Redis's error texts; when a host's applier refuses valid values (a TLS
 * certificate that does not load) every value of the call rolls back and the error names the
 * option; a start-only option (port, shards…) may be set to its running value, a no-op; RESETSTAT
 * zeroes the INFO counters; REWRITE is in config-rewrite-command.ts.
 */
import { SYNTAX_ERROR } from '../errors.js';
import type { CommandContext, CommandDefinition } from '../types.js';
import { formatConfigValue, parseConfigValue, type Config } from '../../config/config.js';
import { findConfigOption, type ConfigOption } from '../../config/schema.js';
import { resetStats } from '../stats.js';
import { matchGlob } from '../../keyspace/glob.js';
import type { ByteString } from '../../resp/byte-string.js';
import { ErrorReply, MapReply, OK, type Reply } from '../../resp/reply.js';
import { rewriteConfig } from './config-rewrite-command.js';
import { helpReply } from './help.js';
import { containerHandler, serverSpec } from './spec.js';

const GLOB_CHARACTERS = /[[*?]/;

/** CONFIG GET parameter [parameter …] */
function getConfig(context: CommandContext, args: readonly ByteString[]): Reply {
  // Every name answers, aliases too (Redis 7.0 lists hash-max-ziplist-entries beside
  // hash-max-listpack-entries). Keyed by name; the reply shows an exact name as the client typed it.
  const names = context.engine.config.entries().flatMap(([option, value]) => [option.name, ...(option.aliases ?? [])].map((name) => [name, value, option.hidden === true] as const));
  const found = new Map<string, [Reply, Reply]>();
  for (const parameter of args.slice(2)) {
    if (!GLOB_CHARACTERS.test(parameter)) {
      const entry = names.find(([name]) => name === parameter.toLowerCase());
      if (entry !== undefined && !found.has(entry[0])) found.set(entry[0], [parameter, entry[1]]);
      continue;
    }
    for (const [name, value, hidden] of names) {
      if (!hidden && !found.has(name) && matchGlob(parameter, name, true)) found.set(name, [name, value]);
    }
  }
  return new MapReply([...found.values()]);
}

/** `text` parses to the option's running value (CONFIG SET of a start-only option to it is a no-op). */
function isRunningValue(config: Config, option: ConfigOption, text: string): boolean {
  const parsed = parseConfigValue(option, text);
  if (typeof parsed === 'object') return false;
  return config.entries().some(([running, value]) => running === option && value === formatConfigValue(option, parsed));
}

function setFailed(name: string, reason: string): ErrorReply {
  return new ErrorReply(`ERR CONFIG SET failed (possibly related to argument '${name}') - ${reason}`);
}

/**
 * CONFIG SET parameter value [parameter value …]. Like Redis, names are checked before values:
 * the first unknown name wins unless an immutable or duplicate name came before it.
 */
function setConfig(context: CommandContext, args: readonly ByteString[]): Reply {
  if (args.length % 2 === 1) return SYNTAX_ERROR;
  const chosen: Array<{ option: ConfigOption; text: string }> = [];
  let nameError: ErrorReply | undefined;
  for (let i = 2; i < args.length && nameError === undefined; i += 2) {
    const option = findConfigOption(args[i].toLowerCase());
    if (option === undefined) {
      nameError = new ErrorReply(`ERR Unknown option or number of arguments for CONFIG SET - '${args[i]}'`);
    } else if (option.protectedConfig === true) {
      nameError = setFailed(args[i], "can't set protected config");
    } else if (!option.mutable && !(option.startOnly === true && isRunningValue(context.engine.config, option, args[i + 1]))) {
      nameError = setFailed(args[i], "can't set immutable config");
    } else if (chosen.some((earlier) => earlier.option === option)) {
      nameError = setFailed(args[i], 'duplicate parameter');
    } else {
      chosen.push({ option, text: args[i + 1] });
    }
  }
  if (nameError !== undefined) return nameError;
  for (const { option, text } of chosen) {
    const parsed = parseConfigValue(option, text);
    if (typeof parsed === 'object') return setFailed(option.name, parsed.error);
    // The log is opened (or not) at start: CONFIG SET appendonly may only repeat that choice.
    const appendOnly = context.engine.config.boolean('appendonly');
    if (option.name === 'appendonly' && parsed !== appendOnly) {
      return setFailed(option.name, `Ballast cannot turn the append-only file ${appendOnly ? 'off' : 'on'} while running: restart with appendonly ${appendOnly ? 'no' : 'yes'}`);
    }
  }
  const failure = context.engine.config.setAll(chosen.map(({ option, text }) => ({ name: option.name, text })));
  if (failure === undefined) return OK;
  if (failure.refusedByApplier) {
    context.engine.log('warning', `Failed applying new configuration. Possibly related to new ${failure.name} setting. Restoring previous settings.`);
  }
  return setFailed(failure.name, failure.reason);
}

/** CONFIG RESETSTAT. Redis keeps the change counter (rdb_changes_since_last_save) as it is. */
function resetStatistics(context: CommandContext): Reply {
  const stats = context.engine.stats;
  const dirty = stats.dirty;
  resetStats(stats);
  stats.dirty = dirty;
  return OK;
}

const HELP_LINES = [
  'GET <pattern>',
  '    Return parameters matching the glob-like <pattern> and their values.',
  'SET <directive> <value>',
  '    Set the configuration <directive> to <value>.',
  'RESETSTAT',
  '    Reset statistics reported by the INFO command.',
  'REWRITE',
  '    Rewrite the configuration file.',
];

const ADMIN_FLAGS = ['admin', 'noscript', 'loading', 'stale'] as const;

export const CONFIG_COMMAND: CommandDefinition = {
  ...serverSpec({
    name: 'config', arity: -2, flags: [], summary: 'A container for server configuration commands', since: '2.0.0',
    complexity: 'Depends on subcommand.', syntax: '<subcommand> [arguments]',
  }),
  handler: containerHandler('config'),
  subcommands: [
    {
      ...serverSpec({
        name: 'get', arity: -3, flags: [...ADMIN_FLAGS], summary: 'Get the values of configuration parameters',
        since: '2.0.0', complexity: 'O(N) when N is the number of configuration parameters provided',
        syntax: 'parameter [parameter ...]',
      }),
      handler: getConfig,
    },
    {
      ...serverSpec({
        name: 'set', arity: -4, flags: [...ADMIN_FLAGS], summary: 'Set configuration parameters to the given values',
        since: '2.0.0', complexity: 'O(N) when N is the number of configuration parameters provided',
        syntax: 'parameter value [parameter value ...]',
      }),
      handler: setConfig,
    },
    {
      ...serverSpec({ name: 'resetstat', arity: 2, flags: [...ADMIN_FLAGS], summary: 'Reset the stats returned by INFO', since: '2.0.0', syntax: '' }),
      handler: resetStatistics,
    },
    {
      ...serverSpec({
        name: 'rewrite', arity: 2, flags: [...ADMIN_FLAGS], summary: 'Rewrite the configuration file with the in memory configuration',
        since: '2.8.0', complexity: 'O(1)', syntax: '',
      }),
      handler: rewriteConfig,
    },
    {
      ...serverSpec({ name: 'help', arity: 2, flags: ['loading', 'stale'], summary: 'Show helpful text about the different subcommands', since: '5.0.0', syntax: '' }),
      handler: () => helpReply('CONFIG', HELP_LINES),
    },
  ],
};
