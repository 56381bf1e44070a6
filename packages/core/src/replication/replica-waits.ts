/**
 * Clients parked by WAIT and WAITAOF: each waits until its condition holds — enough replicas
 * acknowledged its last write (applied, or durable for WAITAOF), and for WAITAOF its local fsync —
 * or its timeout passes, and is then answered with the counts of that moment (Redis's
 * clients_waiting_acks). Rechecked on every acknowledgement and every local commit.
 */
import type { BlockRequest } from '../commands/types.js';
import type { Engine } from '../engine/engine.js';
import type { TimerHandle } from '../io/clock.js';
import type { Reply } from '../resp/reply.js';

interface ParkedWait {
  readonly ready: () => boolean;
  readonly reply: () => Reply;
  readonly answer: (reply: Reply) => void;
  timer: TimerHandle | null;
}

export class ReplicaWaits {
  private parked: ParkedWait[] = [];

  constructor(private readonly engine: Engine) {}

  /** Parks the running command until `ready()` or `timeoutMs` passes (0: no timeout), then answers `reply()`. */
  park(ready: () => boolean, reply: () => Reply, timeoutMs: number): BlockRequest {
    let answer: (reply: Reply) => void = () => undefined;
    const work = new Promise<Reply>((resolve) => (answer = resolve));
    const wait: ParkedWait = { ready, reply, answer, timer: null };
    if (timeoutMs > 0) wait.timer = this.engine.clock.schedule(timeoutMs, () => this.finish(wait));
    this.parked.push(wait);
    return this.engine.replyWhenDone(work, reply());
  }

  /** An acknowledgement or a local commit: answers every wait whose condition holds now. */
  recheck(): void {
    if (this.parked.length === 0) return;
    for (const wait of [...this.parked]) if (wait.ready()) this.finish(wait);
  }

  private finish(wait: ParkedWait): void {
    const index = this.parked.indexOf(wait);
    if (index < 0) return;
    this.parked.splice(index, 1);
    wait.timer?.cancel();
    wait.answer(wait.reply());
  }
}
