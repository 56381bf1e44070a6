/**
 * The one condition under which the SDK suite skips scripting tests against ballast-server:
 * core's Lua runtime is still the placeholder (packages/core/src/lua/index.ts before the runtime
 * lands), whose every EVAL answers exactly LUA_RUNTIME_PLACEHOLDER_ERROR. Any other answer —
 * a working runtime, "unknown command", a wrong result — runs the tests, so they judge the
 * runtime from the moment it lands. Skipped tests say why in the report.
 */
import { createClient, ReplyError } from '../../src/index.js';

/** What ballast-server answers EVAL with while core's Lua runtime is the placeholder. */
export const LUA_RUNTIME_PLACEHOLDER_ERROR = 'ERR the Lua runtime is not built yet';

/** The note a test skipped for the placeholder carries. */
export const LUA_RUNTIME_PENDING_NOTE = `ballast-server answers EVAL with '${LUA_RUNTIME_PLACEHOLDER_ERROR}': core's Lua runtime has not landed`;

/** True when the server on `port` answers `EVAL "return 1" 0` with the placeholder's error. */
export async function luaRuntimeIsPlaceholder(port: number): Promise<boolean> {
  const probe = createClient({ port });
  try {
    const answer = await probe.call('EVAL', 'return 1', 0).catch((error: unknown) => error);
    return answer instanceof ReplyError && answer.message === LUA_RUNTIME_PLACEHOLDER_ERROR;
  } finally {
    await probe.quit();
  }
}
