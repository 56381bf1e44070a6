/**
 * What the simulated clients saw, as the checkers need it: for every request, the LSN it wrote
 * (0: none), the last LSN the server had handed out when it ran (the state it observed), the
 * appendfsync mode it ran under, and — once every reply is in — when it was acknowledged and
 * with what. Recorded from outside the engine (the client's own connection and the engine's
 * public LSN counter), so a defect in the reply gate cannot hide from it.
 */
import { ErrorReply, type Reply } from '@ballast/core';

export interface ExecutedRequest {
  readonly client: number;
  /** Index of the request in the run's issue order (what `--keep` names). */
  readonly index: number;
  readonly commands: readonly (readonly string[])[];
  /** The database the client had selected when the request ran. */
  readonly database: number;
  /** LSN of the unit the request wrote, 0 when it wrote nothing. */
  readonly writeLsn: number;
  /** The engine's last LSN right after the request ran: it saw the state after this LSN. */
  readonly observedLsn: number;
  readonly mode: string;
  readonly executedAtMs: number;
}

export interface Acknowledgement extends ExecutedRequest {
  readonly replies: readonly Reply[];
  readonly acknowledgedAtMs: number;
  /** The mode when the last reply arrived. */
  readonly modeAtAcknowledgement: string;
}

/** A reply that reports success (an error reply acknowledges nothing). */
export function succeeded(acknowledgement: Acknowledgement): boolean {
  return acknowledgement.replies.every((reply) => !(reply instanceof ErrorReply));
}

/** The acknowledgements of one epoch (one process lifetime), in the order they arrived. */
export class Observations {
  readonly acknowledged: Acknowledgement[] = [];
  /** When the AOF first failed in this epoch (MISCONF), or null. */
  failedAtMs: number | null = null;
  /** When appendfsync last changed in this epoch (0: at start). */
  modeChangedAtMs = 0;

  add(acknowledgement: Acknowledgement): void {
    this.acknowledged.push(acknowledgement);
  }

  clear(): void {
    this.acknowledged.length = 0;
    this.failedAtMs = null;
    this.modeChangedAtMs = 0;
  }
}
