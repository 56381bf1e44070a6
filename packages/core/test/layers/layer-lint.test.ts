/**
 * Core's layers point one way, and lint says so: the repository's ESLint config refuses an
 * import of a higher layer (a command importing the engine, the engine importing the durability
 * pipeline) and accepts the same file importing downwards. This is the rule that keeps the
 * folders free of cycles; a test, so that a config change that silently disables it fails.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const eslint = new ESLint({ cwd: repositoryRoot, overrideConfigFile: path.join(repositoryRoot, 'eslint.config.mjs') });

async function importErrors(file: string, specifier: string): Promise<string[]> {
  const code = `import type { Anything } from '${specifier}';\nexport type Same = Anything;\n`;
  const [result] = await eslint.lintText(code, { filePath: path.join(repositoryRoot, 'packages/core/src', file) });
  return result.messages.filter((message) => message.ruleId === 'no-restricted-imports').map((message) => message.message);
}

describe('core layer lint', () => {
  it('refuses an import of a higher layer', async () => {
    expect(await importErrors('commands/example.ts', '../engine/engine.js')).toEqual([
      expect.stringContaining('commands/ may not import engine/'),
    ]);
    expect(await importErrors('commands/server/example.ts', '../../effects/effect-recorder.js')).toEqual([
      expect.stringContaining('commands/ may not import effects/'),
    ]);
    expect(await importErrors('engine/example.ts', '../durability/persistence.js')).toEqual([
      expect.stringContaining('engine/ may not import durability/'),
    ]);
    expect(await importErrors('aof/example.ts', '../keyspace/database.js')).toEqual([
      expect.stringContaining('aof/ may not import keyspace/'),
    ]);
    expect(await importErrors('lua/example.ts', '../keyspace/database.js')).toEqual([
      expect.stringContaining('lua/ may not import keyspace/'),
    ]);
  });

  it('accepts imports of its own and lower layers', async () => {
    expect(await importErrors('engine/example.ts', '../commands/types.js')).toEqual([]);
    expect(await importErrors('engine/example.ts', './reply-gate.js')).toEqual([]);
    expect(await importErrors('durability/example.ts', '../engine/engine.js')).toEqual([]);
    expect(await importErrors('lua/example.ts', '../resp/reply.js')).toEqual([]);
  });

  it('still refuses Node imports in core', async () => {
    expect(await importErrors('keyspace/example.ts', 'node:fs')).toEqual([expect.stringContaining('no Node imports')]);
  });
});
