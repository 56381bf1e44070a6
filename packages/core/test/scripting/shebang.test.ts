import { describe, expect, it } from 'vitest';
import { parseLibraryShebang, parseScriptShebang } from '../../src/scripting/shebang.js';

describe('script and library shebangs (Redis 7.0 texts)', () => {
  it('a script without a shebang runs in compatible mode, unchanged', () => {
    expect(parseScriptShebang('return 1')).toEqual({ flags: { compatible: true, flags: new Set() }, code: 'return 1' });
  });

  it('cuts the shebang line but keeps its line feed, so line numbers stay the user\'s', () => {
    const parsed = parseScriptShebang('#!lua flags=no-writes,allow-oom\nreturn 1');
    expect(parsed).toEqual({ flags: { compatible: false, flags: new Set(['no-writes', 'allow-oom']) }, code: '\nreturn 1' });
    expect(parseScriptShebang('#!lua\nreturn 1')).toEqual({ flags: { compatible: false, flags: new Set() }, code: '\nreturn 1' });
    expect(parseScriptShebang('#!lua flags=\nreturn 1')).toEqual({ flags: { compatible: false, flags: new Set() }, code: '\nreturn 1' });
  });

  it('refuses bad shebangs with Redis\'s errors', () => {
    expect(parseScriptShebang('#!lua')).toBe('Invalid script shebang');
    expect(parseScriptShebang('#!python\nreturn 1')).toBe('Unexpected engine in script shebang: #!python');
    expect(parseScriptShebang('#!lua flags=no-writes,bad-flag\nreturn 1')).toBe('Unexpected flag in script shebang: bad-flag');
    expect(parseScriptShebang('#!lua name=mylib\nreturn 1')).toBe('Unknown lua shebang option: name=mylib');
    expect(parseScriptShebang('#!lua "unbalanced\nreturn 1')).toBe('Invalid engine in script shebang');
  });

  it('reads a library\'s engine and name', () => {
    expect(parseLibraryShebang('#!lua name=mylib\nredis.register_function()')).toEqual({ engine: 'lua', name: 'mylib', body: '\nredis.register_function()' });
    expect(parseLibraryShebang('#!LUA NAME=x\n')).toEqual({ engine: 'LUA', name: 'x', body: '\n' });
  });

  it('refuses bad library metadata with Redis\'s errors', () => {
    expect(parseLibraryShebang('return 1')).toBe('Missing library metadata');
    expect(parseLibraryShebang('#!lua name=x')).toBe('Invalid library metadata');
    expect(parseLibraryShebang('#!lua\nreturn 1')).toBe('Library name was not given');
    expect(parseLibraryShebang('#!lua name=a name=b\n')).toBe('Invalid metadata value, name argument was given multiple times');
    expect(parseLibraryShebang('#!lua foo=bar\n')).toBe('Invalid metadata value given: foo=bar');
  });
});
