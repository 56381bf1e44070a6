/**
 * What the simulated clients saw, as the checkers need it, recorded from outside the engine so
 * that a defect in the reply gate cannot hide from it. For every command: the chunk of bytes
 * whose arrival ran it, and the log's last LSN just before and just after that chunk was
 * received (read from the units Persistence logged, not from the engine); the mode, time and
 * database it ran with; and, once every reply of its request is in, its reply.
 *
 * Why a chunk's window is evidence enough: everything a chunk runs (its commands, the blocked
 * clients they serve, the clients those resume) happens in one event, whose units go into one
 * batch — and a durable cut always falls on a batch boundary. So a chunk's units are either all
 * within the cut or all beyond it, and an acknowledged command whose chunk logged units proves
 * the whole window was committed (its reply waited for its own unit or for a key it touched).
 */
import { ErrorReply, type Reply } from '@ballast/core';

export interface ExecutedCommand {
  readonly args: readonly string[];
  /** The log's last LSN before and after the chunk that ran this command was received. */
  readonly loggedBefore: number;
  readonly loggedAfter: number;
  readonly executedAtMs: number;
  /** The appendfsync mode and the selected database when the chunk arrived. */
  readonly mode: string;
  readonly database: number;
}

export interface Acknowledgement {
  readonly client: number;
  /** Index of the request in the run's issue order (what `--keep` names). */
  readonly index: number;
  /** A MULTI/EXEC block (its reads are not re-run: they answered QUEUED). */
  readonly transaction: boolean;
  readonly commands: readonly ExecutedCommand[];
  /** replies[i] answers commands[i]. */
  readonly replies: readonly Reply[];
  readonly acknowledgedAtMs: number;
  /** The mode when the last reply arrived. */
  readonly modeAtAcknowledgement: string;
}

/** One command as the checks see it, with its reply. */
export interface ObservedCommand extends ExecutedCommand {
  readonly reply: Reply;
  readonly acknowledgement: Acknowledgement;
}

/** A reply held for a commit that never came is answered MISCONF, as are writes after the failure. */
export function refusedForDurability(reply: Reply): boolean {
  return reply instanceof ErrorReply && reply.message.startsWith('MISCONF');
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

  /**
   * Every acknowledged command whose chunk logged units, once per chunk window, unless a reply
   * in that window was MISCONF (the AOF failed around it: nothing there was acknowledged).
   */
  *loggingWindows(): Iterable<ObservedCommand> {
    for (const acknowledgement of this.acknowledged) {
      const windows = new Map<number, ObservedCommand[]>();
      acknowledgement.commands.forEach((command, index) => {
        if (command.loggedAfter <= command.loggedBefore) return;
        const observed = { ...command, reply: acknowledgement.replies[index], acknowledgement };
        const window = windows.get(command.loggedAfter);
        if (window === undefined) windows.set(command.loggedAfter, [observed]);
        else window.push(observed);
      });
      for (const window of windows.values()) {
        if (window.every((command) => !refusedForDurability(command.reply))) yield window[window.length - 1];
      }
    }
  }

  /** Every acknowledged command outside MULTI/EXEC, with its reply. */
  *commands(): Iterable<ObservedCommand> {
    for (const acknowledgement of this.acknowledged) {
      if (acknowledgement.transaction) continue;
      for (let index = 0; index < acknowledgement.commands.length; index++) {
        yield { ...acknowledgement.commands[index], reply: acknowledgement.replies[index], acknowledgement };
      }
    }
  }

  clear(): void {
    this.acknowledged.length = 0;
    this.failedAtMs = null;
    this.modeChangedAtMs = 0;
  }
}
