/**
 * `supervised`, as Redis 7.0 decides it: `auto` means upstart when UPSTART_JOB is set, else
 * systemd when NOTIFY_SOCKET is set, else none; `systemd` or `upstart` without its variable is a
 * warning and no supervision. Under systemd the server says STATUS= while it loads, READY=1 once
 * recovery has finished and the listeners are open (so `systemctl start` returns when it can
 * serve), and STOPPING=1 when it begins to shut down. Under upstart (`expect stop`) it stops
 * itself with SIGSTOP at that same point, ready — Redis does it before loading.
 */
import type { Logger } from './logger.js';
import { SystemdNotifier } from './systemd-notify.js';

export type SupervisionKind = 'systemd' | 'upstart' | 'none';

/** The supervision `supervised` (no, systemd, upstart or auto) asks for in `environment`, and the warning when it cannot be had. */
export function resolveSupervision(mode: string, environment: NodeJS.ProcessEnv): { kind: SupervisionKind; warning?: string } {
  const hasUpstart = (environment.UPSTART_JOB ?? '') !== '';
  const hasSystemd = (environment.NOTIFY_SOCKET ?? '') !== '';
  if (mode === 'auto') return { kind: hasUpstart ? 'upstart' : hasSystemd ? 'systemd' : 'none' };
  if (mode === 'systemd') return hasSystemd ? { kind: 'systemd' } : { kind: 'none', warning: 'systemd supervision error: NOTIFY_SOCKET not found!' };
  if (mode === 'upstart') return hasUpstart ? { kind: 'upstart' } : { kind: 'none', warning: 'upstart supervision requested, but UPSTART_JOB not found!' };
  return { kind: 'none' };
}

/** What the server tells its supervisor at each step of its life. */
export interface Supervisor {
  /** Before recovery. */
  loading(): void;
  /** Recovery has finished and the listeners are open. */
  ready(): void;
  /** A shutdown has begun. */
  stopping(): void;
  /** Settles once every message has been delivered (before the process exits). */
  settled(): Promise<void>;
}

const UNSUPERVISED: Supervisor = {
  loading: () => undefined,
  ready: () => undefined,
  stopping: () => undefined,
  settled: () => Promise.resolve(),
};

export function createSupervisor(mode: string, log: Logger): Supervisor {
  const { kind, warning } = resolveSupervision(mode, process.env);
  if (warning !== undefined) log('warning', warning);
  if (kind === 'systemd') return systemdSupervisor(log);
  if (kind === 'upstart') return upstartSupervisor(log);
  return UNSUPERVISED;
}

function systemdSupervisor(log: Logger): Supervisor {
  const notifier = new SystemdNotifier(log);
  return {
    loading: () => {
      log('notice', 'Supervised by systemd. Please make sure you set appropriate values for TimeoutStartSec and TimeoutStopSec in your service unit.');
      notifier.notify('STATUS=Loading the dataset');
    },
    ready: () => notifier.notify('STATUS=Ready to accept connections', 'READY=1'),
    stopping: () => notifier.notify('STATUS=Shutting down: flushing the AOF', 'STOPPING=1'),
    settled: () => notifier.settled(),
  };
}

function upstartSupervisor(log: Logger): Supervisor {
  return {
    ...UNSUPERVISED,
    ready: () => {
      log('notice', 'supervised by upstart, will stop to signal readiness.');
      process.kill(process.pid, 'SIGSTOP');
    },
  };
}
