/**
 * CONFIG REWRITE, as Redis 7.0: the config file the server was started with is replaced by one
 * holding the running configuration (config/config-rewrite.ts composes it; the host's
 * ConfigFileServices reads the old file and replaces it atomically). The ACL users are written as
 * `user` lines unless an aclfile holds them; replicaof names the primary REPLICAOF chose. Errors as
 * Redis's: no config file, or the I/O failure's strerror text. Inside EXEC the file cannot be
 * waited for: the command is refused there (Redis, which writes synchronously, runs it). DEBUG
 * CONFIG-REWRITE-FORCE-ALL writes every option, its defaults included.
 */
import { rewriteConfigText } from '../../config/config-rewrite.js';
import { ErrorReply, OK, type Reply } from '../../resp/reply.js';
import { formatAclFile } from '../acl/acl-file.js';
import type { EngineServices } from '../services.js';
import type { BlockRequest, CommandContext } from '../types.js';

const NO_CONFIG_FILE = new ErrorReply('ERR The server is running without a config file');

/** How CONFIG REWRITE and DEBUG CONFIG-REWRITE-FORCE-ALL differ: what they write and how they fail. */
interface RewriteMode {
  readonly forceAll: boolean;
  /** The reply without a config file. */
  readonly noFile: ErrorReply;
  /** The error's text before the strerror reason. */
  readonly failed: string;
  readonly insideMulti: ErrorReply;
}

const CONFIG_REWRITE: RewriteMode = {
  forceAll: false, noFile: NO_CONFIG_FILE, failed: 'Rewriting config file', insideMulti: new ErrorReply('ERR CONFIG REWRITE is not allowed inside MULTI'),
};

/** Redis rewrites a NULL path there: fopen fails with EFAULT. */
const FORCE_ALL: RewriteMode = {
  forceAll: true, noFile: new ErrorReply('ERR CONFIG-REWRITE-FORCE-ALL failed: Bad address'), failed: 'CONFIG-REWRITE-FORCE-ALL failed',
  insideMulti: new ErrorReply('ERR DEBUG CONFIG-REWRITE-FORCE-ALL is not allowed inside MULTI'),
};

/** The primary REPLICAOF follows (ROLE's host and port), or null on a primary. */
function followedPrimary(engine: EngineServices): { host: string; port: number } | null {
  const role = engine.replication?.followsPrimary === true ? engine.replication.role() : null;
  if (!Array.isArray(role) || typeof role[1] !== 'string' || typeof role[2] !== 'number') return null;
  return { host: role[1], port: role[2] };
}

function composeFile(engine: EngineServices, oldText: string | null, forceAll: boolean): string {
  const userLines = engine.config.string('aclfile') !== '' ? null
    : formatAclFile(engine.acl.allUsers()).split('\n').filter((line) => line !== '');
  return rewriteConfigText({ oldText, config: engine.config, userLines, primary: followedPrimary(engine), forceAll });
}

function rewriteFile(context: CommandContext, mode: RewriteMode): Reply | BlockRequest {
  const { engine } = context;
  const file = engine.configFile;
  if (file === null) return mode.noFile;
  const request: BlockRequest = engine.replyWhenDone(Promise.resolve().then(() => {
    if (context.client.blockRequest !== request) return mode.insideMulti;
    return file.rewrite((oldText) => composeFile(engine, oldText, mode.forceAll)).then((): Reply => {
      if (!mode.forceAll) engine.log('warning', 'CONFIG REWRITE executed with success.');
      return OK;
    }, (error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      if (!mode.forceAll) engine.log('warning', `CONFIG REWRITE failed: ${reason}`);
      return new ErrorReply(`ERR ${mode.failed}: ${reason}`);
    });
  }), mode.insideMulti);
  return request;
}

/** CONFIG REWRITE */
export function rewriteConfig(context: CommandContext): Reply | BlockRequest {
  return rewriteFile(context, CONFIG_REWRITE);
}

/** DEBUG CONFIG-REWRITE-FORCE-ALL */
export function rewriteConfigForceAll(context: CommandContext): Reply | BlockRequest {
  return rewriteFile(context, FORCE_ALL);
}
