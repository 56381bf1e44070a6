/**
 * @ballast/sdk: the typed client for Ballast and any Redis server. One connection with
 * automatic pipelining, typed commands generated from core's command table, pipelines and
 * transactions, SCAN iterators, pub/sub that survives reconnects, and durable writes.
 */
export { createClient, ClientCore, type Client, type ClientOptions, type ClientEvents, type WatchOptions } from './client.js';
export type { ConnectionOptions, ConnectionStatus } from './connection.js';
export type { ReconnectOptions } from './backoff.js';
export type { CallOptions } from './request.js';
export type { Argument } from './request-encoder.js';
export type { Value } from './reply-value.js';
export type { Bulk, ScoredMember } from './decoders.js';
export type { Pipeline, Multi } from './pipeline.js';
export type { ScanOptions } from './scan.js';
export { Script, scriptSha1, type ScriptOptions } from './script.js';
export type { MessageListener } from './subscriptions.js';
export type {
  TypedCommands, SetOptions, GetExOptions, ListEnd, ExpireCondition, ZAddOptions, ZRangeOptions, FieldValues, PoppedElement,
  ScriptArguments, FlushMode, FunctionLoadOptions, FunctionListOptions, FunctionRestorePolicy, FunctionDescription,
  LibraryDescription,
} from './typed-commands.js';
export type {
  ConsumerInfo, GroupInfo, PendingEntry, PendingSummary, StreamEntry, StreamInfo, StreamPositions, StreamTrim, XAddOptions, XAutoClaimResult,
  XClaimOptions, XPendingRangeOptions, XReadGroupOptions, XReadOptions,
} from './stream-commands.js';
export type { GroupReadOptions } from './stream-reader.js';
export type {
  GeoAddOptions, GeoCoordinates, GeoMember, GeoSearchBy, GeoSearchFrom, GeoSearchMatch, GeoSearchOptions, GeoSearchStoreOptions,
  GeoSearchWithOptions, GeoUnit,
} from './geo-commands.js';
export type { BitfieldEncoding, BitfieldGet, BitfieldOffset, BitfieldOperation, BitfieldOverflow, BitfieldValue } from './bitfield-commands.js';
export type { GeneratedCommands } from './generated/commands.js';
export { BallastError, ReplyError, ConnectionError, TimeoutError, AbortError, DurabilityError } from './errors.js';
