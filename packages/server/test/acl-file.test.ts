/**
 * The aclfile and `user` directives on the real binary: ACL SAVE writes the file atomically (no
 * temp file left) in ACL LIST's format and a restart loads it; ACL LOAD re-reads it; a file that
 * cannot be read or holds a bad line refuses the start (file:line and the reason, as Redis), as
 * do `user` directives next to an aclfile; without an aclfile, `user` directives define users.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ErrorReply, OK } from '@ballast/core';
import { afterEach, describe, expect, it } from 'vitest';
import { runBallast, startBallast, type RunningBallast } from './support/ballast-server.js';
import { RawClient } from './support/raw-client.js';

const directories: string[] = [];
const servers: RunningBallast[] = [];

function scratch(): string {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'ballast-acl-'));
  directories.push(directory);
  return directory;
}

async function start(args: string[]): Promise<RawClient> {
  const server = await startBallast({ args });
  servers.push(server);
  return RawClient.connect(server.port);
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()));
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

describe('aclfile', () => {
  it('is written by ACL SAVE in ACL LIST\'s format, atomically, and loaded at the next start', async () => {
    const directory = scratch();
    const file = path.join(directory, 'users.acl');
    writeFileSync(file, '');
    const first = await start(['--aclfile', file]);
    expect(await first.call('ACL', 'SETUSER', 'alice', 'on', '>pw', '~k*', '&news', '-@all', '+get', '(+set ~w*)')).toEqual(OK);
    expect(await first.call('ACL', 'SAVE')).toEqual(OK);
    const listed = (await first.call('ACL', 'LIST')) as string[];
    expect(readFileSync(file, 'latin1')).toBe(listed.map((line) => `${line}\n`).join(''));
    expect(readdirSync(directory), 'no temp file left').toEqual(['users.acl']);
    first.socket.destroy();
    await servers.pop()!.stop();
    const second = await start(['--aclfile', file]);
    expect(await second.call('ACL', 'LIST')).toEqual(listed);
    expect(await second.call('AUTH', 'alice', 'pw')).toEqual(OK);
    expect(await second.call('GET', 'k1')).toBe(null);
    second.socket.destroy();
  });

  it('is re-read by ACL LOAD, which changes nothing when the file is bad', async () => {
    const directory = scratch();
    const file = path.join(directory, 'users.acl');
    writeFileSync(file, 'user alice on nopass ~* +@all\n');
    const client = await start(['--aclfile', file]);
    writeFileSync(file, 'user bob on nopass ~* +@all\n');
    expect(await client.call('ACL', 'LOAD')).toEqual(OK);
    expect(await client.call('ACL', 'USERS')).toEqual(['bob', 'default']);
    writeFileSync(file, 'user carl on (+get ~x\n');
    expect(await client.call('ACL', 'LOAD')).toEqual(new ErrorReply(`ERR ${file}:1: Unmatched parenthesis in selector definition.`
      + 'WARNING: ACL errors detected, no change to the previously active ACL rules was performed'));
    rmSync(file);
    expect(await client.call('ACL', 'LOAD')).toEqual(new ErrorReply(`ERR Error loading ACLs, opening file '${file}': No such file or directory`));
    expect(await client.call('ACL', 'USERS')).toEqual(['bob', 'default']);
    client.socket.destroy();
  });

  it('refuses the start when it cannot be read or holds a bad line, naming file:line', async () => {
    const directory = scratch();
    const missing = await runBallast(['--port', '0', '--dir', directory, '--aclfile', 'nope.acl']);
    expect(missing.code).toBe(1);
    expect(missing.output).toContain("Aborting Redis startup because of ACL errors: Error loading ACLs, opening file 'nope.acl': No such file or directory");
    writeFileSync(path.join(directory, 'bad.acl'), 'user alice on\nuser bob +nosuch\n');
    const bad = await runBallast(['--port', '0', '--dir', directory, '--aclfile', 'bad.acl']);
    expect(bad.code).toBe(1);
    expect(bad.output).toContain("bad.acl:2: Error in applying operation '+nosuch': Unknown command or category name in ACL.");
  });
});

describe('user directives', () => {
  it('define users without an aclfile', async () => {
    const client = await start(['--user', 'alice', 'on', '>pw', '~*', '+@all']);
    expect(await client.call('AUTH', 'alice', 'pw')).toEqual(OK);
    expect(await client.call('ACL', 'WHOAMI')).toBe('alice');
    client.socket.destroy();
  });

  it('are refused next to an aclfile, and with a bad rule', async () => {
    const directory = scratch();
    writeFileSync(path.join(directory, 'users.acl'), '');
    const both = await runBallast(['--port', '0', '--dir', directory, '--aclfile', 'users.acl', '--user', 'alice', 'on']);
    expect(both.code).toBe(1);
    expect(both.output).toContain('please define either an ACL file or declare users directly in your redis.conf, but not both.');
    const bad = await runBallast(['--port', '0', '--dir', directory, '--user', 'alice', 'bogus']);
    expect(bad.code).toBe(1);
    expect(bad.output).toContain("Error in ACL SETUSER modifier 'bogus': Syntax error");
  });
});
