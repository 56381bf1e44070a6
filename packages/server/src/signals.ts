/**
 * The server's signals. SIGTERM and SIGINT ask for a clean stop. While the dataset loads, the
 * stop waits for recovery to finish, then the server exits without serving (Redis: "scheduling
 * shutdown"). While serving, the first one starts the shutdown. While shutting down, every
 * further one is logged and changes nothing, so the flush, fsync and final save in progress
 * complete and the exit code stays 0; SIGKILL is the way to stop at once, with a crash's
 * outcome (recovery keeps what was committed). Redis exits at once with 1 on a second SIGINT;
 * Ballast does not. SIGHUP reopens the log file for logrotate instead of Node's default, exiting.
 * SIGUSR1 is logged and ignored: by default it makes Node open its debugger on 127.0.0.1:9229,
 * with no authentication, to anyone who can signal the process.
 */
import type { Logger } from './logger.js';

type StopSignal = 'SIGTERM' | 'SIGINT';

export interface SignalActions {
  /** Starts the shutdown; `beforeServing` when the signal arrived while the dataset loaded. */
  readonly stop: (reason: string, beforeServing: boolean) => void;
  readonly hangUp: () => void;
}

export class ProcessSignals {
  private phase: 'loading' | 'serving' | 'stopping' = 'loading';
  private pendingStop: string | null = null;
  private readonly handlers: readonly (readonly [NodeJS.Signals, () => void])[];

  /** Installs the handlers: from here on the process is 'loading'. */
  constructor(private readonly log: Logger, private readonly actions: SignalActions) {
    this.handlers = [
      ['SIGTERM', () => this.received('SIGTERM')],
      ['SIGINT', () => this.received('SIGINT')],
      ['SIGHUP', () => actions.hangUp()],
      ['SIGUSR1', () => log('warning', 'Received SIGUSR1: ignored (Node.js would open its debugger).')],
    ];
    for (const [signal, handler] of this.handlers) process.on(signal, handler);
  }

  /** True once a stop signal arrived while loading: the server must not start serving. */
  get stopRequested(): boolean {
    return this.pendingStop !== null;
  }

  /** Loading is over: a stop that arrived meanwhile starts now, later ones as they come. */
  serving(): void {
    this.phase = 'serving';
    if (this.pendingStop !== null) this.actions.stop(this.pendingStop, true);
  }

  /** A shutdown has begun (by a signal or by SHUTDOWN): stop signals are only logged from now on. */
  stopping(): void {
    this.phase = 'stopping';
  }

  remove(): void {
    for (const [signal, handler] of this.handlers) process.off(signal, handler);
  }

  private received(signal: StopSignal): void {
    if (this.phase === 'loading') {
      this.log('warning', `Received ${signal} during loading, scheduling shutdown.`);
      this.pendingStop ??= `Received ${signal}`;
    } else if (this.phase === 'serving') {
      this.actions.stop(`Received ${signal}`, false);
    } else {
      this.log('warning', `Received ${signal} while shutting down: ignored, the shutdown in progress completes (SIGKILL stops at once, as a crash would).`);
    }
  }
}
