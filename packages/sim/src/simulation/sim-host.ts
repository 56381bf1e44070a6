/**
 * The engine's view of the simulated machine: host facts that stay the same run after run, and
 * the engine configuration a run asks for.
 */
import { NO_PLANTED_DEFECTS, type PlantedDefects } from '@ballast/core/testing';
import { Config, Engine, type Clock, type HostInfo, type LogLevel, type Random } from '@ballast/core';

export const SIM_HOST: HostInfo = {
  version: '0.0.0-sim',
  processId: 1,
  runId: 's'.repeat(40),
  tcpPort: 6379,
  executable: 'ballast-sim',
  configFile: '',
  os: 'Simulated 1.0',
  memoryUsage: () => ({ usedBytes: 0, rssBytes: 0 }),
};

export interface EngineSettings {
  readonly shards: number;
  readonly appendfsync: string;
  /** A small auto-rewrite threshold so rewrites happen in short runs. */
  readonly autoRewriteMinBytes: number;
}

export function createSimEngine(settings: EngineSettings, clock: Clock, random: Random, log: (level: LogLevel, message: string) => void,
  defects: PlantedDefects = NO_PLANTED_DEFECTS): Engine {
  const config = new Config({
    shards: String(settings.shards),
    databases: '2',
    appendfsync: settings.appendfsync,
    'auto-aof-rewrite-min-size': String(settings.autoRewriteMinBytes),
  });
  return new Engine({ config, clock, random, host: SIM_HOST, log, defects });
}
