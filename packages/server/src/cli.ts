/**
 * Command line and config file: `ballast-server [config-file] [--option value …]`, in Redis's
 * conventions. Every option must exist in core's schema and parse; anything else is refused with
 * a message naming it (and file:line), never ignored.
 */
import { readFileSync } from 'node:fs';
import { CONFIG_OPTIONS, findConfigOption, parseConfigValue, splitInlineArguments } from '@ballast/core';

/** Redis options Ballast knows of but does not offer (yet): refused with a reason. */
const UNSUPPORTED: Record<string, string> = {
  cluster: 'cluster mode is not supported; use --shards for hash-slot shards in one process',
  'cluster-enabled': 'cluster mode is not supported; use --shards for hash-slot shards in one process',
  include: 'include files are not supported; pass one config file',
};

export type CliRequest =
  | { kind: 'help' }
  | { kind: 'version' }
  /** `users`: the `user <name> <rules…>` directives, each as its words after `user`, applied once the engine exists. */
  | { kind: 'run'; configFile: string; overrides: Record<string, string>; users: string[][] }
  /** `ballast-server reshard --dir D --shards N`: rewrite the AOF for another shard count, offline. */
  | { kind: 'reshard'; overrides: Record<string, string> }
  | { kind: 'error'; message: string };

function checkOption(name: string, values: string[], where: string): string | undefined {
  const lower = name.toLowerCase();
  if (UNSUPPORTED[lower]) return `${where}: option '${name}' is not supported: ${UNSUPPORTED[lower]}`;
  const option = findConfigOption(lower);
  if (!option) return `${where}: unknown option '${name}' (see ballast-server --help)`;
  if (values.length !== 1 && !(option.multipleWords === true && values.length > 1)) {
    return `${where}: option '${name}' takes exactly one value, got ${values.length}`;
  }
  const parsed = parseConfigValue(option, values.join(' '));
  if (typeof parsed === 'object') return `${where}: bad value '${values.join(' ')}' for '${name}': ${parsed.error}`;
  if (option.name === 'daemonize' && parsed === true) {
    return `${where}: option 'daemonize' is not supported with yes: run ballast-server under a service manager (systemd with supervised systemd, a container) instead of daemonizing`;
  }
  if (option.name === 'syslog-enabled' && parsed === true) {
    return `${where}: option 'syslog-enabled' is not supported with yes: Node.js cannot send to the system log's datagram socket (/dev/log); under systemd the journal already collects standard output (set SyslogIdentifier= and SyslogFacility= in the unit), or write a logfile`;
  }
  return undefined;
}

/** A `user <name> [rules…]` directive (redis.conf's): kept for the ACL, once per name. */
function checkUser(words: readonly string[], users: readonly string[][], where: string): string | undefined {
  if (words.length === 0) return `${where}: option 'user' needs a user name and its rules`;
  if (users.some((user) => user[0] === words[0])) {
    return `${where}: Error in user declaration '${words[0]}': Duplicate user found. A user can only be defined once in config files`;
  }
  return undefined;
}

/** Reads a redis.conf-style file into option → value text and `user` directives, or an error message. */
export function parseConfigFile(path: string, text: string): { options: Record<string, string>; users: string[][] } | { error: string } {
  const options: Record<string, string> = {};
  const users: string[][] = [];
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const trimmed = lines[index].trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const words = splitInlineArguments(trimmed);
    const where = `${path}:${index + 1}`;
    if (words === undefined) return { error: `${where}: unbalanced quotes` };
    const [name, ...values] = words;
    if (name.toLowerCase() === 'user') {
      const problem = checkUser(values, users, where);
      if (problem) return { error: problem };
      users.push(values);
      continue;
    }
    const problem = checkOption(name, values, where);
    if (problem) return { error: problem };
    const lower = name.toLowerCase();
    // Each `save <seconds> <changes>` line adds a save point, as in redis.conf (`save ""` clears them).
    const savePoint = lower === 'save' && options.save !== undefined && values.join(' ').trim() !== '';
    options[lower] = savePoint ? `${options.save} ${values.join(' ')}`.trim() : values.join(' ');
  }
  return { options, users };
}

export function parseCommandLine(argv: readonly string[]): CliRequest {
  if (argv.includes('--help') || argv.includes('-h')) return { kind: 'help' };
  if (argv[0] === 'reshard') {
    const parsed = parseCommandLine(argv.slice(1));
    if (parsed.kind !== 'run') return parsed;
    if (parsed.configFile !== '') return { kind: 'error', message: 'reshard takes --options only (no config file)' };
    if (parsed.overrides.shards === undefined) return { kind: 'error', message: 'reshard needs --shards N (the new shard count)' };
    return { kind: 'reshard', overrides: parsed.overrides };
  }
  if (argv.includes('--version') || argv.includes('-v')) return { kind: 'version' };
  let configFile = '';
  let options: Record<string, string> = {};
  let users: string[][] = [];
  let position = 0;
  if (argv.length > 0 && !argv[0].startsWith('--')) {
    configFile = argv[0];
    let text: string;
    try {
      text = readFileSync(configFile, 'utf8');
    } catch (error) {
      return { kind: 'error', message: `cannot read config file '${configFile}': ${(error as Error).message}` };
    }
    const parsed = parseConfigFile(configFile, text);
    if ('error' in parsed) return { kind: 'error', message: parsed.error };
    ({ options, users } = parsed);
    position = 1;
  }
  while (position < argv.length) {
    const flag = argv[position];
    if (!flag.startsWith('--') || flag.length === 2) {
      return { kind: 'error', message: `argument ${position + 1}: expected --option, got '${flag}'` };
    }
    const name = flag.slice(2);
    const values: string[] = [];
    position++;
    while (position < argv.length && !argv[position].startsWith('--')) values.push(argv[position++]);
    if (values.length === 0 && findConfigOption(name.toLowerCase())?.type === 'boolean') values.push('yes');
    if (name.toLowerCase() === 'user') {
      const problem = checkUser(values, users, 'command line');
      if (problem) return { kind: 'error', message: problem };
      users.push(values);
      continue;
    }
    const problem = checkOption(name, values, 'command line');
    if (problem) return { kind: 'error', message: problem };
    options[name.toLowerCase()] = values.join(' ');
  }
  return { kind: 'run', configFile, overrides: options, users };
}

export function helpText(version: string): string {
  const lines = [
    `ballast-server ${version}: a Redis-compatible server`,
    '',
    'Usage: ballast-server [/path/to/ballast.conf] [--option value ...]',
    '',
    'Options (also valid as "option value" lines in the config file):',
  ];
  for (const option of CONFIG_OPTIONS) {
    lines.push(`  --${option.name} <${option.type}>`.padEnd(44) + `${option.description} (default: ${option.defaultValue || '""'})`);
  }
  lines.push('', 'Offline reshard (the server must be stopped):', '  ballast-server reshard --dir ./data --shards 4');
  lines.push('', 'Examples:', '  ballast-server --port 7000 --dir ./data --shards 4', '  ballast-server /etc/ballast.conf --loglevel verbose');
  return lines.join('\n') + '\n';
}
