/**
 * Client-side caching as CLIENT's subcommands see it: TRACKING, CACHING, GETREDIR and
 * TRACKINGINFO, with Redis 7.0.15's argument checks, replies and error texts (networking.c's
 * clientCommand). A client's tracking state is the TrackingState it carries; the table of keys
 * and prefixes behind it is the engine's (engine/tracking-table.ts), reached through
 * TrackingServices.
 */
import { isKeyword, parseInt64 } from '../arguments.js';
import { NOT_INTEGER, SYNTAX_ERROR } from '../errors.js';
import type { CommandContext } from '../types.js';
import type { ClientState } from '../services.js';
import type { ByteString } from '../../resp/byte-string.js';
import { ErrorReply, MapReply, OK, SetReply, type Reply } from '../../resp/reply.js';

/** A client's CLIENT TRACKING state: Redis's CLIENT_TRACKING* flags, its redirection and its BCAST prefixes. */
export interface TrackingState {
  on: boolean;
  bcast: boolean;
  optin: boolean;
  optout: boolean;
  /** CLIENT CACHING was given for the next command (or transaction). */
  caching: boolean;
  noloop: boolean;
  /** The redirection's client was gone when an invalidation was due. */
  brokenRedirect: boolean;
  /** The client invalidations go to; 0: this one. */
  redirect: number;
  /** The BCAST prefixes, in byte order as Redis's radix tree lists them; empty outside BCAST. */
  prefixes: ByteString[];
}

export function trackingOff(): TrackingState {
  return { on: false, bcast: false, optin: false, optout: false, caching: false, noloop: false, brokenRedirect: false, redirect: 0, prefixes: [] };
}

/** The modes CLIENT TRACKING ON asks for. */
export interface TrackingModes {
  readonly bcast: boolean;
  readonly optin: boolean;
  readonly optout: boolean;
  readonly noloop: boolean;
}

/** What the table needs of a client to turn its tracking on or off. */
export type TrackedClient = Pick<ClientState, 'id' | 'tracking'>;

/** The engine's tracking table, as CLIENT and INFO see it. */
export interface TrackingServices {
  /** A client with this id is connected (REDIRECT must name one). */
  hasClient(id: number): boolean;
  /** Redis's enableTracking: the modes replace the previous ones, prefixes add to the client's. */
  enable(client: TrackedClient, redirect: number, modes: TrackingModes, prefixes: readonly ByteString[]): void;
  /** Redis's disableTracking (CLIENT TRACKING OFF, RESET, a disconnect): its keys stay in the table until invalidated. */
  disable(client: TrackedClient): void;
  /** INFO's tracking_clients, tracking_total_keys, tracking_total_items, tracking_total_prefixes. */
  readonly clientCount: number;
  readonly keyCount: number;
  readonly itemCount: number;
  readonly prefixCount: number;
}

const TWO_REDIRECTS = new ErrorReply('ERR A client can only redirect to a single other client');
const NO_REDIRECT_CLIENT = new ErrorReply('ERR The client ID you want redirect to does not exist');
const PREFIX_WITHOUT_BCAST = new ErrorReply('ERR PREFIX option requires BCAST mode to be enabled');
const BCAST_SWITCH = new ErrorReply("ERR You can't switch BCAST mode on/off before disabling tracking for this client, and then re-enabling it with a different mode.");
const BCAST_WITH_OPT = new ErrorReply('ERR OPTIN and OPTOUT are not compatible with BCAST');
const OPTIN_AND_OPTOUT = new ErrorReply("ERR You can't specify both OPTIN mode and OPTOUT mode");
const OPT_SWITCH = new ErrorReply("ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, and then re-enabling it with a different mode.");
const CACHING_NOT_TRACKING = new ErrorReply('ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled');
const CACHING_YES_NOT_OPTIN = new ErrorReply('ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.');
const CACHING_NO_NOT_OPTOUT = new ErrorReply('ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.');

/** A prefix as Redis's `%s` prints it in an error: up to its first NUL byte, newlines turned into spaces. */
function printed(prefix: ByteString): string {
  const end = prefix.indexOf('\0');
  return (end === -1 ? prefix : prefix.slice(0, end)).replace(/[\r\n]/g, ' ');
}

/** Two prefixes overlap when one starts the other: both would invalidate the same keys. */
function overlaps(first: ByteString, second: ByteString): boolean {
  return first.length <= second.length ? second.startsWith(first) : first.startsWith(second);
}

/** Redis's checkPrefixCollisionsOrReply: a new prefix may overlap neither the client's prefixes nor the other new ones. */
function prefixCollision(existing: readonly ByteString[], prefixes: readonly ByteString[]): ErrorReply | null {
  for (let i = 0; i < prefixes.length; i++) {
    const clash = existing.find((prefix) => overlaps(prefix, prefixes[i]));
    if (clash !== undefined) {
      return new ErrorReply(`ERR Prefix '${printed(prefixes[i])}' overlaps with an existing prefix '${printed(clash)}'. Prefixes for a single client must not overlap.`);
    }
    for (let j = i + 1; j < prefixes.length; j++) {
      if (overlaps(prefixes[i], prefixes[j])) {
        return new ErrorReply(`ERR Prefix '${printed(prefixes[i])}' overlaps with another provided prefix '${printed(prefixes[j])}'. Prefixes for a single client must not overlap.`);
      }
    }
  }
  return null;
}

interface TrackingRequest {
  redirect: number;
  modes: { bcast: boolean; optin: boolean; optout: boolean; noloop: boolean };
  prefixes: ByteString[];
}

/** The options after ON|OFF, checked as Redis parses them: a REDIRECT must name a connected client. */
function parseTrackingOptions(context: CommandContext, args: readonly ByteString[]): TrackingRequest | ErrorReply {
  const request: TrackingRequest = { redirect: 0, modes: { bcast: false, optin: false, optout: false, noloop: false }, prefixes: [] };
  for (let j = 3; j < args.length; j++) {
    const moreArguments = args.length - 1 - j > 0;
    const option = args[j];
    if (isKeyword(option, 'REDIRECT') && moreArguments) {
      j++;
      if (request.redirect !== 0) return TWO_REDIRECTS;
      const id = parseInt64(args[j]);
      if (id === undefined) return NOT_INTEGER;
      if (id <= 0n || id > BigInt(Number.MAX_SAFE_INTEGER) || !context.engine.tracking.hasClient(Number(id))) return NO_REDIRECT_CLIENT;
      request.redirect = Number(id);
    } else if (isKeyword(option, 'BCAST')) {
      request.modes.bcast = true;
    } else if (isKeyword(option, 'OPTIN')) {
      request.modes.optin = true;
    } else if (isKeyword(option, 'OPTOUT')) {
      request.modes.optout = true;
    } else if (isKeyword(option, 'NOLOOP')) {
      request.modes.noloop = true;
    } else if (isKeyword(option, 'PREFIX') && moreArguments) {
      j++;
      request.prefixes.push(args[j]);
    } else {
      return SYNTAX_ERROR;
    }
  }
  return request;
}

/** Why CLIENT TRACKING ON with `request` is refused for a client in `state`, checked in Redis's order; null when it is not. */
function enableRefusal(state: TrackingState, request: TrackingRequest): ErrorReply | null {
  const { modes, prefixes } = request;
  if (!modes.bcast && prefixes.length > 0) return PREFIX_WITHOUT_BCAST;
  if (state.on && state.bcast !== modes.bcast) return BCAST_SWITCH;
  if (modes.bcast && (modes.optin || modes.optout)) return BCAST_WITH_OPT;
  if (modes.optin && modes.optout) return OPTIN_AND_OPTOUT;
  if ((modes.optin && state.optout) || (modes.optout && state.optin)) return OPT_SWITCH;
  return modes.bcast ? prefixCollision(state.prefixes, prefixes) : null;
}

/** CLIENT TRACKING ON|OFF [REDIRECT client-id] [PREFIX prefix ...] [BCAST] [OPTIN] [OPTOUT] [NOLOOP] */
export function clientTracking(context: CommandContext, args: readonly ByteString[]): Reply {
  const request = parseTrackingOptions(context, args);
  if (request instanceof ErrorReply) return request;
  const client = context.client;
  if (isKeyword(args[2], 'ON')) {
    const refusal = enableRefusal(client.tracking, request);
    if (refusal !== null) return refusal;
    context.engine.tracking.enable(client, request.redirect, request.modes, request.prefixes);
  } else if (isKeyword(args[2], 'OFF')) {
    context.engine.tracking.disable(client);
  } else {
    return SYNTAX_ERROR;
  }
  return OK;
}

/** CLIENT CACHING YES|NO: the next command's keys are tracked (OPTIN) or not (OPTOUT). */
export function clientCaching(context: CommandContext, args: readonly ByteString[]): Reply {
  const state = context.client.tracking;
  if (!state.on) return CACHING_NOT_TRACKING;
  if (isKeyword(args[2], 'YES')) {
    if (!state.optin) return CACHING_YES_NOT_OPTIN;
  } else if (isKeyword(args[2], 'NO')) {
    if (!state.optout) return CACHING_NO_NOT_OPTOUT;
  } else {
    return SYNTAX_ERROR;
  }
  state.caching = true;
  return OK;
}

/** CLIENT GETREDIR: the redirection's client id, 0 for none, -1 when tracking is off. */
export function clientGetRedirect(context: CommandContext): Reply {
  const state = context.client.tracking;
  return state.on ? state.redirect : -1;
}

/** CLIENT TRACKINGINFO: flags (a set), redirect and prefixes, as Redis lists them. */
export function clientTrackingInfo(context: CommandContext): Reply {
  const state = context.client.tracking;
  const flags: string[] = [state.on ? 'on' : 'off'];
  if (state.bcast) flags.push('bcast');
  if (state.optin) flags.push('optin');
  if (state.optin && state.caching) flags.push('caching-yes');
  if (state.optout) flags.push('optout');
  if (state.optout && state.caching) flags.push('caching-no');
  if (state.noloop) flags.push('noloop');
  if (state.brokenRedirect) flags.push('broken_redirect');
  return new MapReply([
    ['flags', new SetReply(flags)],
    ['redirect', state.on ? state.redirect : -1],
    ['prefixes', [...state.prefixes]],
  ]);
}
