/**
 * SUBSCRIBE UNSUBSCRIBE PSUBSCRIBE PUNSUBSCRIBE PUBLISH, their shard twins SSUBSCRIBE
 * SUNSUBSCRIBE SPUBLISH, and PUBSUB. Confirmations are pushes, one per channel, carrying the
 * client's subscription count after each step, as Redis sends them: channels and patterns count
 * together, shard channels apart (Redis 7.0). PUBLISH and SPUBLISH also go to replicas (not to
 * the log), as Redis 7.0 propagates them, so subscribers of a replica get the messages.
 */
import type { ClientSession } from '../commands/services.js';
import { helpReply } from '../commands/server/help.js';
import type { CommandContext, CommandDefinition } from '../commands/types.js';
import type { ByteString } from '../resp/byte-string.js';
import { ErrorReply, NO_REPLY, PushReply } from '../resp/reply.js';

const base = { firstKey: 0, lastKey: 0, step: 0, group: 'pubsub' as const };
const SUBSCRIBE_FLAGS = ['pubsub', 'noscript', 'loading', 'stale'] as const;

/** The subscription count a confirmation carries: shard channels are counted on their own. */
function countOf(session: ClientSession, kind: string): number {
  return kind === 'ssubscribe' || kind === 'sunsubscribe'
    ? session.shardChannels.size
    : session.channels.size + session.patterns.size;
}

function confirm(session: ClientSession, kind: string, name: ByteString | null): void {
  session.push(new PushReply([kind, name, countOf(session, kind)]));
}

type Change = (session: ClientSession, name: ByteString) => boolean;

function subscribeAll(context: CommandContext, args: readonly ByteString[], kind: string, change: Change) {
  const { session } = context;
  for (let i = 1; i < args.length; i++) {
    change(session, args[i]);
    confirm(session, kind, args[i]);
  }
  return NO_REPLY;
}

function unsubscribeAll(context: CommandContext, args: readonly ByteString[], kind: string, change: Change,
  current: (session: ClientSession) => ReadonlySet<ByteString>) {
  const { session } = context;
  const names = args.length > 1 ? args.slice(1) : [...current(session)];
  if (names.length === 0) confirm(session, kind, null);
  for (const name of names) {
    change(session, name);
    confirm(session, kind, name);
  }
  return NO_REPLY;
}

/** pubsubCommand's fallback for CHANNELS or SHARDCHANNELS with more than one pattern. */
function subcommandSyntaxError(args: readonly ByteString[]): ErrorReply {
  return new ErrorReply(`ERR unknown subcommand or wrong number of arguments for '${args[1].slice(0, 128)}'. Try PUBSUB HELP.`);
}

/** Redis 7.0 refuses SSUBSCRIBE to a client that expects one reply per command (inside EXEC). */
const SSUBSCRIBE_DENIED = new ErrorReply("ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client");

/** SPUBLISH, SSUBSCRIBE and SUNSUBSCRIBE declare their shard channels as (not-key) keys. */
const shardKeys = { firstKey: 1, step: 1, keysAreChannels: true } as const;

export const PUBSUB_COMMANDS: readonly CommandDefinition[] = [
  {
    ...base, name: 'subscribe', arity: -2, flags: [...SUBSCRIBE_FLAGS], allowedWhileSubscribed: true, syntax: 'channel [channel ...]',
    summary: 'Listen for messages published to the given channels', since: '2.0.0',
    complexity: 'O(N) where N is the number of channels to subscribe to.',
    handler: (context, args) => subscribeAll(context, args, 'subscribe',
      (session, name) => session.subscribe(name)),
  },
  {
    ...base, name: 'unsubscribe', arity: -1, flags: [...SUBSCRIBE_FLAGS], allowedWhileSubscribed: true, syntax: '[channel [channel ...]]',
    summary: 'Stop listening for messages posted to the given channels', since: '2.0.0',
    complexity: 'O(N) where N is the number of clients already subscribed to a channel.',
    handler: (context, args) => unsubscribeAll(context, args, 'unsubscribe',
      (session, name) => session.unsubscribe(name), (session) => session.channels),
  },
  {
    ...base, name: 'psubscribe', arity: -2, flags: [...SUBSCRIBE_FLAGS], allowedWhileSubscribed: true, syntax: 'pattern [pattern ...]',
    summary: 'Listen for messages published to channels matching the given patterns', since: '2.0.0',
    complexity: 'O(N) where N is the number of patterns the client is already subscribed to.',
    handler: (context, args) => subscribeAll(context, args, 'psubscribe',
      (session, name) => session.psubscribe(name)),
  },
  {
    ...base, name: 'punsubscribe', arity: -1, flags: [...SUBSCRIBE_FLAGS], allowedWhileSubscribed: true, syntax: '[pattern [pattern ...]]',
    summary: 'Stop listening for messages posted to channels matching the given patterns', since: '2.0.0',
    complexity: 'O(N+M) where N is the number of patterns the client is already subscribed and M is the number of total patterns subscribed in the system (by any client).',
    handler: (context, args) => unsubscribeAll(context, args, 'punsubscribe',
      (session, name) => session.punsubscribe(name), (session) => session.patterns),
  },
  {
    ...base, name: 'publish', arity: 3, flags: ['pubsub', 'loading', 'stale', 'fast', 'may_replicate'],
    syntax: 'channel message', summary: 'Post a message to a channel', since: '2.0.0',
    complexity: 'O(N+M) where N is the number of clients subscribed to the receiving channel and M is the total number of subscribed patterns (by any client).',
    handler: (context, args) => {
      context.engine.replicateOnly(context.client.databaseIndex, args);
      return context.engine.pubsub.publish(args[1], args[2]);
    },
  },
  {
    ...base, ...shardKeys, lastKey: -1, name: 'ssubscribe', arity: -2, flags: [...SUBSCRIBE_FLAGS], allowedWhileSubscribed: true,
    syntax: 'shardchannel [shardchannel ...]', summary: 'Listen for messages published to the given shard channels', since: '7.0.0',
    complexity: 'O(N) where N is the number of shard channels to subscribe to.',
    handler: (context, args) => context.session.runningQueued ? SSUBSCRIBE_DENIED
      : subscribeAll(context, args, 'ssubscribe', (session, name) => session.ssubscribe(name)),
  },
  {
    ...base, ...shardKeys, lastKey: -1, name: 'sunsubscribe', arity: -1, flags: [...SUBSCRIBE_FLAGS], allowedWhileSubscribed: true,
    syntax: '[shardchannel [shardchannel ...]]', summary: 'Stop listening for messages posted to the given shard channels', since: '7.0.0',
    complexity: 'O(N) where N is the number of clients already subscribed to a shard channel.',
    handler: (context, args) => unsubscribeAll(context, args, 'sunsubscribe',
      (session, name) => session.sunsubscribe(name), (session) => session.shardChannels),
  },
  {
    ...base, ...shardKeys, lastKey: 1, name: 'spublish', arity: 3, flags: ['pubsub', 'loading', 'stale', 'fast', 'may_replicate'],
    syntax: 'shardchannel message', summary: 'Post a message to a shard channel', since: '7.0.0',
    complexity: 'O(N) where N is the number of clients subscribed to the receiving shard channel.',
    handler: (context, args) => {
      context.engine.replicateOnly(context.client.databaseIndex, args);
      return context.engine.pubsub.spublish(args[1], args[2]);
    },
  },
  {
    ...base, name: 'pubsub', arity: -2, flags: [], syntax: '<subcommand> [arguments]',
    summary: 'A container for Pub/Sub commands', since: '2.8.0', complexity: 'Depends on subcommand.',
    handler: () => new ErrorReply("ERR wrong number of arguments for 'pubsub' command"),
    subcommands: [
      {
        ...base, name: 'channels', arity: -2, flags: ['pubsub', 'loading', 'stale'], syntax: '[pattern]',
        summary: 'List active channels', since: '2.8.0',
        complexity: 'O(N) where N is the number of active channels, and assuming constant time pattern matching (relatively short channels and patterns)',
        handler: (context, args) => args.length > 3
          ? subcommandSyntaxError(args)
          : context.engine.pubsub.channels(args.length === 3 ? args[2] : null),
      },
      {
        ...base, name: 'numsub', arity: -2, flags: ['pubsub', 'loading', 'stale'], syntax: '[channel [channel ...]]',
        summary: 'Get the count of subscribers for channels', since: '2.8.0',
        complexity: 'O(N) for the NUMSUB subcommand, where N is the requested channels',
        handler: (context, args) => args.slice(2).flatMap((channel) =>
          [channel, context.engine.pubsub.subscriberCount(channel)]),
      },
      {
        ...base, name: 'numpat', arity: 2, flags: ['pubsub', 'loading', 'stale'], syntax: '',
        summary: 'Get the count of unique patterns pattern subscriptions', since: '2.8.0', complexity: 'O(1)',
        handler: (context) => context.engine.pubsub.patternCount(),
      },
      {
        ...base, name: 'shardchannels', arity: -2, flags: ['pubsub', 'loading', 'stale'], syntax: '[pattern]',
        summary: 'List active shard channels', since: '7.0.0',
        complexity: 'O(N) where N is the number of active shard channels, and assuming constant time pattern matching (relatively short shard channels).',
        handler: (context, args) => args.length > 3
          ? subcommandSyntaxError(args)
          : context.engine.pubsub.shardChannels(args.length === 3 ? args[2] : null),
      },
      {
        ...base, name: 'shardnumsub', arity: -2, flags: ['pubsub', 'loading', 'stale'], syntax: '[shardchannel [shardchannel ...]]',
        summary: 'Get the count of subscribers for shard channels', since: '7.0.0',
        complexity: 'O(N) for the SHARDNUMSUB subcommand, where N is the requested shard channels',
        handler: (context, args) => args.slice(2).flatMap((channel) =>
          [channel, context.engine.pubsub.shardSubscriberCount(channel)]),
      },
      {
        ...base, name: 'help', arity: 2, flags: ['loading', 'stale'], syntax: '', summary: 'Show helpful text about the different subcommands',
        since: '6.2.0', complexity: 'O(1)',
        handler: () => helpReply('PUBSUB', [
          'CHANNELS [<pattern>]',
          "    Return the currently active channels matching a <pattern> (default: '*').",
          'NUMPAT',
          '    Return number of subscriptions to patterns.',
          'NUMSUB [<channel> ...]',
          '    Return the number of subscribers for the specified channels, excluding',
          '    pattern subscriptions(default: no channels).',
          'SHARDCHANNELS [<pattern>]',
          "    Return the currently active shard level channels matching a <pattern> (default: '*').",
          'SHARDNUMSUB [<shardchannel> ...]',
          '    Return the number of subscribers for the specified shard level channel(s)',
        ]),
      },
    ],
  },
];
