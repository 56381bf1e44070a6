import { readFileSync } from 'node:fs';
import { CONFIG_OPTIONS, Config } from '@ballast/core';
import { describe, expect, it } from 'vitest';
import { parseConfigFile } from '../../src/cli.js';
import { configExample } from '../../src/config-example.js';

const EXAMPLE_PATH = new URL('../../deploy/ballast.conf', import.meta.url);
const committed = readFileSync(EXAMPLE_PATH, 'utf8');

describe('deploy/ballast.conf', () => {
  it('is what the configuration table generates (npm run generate -w @ballast/server)', () => {
    expect(committed).toBe(configExample());
  });

  it('sets every option, and only to its default', () => {
    const parsed = parseConfigFile('ballast.conf', committed);
    if ('error' in parsed) throw new Error(parsed.error);
    expect(Object.keys(parsed.options).sort()).toEqual(CONFIG_OPTIONS.map((option) => option.name).sort());
    expect(new Config(parsed.options).entries()).toEqual(new Config().entries());
  });

  it('carries each option\'s description above it', () => {
    for (const option of CONFIG_OPTIONS) {
      const firstWords = option.description.split(/\s+/).slice(0, 3).join(' ');
      expect(committed).toContain(`# ${firstWords}`);
    }
  });
});
