/**
 * A transcript of pipelined commands: every command is sent in one write, followed by an ECHO of
 * a marker, and everything the server sent back up to the marker's reply is returned as
 * latin1 text — so two servers' raw replies (errors, pushes, RESP types) compare byte for byte.
 */
import net from 'node:net';

const END = 'end-of-transcript';
const END_REPLY = `$${END.length}\r\n${END}\r\n`;

/** One command as RESP. */
export function encodeCommand(args: readonly string[]): string {
  return `*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg, 'latin1')}\r\n${arg}\r\n`).join('')}`;
}

/** Sends `commands` and then the closing ECHO in one write; resolves with what came back up to the ECHO's reply. */
export function echoTranscript(port: number, commands: readonly (readonly string[])[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection({ port, host: '127.0.0.1' });
    let received = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no closing ECHO reply; received ${JSON.stringify(received)}`));
    }, 10_000);
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      if (!received.endsWith(END_REPLY)) return;
      clearTimeout(timer);
      socket.destroy();
      resolve(received);
    });
    socket.on('error', reject);
    socket.write(Buffer.from([...commands, ['ECHO', END]].map(encodeCommand).join(''), 'latin1'));
  });
}
