import { describe, expect, it } from 'vitest';
import { Config, parseConfigValue } from '../../src/config/config.js';
import { CONFIG_OPTIONS, findConfigOption } from '../../src/config/schema.js';

describe('Config', () => {
  it('starts from valid defaults for every option', () => {
    const config = new Config();
    expect(config.integer('port')).toBe(6379);
    expect(config.string('bind')).toBe('127.0.0.1');
    expect(config.boolean('protected-mode')).toBe(true);
    expect(config.integer('proto-max-bulk-len')).toBe(512 * 1024 * 1024);
    expect(config.entries()).toHaveLength(CONFIG_OPTIONS.length);
  });

  it('parses redis.conf values: yes/no, memory units, enums', () => {
    const memory = findConfigOption('client-query-buffer-limit')!;
    expect(parseConfigValue(memory, '1kb')).toEqual({ error: 'argument must be between 1048576 and 2147483648 inclusive' });
    expect(parseConfigValue(memory, '2mb')).toBe(2 * 1024 * 1024);
    expect(parseConfigValue(memory, '2m')).toBe(2_000_000);
    expect(parseConfigValue(memory, '1gb')).toBe(1024 ** 3);
    expect(parseConfigValue(memory, 'lots')).toEqual({ error: 'argument must be a memory value' });
    expect(parseConfigValue(findConfigOption('protected-mode')!, 'maybe')).toEqual({ error: "argument must be 'yes' or 'no'" });
    expect(parseConfigValue(findConfigOption('loglevel')!, 'WARNING')).toBe('warning');
    expect(parseConfigValue(findConfigOption('port')!, '70000')).toEqual({ error: 'argument must be between 0 and 65535 inclusive' });
    expect(parseConfigValue(findConfigOption('port')!, '1k')).toEqual({ error: "argument couldn't be parsed into an integer" });
  });

  it('refuses unknown and immutable options at run time, but not at startup', () => {
    const config = new Config({ shards: '4' });
    expect(config.integer('shards')).toBe(4);
    expect(config.set('shards', '2')).toBe("can't set immutable config");
    expect(config.set('nonsense', '2')).toBe("Unknown option or number of arguments for CONFIG SET - 'nonsense'");
    expect(config.set('timeout', '30')).toBeUndefined();
    expect(config.integer('timeout')).toBe(30);
    expect(() => new Config({ shards: '0' })).toThrow(/shards/);
  });
});
