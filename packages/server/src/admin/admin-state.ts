/**
 * What the admin endpoint reads: the engine, the AOF once recovery has opened it, the server's
 * phase and the observations. main.ts owns it and moves the phase forward; /ready's answer is a
 * function of it alone.
 */
import type { Engine, Persistence } from '@ballast/core';
import type { Observations } from './observations.js';

export type ServerPhase = 'recovering' | 'serving' | 'stopping';

export interface AdminState {
  readonly engine: Engine;
  readonly observations: Observations;
  readonly version: string;
  phase: ServerPhase;
  persistence: Persistence | null;
}

/** Ready: recovery finished, the listener is up, and writes are accepted. Otherwise, why not. */
export function readiness(state: AdminState): { ready: true } | { ready: false; reason: string } {
  if (state.phase === 'recovering') return { ready: false, reason: 'loading: recovering the AOF' };
  if (state.phase === 'stopping') return { ready: false, reason: 'shutting down' };
  const failure = state.engine.durabilityFailure;
  if (failure !== null) return { ready: false, reason: failure.message };
  return { ready: true };
}
