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

describe('Config appliers', () => {
  it('runs an applier once per call, after every value is set, and tells observers only after it accepts', () => {
    const config = new Config();
    const seen: string[] = [];
    config.applyWith(['tls-cert-file', 'tls-key-file'], () => {
      seen.push(`apply ${config.string('tls-cert-file')} ${config.string('tls-key-file')}`);
      return undefined;
    });
    config.observe('tls-cert-file', (value) => seen.push(`observe ${String(value)}`));
    expect(config.setAll([{ name: 'tls-cert-file', text: 'b.crt' }, { name: 'tls-key-file', text: 'b.key' }])).toBeUndefined();
    expect(seen).toEqual(['observe ', 'apply b.crt b.key', 'observe b.crt']);
  });

  it('rolls every value of the call back when an applier refuses, and re-runs the appliers that had accepted', () => {
    const config = new Config();
    const runs: string[] = [];
    config.applyWith(['timeout'], () => {
      runs.push(`timeout ${config.integer('timeout')}`);
      return undefined;
    });
    config.applyWith(['tls-cert-file'], () => {
      runs.push(`tls ${config.string('tls-cert-file')}`);
      return config.string('tls-cert-file') === 'missing.crt' ? 'Unable to update TLS configuration. Check server logs.' : undefined;
    });
    expect(config.setAll([{ name: 'timeout', text: '5' }, { name: 'maxclients', text: '7' }, { name: 'tls-cert-file', text: 'missing.crt' }])).toEqual({
      name: 'tls-cert-file', reason: 'Unable to update TLS configuration. Check server logs.', refusedByApplier: true,
    });
    expect(runs).toEqual(['timeout 5', 'tls missing.crt', 'timeout 0']);
    expect([config.integer('timeout'), config.integer('maxclients'), config.string('tls-cert-file')]).toEqual([0, 10000, '']);
    expect(config.set('tls-cert-file', 'good.crt'), 'set goes through the applier too').toBeUndefined();
    expect(config.set('tls-cert-file', 'missing.crt')).toBe('Unable to update TLS configuration. Check server logs.');
    expect(config.string('tls-cert-file')).toBe('good.crt');
  });

  it('reports a value that does not parse before any applier runs', () => {
    const config = new Config();
    let runs = 0;
    config.applyWith(['tls-port'], () => void runs++);
    expect(config.setAll([{ name: 'tls-port', text: '7000' }, { name: 'timeout', text: 'soon' }])).toEqual({
      name: 'timeout', reason: "argument couldn't be parsed into an integer", refusedByApplier: false,
    });
    expect([runs, config.integer('tls-port')]).toEqual([0, 0]);
  });

  it('gives an option one applier, and only a known option by its own name', () => {
    const config = new Config();
    config.applyWith(['tls-cert-file'], () => undefined);
    expect(() => config.applyWith(['tls-key-file', 'tls-cert-file'], () => 'refused')).toThrow(/tls-cert-file already has an applier/);
    expect(() => config.applyWith(['hash-max-ziplist-entries'], () => undefined)).toThrow(/unknown option/);
    expect(config.set('tls-key-file', 'k.key'), 'a refused registration registers nothing').toBeUndefined();
  });
});
