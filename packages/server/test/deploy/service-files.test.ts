/**
 * The service definitions in deploy/: the systemd unit (verified by systemd-analyze where the
 * machine has it) and the container image definition (parsed: no Docker daemon is assumed).
 * Each command line they run must be one ballast-server accepts.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../src/cli.js';
import { BALLAST_BINARY } from '../support/ballast-server.js';
import { itNeeds } from '../support/precondition.js';

const run = promisify(execFile);
const deployFile = (name: string) => fileURLToPath(new URL(`../../deploy/${name}`, import.meta.url));
const EXAMPLE_CONFIG = deployFile('ballast.conf');

/** A unit file's `Key=value` settings of one section, in order (a key may repeat). */
function unitSection(text: string, section: string): Array<[string, string]> {
  const settings: Array<[string, string]> = [];
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('[')) current = line.slice(1, -1);
    else if (current === section) settings.push([line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]);
  }
  return settings;
}

/** A Dockerfile's instructions with continuation lines joined: [keyword, arguments]. */
function dockerInstructions(text: string): Array<[string, string]> {
  const joined = text.split('\n').filter((line) => !line.trim().startsWith('#')).join('\n').replace(/\\\n/g, ' ');
  return joined.split('\n').map((line) => line.trim()).filter(Boolean)
    .map((line): [string, string] => [line.split(/\s+/)[0].toUpperCase(), line.slice(line.split(/\s+/)[0].length).trim()]);
}

async function systemdAnalyzeMissing(): Promise<string | null> {
  try {
    await run('systemd-analyze', ['--version']);
    return null;
  } catch (error) {
    return `systemd-analyze is not installed (${(error as Error).message}): apt-get install systemd`;
  }
}

describe('deploy/ballast.service', async () => {
  const unit = readFileSync(deployFile('ballast.service'), 'utf8');
  const service = new Map(unitSection(unit, 'Service'));

  it('is a notify service of its own unprivileged user that reloads with SIGHUP', () => {
    expect(service.get('Type')).toBe('notify');
    expect(service.get('NotifyAccess')).toBe('all');
    expect(service.get('User')).toBe('ballast');
    expect(service.get('ExecReload')).toBe('/bin/kill -HUP $MAINPID');
    expect(Number(service.get('LimitNOFILE'))).toBeGreaterThanOrEqual(10_032);
    expect(service.get('RestartPreventExitStatus')).toBe('2');
    for (const hardening of ['NoNewPrivileges', 'ProtectSystem', 'ProtectHome', 'PrivateTmp', 'PrivateDevices', 'RestrictAddressFamilies']) {
      expect(service.has(hardening), hardening).toBe(true);
    }
    // V8 compiles code at run time into memory that is written and then executed.
    expect(service.has('MemoryDenyWriteExecute')).toBe(false);
  });

  it('starts ballast-server with options it accepts, supervised by systemd', () => {
    const [binary, configFile, ...flags] = service.get('ExecStart')!.split(/\s+/);
    expect(binary).toBe('/usr/local/bin/ballast-server');
    expect(configFile).toBe('/etc/ballast/ballast.conf');
    const request = parseCommandLine([EXAMPLE_CONFIG, ...flags]);
    expect(request).toMatchObject({ kind: 'run', overrides: { supervised: 'systemd', dir: '/var/lib/ballast' } });
    expect(service.get('ReadWritePaths')!.split(' ')).toContain('/var/lib/ballast');
  });

  itNeeds(await systemdAnalyzeMissing(), 'passes systemd-analyze verify with no warning', async () => {
    const directory = mkdtempSync(path.join(os.tmpdir(), 'ballast-unit-'));
    try {
      // verify checks that ExecStart's binary exists: point it at this checkout's.
      const copy = path.join(directory, 'ballast.service');
      writeFileSync(copy, unit.replace('/usr/local/bin/ballast-server', BALLAST_BINARY));
      const { stdout, stderr } = await run('systemd-analyze', ['verify', copy]);
      expect(stdout + stderr).toBe('');
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('deploy/Dockerfile', () => {
  const instructions = dockerInstructions(readFileSync(deployFile('Dockerfile'), 'utf8'));
  const only = (keyword: string) => {
    const found = instructions.filter(([name]) => name === keyword);
    expect(found, keyword).toHaveLength(1);
    return found[0][1];
  };
  const entrypoint: string[] = JSON.parse(only('ENTRYPOINT'));

  it('uses only instructions Docker knows', () => {
    const known = ['FROM', 'COPY', 'RUN', 'USER', 'WORKDIR', 'VOLUME', 'EXPOSE', 'HEALTHCHECK', 'STOPSIGNAL', 'ENTRYPOINT', 'CMD', 'ENV', 'ARG', 'LABEL'];
    for (const [keyword] of instructions) expect(known).toContain(keyword);
    expect(instructions[0][0]).toBe('FROM');
  });

  it('installs the packed package on Node 20 and runs it as a non-root user with a data volume', () => {
    expect(only('FROM')).toMatch(/^node:20\b/);
    expect(only('COPY')).toMatch(/^ballast-server-\*\.tgz /);
    expect(only('RUN')).toContain('npm install --global --omit=dev');
    expect(only('USER')).toBe('ballast');
    expect(only('VOLUME')).toBe('/data');
    expect(only('STOPSIGNAL')).toBe('SIGTERM');
  });

  it('runs ballast-server with options it accepts, and checks health on the admin port it opens', () => {
    expect(entrypoint[0]).toBe('ballast-server');
    const request = parseCommandLine(entrypoint.slice(1));
    expect(request).toMatchObject({ kind: 'run', overrides: { dir: '/data' } });
    const overrides = (request as { overrides: Record<string, string> }).overrides;
    expect(only('EXPOSE')).toBe(overrides.port ?? '6379');
    const healthCheck = only('HEALTHCHECK');
    expect(healthCheck).toContain(`http://127.0.0.1:${overrides['admin-port']}/ready`);
    expect(healthCheck).toMatch(/--start-period=\d+s/);
  });
});
