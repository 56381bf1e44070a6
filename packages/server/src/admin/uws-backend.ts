/**
 * The admin endpoint on uWebSockets.js. The native binary is loaded directly from
 * @trufflesuite/uws-js-unofficial's `binaries/` folder for this platform, architecture and Node
 * ABI; the package's own entry point is not used, since it falls back silently to a ws-based
 * imitation and prints to stdout. Handlers answer synchronously, so no abort handling is needed.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as Uws from '@trufflesuite/uws-js-unofficial';
import { STATUS_TEXT } from './admin-routes.js';
import type { AdminHandler, AdminHttpBackend, AdminHttpServer } from './http-backend.js';

export type UwsModule = typeof Uws;

const PACKAGE = '@trufflesuite/uws-js-unofficial';
/**
 * uSockets' LIBUS_LISTEN_EXCLUSIVE_PORT. Without it the port is bound with SO_REUSEPORT, and a
 * second server started on the same admin port would share it: scrapes would be split between
 * the two. The typings lack the (host, port, options, callback) form the binary accepts.
 */
const LISTEN_EXCLUSIVE_PORT = 1;

type ListenWithOptions = (host: string, port: number, options: number, callback: (socket: Uws.us_listen_socket | false) => void) => unknown;

/** Loads the native module; throws (module missing, no binary for this Node) when it cannot. */
export function loadUwsModule(): UwsModule {
  const require = createRequire(import.meta.url);
  const directory = path.dirname(require.resolve(`${PACKAGE}/package.json`));
  const binary = `uws_${process.platform}_${process.arch}_${process.versions.modules}.node`;
  return require(path.join(directory, 'binaries', binary)) as UwsModule;
}

export class UwsBackend implements AdminHttpBackend {
  readonly name = 'uWebSockets.js';

  constructor(private readonly uws: UwsModule) {}

  listen(host: string, port: number, handler: AdminHandler): Promise<AdminHttpServer> {
    const uws = this.uws;
    const app = uws.App().any('/*', (response, request) => {
      const method = request.getMethod().toUpperCase();
      const answer = handler({ method, path: request.getUrl(), query: request.getQuery() ?? '' });
      response.writeStatus(`${answer.status} ${STATUS_TEXT[answer.status] ?? ''}`.trim())
        .writeHeader('Content-Type', answer.contentType)
        .end(method === 'HEAD' ? '' : answer.body);
    });
    return new Promise((resolve, reject) => {
      (app.listen as unknown as ListenWithOptions)(host, port, LISTEN_EXCLUSIVE_PORT, (socket) => {
        if (socket === false) {
          reject(new Error(`cannot listen on ${host}:${port} (in use, or not permitted)`));
          return;
        }
        resolve({
          port: uws.us_socket_local_port(socket as unknown as Uws.us_socket),
          close: async () => uws.us_listen_socket_close(socket),
        });
      });
    });
  }
}
