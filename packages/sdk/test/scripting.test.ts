/**
 * Scripting through the SDK — EVAL and its forms, the script cache, functions, the script
 * helper (NOSCRIPT recovery after SCRIPT FLUSH, scripts in pipelines and transactions) — the
 * same suite against ballast-server and redis-server, each over RESP2 and RESP3.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, ReplyError, scriptSha1, type Client, type LibraryDescription } from '../src/index.js';
import { serverFor, TARGETS } from './support/servers.js';

const INCREMENT = "return redis.call('INCRBY', KEYS[1], ARGV[1])";

const LIBRARY = [
  '#!lua name=sdklib',
  "redis.register_function('sdk_set', function(keys, args) return redis.call('SET', keys[1], args[1]) end)",
  "redis.register_function{function_name='sdk_get', callback=function(keys) return redis.call('GET', keys[1]) end,",
  "  flags={'no-writes'}, description='reads a key'}",
].join('\n');

async function rejection(promise: Promise<unknown>): Promise<ReplyError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(ReplyError);
  return error as ReplyError;
}

function byName(libraries: LibraryDescription[]): LibraryDescription[] {
  for (const library of libraries) library.functions.sort((a, b) => a.name.localeCompare(b.name));
  return libraries;
}

describe.each(TARGETS)('scripting against %s', (target) => {
  const server = serverFor(target);
  describe.each([2, 3] as const)('RESP%i', (protocol) => {
    let client: Client;
    beforeAll(async () => {
      client = createClient({ port: server.port, protocol, database: protocol });
      await client.ready();
      await client.flushdb();
      await client.scriptFlush();
      await client.functionFlush();
    });
    afterAll(async () => {
      await client.quit();
    });

    it('eval passes keys and args and converts the reply', async () => {
      const script = "return {KEYS[1], ARGV[1], redis.call('INCRBY', KEYS[1], ARGV[2]), 3.99, false}";
      expect(await client.eval(script, { keys: ['e:counter'], args: ['héllo', 5] })).toEqual(['e:counter', 'héllo', 5, 3, null]);
      expect(await client.eval('return 1 + 1')).toBe(2);
      expect(await client.eval("return {ok='DONE'}")).toBe('DONE');
      const bytes = Buffer.from([0xff, 0x00, 0xfe]);
      expect(await client.buffers().eval('return ARGV[1]', { args: [bytes] })).toEqual(bytes);
    });

    it('eval rejects with the error the script raised', async () => {
      await client.set('e:string', 'x');
      expect((await rejection(client.eval("return redis.call('LPUSH', KEYS[1], 'a')", { keys: ['e:string'] }))).code).toBe('WRONGTYPE');
      expect((await rejection(client.eval("return {err='MYERR it broke'}"))).code).toBe('MYERR');
      expect((await rejection(client.evalRo("return redis.call('SET', KEYS[1], 'v')", { keys: ['e:ro'] }))).code).toBe('ERR');
      expect(await client.evalRo("return redis.call('GET', KEYS[1])", { keys: ['e:string'] })).toBe('x');
    });

    it('scriptLoad, scriptExists, evalsha, evalshaRo and scriptFlush', async () => {
      const sha1 = await client.scriptLoad(INCREMENT);
      expect(sha1).toBe(scriptSha1(INCREMENT));
      expect(await client.scriptExists([sha1, scriptSha1('return 0')])).toEqual([true, false]);
      expect(await client.evalsha(sha1, { keys: ['s:counter'], args: [7] })).toBe(7);
      expect(await client.evalshaRo(await client.scriptLoad("return redis.call('GET', KEYS[1])"), { keys: ['s:counter'] })).toBe('7');
      expect(await client.scriptFlush('SYNC')).toBe('OK');
      expect(await client.scriptExists(sha1)).toEqual([false]);
      expect((await rejection(client.evalsha(sha1, { keys: ['s:counter'], args: [1] }))).code).toBe('NOSCRIPT');
    });

    it('the script helper runs by SHA1 and recovers from NOSCRIPT after SCRIPT FLUSH', async () => {
      const increment = client.script(INCREMENT);
      expect(client.script(INCREMENT)).toBe(increment);
      expect(increment.sha1).toBe(scriptSha1(INCREMENT));
      await client.scriptFlush();
      expect(await increment.run({ keys: ['h:counter'], args: [2] })).toBe(2);
      expect(await client.scriptExists(increment.sha1)).toEqual([true]);
      expect(await increment.run({ keys: ['h:counter'], args: [3] })).toBe(5);
      await client.scriptFlush();
      expect(await increment.run({ keys: ['h:counter'], args: [4] })).toBe(9);
      expect(await client.get('h:counter')).toBe('9');
      expect(await increment.load()).toBe(increment.sha1);
    });

    it('a read-only script helper refuses writes', async () => {
      const read = client.script("return redis.call('GET', KEYS[1])", { readOnly: true });
      await client.set('r:key', 'value');
      await client.scriptFlush();
      expect(await read.run({ keys: ['r:key'] })).toBe('value');
      const write = client.script("return redis.call('DEL', KEYS[1])", { readOnly: true });
      expect((await rejection(write.run({ keys: ['r:key'] }))).code).toBe('ERR');
      expect(await client.get('r:key')).toBe('value');
    });

    it('a script in a transaction: EVAL first, EVALSHA after, whatever the cache held', async () => {
      const increment = client.script(INCREMENT);
      await client.scriptFlush();
      const results = await client.multi().set('m:counter', '1').runScript(increment, { keys: ['m:counter'], args: [2] })
        .runScript(increment, { keys: ['m:counter'], args: [3] }).get('m:counter').exec();
      expect(results).toEqual(['OK', 3, 6, '6']);
      expect(await client.scriptExists(increment.sha1)).toEqual([true]);
    });

    it('a script in a pipeline, and its error failing the pipeline', async () => {
      const increment = client.script(INCREMENT);
      await client.scriptFlush();
      const results = await client.pipeline().runScript(increment, { keys: ['p:counter'], args: [10] })
        .runScript(increment, { keys: ['p:counter'], args: [1] }).exec();
      expect(results).toEqual([10, 11]);
      await client.set('p:string', 'x');
      const failing = client.pipeline().runScript(increment, { keys: ['p:string'], args: [1] }).incr('p:counter').exec();
      expect((await rejection(failing)).code).toBe('ERR');
      expect(await client.get('p:counter')).toBe('12');
    });

    it('functions: load, call, list, dump, restore, delete and flush', async () => {
      await client.functionFlush('SYNC');
      expect(await client.functionLoad(LIBRARY)).toBe('sdklib');
      expect((await rejection(client.functionLoad(LIBRARY))).message).toContain("Library 'sdklib' already exists");
      expect(await client.functionLoad(LIBRARY, { replace: true })).toBe('sdklib');
      expect(await client.fcall('sdk_set', { keys: ['f:key'], args: ['héllo'] })).toBe('OK');
      expect(await client.fcallRo('sdk_get', { keys: ['f:key'] })).toBe('héllo');
      expect((await rejection(client.fcallRo('sdk_set', { keys: ['f:key'], args: ['x'] }))).code).toBe('ERR');
      expect((await rejection(client.fcall('sdk_none'))).message).toContain('Function not found');
      const described: LibraryDescription = {
        libraryName: 'sdklib',
        engine: 'LUA',
        functions: [
          { name: 'sdk_get', description: 'reads a key', flags: ['no-writes'] },
          { name: 'sdk_set', description: null, flags: [] },
        ],
      };
      expect(byName(await client.functionList())).toEqual([described]);
      expect(byName(await client.functionList({ libraryName: 'sdk*', withCode: true }))).toEqual([{ ...described, code: LIBRARY }]);
      expect(await client.functionList({ libraryName: 'other*' })).toEqual([]);
      const dump = await client.functionDump();
      expect(dump).toBeInstanceOf(Buffer);
      expect(await client.functionFlush()).toBe('OK');
      expect(await client.functionList()).toEqual([]);
      expect(await client.functionRestore(dump)).toBe('OK');
      expect((await rejection(client.functionRestore(dump))).message).toContain('already exists');
      expect(await client.functionRestore(dump, 'REPLACE')).toBe('OK');
      expect(await client.fcallRo('sdk_get', { keys: ['f:key'] })).toBe('héllo');
      expect(await client.functionDelete('sdklib')).toBe('OK');
      expect((await rejection(client.functionDelete('sdklib'))).message).toContain('Library not found');
    });
  });
});
