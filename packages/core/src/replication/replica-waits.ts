/**
 * WAIT's parked clients: each waits until enough replicas acknowledged its last write's offset,
 * or its timeout passes, and is then answered with the number that had (Redis's
 * clients_waiting_acks). Rechecked on every acknowledgement.
 */
import type { BlockRequest } from '../commands/types.js';
import type { Engine } from '../engine/engine.js';
import type { TimerHandle } from '../io/clock.js';
import type { Reply } from '../resp/reply.js';

interface ParkedWait {
  readonly numreplicas: number;
  readonly count: () => number;
  readonly answer: (reply: Reply) => void;
  timer: TimerHandle | null;
}

export class ReplicaWaits {
  private parked: ParkedWait[] = [];

  constructor(private readonly engine: Engine) {}

  /** Parks the running WAIT until `count()` reaches `numreplicas` or `timeoutMs` passes (0: no timeout). */
  park(numreplicas: number, timeoutMs: number, count: () => number): BlockRequest {
    let answer: (reply: Reply) => void = () => undefined;
    const work = new Promise<Reply>((resolve) => (answer = resolve));
    const wait: ParkedWait = { numreplicas, count, answer, timer: null };
    if (timeoutMs > 0) wait.timer = this.engine.clock.schedule(timeoutMs, () => this.finish(wait));
    this.parked.push(wait);
    return this.engine.replyWhenDone(work, count());
  }

  /** An acknowledgement arrived: answers every wait that has enough now. */
  recheck(): void {
    if (this.parked.length === 0) return;
    for (const wait of [...this.parked]) if (wait.count() >= wait.numreplicas) this.finish(wait);
  }

  private finish(wait: ParkedWait): void {
    const index = this.parked.indexOf(wait);
    if (index < 0) return;
    this.parked.splice(index, 1);
    wait.timer?.cancel();
    wait.answer(wait.count());
  }
}
