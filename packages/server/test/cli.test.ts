import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCommandLine, parseConfigFile } from '../src/cli.js';
import { runBallast } from './support/ballast-server.js';

describe('command line', () => {
  it('takes --option value flags for every schema option', () => {
    expect(parseCommandLine(['--port', '7000', '--bind', '127.0.0.1', '::1', '--shards', '4'])).toEqual({
      kind: 'run', configFile: '', overrides: { port: '7000', bind: '127.0.0.1 ::1', shards: '4' }, users: [],
    });
  });

  it('keeps user directives for the ACL, once per name, from the file and the flags', () => {
    expect(parseConfigFile('a.conf', 'user alice on >pw ~* +@all\nuser bob (+get ~k)\n')).toEqual({
      options: {}, users: [['alice', 'on', '>pw', '~*', '+@all'], ['bob', '(+get', '~k)']],
    });
    expect(parseConfigFile('a.conf', 'user alice on\nuser alice off\n')).toEqual({
      error: "a.conf:2: Error in user declaration 'alice': Duplicate user found. A user can only be defined once in config files",
    });
    expect(parseCommandLine(['--user', 'default', 'on', 'nopass', '~*', '+@all'])).toMatchObject({ users: [['default', 'on', 'nopass', '~*', '+@all']] });
  });

  it.each([
    [['--nope', '1'], "command line: unknown option 'nope' (see ballast-server --help)"],
    [['--port'], "command line: option 'port' takes exactly one value, got 0"],
    [['--port', 'x'], "command line: bad value 'x' for 'port': argument couldn't be parsed into an integer"],
    [['--save', '0', '1'], "command line: bad value '0 1' for 'save': Invalid save parameters"],
    [['--dbfilename', 'a/b.rdb'], "command line: bad value 'a/b.rdb' for 'dbfilename': dbfilename can't be a path, just a filename"],
    [['--port', '1', 'stray'], "command line: option 'port' takes exactly one value, got 2"],
    [['--syslog-enabled', 'yes'], "command line: option 'syslog-enabled' is not supported with yes: Node.js cannot send to the system log's datagram socket (/dev/log); under systemd the journal already collects standard output (set SyslogIdentifier= and SyslogFacility= in the unit), or write a logfile"],
  ])('refuses %j', (argv, message) => {
    expect(parseCommandLine(argv)).toEqual({ kind: 'error', message });
  });

  it('accepts the process options Redis has: logfile, pidfile, supervised, syslog-enabled no, always-show-logo', () => {
    const argv = ['--logfile', '/var/log/ballast.log', '--pidfile', '/run/ballast.pid', '--supervised', 'auto', '--syslog-enabled', 'no',
      '--syslog-ident', 'ballast', '--syslog-facility', 'local3', '--always-show-logo', 'yes', '--daemonize', 'no'];
    expect(parseCommandLine(argv)).toMatchObject({ kind: 'run' });
  });

  it('reads redis.conf syntax with comments and quotes, naming file:line on errors', () => {
    expect(parseConfigFile('a.conf', '# comment\nport 7001\n\nrequirepass "p w"\n')).toEqual({
      options: { port: '7001', requirepass: 'p w' }, users: [],
    });
    expect(parseConfigFile('a.conf', 'save 3600 1\nsave 300 100\nsave 60 10000\n'), 'each save line adds a save point').toEqual({
      options: { save: '3600 1 300 100 60 10000' }, users: [],
    });
    expect(parseConfigFile('a.conf', 'port 1\nmaxmemroy 10\n')).toEqual({
      error: "a.conf:2: unknown option 'maxmemroy' (see ballast-server --help)",
    });
  });
});

describe('ballast-server process', () => {
  it('exits 1 with a clear message on a bad option or a missing config file', async () => {
    const bad = await runBallast(['--shards', 'many']);
    expect(bad.code).toBe(1);
    expect(bad.output).toContain("bad value 'many' for 'shards'");
    const missing = await runBallast(['/nonexistent/ballast.conf']);
    expect(missing.code).toBe(1);
    expect(missing.output).toContain("cannot read config file '/nonexistent/ballast.conf'");
  });

  it('prints help and version', async () => {
    const help = await runBallast(['--help']);
    expect(help.code).toBe(0);
    expect(help.output).toContain('--requirepass');
    expect((await runBallast(['--version'])).output).toMatch(/^ballast-server \d+\.\d+\.\d+/);
  });

  it('refuses a config file with an unknown option, naming the line', async () => {
    const directory = mkdtempSync(path.join(os.tmpdir(), 'ballast-conf-'));
    const file = path.join(directory, 'ballast.conf');
    writeFileSync(file, 'port 7000\ndaemonize yes\n');
    const result = await runBallast([file]);
    expect(result.code).toBe(1);
    expect(result.output).toContain(`${file}:2: option 'daemonize' is not supported`);
  });
});
