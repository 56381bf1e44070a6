/**
 * `ballast-server reshard --dir D --shards N [--appenddirname X]`: the offline reshard tool.
 * Reads the AOF's current shard count from its manifest, recovers it, and rewrites it for N
 * shards (core's reshard, crash-safe at every step). Exit codes as the server's: 0 done,
 * 1 usage or I/O error, 2 the AOF is damaged (see the runbook).
 */
import path from 'node:path';
import { Config, Engine, readManifest, RecoveryRefusal, reshard, seededRandom, type LogLevel } from '@ballast/core';
import { createHostInfo } from './host-info.js';
import { createLogger } from './logger.js';
import { NodeClock } from './node-clock.js';
import { NodeFileSystem } from './node-file-system.js';

export async function runReshard(overrides: Record<string, string>): Promise<number> {
  const target = new Config(overrides);
  const log = createLogger(() => target.string('loglevel') as LogLevel);
  const directory = path.join(path.resolve(target.string('dir')), target.string('appenddirname'));
  const fs = new NodeFileSystem();
  try {
    const manifest = await readManifest(fs, directory);
    if (manifest === null) {
      log('warning', `No AOF manifest in ${directory}: nothing to reshard.`);
      return 1;
    }
    const current = new Config({ ...overrides, shards: String(manifest.shardCount) });
    const engine = new Engine({
      config: current, clock: new NodeClock(), random: seededRandom(1), host: createHostInfo({ tcpPort: 0, configFile: '' }), log,
    });
    await reshard({ fs, directory, engine, shardCount: target.integer('shards'), log });
    return 0;
  } catch (error) {
    log('warning', error instanceof RecoveryRefusal ? error.message : `Reshard failed: ${(error as Error).message}`);
    return error instanceof RecoveryRefusal ? 2 : 1;
  }
}
