/**
 * Config: the running values of the options in schema.ts. Values are parsed and validated
 * exactly once, when set; readers get typed values. Parsing follows redis.conf: booleans are
 * yes/no, memory sizes take k/kb/m/mb/g/gb suffixes (k = 1000, kb = 1024).
 *
 * A host may register an applier for options whose new values must be put into effect outside
 * core and may fail there (TLS files). Setting values runs each applier once after all of them
 * are set; one that refuses rolls every value of the call back, as Redis's CONFIG SET does.
 */
import { CONFIG_OPTIONS, findConfigOption, type ConfigOption } from './schema.js';

export type ConfigValue = number | boolean | string;

const MEMORY_UNITS: Record<string, number> = {
  '': 1, b: 1, k: 1000, kb: 1024, m: 1000 ** 2, mb: 1024 ** 2, g: 1000 ** 3, gb: 1024 ** 3,
};

/** Parses `text` for `option`; returns the value or an error message for a person. */
export function parseConfigValue(option: ConfigOption, text: string): ConfigValue | { error: string } {
  switch (option.type) {
    case 'boolean': {
      const lower = text.toLowerCase();
      if (lower === 'yes') return true;
      if (lower === 'no') return false;
      return { error: `argument must be 'yes' or 'no'` };
    }
    case 'integer':
    case 'memory': {
      // Redis parses memory values unsigned (memtoull): a minus sign is not a memory value.
      const match = (option.type === 'memory' ? /^(\d+)([a-z]*)$/i : /^(-?\d+)([a-z]*)$/i).exec(text.trim());
      const multiplier = match ? MEMORY_UNITS[match[2].toLowerCase()] : undefined;
      if (!match || multiplier === undefined || (option.type === 'integer' && match[2] !== '')) {
        return { error: option.type === 'memory' ? 'argument must be a memory value' : 'argument couldn\'t be parsed into an integer' };
      }
      const value = Number(match[1]) * multiplier;
      if (!Number.isSafeInteger(value)) return { error: 'argument is out of range' };
      if ((option.min !== undefined && value < option.min) || (option.max !== undefined && value > option.max)) {
        return { error: `argument must be between ${option.min} and ${option.max} inclusive` };
      }
      return value;
    }
    case 'enum': {
      const lower = text.toLowerCase();
      if (!option.values?.includes(lower)) return { error: `argument(s) must be one of the following: ${option.values?.join(', ')}` };
      return lower;
    }
    case 'string': {
      if (option.accepts !== undefined && !option.accepts.pattern.test(text)) return { error: option.accepts.error };
      const error = option.validate?.(text);
      if (error !== undefined) return { error };
      return option.canonical === undefined ? text : option.canonical(text);
    }
  }
}

/** Formats a value as CONFIG GET shows it (memory and integers as plain numbers). */
export function formatConfigValue(option: ConfigOption, value: ConfigValue): string {
  if (option.type === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

/**
 * Puts the running values of the options it is registered for into effect (reads them from the
 * Config), or refuses them with a reason for the CONFIG SET error. One that refuses must leave
 * everything as it was; after a refusal the values roll back and the appliers that had already
 * run in the same call run again.
 */
export type ConfigApplier = () => string | undefined;

/** Why setting values failed: the option to name in the error (its canonical name) and the reason. */
export interface ConfigSetFailure {
  readonly name: string;
  readonly reason: string;
  /** True when an applier refused (the values were valid, putting them into effect failed). */
  readonly refusedByApplier: boolean;
}

export class Config {
  private readonly values = new Map<string, ConfigValue>();
  /** Listeners per option name (observe), told of every new value. */
  private readonly observers = new Map<string, Array<(value: ConfigValue) => void>>();
  /** The applier of each option that has one (applyWith). */
  private readonly appliers = new Map<string, ConfigApplier>();

  /** Starts from the defaults, then applies `overrides` (already validated by the caller or not). */
  constructor(overrides: Readonly<Record<string, string>> = {}) {
    for (const option of CONFIG_OPTIONS) {
      const parsed = parseConfigValue(option, option.defaultValue);
      if (typeof parsed === 'object') throw new Error(`bad default for ${option.name}: ${parsed.error}`);
      this.values.set(option.name, parsed);
    }
    for (const [name, text] of Object.entries(overrides)) {
      const error = this.set(name, text, { startup: true });
      if (error) throw new Error(`config ${name}: ${error}`);
    }
  }

  /**
   * Sets an option from text. Returns an error message, or undefined on success. At run time
   * (not `startup`) options that are not mutable are refused.
   */
  set(name: string, text: string, { startup = false } = {}): string | undefined {
    const option = findConfigOption(name.toLowerCase());
    if (!option) return `Unknown option or number of arguments for CONFIG SET - '${name}'`;
    if (!startup && !option.mutable) return `can't set immutable config`;
    return this.setAll([{ name: option.name, text }])?.reason;
  }

  /**
   * Sets several options at once, all or nothing: every value is parsed first; then each applier
   * of the options set runs once, in the order its first option was given; if one refuses, every
   * value goes back to what it was. Observers hear of the new values only once all are in effect.
   * Names must be known (the caller checks names, mutability and duplicates).
   */
  setAll(changes: ReadonlyArray<{ readonly name: string; readonly text: string }>): ConfigSetFailure | undefined {
    const parsed: Array<{ option: ConfigOption; value: ConfigValue }> = [];
    for (const { name, text } of changes) {
      const option = findConfigOption(name.toLowerCase());
      if (option === undefined) throw new Error(`setAll: unknown option ${name}`);
      const value = parseConfigValue(option, text);
      if (typeof value === 'object') return { name: option.name, reason: value.error, refusedByApplier: false };
      parsed.push({ option, value });
    }
    const previous = parsed.map(({ option }) => [option.name, this.values.get(option.name)!] as const);
    for (const { option, value } of parsed) this.values.set(option.name, value);
    const ran: ConfigApplier[] = [];
    for (const { option } of parsed) {
      const applier = this.appliers.get(option.name);
      if (applier === undefined || ran.includes(applier)) continue;
      const refusal = applier();
      if (refusal !== undefined) {
        for (const [name, value] of previous) this.values.set(name, value);
        for (const earlier of ran) earlier();
        return { name: option.name, reason: refusal, refusedByApplier: true };
      }
      ran.push(applier);
    }
    for (const { option, value } of parsed) {
      for (const listener of this.observers.get(option.name) ?? []) listener(value);
    }
    return undefined;
  }

  /**
   * Registers `applier` for the options `names`: from now on, setting any of them runs it (once
   * per call, however many of them are set) and lets it refuse the new values. An option has at
   * most one applier.
   */
  applyWith(names: readonly string[], applier: ConfigApplier): void {
    for (const name of names) {
      const option = findConfigOption(name);
      if (option === undefined || option.name !== name) throw new Error(`applyWith: unknown option ${name}`);
      if (this.appliers.has(name)) throw new Error(`applyWith: ${name} already has an applier`);
    }
    for (const name of names) this.appliers.set(name, applier);
  }

  /**
   * Calls `listener` with the option's value now and after every change: for a value read on a
   * hot path, which then keeps it in a field instead of looking it up each time.
   */
  observe(name: string, listener: (value: ConfigValue) => void): void {
    const option = findConfigOption(name);
    if (option === undefined || option.name !== name) throw new Error(`observe: unknown option ${name}`);
    const listeners = this.observers.get(name) ?? [];
    listeners.push(listener);
    this.observers.set(name, listeners);
    listener(this.values.get(name)!);
  }

  integer(name: string): number {
    return this.typed(name, 'number') as number;
  }

  boolean(name: string): boolean {
    return this.typed(name, 'boolean') as boolean;
  }

  string(name: string): string {
    return this.typed(name, 'string') as string;
  }

  /** Every option with its formatted value, in schema order. */
  entries(): Array<[ConfigOption, string]> {
    return CONFIG_OPTIONS.map((option) => [option, formatConfigValue(option, this.values.get(option.name)!)]);
  }

  private typed(name: string, type: 'number' | 'boolean' | 'string'): ConfigValue {
    const value = this.values.get(name);
    if (typeof value !== type) throw new Error(`config ${name} is not a ${type} option`);
    return value as ConfigValue;
  }
}
