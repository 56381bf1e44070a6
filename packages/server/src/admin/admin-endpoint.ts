/**
 * Starts the admin endpoint (`admin-port`) on 127.0.0.1 with the best HTTP backend available,
 * and logs which one it runs on. A route that throws answers 500 with the message and is
 * logged; it never takes the server down.
 */
import type { LogLevel } from '@ballast/core';
import { handleAdminRequest, type AdminResponse } from './admin-routes.js';
import type { AdminState } from './admin-state.js';
import { chooseAdminBackend, type ChosenBackend, type AdminHttpServer } from './http-backend.js';

export const ADMIN_HOST = '127.0.0.1';

export interface AdminEndpointOptions {
  readonly state: AdminState;
  readonly port: number;
  readonly log: (level: LogLevel, message: string) => void;
  /** Which HTTP backend to use; by default uWebSockets.js when it loads, else node:http. */
  readonly chosen?: ChosenBackend;
}

export async function startAdminEndpoint(options: AdminEndpointOptions): Promise<AdminHttpServer> {
  const { state, log } = options;
  const { backend, fallbackReason } = options.chosen ?? chooseAdminBackend();
  if (fallbackReason !== null) log('warning', `uWebSockets.js cannot be loaded (${fallbackReason}); the admin endpoint uses node:http`);
  const server = await backend.listen(ADMIN_HOST, options.port, (request): AdminResponse => {
    try {
      return handleAdminRequest(state, request);
    } catch (error) {
      log('warning', `Admin endpoint: ${request.method} ${request.path} failed: ${(error as Error).message}`);
      return { status: 500, contentType: 'text/plain; charset=utf-8', body: `${(error as Error).message}\n` };
    }
  });
  log('notice', `Admin endpoint on http://${ADMIN_HOST}:${server.port} (${backend.name}): /health /ready /metrics /info`);
  return server;
}
