/**
 * The small interface the admin endpoint needs from an HTTP library, and the choice of one:
 * uWebSockets.js (the native module shipped in @trufflesuite/uws-js-unofficial) when it loads
 * for this platform and Node ABI, else node:http. The fallback keeps the server starting where
 * the native module cannot load; the reason is logged.
 */
import type { AdminRequest, AdminResponse } from './admin-routes.js';
import { NodeHttpBackend } from './node-http-backend.js';
import { loadUwsModule, UwsBackend, type UwsModule } from './uws-backend.js';

export type AdminHandler = (request: AdminRequest) => AdminResponse;

export interface AdminHttpServer {
  /** The port bound. */
  readonly port: number;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

export interface AdminHttpBackend {
  /** `uWebSockets.js` or `node:http`, for the log. */
  readonly name: string;
  listen(host: string, port: number, handler: AdminHandler): Promise<AdminHttpServer>;
}

export interface ChosenBackend {
  readonly backend: AdminHttpBackend;
  /** Why uWebSockets.js was not used, when it was not. */
  readonly fallbackReason: string | null;
}

/** uWebSockets.js when `load` succeeds, else node:http with the reason. */
export function chooseAdminBackend(load: () => UwsModule = loadUwsModule): ChosenBackend {
  try {
    return { backend: new UwsBackend(load()), fallbackReason: null };
  } catch (error) {
    return { backend: new NodeHttpBackend(), fallbackReason: (error as Error).message.split('\n')[0] };
  }
}
