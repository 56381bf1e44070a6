/**
 * The README's examples run: every ```ts block (except the connection-options one, which names
 * a password and a server that does not exist) is executed in order against a real
 * ballast-server with appendfsync always, with the port and the package import pointed at it,
 * scripting blocks included.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startServer, type RunningServer } from './support/servers.js';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const SOURCE = fileURLToPath(new URL('../src/index.ts', import.meta.url));

function examples(): string[] {
  return [...README.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]).filter((block) => !block.includes("password: 'secret'"));
}

/** A block that runs Lua (the README's "Scripts and functions" section). */
function isScripting(block: string): boolean {
  return /\.(script|eval\w*|fcall\w*|function[A-Z]\w*)\(/.test(block);
}

function runnable(blocks: readonly string[], port: number): string {
  const body = blocks.map((block, index) => {
    const code = block.replace("import { createClient, ReplyError } from '@ballast/sdk';\n", '').replaceAll('port: 6379', `port: ${port}`);
    const setup = index === 0 ? '' : `const client = createClient({ port: ${port} });\n`;
    const teardown = index === 0 ? '' : 'await client.quit();\n';
    return `{\n${setup}${code}${teardown}}`;
  });
  return [`import { createClient, ReplyError } from ${JSON.stringify(SOURCE)};`, ...body, 'export {};'].join('\n');
}

describe('README examples', () => {
  let server: RunningServer;
  let directory: string;
  beforeAll(async () => {
    server = await startServer('ballast', ['--appendfsync', 'always']);
    directory = mkdtempSync(path.join(os.tmpdir(), 'sdk-readme-'));
  });
  afterAll(async () => {
    await server.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  it('run against ballast-server', async () => {
    const blocks = examples();
    expect(blocks.length).toBeGreaterThanOrEqual(4);
    const file = path.join(directory, 'examples.ts');
    writeFileSync(file, runnable(blocks, server.port));
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await import(file);
      expect(log.mock.calls.map((call) => call.join(' '))).toEqual(expect.arrayContaining(['WRONGTYPE', 'user:1', 'news hello']));
    } finally {
      log.mockRestore();
    }
  });

  it('has scripting examples among them', () => {
    expect(examples().filter(isScripting).length).toBeGreaterThanOrEqual(1);
  });
});
