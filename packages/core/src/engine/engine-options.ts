/**
 * What a host gives the Engine at construction: configuration, time, randomness, facts about
 * the process, and the hooks it wants (log, shutdown, flush scheduling, command observation,
 * the durability port).
 */
import type { HostInfo, LogLevel } from '../commands/services.js';
import type { CommandDefinition } from '../commands/types.js';
import type { Config } from '../config/config.js';
import type { DurabilityPort } from '../effects/durability-port.js';
import type { Clock } from '../io/clock.js';
import type { Random } from '../io/random.js';
import type { PlantedDefects } from '../testing/planted-defects.js';

export type { LogLevel };

/** SHUTDOWN's choice about the RDB dump: SAVE, NOSAVE, or save only when save points are set (Redis's default). */
export type ShutdownSave = 'save' | 'nosave' | 'default';

export interface EngineOptions {
  readonly config: Config;
  readonly clock: Clock;
  readonly random: Random;
  readonly host: HostInfo;
  readonly log?: (level: LogLevel, message: string) => void;
  /** SHUTDOWN was accepted: the host stops listening and exits after flushing. */
  readonly onShutdown?: (save: ShutdownSave) => void;
  /**
   * How replies are flushed after an event. By default at once. A host may defer the flush to
   * the end of its I/O batch (the server uses setImmediate), so that, as in Redis's beforeSleep,
   * every client served in one poll iteration is written to together.
   */
  readonly scheduleFlush?: (flush: () => void) => void;
  /** Called after every command that ran (not one refused before it ran), with its time in µs. */
  readonly observeCommand?: (definition: CommandDefinition, usec: number, failed: boolean) => void;
  /** The AOF (absent with appendonly no); units go to it from its call of beginLogging on. */
  readonly durability?: DurabilityPort;
  /** Deliberate bugs for the simulator's mutant runs; none by default. */
  readonly defects?: PlantedDefects;
}
