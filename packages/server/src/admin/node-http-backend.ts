/**
 * The admin endpoint on node:http: the fallback where uWebSockets.js cannot load. Same routes,
 * same answers.
 */
import http from 'node:http';
import { STATUS_TEXT } from './admin-routes.js';
import type { AdminHandler, AdminHttpBackend, AdminHttpServer } from './http-backend.js';

export class NodeHttpBackend implements AdminHttpBackend {
  readonly name = 'node:http';

  listen(host: string, port: number, handler: AdminHandler): Promise<AdminHttpServer> {
    const server = http.createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://admin');
      const answer = handler({ method: (request.method ?? 'GET').toUpperCase(), path: url.pathname, query: url.search.slice(1) });
      response.writeHead(answer.status, STATUS_TEXT[answer.status], { 'Content-Type': answer.contentType });
      response.end(answer.body);
    });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve({
          port: (server.address() as { port: number }).port,
          close: () => new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
        });
      });
    });
  }
}
