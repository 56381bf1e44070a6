/**
 * A fake systemd notification socket (NOTIFY_SOCKET) for tests. Node cannot bind a unix datagram
 * socket, so python3 does: it receives each message with its sender's credentials, closes the
 * file descriptor systemd-notify's barrier passes (which is how systemd answers it), and prints
 * one JSON line per message with, when a log file is given, that file's text at the moment the
 * message arrived, so a test can tell what the server had logged before it notified.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const RECEIVER = String.raw`
import array, json, os, socket, sys
path, log_file = sys.argv[1], sys.argv[2]
receiver = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
receiver.bind(path)
receiver.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
print(json.dumps({"listening": True}), flush=True)
while True:
    data, ancillary, _, _ = receiver.recvmsg(65536, socket.CMSG_SPACE(16 * 4) + socket.CMSG_SPACE(12))
    pid = None
    for level, kind, payload in ancillary:
        if kind == socket.SCM_CREDENTIALS:
            pid = int.from_bytes(payload[0:4], "little")
        elif kind == socket.SCM_RIGHTS:
            descriptors = array.array("i")
            descriptors.frombytes(payload[:len(payload) - len(payload) % 4])
            for descriptor in descriptors:
                os.close(descriptor)
    log = ""
    if log_file:
        try:
            with open(log_file) as opened:
                log = opened.read()
        except FileNotFoundError:
            pass
    print(json.dumps({"message": data.decode(), "pid": pid, "log": log}), flush=True)
`;

export interface NotifyMessage {
  /** The message's VARIABLE=VALUE lines. */
  readonly fields: Readonly<Record<string, string>>;
  /** The pid in the sender's credentials. */
  readonly senderPid: number;
  /** The log file's text when the message arrived ('' without one). */
  readonly log: string;
}

export class FakeNotifySocket {
  private readonly received: NotifyMessage[] = [];

  private constructor(readonly path: string, private readonly directory: string, private readonly receiver: ChildProcess) {}

  /** Binds a fresh socket; `logFile` is read at each message. */
  static async start(logFile = ''): Promise<FakeNotifySocket> {
    const directory = mkdtempSync(path.join(os.tmpdir(), 'ballast-notify-'));
    const socketPath = path.join(directory, 'notify.sock');
    const receiver = spawn('/usr/bin/python3', ['-c', RECEIVER, socketPath, logFile], { stdio: ['ignore', 'pipe', 'inherit'] });
    const socket = new FakeNotifySocket(socketPath, directory, receiver);
    let pending = '';
    await new Promise<void>((resolve, reject) => {
      receiver.once('exit', (code) => reject(new Error(`the fake notify socket exited with ${code}`)));
      receiver.stdout!.on('data', (chunk: Buffer) => {
        pending += chunk.toString();
        const lines = pending.split('\n');
        pending = lines.pop()!;
        for (const line of lines) {
          const parsed = JSON.parse(line) as { listening?: boolean; message: string; pid: number; log: string };
          if (parsed.listening === true) resolve();
          else socket.record(parsed);
        }
      });
    });
    return socket;
  }

  /** The messages so far, without systemd-notify's BARRIER=1. */
  messages(): NotifyMessage[] {
    return this.received.filter((message) => message.fields.BARRIER === undefined);
  }

  /** The first message carrying `name=value`, once it has arrived. */
  async waitFor(name: string, value: string, timeoutMs = 15_000): Promise<NotifyMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.find((message) => message.fields[name] === value);
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`no ${name}=${value} in ${JSON.stringify(this.messages().map((message) => message.fields))}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  close(): void {
    this.receiver.kill('SIGTERM');
    rmSync(this.directory, { recursive: true, force: true });
  }

  private record(parsed: { message: string; pid: number; log: string }): void {
    const fields: Record<string, string> = {};
    for (const line of parsed.message.split('\n').filter(Boolean)) {
      const equals = line.indexOf('=');
      fields[line.slice(0, equals)] = line.slice(equals + 1);
    }
    this.received.push({ fields, senderPid: parsed.pid, log: parsed.log });
  }
}
