/**
 * CONFIG REWRITE, as Redis 7.0: the config file the server was started with is replaced by one
 * holding the running configuration (config/config-rewrite.ts composes it; the host's
 * ConfigFileServices reads the old file and replaces it atomically). The ACL users are written as
 * `user` lines unless an aclfile holds them; replicaof names the primary REPLICAOF chose. Errors as
 * Redis's: no config file, or the I/O failure's strerror text. Inside EXEC the file cannot be
 * waited for: the command is refused there (Redis, which writes synchronously, runs it).
 */
import { rewriteConfigText } from '../../config/config-rewrite.js';
import { ErrorReply, OK, type Reply } from '../../resp/reply.js';
import { formatAclFile } from '../acl/acl-file.js';
import type { EngineServices } from '../services.js';
import type { BlockRequest, CommandContext } from '../types.js';

const NO_CONFIG_FILE = new ErrorReply('ERR The server is running without a config file');
const INSIDE_MULTI = new ErrorReply('ERR CONFIG REWRITE is not allowed inside MULTI');

/** The primary REPLICAOF follows (ROLE's host and port), or null on a primary. */
function followedPrimary(engine: EngineServices): { host: string; port: number } | null {
  const role = engine.replication?.followsPrimary === true ? engine.replication.role() : null;
  if (!Array.isArray(role) || typeof role[1] !== 'string' || typeof role[2] !== 'number') return null;
  return { host: role[1], port: role[2] };
}

function composeFile(engine: EngineServices, oldText: string | null): string {
  const userLines = engine.config.string('aclfile') !== '' ? null
    : formatAclFile(engine.acl.allUsers()).split('\n').filter((line) => line !== '');
  return rewriteConfigText({ oldText, config: engine.config, userLines, primary: followedPrimary(engine) });
}

/** CONFIG REWRITE */
export function rewriteConfig(context: CommandContext): Reply | BlockRequest {
  const { engine } = context;
  const file = engine.configFile;
  if (file === null) return NO_CONFIG_FILE;
  const request: BlockRequest = engine.replyWhenDone(Promise.resolve().then(() => {
    if (context.client.blockRequest !== request) return INSIDE_MULTI;
    return file.rewrite((oldText) => composeFile(engine, oldText)).then((): Reply => {
      engine.log('warning', 'CONFIG REWRITE executed with success.');
      return OK;
    }, (error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      engine.log('warning', `CONFIG REWRITE failed: ${reason}`);
      return new ErrorReply(`ERR Rewriting config file: ${reason}`);
    });
  }), INSIDE_MULTI);
  return request;
}
