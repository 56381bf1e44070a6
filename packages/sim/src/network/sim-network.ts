/**
 * SimNetwork: the simulated network between the nodes of one seed — core's `Network` for each
 * node's outgoing connections (a replica's link to its primary) and the listening side that hands
 * accepted connections to a node's engine, joined by two Pipes per connection through the one
 * scheduler. Faults, each drawn by the run: a cut of one connection at any byte; a partition
 * between two nodes, one way or both (bytes wait, new connections time out); a node whose process
 * died (its connections end at once, as the kernel closes them) or that lost power (its
 * connections freeze: the peers learn of it only by their timeouts).
 */
import type { ClientConnection, Clock, ConnectionHost, Link, LinkEvents, Network, Random } from '@ballast/core';
import type { Scheduler } from '../scheduler.js';
import { randomInteger } from '../seed-streams.js';
import { Pipe } from './pipe.js';

/** How long a connection attempt across a partition waits before it fails (SYN retries, shortened). */
const CONNECT_TIMEOUT_MS = 2000;
const CONNECT_DELAY_MS_MAX = 3;

/** A node's listening side: makes the engine's connection for an accepted one. */
export type Acceptor = (host: ConnectionHost) => ClientConnection;

interface SimConnection {
  readonly id: number;
  /** The node that connected, and the node it connected to. */
  readonly from: string;
  readonly to: string;
  readonly toServer: Pipe;
  readonly toClient: Pipe;
  /** The client side's events (core's link). */
  readonly events: LinkEvents;
  server: ClientConnection | null;
  /** Frozen by a power loss: no partition heals it. */
  frozen: boolean;
  ended: boolean;
}

export class SimNetwork {
  private readonly listeners = new Map<string, Acceptor>();
  private readonly connections = new Set<SimConnection>();
  /** Blocked directions, as `from>to`. */
  private readonly blocked = new Set<string>();
  /** Nodes whose process is stopped: bytes for them wait (the kernel holds them; nothing reads). */
  private readonly paused = new Set<string>();
  private readonly clocks = new Map<string, Clock>();
  private nextId = 1;
  private nextPort = 40000;

  constructor(private readonly clock: Scheduler, private readonly random: Random, private readonly trace: (line: string) => void) {}

  /** `node` accepts connections (its engine serves them). */
  listen(node: string, accept: Acceptor): void {
    this.listeners.set(node, accept);
  }

  /** `node`'s process died: it accepts nothing, and every connection touching it ends (the kernel closes them). */
  processDied(node: string): void {
    this.listeners.delete(node);
    for (const connection of this.touching(node)) this.end(connection, node, 'connection reset by peer');
  }

  /** `node` lost power: it accepts nothing, and its connections freeze until the peers give up on them. */
  powerLost(node: string): void {
    this.listeners.delete(node);
    for (const connection of this.touching(node)) {
      connection.frozen = true;
      connection.toServer.hold();
      connection.toClient.hold();
    }
  }

  /** Blocks traffic from `a` to `b`, and from `b` to `a` unless `oneWay`. */
  partition(a: string, b: string, oneWay: boolean): void {
    this.blocked.add(`${a}>${b}`);
    if (!oneWay) this.blocked.add(`${b}>${a}`);
    this.trace(`net: partition ${a} ${oneWay ? '->' : '<->'} ${b}`);
    this.applyBlocks();
  }

  /** `node`'s process stops (SIGSTOP) or goes on: bytes toward it wait meanwhile. */
  pause(node: string, paused: boolean): void {
    if (paused) this.paused.add(node);
    else this.paused.delete(node);
    this.applyBlocks();
  }

  /** Every partition heals: held bytes flow again. */
  heal(): void {
    if (this.blocked.size === 0) return;
    this.blocked.clear();
    this.trace('net: partitions healed');
    this.applyBlocks();
  }

  get partitioned(): boolean {
    return this.blocked.size > 0;
  }

  /** Cuts one open connection (drawn) at a drawn byte of what is in flight: which (client and server node), or null when none is open. */
  cutOne(): { readonly from: string; readonly to: string } | null {
    const open = [...this.connections].filter((connection) => !connection.ended && !connection.frozen && connection.server !== null);
    if (open.length === 0) return null;
    const connection = open[randomInteger(this.random, 0, open.length - 1)];
    this.trace(`net: cut ${connection.from}->${connection.to} #${connection.id} (${connection.toClient.pendingBytes} bytes to ${connection.from} and ${connection.toServer.pendingBytes} to ${connection.to} in flight)`);
    this.end(connection, null, 'connection reset by peer');
    return { from: connection.from, to: connection.to };
  }

  /**
   * Core's Network for `node`'s outgoing connections; `clock` is the node's own (a paused node's
   * events wait with it), through which everything the network tells the node is scheduled.
   */
  endpoint(node: string, clock: Clock): Network {
    this.clocks.set(node, clock);
    return { connect: (host, port, events) => this.connect(node, host, port, events) };
  }

  private clockOf(node: string): Clock {
    return this.clocks.get(node) ?? this.clock;
  }

  private connect(from: string, to: string, port: number, events: LinkEvents): Link {
    const id = this.nextId++;
    const address = `${from}:${this.nextPort++}`;
    let connection: SimConnection | null = null;
    let abandoned = false;
    const pending = this.clockOf(from).schedule(this.blockedBetween(from, to) ? CONNECT_TIMEOUT_MS : randomInteger(this.random, 1, CONNECT_DELAY_MS_MAX), () => {
      if (abandoned) return;
      const accept = this.listeners.get(to);
      if (this.blockedBetween(from, to)) return events.closed('Connection timed out');
      if (accept === undefined) return events.closed('Connection refused');
      connection = this.open(id, from, to, address, port, accept, events);
      events.opened();
    });
    return {
      write: (bytes) => connection?.toServer.send(bytes),
      close: () => {
        abandoned = true;
        pending.cancel();
        const open = connection;
        if (open === null || open.ended) return;
        // Closed by the client (core asked): what it wrote still reaches the server, then the server sees the end.
        open.ended = true;
        open.toClient.cut();
        if (open.frozen) return;
        open.toServer.endAfterDrain(() => open.server?.disconnected());
        this.connections.delete(open);
      },
    };
  }

  private open(id: number, from: string, to: string, address: string, port: number, accept: Acceptor, events: LinkEvents): SimConnection {
    const toClient = new Pipe(this.clock, this.random, (bytes) => events.received(bytes));
    const connection: SimConnection = {
      id, from, to, toClient, events, server: null, frozen: false, ended: false,
      toServer: new Pipe(this.clock, this.random, (bytes) => connection.server?.receive(bytes)),
    };
    this.connections.add(connection);
    const host: ConnectionHost = {
      address,
      localAddress: `${to}:${port}`,
      write: (bytes) => connection.toClient.send(bytes),
      pendingOutputBytes: () => connection.toClient.pendingBytes,
      close: () => {
        if (connection.ended) return;
        // Closed by the server: the client reads what was sent, then the end (a frozen peer never does).
        connection.ended = true;
        connection.toServer.cut();
        this.connections.delete(connection);
        if (connection.frozen) {
          this.clockOf(connection.to).schedule(0, () => connection.server?.disconnected());
          return;
        }
        connection.toClient.endAfterDrain(() => {
          events.closed('connection closed by peer');
          connection.server?.disconnected();
        });
      },
    };
    connection.server = accept(host);
    this.applyBlocks();
    return connection;
  }

  /**
   * Ends `connection` at once in both directions (each delivers a drawn prefix of its bytes in
   * flight): the client side is told, the server side disconnected — except on `dead`, whose
   * process is gone.
   */
  private end(connection: SimConnection, dead: string | null, reason: string): void {
    if (connection.ended) return;
    connection.ended = true;
    this.connections.delete(connection);
    connection.toServer.cut();
    connection.toClient.cut();
    if (connection.from !== dead) this.clockOf(connection.from).schedule(0, () => connection.events.closed(reason));
    if (connection.to !== dead) this.clockOf(connection.to).schedule(0, () => connection.server?.disconnected());
  }

  private touching(node: string): SimConnection[] {
    return [...this.connections].filter((connection) => !connection.ended && (connection.from === node || connection.to === node));
  }

  private blockedBetween(from: string, to: string): boolean {
    return this.blocked.has(`${from}>${to}`) || this.blocked.has(`${to}>${from}`);
  }

  private applyBlocks(): void {
    for (const connection of this.connections) {
      if (connection.frozen || connection.ended) continue;
      setHeld(connection.toServer, this.blocked.has(`${connection.from}>${connection.to}`) || this.paused.has(connection.to));
      setHeld(connection.toClient, this.blocked.has(`${connection.to}>${connection.from}`) || this.paused.has(connection.from));
    }
  }
}

function setHeld(pipe: Pipe, held: boolean): void {
  if (held) pipe.hold();
  else pipe.release();
}
