/**
 * FAILOVER, the primary's side, as Redis 7.0.15's coordinated failover: writes are paused
 * (CLIENT PAUSE WRITE), the primary waits until a replica — the one named, or any — acknowledged
 * everything it logged (`waiting-for-sync`), then becomes a replica of it and asks it with
 * `PSYNC <replid> <offset> FAILOVER` to take over (`failover-in-progress`); once the target
 * answers the PSYNC (+CONTINUE, or a full sync) the pause ends and the postponed writes meet a
 * replica (READONLY). TIMEOUT gives up (or, with FORCE, fails over anyway), ABORT gives up at
 * any point — in progress, this node becomes a primary again. What a waiting failover does next
 * is decided purely (failover-plan.ts) and applied here.
 *
 * Under min-replicas-durable the target must also have made everything durable in its own log
 * (its FACK reaches the offset): a promoted replica then holds every write this primary
 * acknowledged. A replica that never reports FACK (redis-server) is then a target only by FORCE.
 *
 * The offset compared is the end of everything logged, shipped or not: a unit logged but not yet
 * shipped is not on the target, and this node, following it from that offset, gets a full sync
 * instead of keeping a write its new primary lacks.
 */
import type { Engine, LogLevel } from '../engine/engine.js';
import type { TimerHandle } from '../io/clock.js';
import type { FailoverRequest } from '../commands/services.js';
import { ErrorReply, OK, type Reply } from '../resp/reply.js';
import type { ReplicaLink } from './replica-link.js';
import { findCandidate, nextFailoverStep, type FailoverCandidate, type FailoverTarget } from './failover-plan.js';

export type FailoverState = 'no-failover' | 'waiting-for-sync' | 'failover-in-progress';

/** What the coordinator asks of the node it runs on. */
export interface FailoverNode {
  readonly engine: Engine;
  log(level: LogLevel, message: string): void;
  /** This node follows a primary now. */
  followsPrimary(): boolean;
  /** The replicas attached to this primary. */
  replicas(): readonly ReplicaLink[];
  /** The stream offset after everything logged (master_repl_offset once shipped). */
  loggedOffset(): number;
  /** min-replicas-durable is set: the target's FACK must reach the offset too. */
  durableRequired(): boolean;
  /** Redis's replicationSetMaster: follow the target, from this node's own history. */
  follow(host: string, port: number): void;
  /** Redis's replicationUnsetMaster: stop following, a primary again. */
  unfollow(): void;
}

/** Redis's replicationCron runs every 100 ms while a failover is on. */
const CHECK_MS = 100;

export class FailoverCoordinator {
  private current: FailoverState = 'no-failover';
  private target: FailoverTarget | null = null;
  private force = false;
  private endMs = 0;
  private timer: TimerHandle | null = null;

  constructor(private readonly node: FailoverNode) {}

  get state(): FailoverState {
    return this.current;
  }

  /** This node asks its new primary with PSYNC … FAILOVER (it is becoming that primary's replica). */
  get inProgress(): boolean {
    return this.current === 'failover-in-progress';
  }

  /** FAILOVER [TO host port [FORCE]] [TIMEOUT ms], or FAILOVER ABORT. */
  request(request: FailoverRequest): Reply {
    if (request.kind === 'abort') {
      if (this.current === 'no-failover') return new ErrorReply('ERR No failover in progress.');
      this.abort('Failover manually aborted');
      return OK;
    }
    const { target, force, timeoutMs } = request;
    if (this.current !== 'no-failover') return new ErrorReply('ERR FAILOVER already in progress.');
    if (this.node.followsPrimary()) return new ErrorReply('ERR FAILOVER is not valid when server is a replica.');
    if (this.node.replicas().length === 0) return new ErrorReply('ERR FAILOVER requires connected replicas.');
    if (force && (timeoutMs === 0 || target === null)) return new ErrorReply('ERR FAILOVER with force option requires both a timeout and target HOST and IP.');
    if (target !== null) {
      const replica = findCandidate(this.candidates(), target.host, target.port);
      if (replica === undefined) return new ErrorReply('ERR FAILOVER target HOST and PORT is not a replica.');
      if (!replica.online) return new ErrorReply('ERR FAILOVER target replica is not online.');
      this.target = { host: target.host, port: target.port };
      this.node.log('notice', `FAILOVER requested to ${target.host}:${target.port}.`);
    } else {
      this.node.log('notice', 'FAILOVER requested to any replica.');
    }
    const engine = this.node.engine;
    this.endMs = timeoutMs > 0 ? engine.clock.now() + timeoutMs : 0;
    this.force = force;
    this.current = 'waiting-for-sync';
    engine.pauseClients('write', Number.MAX_SAFE_INTEGER, 'failover');
    this.schedule();
    return OK;
  }

  /** The target answered PSYNC … FAILOVER: accepted (+CONTINUE, +FULLRESYNC) ends the failover, anything else aborts it. */
  psyncAnswered(accepted: boolean): void {
    if (this.current !== 'failover-in-progress') return;
    if (accepted) this.clear();
    else this.abort('Failover target rejected psync request');
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = null;
  }

  private schedule(): void {
    this.timer = this.node.engine.clock.schedule(CHECK_MS, () => this.node.engine.runEvent(() => {
      this.timer = null;
      this.check();
      if (this.current === 'waiting-for-sync') this.schedule();
    }));
  }

  /** Redis's updateFailoverStatus: the plan's step (failover-plan.ts), applied. */
  private check(): void {
    if (this.current !== 'waiting-for-sync') return;
    const step = nextFailoverStep({
      target: this.target, force: this.force, endMs: this.endMs, nowMs: this.node.engine.clock.now(),
      offset: this.node.loggedOffset(), durableRequired: this.node.durableRequired(), replicas: this.candidates(),
    });
    if (step.kind === 'wait') return;
    if (step.kind === 'abort') return this.abort(step.reason);
    this.target = step.target;
    const { host, port } = step.target;
    this.node.log('notice', step.forced ? `FAILOVER to ${host}:${port} time out exceeded, failing over.` : `Failover target ${host}:${port} is synced, failing over.`);
    this.failOver(step.target);
  }

  private failOver(target: FailoverTarget): void {
    this.current = 'failover-in-progress';
    this.stop();
    this.node.follow(target.host, target.port);
  }

  /** Redis's abortFailover: logged, a primary again if it had begun following, the pause ended. */
  private abort(reason: string): void {
    const target = this.target;
    this.node.log('notice', target === null ? `FAILOVER to any replica aborted: ${reason}` : `FAILOVER to ${target.host}:${target.port} aborted: ${reason}`);
    if (this.current === 'failover-in-progress') this.node.unfollow();
    this.clear();
  }

  /** Redis's clearFailoverState. */
  private clear(): void {
    this.stop();
    this.current = 'no-failover';
    this.target = null;
    this.force = false;
    this.endMs = 0;
    this.node.engine.unpauseClients('failover');
  }

  private candidates(): FailoverCandidate[] {
    return this.node.replicas().map((replica) => ({
      ip: replica.ip, listeningPort: replica.handshake.listeningPort, online: replica.state === 'online',
      ackOffset: replica.ackOffset, durableOffset: replica.durableOffset,
    }));
  }
}
