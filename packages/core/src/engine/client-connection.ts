/**
 * ClientConnection: one client. Feeds received bytes to the request parser, runs each complete
 * command through the engine in order, and buffers the replies; the engine flushes them to the
 * host once per event. Holds the per-client state Redis keeps: selected database, protocol,
 * MULTI queue, watched keys, subscriptions, and the blocking state of BLPOP and friends.
 *
 * Ordering guarantee: replies leave in request order. A blocked client reads no further
 * commands until it is served or times out, as in Redis.
 */
import type { TimerHandle } from '../io/clock.js';
import { BlockRequest, type CommandContext } from '../commands/types.js';
import type { DatabaseView } from '../keyspace/database-view.js';
import type { ByteString } from '../resp/byte-string.js';
import { OutputBuffer } from '../resp/encoder.js';
import { ProtocolError, RequestParser } from '../resp/parser.js';
import { ErrorReply, NO_REPLY, PushReply, type Reply, type SimpleString } from '../resp/reply.js';
import type { BlockedClient } from './blocking-registry.js';
import type { ConnectionHost } from './connection-host.js';
import type { Engine } from './engine.js';
import type { Subscriber } from './pubsub-registry.js';
import type { ClientSession, ClientState, ReplicaChannel, ReplyMode } from '../commands/services.js';
import type { WatchedKey, Watcher } from './watch-registry.js';
import type { AclUser } from '../commands/acl/acl-user.js';
import { bothWaits, NO_WAIT, type GatedOutput, type ReplyWait } from './reply-gate.js';
import { isLocalAddress } from './command-admission.js';
import { trackingOff } from '../commands/server/client-tracking.js';
import type { TrackingClient } from './tracking-table.js';

/**
 * Back-pressure: a client stops being served while this many reply bytes wait for it (unsent
 * in our buffer or the host's), and the host stops reading its socket for as long (one rule,
 * here: input is read exactly while it can be run). It is served again when a flush leaves
 * its output below the limit, or when the host reports the output drained. So a client that
 * pipelines and never reads holds at most this much output and one read of input, and a
 * client that sends a burst faster than we run it is slowed down instead of buffered.
 */
export const OUTPUT_PAUSE_BYTES = 1024 * 1024;

export class ClientConnection implements ClientState, ClientSession, Watcher, Subscriber, BlockedClient, CommandContext, GatedOutput, TrackingClient {
  name: ByteString | null = null;
  protocol: 2 | 3 = 2;
  databaseIndex = 0;
  /** The ACL user commands run as: the default user until AUTH or HELLO AUTH names another. */
  user: AclUser;
  /** AUTH succeeded, or the default user needed no password when the client connected (Redis's c->authenticated). */
  private loggedIn: boolean;
  readonly connectedAtMs: number;
  lastInteractionMs: number;
  lastCommand = 'NULL';
  lastWriteLsn = 0;
  lastWriteStreamOffset = 0;
  /** PSYNC or SYNC made this connection a replica's link. */
  replica = false;
  /** The link from this node's primary (Redis's master client): it runs the replication stream. */
  fromPrimary = false;
  /** For the link from a primary: told how many stream bytes each command took (the replica's offset). */
  private streamConsumed: ((bytes: number) => void) | null = null;
  /** The stream bytes of the command CLIENT PAUSE postponed, counted once it runs. */
  private postponedStreamBytes = 0;
  /** Stream bytes received, and the position in them after the last command parsed (a command's bytes: the difference). */
  private streamBytesReceived = 0;
  private streamPosition = 0;
  /** Set once on the engine's script client. */
  fromScript = false;
  /** MONITOR: the client receives every command the server runs (Redis's CLIENT_MONITOR). */
  monitoring = false;
  /** A command CLIENT PAUSE postponed: it runs again (admitted afresh) once the pause ends. */
  private postponedArgs: ByteString[] | null = null;
  /** Waiting for the pause to end (then postponedArgs is set). */
  private postponed = false;
  /** Unparsed input when the running batch started (0 outside a batch): see queryBufferBytes. */
  private batchInputBytes = 0;

  /** Commands queued by MULTI, or null outside a transaction. */
  multiQueue: ByteString[][] | null = null;
  /** A command was refused while queueing: EXEC must answer EXECABORT. */
  multiFailed = false;
  watchDirty = false;
  readonly watched: WatchedKey[] = [];
  readonly channels = new Set<ByteString>();
  readonly patterns = new Set<ByteString>();
  readonly shardChannels = new Set<ByteString>();
  /** CLIENT TRACKING's state (the table of tracked keys is the engine's). */
  readonly tracking = trackingOff();

  blockRequest: BlockRequest | null = null;
  blockedDatabase = 0;
  blockedKeys: readonly ByteString[] = [];
  /**
   * What the reply of the call that blocked would have waited for (its own unit, such as a lazy
   * expiry, and the uncommitted writes it read): whatever ends the wait, a serving, the timeout
   * or CLIENT UNBLOCK, answers no earlier.
   */
  private blockedWait: ReplyWait = NO_WAIT;
  private blockTimer: TimerHandle | null = null;

  /** Set by the engine before each command: the command's wall time in ms. */
  nowMs = 0;
  closed = false;
  private closeRequested = false;
  private readonly parser: RequestParser;
  private readonly output: OutputBuffer;
  private captured: Reply[] | null = null;
  /** processInput stopped because the output was full; a flush that empties it resumes input. */
  private pausedForOutput = false;
  /** The host was asked to stop reading (always while pausedForOutput, after processInput). */
  private readingPaused = false;
  /** In the engine's list of connections to flush: marked once per flush, not once per reply. */
  private flushPending = false;
  /** processInput as an event, made once: every read of the socket runs one. */
  private readonly processInputEvent = (): void => this.processInput();
  /**
   * CLIENT REPLY, as Redis's CLIENT_REPLY_OFF, CLIENT_REPLY_SKIP_NEXT and CLIENT_REPLY_SKIP:
   * replies are off; the command after this one is to be skipped; this one is being skipped.
   */
  private repliesOff = false;
  private skipNextReply = false;
  private skipReply = false;

  constructor(
    readonly engine: Engine,
    private readonly host: ConnectionHost,
    readonly id: number,
  ) {
    this.parser = new RequestParser(engine.requestLimits);
    this.output = new OutputBuffer(engine.outputPool);
    this.user = engine.acl.defaultUser;
    this.loggedIn = !engine.acl.authRequired;
    this.connectedAtMs = engine.clock.now();
    this.lastInteractionMs = this.connectedAtMs;
  }

  /** Whether commands may run: logged in, or the default user needs no password now (Redis's authRequired). */
  get authenticated(): boolean {
    return this.loggedIn || !this.engine.acl.authRequired;
  }

  set authenticated(value: boolean) {
    this.loggedIn = value;
  }

  get address(): string {
    return this.host.address;
  }

  get localAddress(): string {
    return this.host.localAddress;
  }

  get unixSocket(): boolean {
    return this.host.unixSocket === true;
  }

  /** Over the unix socket or from a loopback address (Redis's islocalClient: DEBUG under enable-debug-command local). */
  get local(): boolean {
    return this.unixSocket || isLocalAddress(this.address);
  }

  get client(): ClientState {
    return this;
  }

  get session(): ClientSession {
    return this;
  }

  get db(): DatabaseView {
    return this.engine.database(this.databaseIndex);
  }

  get random() {
    return this.engine.random;
  }

  get inMulti(): boolean {
    return this.multiQueue !== null;
  }

  /** Blocked by a blocking command, or postponed by CLIENT PAUSE (both are Redis's CLIENT_BLOCKED). */
  get blocked(): boolean {
    return this.blockRequest !== null || this.postponed;
  }

  get channelCount(): number {
    return this.channels.size;
  }

  get patternCount(): number {
    return this.patterns.size;
  }

  get shardChannelCount(): number {
    return this.shardChannels.size;
  }

  /** Redis 7.0's CLIENT_PUBSUB: channels, patterns and shard channels all count. */
  get subscribed(): boolean {
    return this.channels.size > 0 || this.patterns.size > 0 || this.shardChannels.size > 0;
  }

  get runningQueued(): boolean {
    return this.captured !== null;
  }

  /**
   * CLIENT LIST's qbuf: unparsed input, but while the client runs a batch, everything the batch
   * started with — Redis trims a read from its query buffer only once all of it ran, so a client
   * listing itself sees its own command (qbuf=26 for CLIENT LIST).
   */
  get queryBufferBytes(): number {
    return Math.max(this.batchInputBytes, this.parser.bufferedBytes);
  }

  get outputBufferBytes(): number {
    return this.output.length + this.host.pendingOutputBytes();
  }

  /** Bytes from the peer: parse and run every complete command, then flush replies. */
  receive(chunk: Uint8Array): void {
    if (this.closed) return;
    this.engine.stats.netInputBytes += chunk.length;
    if (this.streamConsumed !== null) this.streamBytesReceived += chunk.length;
    this.parser.feed(chunk);
    this.engine.runEvent(this.processInputEvent);
  }

  /** The peer went away: forget this client everywhere. */
  disconnected(): void {
    if (this.closed) return;
    this.engine.runEvent(() => this.release());
  }

  /**
   * The host sent all pending output: serve the commands held back by back-pressure, and read
   * again (even with no command held: reading stopped with the output, not with the input).
   */
  drained(): void {
    if (this.closed || (this.parser.bufferedBytes === 0 && !this.pausedForOutput)) return;
    this.engine.runEvent(() => this.processInput());
  }

  /** True while the client must wait for its output to drain before more commands run. */
  get outputFull(): boolean {
    return this.output.length + this.host.pendingOutputBytes() > OUTPUT_PAUSE_BYTES;
  }

  /**
   * Runs the buffered commands until input runs out, the client blocks, its output is full, or
   * it is closing; then tells the host to read while commands can run, and only then.
   */
  processInput(): void {
    this.pausedForOutput = false;
    this.runBufferedCommands();
    if (this.closed || this.readingPaused === this.pausedForOutput) return;
    this.readingPaused = this.pausedForOutput;
    if (this.readingPaused) this.host.pauseReading?.();
    else this.host.resumeReading?.();
  }

  private runBufferedCommands(): void {
    this.engine.batchClock.begin();
    this.batchInputBytes = this.parser.bufferedBytes;
    try {
      this.runBatch();
    } finally {
      this.engine.batchClock.end();
      this.batchInputBytes = 0;
    }
  }

  private runBatch(): void {
    // Only a flush writes to the host, and none runs inside a batch: its pending bytes stay put.
    const hostPendingBytes = this.host.pendingOutputBytes();
    while (!this.closed && !this.closeRequested && this.blockRequest === null && !this.postponed) {
      // A replica's output is the replication stream, bounded by its own limit: its ACKs are read whatever it holds.
      if (!this.replica && this.output.length + hostPendingBytes > OUTPUT_PAUSE_BYTES) {
        this.pausedForOutput = true;
        return;
      }
      // DEBUG SLEEP or RELOAD holds every command: this one runs when the pause ends.
      if (this.engine.commandsPaused) {
        if (this.parser.bufferedBytes > 0) this.engine.holdUntilResumed(this);
        return;
      }
      const args = this.postponedArgs ?? this.parser.next(this.authenticated);
      this.postponedArgs = null;
      if (args === undefined) return;
      if (!Array.isArray(args)) {
        this.failProtocol(args);
        return;
      }
      // A command CLIENT PAUSE postponed counts in the stream's offset when it runs (Redis's paused replica does not advance).
      const consumedBytes = this.streamConsumed === null ? 0 : this.streamCommandBytes() + this.postponedStreamBytes;
      this.postponedStreamBytes = 0;
      if (args.length > 0) this.engine.execute(this, args);
      if (this.postponed) this.postponedStreamBytes = consumedBytes;
      else this.streamConsumed?.(consumedBytes);
      if (args.length === 0) continue;
      if (this.blockRequest === null && !this.postponed) this.commandDone();
    }
  }

  /** After a command's reply (a blocked one's once it is served): CLIENT REPLY SKIP moves on. */
  private commandDone(): void {
    this.skipReply = this.skipNextReply;
    this.skipNextReply = false;
  }

  setReplyMode(mode: ReplyMode): void {
    if (mode === 'on') {
      this.repliesOff = false;
      this.skipReply = false;
    } else if (mode === 'off') {
      this.repliesOff = true;
    } else if (!this.repliesOff) {
      this.skipNextReply = true;
    }
  }

  /** A request that can never be parsed: Redis's error (unless it closes silently), then close. */
  private failProtocol(error: ProtocolError): void {
    if (error.silent) {
      this.engine.log('warning', `${error.message}: client id=${this.id} addr=${this.address}`);
    } else {
      this.writeReply(new ErrorReply(`ERR ${error.message}`));
      this.engine.log('verbose', `Protocol error from client id=${this.id} addr=${this.address}: ${error.message}`);
    }
    this.closeAfterReply();
  }

  /**
   * Runs `run` with this client's own output captured instead of written: EXEC uses it so
   * that what a queued SUBSCRIBE pushes lands inside EXEC's array, where Redis puts it.
   */
  captureReplies(run: () => void): Reply[] {
    const outer = this.captured;
    const captured: Reply[] = [];
    this.captured = captured;
    try {
      run();
    } finally {
      this.captured = outer;
    }
    return captured;
  }

  /** Queues a reply; it leaves when the reply gate allows `wait` (and after everything queued before it). */
  writeReply(reply: Reply, wait: ReplyWait = NO_WAIT): void {
    if (this.closed || reply === NO_REPLY) return;
    if (this.captured !== null) {
      this.captured.push(reply);
      return;
    }
    if ((this.repliesOff || this.skipReply) && !(reply instanceof PushReply)) return;
    this.engine.replies.send(this, reply, wait);
  }

  /** Encodes a reply the gate let through into the output buffer. */
  emit(reply: Reply, protocol: 2 | 3 = this.protocol): void {
    this.output.writeReply(reply, protocol);
    this.markForFlush();
  }

  private markForFlush(): void {
    if (this.flushPending) return;
    this.flushPending = true;
    this.engine.markPendingOutput(this);
  }

  push(reply: PushReply): void {
    this.writeReply(reply);
  }

  /** CLIENT PAUSE postponed `args`: nothing more runs until resumePostponed. */
  postpone(args: ByteString[]): void {
    this.postponedArgs = args;
    this.postponed = true;
  }

  resumePostponed(): void {
    this.postponed = false;
    this.engine.resumeLater(this);
  }

  startMonitoring(): void {
    this.monitoring = true;
    this.engine.monitors.add(this);
  }

  /** A MONITOR line: it waits as the monitored command's reply does; CLIENT REPLY OFF or SKIP drops it, as any reply. */
  sendMonitorLine(line: SimpleString, wait: ReplyWait): void {
    if (this.closed || this.repliesOff || this.skipReply) return;
    this.engine.replies.send(this, line, wait, true);
  }

  deliver(reply: PushReply): void {
    if (this.closed) return;
    if (this.captured !== null) this.captured.push(reply);
    else this.engine.replies.sendPublished(this, reply);
  }

  /** A tracking invalidation: behind the unit being run, never inside EXEC's array. */
  deliverInvalidation(reply: PushReply): void {
    if (!this.closed) this.engine.replies.sendPublished(this, reply);
  }

  /** A tracking invalidation due to this client's own command (or a broadcast): right behind that reply, waiting as it does. */
  deliverAfterReply(reply: PushReply, wait: ReplyWait): void {
    if (!this.closed) this.engine.replies.send(this, reply, wait, true);
  }

  notify(type: number, event: string, key: ByteString, database = this.databaseIndex): void {
    this.engine.notifications.notify(type, event, key, database);
  }

  watch(key: ByteString): void {
    this.engine.watches.watch(this, this.databaseIndex, key, this.engine.database(this.databaseIndex).of(key).isStale(key));
  }

  unwatchAll(): void {
    this.engine.watches.unwatchAll(this);
  }

  expireWatchedKeys(): void {
    // A key watched stale is not "expired since WATCH" (Redis's isWatchedKeyExpired skips it).
    for (const { database, key, expired } of this.watched) if (!expired) this.engine.database(database).exists(key);
  }

  runQueued(args: readonly ByteString[]): Reply[] {
    let reply: Reply | BlockRequest = NO_REPLY;
    const replies = this.captureReplies(() => (reply = this.engine.callQueued(this, args)));
    if (reply !== NO_REPLY) replies.push(reply instanceof BlockRequest ? reply.timeoutReply : reply);
    return replies;
  }

  subscribe(channel: ByteString): boolean {
    return this.engine.subscriptions.subscribe(this, channel);
  }

  unsubscribe(channel: ByteString): boolean {
    return this.engine.subscriptions.unsubscribe(this, channel);
  }

  psubscribe(pattern: ByteString): boolean {
    return this.engine.subscriptions.psubscribe(this, pattern);
  }

  punsubscribe(pattern: ByteString): boolean {
    return this.engine.subscriptions.punsubscribe(this, pattern);
  }

  ssubscribe(channel: ByteString): boolean {
    return this.engine.subscriptions.ssubscribe(this, channel);
  }

  sunsubscribe(channel: ByteString): boolean {
    return this.engine.subscriptions.sunsubscribe(this, channel);
  }

  /** RESET (Redis's clearClientConnectionState): no MONITOR, transaction, watches, subscriptions or tracking; RESP2, database 0, no name. */
  reset(): void {
    if (this.monitoring) this.engine.monitors.remove(this);
    this.monitoring = false;
    this.multiQueue = null;
    this.multiFailed = false;
    this.unwatchAll();
    this.engine.subscriptions.unsubscribeAll(this);
    this.engine.tracking.disable(this);
    this.protocol = 2;
    this.databaseIndex = 0;
    this.name = null;
    this.repliesOff = false;
    this.skipNextReply = false;
    // clientSetDefaultAuth: back to the default user, logged in when it needs no password.
    this.user = this.engine.acl.defaultUser;
    this.loggedIn = !this.engine.acl.authRequired;
  }

  /**
   * The stream bytes of the command just parsed: the parser may have taken part of a long command
   * from an earlier read (its buffer shrinks then without a command), so it is measured from the
   * position after the previous command, not by the buffer's change in one step.
   */
  private streamCommandBytes(): number {
    const position = this.streamBytesReceived - this.parser.bufferedBytes;
    const bytes = position - this.streamPosition;
    this.streamPosition = position;
    return bytes;
  }

  /** This connection runs the stream from this node's primary: no replies, and `consumed` told each command's bytes once it ran. */
  attachPrimaryStream(consumed: (bytes: number) => void): void {
    this.fromPrimary = true;
    this.repliesOff = true;
    this.loggedIn = true;
    this.streamConsumed = consumed;
  }

  attachReplica(): ReplicaChannel {
    this.replica = true;
    this.repliesOff = true;
    const closed = (): boolean => this.closed;
    return {
      clientId: this.id,
      address: this.address,
      write: (bytes) => {
        if (this.closed) return;
        if (this.output.length > 0) this.host.write(this.output.take());
        this.host.write(bytes);
      },
      pendingBytes: () => this.output.length + this.host.pendingOutputBytes(),
      get closed() {
        return closed();
      },
      close: () => {
        if (this.closed) return;
        this.host.close();
        this.release();
      },
    };
  }

  closeAfterReply(): void {
    this.closeRequested = true;
    this.markForFlush();
  }

  /** Sends buffered replies to the host; closes the connection if that was asked for. */
  flush(): void {
    this.flushPending = false;
    if (this.closed) return;
    if (this.subscribed && this.overPubSubLimit()) {
      this.engine.log('warning', `Client id=${this.id} addr=${this.address} closed for overcoming of output buffer limits (pubsub).`);
      this.output.take();
      this.closeRequested = true;
    }
    if (this.output.length > 0) {
      const bytes = this.output.take();
      this.engine.stats.netOutputBytes += bytes.length;
      this.host.write(bytes);
    }
    // Paused on a full output buffer, and the host took it all at once: it will report no
    // drain, so input must resume now (found with a 100k-command burst that stalled).
    if (this.pausedForOutput && !this.outputFull && !this.closeRequested) {
      this.pausedForOutput = false;
      this.engine.resumeAfterFlush(this);
    }
    if (this.closeRequested) {
      this.host.close();
      this.release();
    }
  }

  private overPubSubLimit(): boolean {
    const limitBytes = this.engine.config.integer('client-output-buffer-limit-pubsub');
    return limitBytes > 0 && this.output.length + this.host.pendingOutputBytes() > limitBytes;
  }

  /** Parks the client until `request` can be served or times out; its reply will wait for `wait` too. */
  block(request: BlockRequest, wait: ReplyWait = NO_WAIT): void {
    this.blockRequest = request;
    this.blockedWait = wait;
    this.blockedDatabase = this.databaseIndex;
    this.blockedKeys = request.keys;
    this.engine.blocking.block(this);
    if (request.deadlineMs > 0) {
      const delayMs = Math.max(0, request.deadlineMs - this.engine.clock.now());
      this.blockTimer = this.engine.clock.schedule(delayMs, () =>
        this.engine.runEvent(() => this.unblock(request.timeoutReply)),
      );
    }
  }

  /** Serves a blocked client with `reply` (released when the gate allows `wait` and the blocking call's own wait). */
  unblock(reply: Reply, wait: ReplyWait = NO_WAIT): void {
    if (this.blockRequest === null) return;
    this.engine.blocking.unblock(this);
    this.blockTimer?.cancel();
    this.blockTimer = null;
    this.blockRequest = null;
    this.blockedKeys = [];
    const blockedWait = this.blockedWait;
    this.blockedWait = NO_WAIT;
    this.writeReply(reply, bothWaits(blockedWait, wait));
    this.commandDone();
    this.engine.resumeLater(this);
  }

  private release(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.blockRequest !== null) {
      this.engine.blocking.unblock(this);
      this.blockTimer?.cancel();
      this.blockRequest = null;
    }
    this.engine.forget(this);
  }
}

