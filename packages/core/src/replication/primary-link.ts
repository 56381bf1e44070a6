/**
 * PrimaryLink: this node as a replica of another (REPLICAOF host port) — Redis 7.0's replica side
 * of PSYNC2, over a connection the host opens (io/network.ts).
 *
 * The handshake, in Redis's order: PING; AUTH [masteruser] masterauth when set; REPLCONF
 * listening-port; REPLCONF capa eof capa psync2; PSYNC with the cached history's ID and next
 * offset (or `? -1`). +CONTINUE keeps the dataset and reads the stream on; +FULLRESYNC reads the
 * RDB (`$EOF:<mark>` … mark, or `$<length>` and the bytes; newlines before it are keepalives),
 * then empties the dataset through the link's client — so the emptying is logged — loads the RDB
 * in one step and starts an AOF rewrite, whose base snapshot puts the loaded dataset in this
 * node's own log. The stream is then run by the link's client like any client's commands (each
 * logged as effects in this node's AOF), and the processed offset advances per command, at
 * MULTI/EXEC boundaries only, so a link cut inside a transaction resumes before it.
 * `REPLCONF ACK <offset> FACK <durable>` goes back every second, on GETACK and whenever a local
 * commit makes more of the stream durable: `durable` is the offset through which every command
 * received is fsynced in this node's AOF (after a full sync, only once the rewrite that logs the
 * loaded dataset is installed) — what a Ballast primary's min-replicas-durable counts. A lost link
 * is retried every second with a partial resync from the cached history.
 */
import type { Engine, LogLevel } from '../engine/engine.js';
import type { ClientConnection } from '../engine/client-connection.js';
import type { Link, Network } from '../io/network.js';
import type { TimerHandle } from '../io/clock.js';
import { ByteWriter } from '../aof/byte-writer.js';
import { byteStringToBytes, bytesToByteString, type ByteString } from '../resp/byte-string.js';
import { loadDumpBytes } from '../durability/rdb-load.js';
import type { Persistence } from '../durability/persistence.js';
import type { RecordedHistory } from './history-file.js';
import type { PlantedDefects } from '../testing/planted-defects.js';

export type LinkState = 'connect' | 'connecting' | 'handshake' | 'transfer' | 'connected';

/** What a replica keeps of its primary's history to continue it: the ID and the offset processed. */
export interface CachedHistory {
  readonly replicationId: string;
  readonly offset: number;
}

export interface PrimaryLinkOptions {
  readonly engine: Engine;
  readonly network: Network;
  readonly host: string;
  readonly port: number;
  readonly log: (level: LogLevel, message: string) => void;
  /** This node's AOF: a full sync's dataset is put in it by a rewrite. */
  readonly persistence: Persistence;
  /** The history this node already holds (after REPLICAOF of a former primary, or a lost link). */
  readonly history: CachedHistory | null;
  /** The port this node serves clients on (REPLCONF listening-port). */
  readonly listeningPort: number;
  /** Called once a second while the link exists (the node records its history then). */
  readonly everySecond?: () => void;
  /** The primary changed this node's history (a full sync, or a +CONTINUE with a new ID). */
  readonly historyChanged: (history: CachedHistory, previous: CachedHistory | null) => void;
  /** Deliberate bugs for the simulator's mutant runs (NO_PLANTED_DEFECTS in production). */
  readonly defects: PlantedDefects;
  /** FAILOVER in progress (failover.ts): PSYNC asks the primary to take over, and its answer is reported. */
  readonly failover?: { requested(): boolean; answered(accepted: boolean): void };
}

const RETRY_MS = 1000;
const ACK_MS = 1000;
const EOF_MARK_LENGTH = 40;
/** The rewrite that logs a full sync's dataset, when the snapshot slot is busy: tries, and the wait between them. */
const REWRITE_ATTEMPTS = 20;
const REWRITE_RETRY_MS = 100;
const BUSY_SNAPSHOT = /already in progress|background save is running/;

type Expect = 'pong' | 'auth' | 'port' | 'capa' | 'psync' | 'bulk';

export class PrimaryLink {
  state: LinkState = 'connect';
  /** The history being followed; null until the first sync. */
  history: CachedHistory | null;
  /** Bytes of the stream processed (the replica's reploff); the offset of `history` as it advances. */
  processedOffset = 0;
  /** Wall ms of the last byte from the primary (INFO master_last_io_seconds_ago). */
  lastIoMs = 0;
  /** Wall ms of the last sign of life of the current connection (its start, then every read): repl-timeout counts from it. */
  private activityMs = 0;
  /** A full sync's transfer: bytes expected (-1: EOF-marked) and bytes read. */
  transferSize = -1;
  transferRead = 0;
  private link: Link | null = null;
  private client: ClientConnection | null = null;
  private expect: Expect = 'pong';
  private input = '';
  private payload: Uint8Array[] = [];
  private eofMark = '';
  /** The last bytes of an EOF-marked transfer, where its mark will be. */
  private payloadTail = '';
  /** The history a +FULLRESYNC announced, followed once its RDB is loaded. */
  private pendingHistory: CachedHistory | null = null;
  /** Stream bytes of the current MULTI not yet counted (the offset moves at EXEC). */
  private uncounted = 0;
  /** Units the stream logged here, with the offset after each, until they are committed locally. */
  private readonly unitOffsets: Array<{ readonly lsn: number; readonly offset: number }> = [];
  private lastSeenLsn = 0;
  /** The offset through which the stream is durable here (FACK). */
  durableOffset = 0;
  /** A full sync's dataset is not in this node's log until its rewrite is installed. */
  private loadedDurable = true;
  /**
   * Stream bytes received while a full sync's dataset is being put in the log (its rewrite runs):
   * run once it is. Run at once, they would be logged on top of the logged FLUSHALL, and a crash
   * before the rewrite is installed would recover them on an empty dataset — a state that never
   * existed on the primary. Held, such a crash recovers the empty dataset, and a full sync follows.
   */
  private heldStream: Uint8Array[] | null = null;
  private retryTimer: TimerHandle | null = null;
  private ackTimer: TimerHandle | null = null;
  private stopped = false;
  readonly writer = new ByteWriter();

  constructor(private readonly options: PrimaryLinkOptions) {
    this.history = options.history;
    this.processedOffset = options.history?.offset ?? 0;
  }

  get host(): string {
    return this.options.host;
  }

  get port(): number {
    return this.options.port;
  }

  start(): void {
    this.options.engine.onLocalCommit(() => this.committedLocally());
    this.connect();
    this.scheduleAck();
  }

  /** REPLICAOF NO ONE or another primary: drop the link for good. */
  stop(): void {
    this.stopped = true;
    this.options.engine.onLocalCommit(null);
    this.retryTimer?.cancel();
    this.ackTimer?.cancel();
    this.dropLink();
  }

  /** REPLCONF GETACK from the primary: acknowledge at once. */
  acknowledgeNow(): void {
    this.advanceDurable();
    const durable = this.options.defects.ackOnReceipt ? this.processedOffset : this.durableOffset;
    if (this.state === 'connected') this.send(['REPLCONF', 'ACK', String(this.processedOffset), 'FACK', String(durable)]);
  }

  /** At shutdown, once the AOF's last fsync is done: everything logged is committed. */
  finalHistory(): RecordedHistory | null {
    if (this.history === null || !this.loadedDurable) return null;
    return { replicationId: this.history.replicationId, offset: this.processedOffset, lsn: this.options.engine.lastLoggedLsn };
  }

  /**
   * The history of the committed state, when it is exactly known: every unit the stream logged
   * here is committed (and so is everything else logged), and a full sync's dataset is in the log.
   */
  committedHistory(): RecordedHistory | null {
    const engine = this.options.engine;
    if (this.history === null || !this.loadedDurable || this.unitOffsets.length > 0 || engine.committedLsn < engine.lastLoggedLsn) return null;
    return { replicationId: this.history.replicationId, offset: this.processedOffset, lsn: engine.lastLoggedLsn };
  }

  /** A local commit: acknowledge at once when it made more of the stream durable. */
  private committedLocally(): void {
    const before = this.durableOffset;
    this.advanceDurable();
    if (this.durableOffset > before) this.acknowledgeNow();
  }

  private advanceDurable(): void {
    if (!this.loadedDurable) return;
    const committed = this.options.engine.committedLsn;
    while (this.unitOffsets.length > 0 && this.unitOffsets[0].lsn <= committed) this.durableOffset = this.unitOffsets.shift()!.offset;
    // Every unit the stream logged is committed: what followed them logged nothing (SELECT, PING).
    if (this.unitOffsets.length === 0) this.durableOffset = Math.max(this.durableOffset, this.processedOffset);
  }

  private connect(): void {
    if (this.stopped) return;
    const { engine, network, host, port } = this.options;
    this.state = 'connecting';
    this.activityMs = engine.clock.now();
    this.options.log('notice', `Connecting to MASTER ${host}:${port}`);
    this.input = '';
    this.link = network.connect(host, port, {
      opened: () => engine.runEvent(() => this.opened()),
      received: (bytes) => engine.runEvent(() => this.received(bytes)),
      closed: (reason) => engine.runEvent(() => this.lost(reason)),
    });
  }

  private opened(): void {
    this.options.log('notice', 'MASTER <-> REPLICA sync started');
    this.state = 'handshake';
    this.expect = 'pong';
    this.send(['PING']);
  }

  private received(bytes: Uint8Array): void {
    this.lastIoMs = this.options.engine.clock.now();
    this.activityMs = this.lastIoMs;
    if (this.state === 'connected') {
      this.runStream(bytes);
      return;
    }
    if (this.state === 'transfer') {
      this.receivePayload(bytes);
      return;
    }
    this.input += bytesToByteString(bytes);
    this.readLines();
  }

  /** Handshake replies are lines; the RDB's preamble is one too. */
  private readLines(): void {
    while (this.state === 'handshake') {
      const end = this.input.indexOf('\n');
      if (end < 0) return;
      const line = this.input.slice(0, end).replace(/\r$/, '');
      this.input = this.input.slice(end + 1);
      this.handleLine(line);
    }
    // What followed the last line in the same read is the RDB, or the stream after +CONTINUE.
    if (this.input.length === 0) return;
    const rest = byteStringToBytes(this.input);
    this.input = '';
    if (this.state === 'transfer') this.receivePayload(rest);
    else if (this.state === 'connected') this.runStream(rest);
  }

  private handleLine(line: string): void {
    const { engine } = this.options;
    const config = engine.config;
    // Newlines before a reply or the payload keep the link alive while the primary prepares.
    if (line === '' && (this.expect === 'psync' || this.expect === 'bulk')) return;
    switch (this.expect) {
      case 'pong':
        if (line.startsWith('-') && !/^-(NOAUTH|NOPERM|ERR operation not permitted)/.test(line)) return this.fail(`Error reply to PING from master: '${line}'`);
        this.options.log('notice', 'Master replied to PING, replication can continue...');
        if (config.string('masterauth') !== '') {
          const user = config.string('masteruser');
          this.send(user === '' ? ['AUTH', config.string('masterauth')] : ['AUTH', user, config.string('masterauth')]);
          this.expect = 'auth';
          return;
        }
        return this.sendPort();
      case 'auth':
        if (line.startsWith('-')) return this.fail(`Unable to AUTH to MASTER: ${line}`);
        return this.sendPort();
      case 'port':
        if (line.startsWith('-')) this.options.log('notice', `(Non critical) Master does not understand REPLCONF listening-port: ${line}`);
        this.send(['REPLCONF', 'capa', 'eof', 'capa', 'psync2']);
        this.expect = 'capa';
        return;
      case 'capa':
        if (line.startsWith('-')) this.options.log('notice', `(Non critical) Master does not understand REPLCONF capa: ${line}`);
        return this.sendPsync();
      case 'psync':
        return this.psyncReply(line);
      case 'bulk':
        return this.bulkPreamble(line);
    }
  }

  private sendPort(): void {
    this.send(['REPLCONF', 'listening-port', String(this.options.listeningPort)]);
    this.expect = 'port';
  }

  private sendPsync(): void {
    const history = this.history;
    if (history === null) {
      this.send(['PSYNC', '?', '-1']);
      this.options.log('notice', 'Partial resynchronization not possible (no cached master)');
    } else {
      this.send(['PSYNC', history.replicationId, String(this.processedOffset + 1), ...(this.options.failover?.requested() === true ? ['FAILOVER'] : [])]);
      this.options.log('notice', `Trying a partial resynchronization (request ${history.replicationId}:${this.processedOffset + 1}).`);
    }
    this.expect = 'psync';
  }

  private psyncReply(line: string): void {
    const full = /^\+FULLRESYNC ([0-9a-f]{40}) (\d+)$/.exec(line);
    if (full !== null) {
      this.options.log('notice', `Full resync from master: ${full[1]}:${full[2]}`);
      this.options.failover?.answered(true);
      this.pendingHistory = { replicationId: full[1], offset: Number(full[2]) };
      this.expect = 'bulk';
      return;
    }
    const partial = /^\+CONTINUE(?: ([0-9a-f]{40}))?$/.exec(line);
    if (partial !== null && this.history !== null) {
      const previous = this.history;
      if (partial[1] !== undefined && partial[1] !== previous.replicationId) {
        this.history = { replicationId: partial[1], offset: this.processedOffset };
        this.options.historyChanged(this.history, previous);
      }
      this.options.log('notice', 'Successful partial resynchronization with master.');
      this.options.failover?.answered(true);
      this.startStream();
      return;
    }
    this.fail(`Unexpected reply to PSYNC from master: ${line}`);
    this.options.failover?.answered(false);
  }

  private bulkPreamble(line: string): void {
    if (line.startsWith('-')) return this.fail(`Master aborted replication with an error: ${line}`);
    const eof = /^\$EOF:(.{40})$/.exec(line);
    const sized = /^\$(\d+)$/.exec(line);
    if (eof === null && sized === null) return this.fail(`Bad protocol from MASTER, the first byte is not '$' (we received '${line.slice(0, 40)}')`);
    this.eofMark = eof === null ? '' : eof[1];
    this.transferSize = sized === null ? -1 : Number(sized[1]);
    this.transferRead = 0;
    this.payload = [];
    this.payloadTail = '';
    this.state = 'transfer';
    this.options.log('notice', `MASTER <-> REPLICA sync: receiving ${this.transferSize < 0 ? 'streamed RDB from master with EOF' : `${this.transferSize} bytes from master`}`);
  }

  private receivePayload(bytes: Uint8Array): void {
    if (this.transferSize >= 0) {
      const take = Math.min(bytes.length, this.transferSize - this.transferRead);
      this.payload.push(bytes.subarray(0, take));
      this.transferRead += take;
      if (this.transferRead === this.transferSize) this.loadPayload(concat(this.payload), bytes.subarray(take));
      return;
    }
    this.payload.push(bytes);
    this.transferRead += bytes.length;
    this.payloadTail = (this.payloadTail + bytesToByteString(bytes, Math.max(0, bytes.length - EOF_MARK_LENGTH))).slice(-EOF_MARK_LENGTH);
    if (this.payloadTail === this.eofMark) {
      const all = concat(this.payload);
      this.loadPayload(all.subarray(0, all.length - EOF_MARK_LENGTH), new Uint8Array(0));
    }
  }

  /** The whole RDB arrived: empty the dataset (logged), load it, and put it in this node's log. */
  private loadPayload(rdb: Uint8Array, rest: Uint8Array): void {
    const { engine, log } = this.options;
    this.payload = [];
    log('notice', 'MASTER <-> REPLICA sync: Flushing old data');
    const client = this.attachClient();
    client.receive(this.emptyingCommands());
    log('notice', 'MASTER <-> REPLICA sync: Loading DB in memory');
    let loaded;
    try {
      loaded = loadDumpBytes(rdb, engine, `from MASTER ${this.options.host}:${this.options.port}`);
    } catch (error) {
      client.receive(this.emptyingCommands());
      this.fail(`Failed trying to load the MASTER synchronization DB from socket: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    const previous = this.history;
    this.history = this.pendingHistory!;
    this.processedOffset = this.history.offset;
    this.options.historyChanged(this.history, previous);
    log('notice', `MASTER <-> REPLICA sync: Finished with success (${loaded.keysLoaded} keys, ${loaded.functionLibraries} function libraries)`);
    const persistence = this.options.persistence;
    // The loaded keys were not logged: a rewrite's base snapshot puts them in this node's AOF, and
    // until it is installed no part of the stream is durable here.
    this.unitOffsets.length = 0;
    this.lastSeenLsn = engine.lastLoggedLsn;
    // Nothing of the new history is durable here until the rewrite has put the loaded dataset in the log.
    const loadedOffset = this.processedOffset;
    this.durableOffset = 0;
    this.loadedDurable = false;
    this.heldStream = [];
    void this.logLoadedDataset(persistence).then((logged) => engine.runEvent(() => {
      this.loadedDurable = logged;
      if (logged) this.durableOffset = Math.max(this.durableOffset, loadedOffset);
      const held = this.heldStream ?? [];
      this.heldStream = null;
      for (const bytes of held) this.client?.receive(bytes);
      this.committedLocally();
    }));
    this.startStream();
    if (rest.length > 0) this.runStream(rest);
  }

  /** Stream bytes for the link's client: run now, or held while a full sync's dataset is being logged. */
  private runStream(bytes: Uint8Array): void {
    if (this.heldStream !== null) this.heldStream.push(bytes.slice());
    else this.client?.receive(bytes);
  }

  /** Rewrites the AOF (after any rewrite already running) so its base holds the dataset a full sync loaded. */
  private async logLoadedDataset(persistence: Persistence): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        await persistence.rewriteFinished();
        await persistence.rewriteAndWait();
        return true;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        // Another rewrite or a BGSAVE started in between (its snapshot may predate the load): wait, then run ours.
        if (attempt < REWRITE_ATTEMPTS && BUSY_SNAPSHOT.test(message)) {
          await new Promise<void>((resolve) => this.options.engine.clock.schedule(REWRITE_RETRY_MS, resolve));
          continue;
        }
        this.options.log('warning', `The AOF rewrite after the full sync failed: ${message}; `
          + 'the loaded dataset is not in this node\'s log, and nothing is acknowledged as durable (FACK) until a rewrite succeeds');
        return false;
      }
    }
  }

  private startStream(): void {
    this.state = 'connected';
    this.attachClient();
    this.options.log('notice', 'MASTER <-> REPLICA sync: the replication stream follows');
    this.acknowledgeNow();
  }

  /** The link's client (Redis's master client): runs the stream, answers nothing, counts offsets. */
  private attachClient(): ClientConnection {
    if (this.client !== null && !this.client.closed) return this.client;
    const link = this.link;
    this.uncounted = 0;
    this.client = this.options.engine.connect({
      address: `${this.options.host}:${this.options.port}`, localAddress: '0.0.0.0:0', pendingOutputBytes: () => 0,
      write: () => undefined,
      close: () => link?.close(),
    });
    const client = this.client;
    client.attachPrimaryStream((bytes) => {
      this.uncounted += bytes;
      if (client.inMulti) return;
      this.processedOffset += this.uncounted;
      this.uncounted = 0;
      const lsn = this.options.engine.lastLoggedLsn;
      if (lsn > this.lastSeenLsn) {
        this.unitOffsets.push({ lsn, offset: this.processedOffset });
        this.lastSeenLsn = lsn;
      }
    });
    return client;
  }

  private fail(message: string): void {
    this.options.log('warning', message);
    this.dropLink();
    this.retry();
  }

  private lost(reason: string): void {
    if (this.link === null) return;
    this.options.log('warning', `Connection with master lost (${reason}).`);
    this.link = null;
    this.dropClient();
    this.retry();
  }

  private retry(): void {
    if (this.stopped) return;
    this.state = 'connect';
    this.retryTimer?.cancel();
    this.retryTimer = this.options.engine.clock.schedule(RETRY_MS, () => this.options.engine.runEvent(() => this.connect()));
  }

  private dropLink(): void {
    const link = this.link;
    this.link = null;
    link?.close();
    this.dropClient();
    if (this.state !== 'connect') this.state = 'connect';
  }

  /** The link's client goes with its link: a MULTI it had begun is discarded, as Redis discards it. */
  private dropClient(): void {
    const client = this.client;
    this.client = null;
    this.uncounted = 0;
    // The next connection resends from the processed offset: what this one sent and was held is dropped.
    if (this.heldStream !== null) this.heldStream = [];
    if (client !== null && !client.closed) client.disconnected();
  }

  private scheduleAck(): void {
    this.ackTimer = this.options.engine.clock.schedule(ACK_MS, () => {
      this.options.engine.runEvent(() => {
        this.checkTimeout();
        this.acknowledgeNow();
      });
      this.options.everySecond?.();
      if (!this.stopped) this.scheduleAck();
    });
  }

  /**
   * Nothing from the primary for repl-timeout seconds (it PINGs every repl-ping-replica-period):
   * a primary that lost power or a partition sends no FIN, so the link is dropped and retried, as
   * Redis's replica does.
   */
  private checkTimeout(): void {
    if (this.link === null || this.state === 'connect') return;
    const { engine } = this.options;
    const timeoutMs = engine.config.integer('repl-timeout') * 1000;
    if (engine.clock.now() - this.activityMs <= timeoutMs) return;
    this.options.log('warning', this.state === 'connected' ? 'MASTER timeout: no data nor PING received...' : 'Timeout connecting to the MASTER...');
    this.dropLink();
    this.retry();
  }

  /** What a full sync runs through the link's client before loading: the dataset and the libraries emptied, logged. */
  private emptyingCommands(): Uint8Array {
    this.writer.command(['FLUSHALL']);
    this.writer.command(['FUNCTION', 'FLUSH']);
    return this.writer.take();
  }

  private send(args: readonly ByteString[]): void {
    this.writer.command(args);
    this.link?.write(this.writer.take());
  }
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
