/**
 * The admin endpoint's routes, independent of the HTTP library: a request (method, path, query)
 * in, a response (status, content type, body) out.
 *
 * - GET /health  200 while the process serves HTTP (it is alive).
 * - GET /ready   200 once recovery finished and writes are accepted; 503 with the reason otherwise
 *                (`loading: recovering the AOF`, `shutting down`, or the MISCONF error).
 * - GET /metrics Prometheus text format (metric-definitions.ts).
 * - GET /info    INFO as JSON; `?section=name` (repeatable) selects sections as INFO does.
 * Anything else is 404; a method other than GET or HEAD is 405.
 */
import { readiness, type AdminState } from './admin-state.js';
import { infoJson } from './info-json.js';
import { renderMetrics } from './metrics-collector.js';
import { PROMETHEUS_CONTENT_TYPE } from './prometheus-text.js';

export interface AdminRequest {
  /** Upper case: GET, HEAD, POST, ... */
  readonly method: string;
  readonly path: string;
  /** The query string without `?` ('' when none). */
  readonly query: string;
}

export interface AdminResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

const TEXT = 'text/plain; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';

export const STATUS_TEXT: Readonly<Record<number, string>> = {
  200: 'OK', 404: 'Not Found', 405: 'Method Not Allowed', 500: 'Internal Server Error', 503: 'Service Unavailable',
};

function text(status: number, body: string): AdminResponse {
  return { status, contentType: TEXT, body: `${body}\n` };
}

export function handleAdminRequest(state: AdminState, request: AdminRequest): AdminResponse {
  if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, 'only GET is supported');
  switch (request.path) {
    case '/health':
      return text(200, 'ok');
    case '/ready': {
      const answer = readiness(state);
      return answer.ready ? text(200, 'ready') : text(503, answer.reason);
    }
    case '/metrics':
      return { status: 200, contentType: PROMETHEUS_CONTENT_TYPE, body: renderMetrics(state) };
    case '/info': {
      const sections = new URLSearchParams(request.query).getAll('section');
      return { status: 200, contentType: JSON_TYPE, body: `${JSON.stringify(infoJson(state.engine, Date.now(), sections), null, 2)}\n` };
    }
    default:
      return text(404, `no route ${request.path}; try /health, /ready, /metrics or /info`);
  }
}
