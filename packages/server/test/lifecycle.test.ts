import { describe, expect, it } from 'vitest';
import { ErrorReply, SimpleString } from '@ballast/core';
import { RawClient } from './support/raw-client.js';
import { runBallast, startBallast } from './support/ballast-server.js';

describe('server lifecycle', () => {
  it('SIGTERM closes cleanly with exit code 0', async () => {
    const server = await startBallast();
    const client = await RawClient.connect(server.port);
    expect(await client.call('PING')).toEqual(new SimpleString('PONG'));
    server.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('Received SIGTERM');
    await client.waitClosed();
    await server.stop();
  });

  it('SHUTDOWN stops the server', async () => {
    const server = await startBallast();
    const client = await RawClient.connect(server.port);
    client.write('SHUTDOWN\r\n');
    expect(await server.exited).toBe(0);
    await server.stop();
  });

  it('refuses to start on a port in use with exit code 2', async () => {
    const server = await startBallast();
    const second = await runBallast(['--port', String(server.port), '--dir', server.directory]);
    expect(second.code).toBe(2);
    expect(second.output).toContain('Failed listening on port');
    await server.stop();
  });

  it('requires AUTH with requirepass and enforces maxclients', async () => {
    const server = await startBallast({ args: ['--requirepass', 's3cret', '--maxclients', '2'] });
    const first = await RawClient.connect(server.port);
    expect(await first.call('DBSIZE')).toEqual(new ErrorReply('NOAUTH Authentication required.'));
    expect(await first.call('AUTH', 's3cret')).toEqual(new SimpleString('OK'));
    expect(await first.call('DBSIZE')).toBe(0);
    const second = await RawClient.connect(server.port);
    const third = await RawClient.connect(server.port);
    expect(await third.read()).toEqual(new ErrorReply('ERR max number of clients reached'));
    await third.waitClosed();
    second.close();
    first.close();
    await server.stop();
  });

  it('closes idle clients after timeout', async () => {
    const server = await startBallast({ args: ['--timeout', '1', '--hz', '50'] });
    const client = await RawClient.connect(server.port);
    await client.call('PING');
    await client.waitClosed(4000);
    await server.stop();
  });
});
