/**
 * The durability pipeline as the engine sees it (the AOF, implemented by Persistence above the
 * engine). The engine is given its port at construction, and from the moment the pipeline
 * calls `Engine.beginLogging` every closed unit goes to `appendUnit`.
 */
import type { UnitEffects } from '../aof/effect.js';
import type { PersistenceServices } from '../commands/services.js';

export interface DurabilityPort extends PersistenceServices {
  /** Logs one closed unit under the next global LSN and returns that LSN. */
  appendUnit(unit: UnitEffects): number;
  /** The end of an event loop turn: a good moment to cut a batch. */
  endOfEvent(): void;
}
