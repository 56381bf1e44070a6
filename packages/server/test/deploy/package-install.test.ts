/**
 * The installable package: `npm pack` of the server, installed into an empty directory as an
 * operator would (`npm install ./ballast-server-x.y.z.tgz`), runs ballast-server and the check
 * tools from compiled JavaScript, with no TypeScript toolchain in the install.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/ballast-server.js';

const run = promisify(execFile);
const REPOSITORY = fileURLToPath(new URL('../../../..', import.meta.url));
const PACKAGE_JSON: { version: string } = (await import('../../package.json', { with: { type: 'json' } })).default;

/** The environment without the npm_* variables of the npm running the tests (its workspace, its script). */
function cleanEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith('npm_')));
}

describe('the packed ballast-server', () => {
  let workspace: string;
  let install: string;

  beforeAll(async () => {
    workspace = mkdtempSync(path.join(os.tmpdir(), 'ballast-package-'));
    const packed = path.join(workspace, 'packed');
    install = path.join(workspace, 'install');
    mkdirSync(packed);
    mkdirSync(install);
    const environment = cleanEnvironment();
    await run('npm', ['pack', '-w', '@ballast/server', '--pack-destination', packed], { cwd: REPOSITORY, env: environment });
    const tarball = path.join(packed, `ballast-server-${PACKAGE_JSON.version}.tgz`);
    expect(existsSync(tarball)).toBe(true);
    await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], { cwd: install, env: environment });
  }, 180_000);

  afterAll(() => rmSync(workspace, { recursive: true, force: true }));

  it('installs no TypeScript toolchain and no workspace sources', () => {
    const modules = readdirSync(path.join(install, 'node_modules'));
    for (const toolchain of ['typescript', 'tsx', 'esbuild', 'vitest']) expect(modules).not.toContain(toolchain);
    const installed = readdirSync(path.join(install, 'node_modules', '@ballast', 'server'));
    expect(installed).not.toContain('src');
    expect(installed).toEqual(expect.arrayContaining(['bin', 'dist', 'deploy', 'package.json']));
  });

  it('prints its version', async () => {
    const { stdout } = await run(path.join(install, 'node_modules', '.bin', 'ballast-server'), ['--version'], { cwd: install });
    expect(stdout).toBe(`ballast-server ${PACKAGE_JSON.version}\n`);
  });

  it('serves, shuts down cleanly, and its AOF passes ballast-check-aof', async () => {
    const port = await freePort();
    const data = path.join(install, 'data');
    const server = spawn(path.join(install, 'node_modules', '.bin', 'ballast-server'), ['--port', String(port), '--dir', data], { cwd: install });
    let output = '';
    server.stdout.on('data', (chunk) => (output += chunk));
    server.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => server.once('exit', resolve));
    await expect.poll(() => output, { timeout: 15_000 }).toContain('Ready to accept connections');
    const cli = (...args: string[]) => run('redis-cli', ['-p', String(port), ...args]).then(({ stdout }) => stdout.trim());
    expect(await cli('SET', 'installed', 'yes')).toBe('OK');
    expect(await cli('GET', 'installed')).toBe('yes');
    expect(await cli('SHUTDOWN')).toBe('');
    expect(await exited).toBe(0);
    const check = await run(path.join(install, 'node_modules', '.bin', 'ballast-check-aof'), [path.join(data, 'appendonlydir')]);
    expect(check.stdout).toContain('Verdict: OK');
  }, 60_000);
});
