/**
 * MONITOR: from now on the client receives every command the server runs, as Redis 7.0 feeds
 * its monitors (the engine's MonitorFeed formats and sends the lines). Not inside EXEC (Redis's
 * DENY BLOCKING refusal); a second MONITOR gets no reply at all; RESET ends it.
 */
import { ErrorReply, NO_REPLY, OK } from '../../resp/reply.js';
import type { CommandDefinition } from '../types.js';
import { serverSpec } from './spec.js';

const DENY_BLOCKING = new ErrorReply("ERR MONITOR isn't allowed for DENY BLOCKING client");

export const MONITOR_COMMAND: CommandDefinition = {
  ...serverSpec({
    name: 'monitor', arity: 1, flags: ['admin', 'noscript', 'loading', 'stale'], since: '1.0.0', syntax: '',
    summary: 'Listen for all requests received by the server in real time',
  }),
  handler(context) {
    const { session } = context;
    if (session.runningQueued) return DENY_BLOCKING;
    if (context.client.monitoring) return NO_REPLY;
    session.startMonitoring();
    return OK;
  },
};
