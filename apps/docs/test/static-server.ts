/**
 * A static file server for the built site (.vitepress/dist) on a free loopback port, as a plain
 * host would serve it: `/x/` is `/x/index.html`, `/x` is `/x.html` when that exists, anything
 * else missing answers 404 with the site's 404 page.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json', '.woff2': 'font/woff2', '.txt': 'text/plain',
};

export interface StaticServer {
  readonly origin: string;
  close(): Promise<void>;
}

function resolveFile(root: string, urlPath: string): string | null {
  const relative = decodeURIComponent(urlPath).replace(/^\/+/, '');
  const candidates = relative === '' || relative.endsWith('/') ? [`${relative}index.html`] : [relative, `${relative}.html`];
  for (const candidate of candidates) {
    const file = path.resolve(root, candidate);
    if (!file.startsWith(path.resolve(root))) return null;
    if (existsSync(file) && statSync(file).isFile()) return file;
  }
  return null;
}

export function serveDirectory(root: string): Promise<StaticServer> {
  const server = http.createServer((request, response) => {
    const file = resolveFile(root, new URL(request.url ?? '/', 'http://site').pathname);
    const status = file === null ? 404 : 200;
    const served = file ?? path.join(root, '404.html');
    response.writeHead(status, { 'Content-Type': TYPES[path.extname(served)] ?? 'application/octet-stream' });
    response.end(readFileSync(served));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({
        origin: `http://127.0.0.1:${port}`,
        close: () => new Promise<void>((done) => {
          server.close(() => done());
          server.closeAllConnections();
        }),
      });
    });
  });
}
