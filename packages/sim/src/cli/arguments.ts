/**
 * Command-line parsing for ballast-sim: `--name value` pairs and bare `--flags`, checked against
 * what each subcommand accepts.
 */
export interface ParsedArguments {
  readonly command: string;
  readonly values: Map<string, string>;
  readonly flags: Set<string>;
}

export function parseArguments(argv: readonly string[], flagNames: readonly string[]): ParsedArguments | string {
  const [command, ...rest] = argv;
  if (command === undefined) return 'missing subcommand (run, swarm, replay, shrink, mutants)';
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i];
    if (!word.startsWith('--')) return `unexpected argument '${word}'`;
    const name = word.slice(2);
    if (flagNames.includes(name)) flags.add(name);
    else if (i + 1 < rest.length) values.set(name, rest[++i]);
    else return `option --${name} needs a value`;
  }
  return { command, values, flags };
}

export function integerOption(values: Map<string, string>, name: string, fallback: number): number {
  const text = values.get(name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`--${name} must be a non-negative integer, got '${text}'`);
  return value;
}
