/**
 * The ACL at start, as Redis's ACLLoadUsersAtStartup: `user` directives of the config file (or
 * --user flags) define users, or `aclfile` names the file ACL LOAD and ACL SAVE use, read now —
 * not both. A directive with a bad rule, or an aclfile that cannot be read or holds a bad line,
 * refuses the start with Redis's message (file:line and the reason for the file).
 */
import path from 'node:path';
import { FileSystemAclStore, parseAclFile, type Engine } from '@ballast/core';
import type { Logger } from './logger.js';
import { NodeClock } from './node-clock.js';
import { NodeFileSystem } from './node-file-system.js';

const USERS_AND_FILE = 'Configuring Redis with users defined in redis.conf and at the same setting an ACL file path is invalid. '
  + 'This setup is very likely to lead to configuration errors and security holes, please define either an ACL file or declare users '
  + 'directly in your redis.conf, but not both.';

/** Sets the engine's users up; false when the start must be refused (the reason is logged). */
export async function setUpAcl(options: { engine: Engine; users: readonly string[][]; dataDirectory: string; log: Logger }): Promise<boolean> {
  const { engine, users, dataDirectory, log } = options;
  const aclFile = engine.config.string('aclfile');
  if (aclFile !== '' && users.length > 0) {
    log('warning', USERS_AND_FILE);
    return false;
  }
  for (const [name, ...rules] of users) {
    const error = engine.acl.defineUser(name, rules);
    if (error !== undefined) {
      log('warning', `Error loading ACL user '${name}': ${error}`);
      log('warning', 'Critical error while loading ACLs. Exiting.');
      return false;
    }
    if (!engine.acl.user(name)!.enabled) {
      log('notice', `The user '${name}' is disabled (there is no 'on' modifier in the user description). Make sure this is not a configuration error.`);
    }
  }
  if (aclFile === '') return true;
  const absolute = path.resolve(dataDirectory, aclFile);
  const store = new FileSystemAclStore({
    fs: new NodeFileSystem(), clock: new NodeClock(), directory: path.dirname(absolute), name: path.basename(absolute), path: aclFile,
  });
  let text: string;
  try {
    text = await store.read();
  } catch (error) {
    log('warning', `Aborting Redis startup because of ACL errors: Error loading ACLs, opening file '${aclFile}': ${(error as Error).message}`);
    return false;
  }
  const loaded = parseAclFile(text, aclFile, (name) => engine.acl.newUser(name));
  if (typeof loaded === 'string') {
    log('warning', `Aborting Redis startup because of ACL errors: ${loaded}`);
    return false;
  }
  engine.acl.replaceUsers(loaded, []);
  engine.acl.file = store;
  return true;
}
