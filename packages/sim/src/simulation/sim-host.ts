/**
 * The engine's view of the simulated machine: host facts that stay the same run after run, and
 * the engine configuration a run asks for.
 */
import type { PlantedDefects } from '@ballast/core/testing';
import { Config, Engine, type Clock, type DurabilityPort, type HostInfo, type MaxmemoryPolicy, type Random } from '@ballast/core';

export const SIM_HOST: HostInfo = {
  version: '0.0.0-sim',
  processId: 1,
  runId: 's'.repeat(40),
  tcpPort: 6379,
  executable: 'ballast-sim',
  configFile: '',
  os: 'Simulated 1.0',
  memoryUsage: () => ({ usedBytes: 0, rssBytes: 0 }),
  // The simulated machine spends no measured CPU: INFO cpu is the same run after run.
  cpuUsage: () => ({ systemUs: 0, userUs: 0, childrenSystemUs: 0, childrenUserUs: 0, mainThread: { systemUs: 0, userUs: 0 } }),
};

export interface EngineSettings {
  readonly shards: number;
  readonly appendfsync: string;
  /** A small auto-rewrite threshold so rewrites happen in short runs. */
  readonly autoRewriteMinBytes: number;
  /**
   * maxmemory (0 or absent: none) and its policy: for the engine under test only. The reference
   * and base-check engines only replay logged units (evictions are DELs there) and re-run reads,
   * which must not evict.
   */
  readonly maxmemoryBytes?: number;
  readonly maxmemoryPolicy?: MaxmemoryPolicy;
  /** More configuration (the replication runs' nodes: min-replicas-durable, repl-timeout, ...). */
  readonly extraConfig?: Readonly<Record<string, string>>;
}

/** What a simulated engine is built from besides its settings. */
export interface SimEngineParts {
  readonly clock: Clock;
  readonly random: Random;
  /** The AOF (a Persistence on the simulated disk); none for the reference replay. */
  readonly durability?: DurabilityPort;
  readonly defects?: PlantedDefects;
}

export function createSimEngine(settings: EngineSettings, { clock, random, durability, defects }: SimEngineParts): Engine {
  const config = new Config({
    shards: String(settings.shards),
    databases: '2',
    appendfsync: settings.appendfsync,
    'auto-aof-rewrite-min-size': String(settings.autoRewriteMinBytes),
    maxmemory: String(settings.maxmemoryBytes ?? 0),
    'maxmemory-policy': settings.maxmemoryPolicy ?? 'noeviction',
    ...settings.extraConfig,
  });
  return new Engine({ config, clock, random, host: SIM_HOST, durability, defects });
}
