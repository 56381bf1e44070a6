/**
 * Every configuration option Ballast knows, as data: name, type, default, bounds, whether
 * CONFIG SET may change it at run time, and a description. The server's flag and config-file
 * parser, CONFIG GET/SET and the docs' configuration reference all read this one table.
 */

import { INVALID_EVENT_CLASS, formatKeyspaceEventClasses, parseKeyspaceEventClasses } from './keyspace-event-classes.js';
import { canonicalPercentiles, percentilesError } from './percentiles.js';

export type ConfigType = 'integer' | 'boolean' | 'string' | 'memory' | 'enum';

export interface ConfigOption {
  readonly name: string;
  readonly type: ConfigType;
  /** The default, written as it would be in a config file. */
  readonly defaultValue: string;
  readonly description: string;
  /** CONFIG SET may change it while the server runs. */
  readonly mutable: boolean;
  readonly min?: number;
  readonly max?: number;
  /** Allowed values of an enum option. */
  readonly values?: readonly string[];
  /** Other names the option answers to (Redis 7.0 keeps the ziplist names of the listpack options). */
  readonly aliases?: readonly string[];
  /** For a string option: what a value must look like, and Redis's error text when it does not. */
  readonly accepts?: { readonly pattern: RegExp; readonly error: string };
  /** For a string option: the form an accepted value is stored and shown in (CONFIG GET). */
  readonly canonical?: (text: string) => string;
  /** For a string option: why a value is refused (Redis's error text), when a pattern cannot say it. */
  readonly validate?: (text: string) => string | undefined;
  /** A config file line (or command-line flag) may give it several words, joined by spaces (Redis's MULTI_ARG_CONFIG). */
  readonly multipleWords?: boolean;
  /**
   * Not mutable, yet not immutable in Redis's sense: Redis changes it at run time (or it is Ballast's
   * own), Ballast only at start. CONFIG SET accepts its running value as a no-op, as Redis's CONFIG
   * SET of an unchanged value is, and refuses any other.
   */
  readonly startOnly?: boolean;
  /** Redis's PROTECTED_CONFIG: CONFIG SET refuses it, as Redis does under its default enable-protected-configs no. */
  readonly protectedConfig?: boolean;
  /** Redis's HIDDEN_CONFIG (a testing aid): CONFIG GET answers it when named exactly, never for a pattern. */
  readonly hidden?: boolean;
}

/** notify-keyspace-events as CONFIG GET renders it: the letters of the classes it names, in Redis's order. */
function canonicalEventClasses(text: string): string {
  return formatKeyspaceEventClasses(parseKeyspaceEventClasses(text) ?? 0);
}

const GIB = 1024 * 1024 * 1024;
const MIB = 1024 * 1024;

export const CONFIG_OPTIONS: readonly ConfigOption[] = [
  { name: 'port', type: 'integer', defaultValue: '6379', min: 0, max: 65535, mutable: false, startOnly: true,
    description: 'TCP port to accept RESP clients on. 0 with tls-port or unixsocket set: no plain TCP port, as in Redis; 0 alone picks a free port (for tests).' },
  { name: 'bind', type: 'string', defaultValue: '127.0.0.1', mutable: false, startOnly: true, multipleWords: true,
    description: 'Space-separated addresses to listen on. Only loopback by default.' },
  { name: 'admin-port', type: 'integer', defaultValue: '0', min: 0, max: 65535, mutable: false, startOnly: true,
    description: 'Port of the admin HTTP endpoint on 127.0.0.1 (GET /health, /ready, /metrics, /info); 0 turns it off.' },
  { name: 'unixsocket', type: 'string', defaultValue: '', mutable: false,
    description: 'Path of a unix socket to accept RESP clients on as well (empty: none). A stale socket left by a crashed run is replaced; the file is removed at a clean shutdown. Protected mode treats its clients as local.' },
  { name: 'unixsocketperm', type: 'string', defaultValue: '0', mutable: false,
    accepts: { pattern: /^[0-7]{1,4}$/, error: 'argument must be an octal number' }, canonical: (text) => parseInt(text, 8).toString(8),
    description: 'Permissions of the unix socket, in octal (e.g. 700); 0 leaves them to the umask.' },
  { name: 'tls-port', type: 'integer', defaultValue: '0', min: 0, max: 65535, mutable: false, startOnly: true,
    description: 'TCP port to accept RESP clients over TLS on, on the same bind addresses (0: no TLS port). Needs tls-cert-file and tls-key-file, and tls-ca-cert-file or tls-ca-cert-dir unless tls-auth-clients is no; a file that cannot be loaded refuses the start.' },
  { name: 'tls-cert-file', type: 'string', defaultValue: '', mutable: true,
    description: 'The server\'s certificate (PEM), with its chain. CONFIG SET of this or any tls-* file, protocol, cipher or session option re-reads every file and reloads the TLS configuration for new connections (open ones keep theirs); one that cannot be loaded is refused and the old configuration stays.' },
  { name: 'tls-key-file', type: 'string', defaultValue: '', mutable: true,
    description: 'The private key of tls-cert-file (PEM), checked against the certificate.' },
  { name: 'tls-key-file-pass', type: 'string', defaultValue: '', mutable: true,
    description: 'Passphrase of tls-key-file when it is encrypted.' },
  { name: 'tls-client-cert-file', type: 'string', defaultValue: '', mutable: true,
    description: 'Certificate for connections Ballast opens over TLS (replication, not built yet); checked with tls-client-key-file when both are set. Empty: tls-cert-file.' },
  { name: 'tls-client-key-file', type: 'string', defaultValue: '', mutable: true,
    description: 'The private key of tls-client-cert-file.' },
  { name: 'tls-client-key-file-pass', type: 'string', defaultValue: '', mutable: true,
    description: 'Passphrase of tls-client-key-file when it is encrypted.' },
  { name: 'tls-dh-params-file', type: 'string', defaultValue: '', mutable: true,
    description: 'Diffie-Hellman parameters (PEM, PKCS#3 or X9.42) for the DHE ciphers of TLSv1.2; empty: no DHE cipher (ECDHE ones are offered).' },
  { name: 'tls-ca-cert-file', type: 'string', defaultValue: '', mutable: true,
    description: 'CA certificates (PEM) that client certificates are verified against.' },
  { name: 'tls-ca-cert-dir', type: 'string', defaultValue: '', mutable: true,
    description: 'A directory of CA certificates (PEM files; every file holding certificates is read) that client certificates are verified against.' },
  { name: 'tls-auth-clients', type: 'enum', defaultValue: 'yes', values: ['yes', 'no', 'optional'], mutable: true,
    description: 'yes: a TLS client must present a certificate the CA signed; optional: one it presents must be valid; no: none is asked for.' },
  { name: 'tls-protocols', type: 'string', defaultValue: '', mutable: true,
    description: 'Space-separated TLS versions to accept, any of TLSv1, TLSv1.1, TLSv1.2 and TLSv1.3; empty: "TLSv1.2 TLSv1.3".' },
  { name: 'tls-ciphers', type: 'string', defaultValue: '', mutable: true,
    description: 'OpenSSL cipher list for TLSv1.2 and below; empty: Node\'s defaults.' },
  { name: 'tls-ciphersuites', type: 'string', defaultValue: '', mutable: true,
    description: 'OpenSSL ciphersuites for TLSv1.3; empty: Node\'s defaults.' },
  { name: 'tls-prefer-server-ciphers', type: 'boolean', defaultValue: 'no', mutable: true,
    description: 'Choose the cipher by the server\'s preference order instead of the client\'s.' },
  { name: 'tls-session-caching', type: 'boolean', defaultValue: 'yes', mutable: true,
    description: 'Let TLS clients resume sessions, by session ID or by ticket (faster reconnects); no: neither.' },
  { name: 'tls-session-cache-size', type: 'integer', defaultValue: '20480', min: 0, max: 2_147_483_647, mutable: true,
    description: 'How many TLS sessions the server keeps for resumption by session ID, the oldest dropped first (0: no limit).' },
  { name: 'tls-session-cache-timeout', type: 'integer', defaultValue: '300', min: 0, max: 2_147_483_647, mutable: true,
    description: 'Seconds a cached TLS session may be resumed for.' },
  { name: 'tls-replication', type: 'boolean', defaultValue: 'no', mutable: true,
    description: 'Replication links use TLS (accepted for when replication exists; no effect yet).' },
  { name: 'tls-cluster', type: 'boolean', defaultValue: 'no', mutable: true,
    description: 'Accepted for compatibility: Ballast has no cluster bus.' },
  { name: 'protected-mode', type: 'boolean', defaultValue: 'yes', mutable: true,
    description: 'Refuse clients from non-loopback addresses while no password is set.' },
  { name: 'enable-debug-command', type: 'enum', defaultValue: 'no', values: ['no', 'yes', 'local'], mutable: false,
    description: 'Who may run DEBUG (DIGEST, RELOAD, SLEEP, OBJECT …): no client (no, the default, as in Redis 7.0), every client (yes), or local clients only (local: over the unix socket or from 127.0.0.1 / ::1). A refused client gets Redis\'s "DEBUG command not allowed" error.' },
  { name: 'dir', type: 'string', defaultValue: './data', mutable: false, protectedConfig: true,
    description: 'Data directory (created if missing).' },
  { name: 'appendonly', type: 'boolean', defaultValue: 'yes', mutable: true,
    description: 'Per-shard append-only log in <dir>/<appenddirname>: every write is logged and replayed at start. no: memory only. CONFIG SET accepts only the value the server started with (Redis\'s test suite sets it); turning the log on or off takes a restart.' },
  { name: 'appendfsync', type: 'enum', defaultValue: 'everysec', values: ['always', 'everysec', 'no'], mutable: true,
    description: 'When the log is fsynced. always: a write is acknowledged only once durable (group commit); everysec: fsync every second, a crash loses at most ~1 s; no: leave it to the OS (survives a process crash, not a power loss).' },
  { name: 'aof-use-rdb-preamble', type: 'boolean', defaultValue: 'yes', mutable: true,
    description: 'Accepted for compatibility (Redis\'s test suite sets it): Ballast\'s AOF base snapshots are always in its own frame format, where CRCs, LSNs and torn-tail handling apply; BGSAVE writes an RDB of the dataset.' },
  { name: 'appenddirname', type: 'string', defaultValue: 'appendonlydir', mutable: false,
    description: 'Folder inside dir holding the manifest and the per-shard AOF files.' },
  { name: 'aof-repair', type: 'boolean', defaultValue: 'no', mutable: false, startOnly: true,
    description: 'At start, truncate an AOF at corruption (a bad frame inside durable data) instead of refusing to start. Data after the damage is lost; the cut bytes are kept in a sidecar file.' },
  { name: 'auto-aof-rewrite-percentage', type: 'integer', defaultValue: '100', min: 0, max: 2_147_483_647, mutable: true,
    description: 'Rewrite a shard\'s AOF when its incremental files grew by this percentage since the last rewrite (0 disables).' },
  { name: 'auto-aof-rewrite-min-size', type: 'memory', defaultValue: '64mb', min: 0, max: 2 ** 40, mutable: true,
    description: 'No automatic rewrite while a shard\'s incremental files are smaller than this, in bytes.' },
  { name: 'save', type: 'string', defaultValue: '', mutable: true, multipleWords: true,
    accepts: { pattern: /^\s*(?:[1-9]\d*\s+\d+(?:\s+[1-9]\d*\s+\d+)*)?\s*$/, error: 'Invalid save parameters' },
    description: 'RDB save points, "<seconds> <changes>" pairs: a background save of <dir>/<dbfilename> starts when at least <changes> writes happened within <seconds>. Empty (the default): no automatic saves — the AOF is Ballast\'s durability; SAVE and BGSAVE still work.' },
  { name: 'dbfilename', type: 'string', defaultValue: 'dump.rdb', mutable: false, protectedConfig: true,
    accepts: { pattern: /^[^/]+$/, error: 'dbfilename can\'t be a path, just a filename' },
    description: 'File name of the RDB dump inside dir: written by SAVE, BGSAVE and save points, loaded at start when appendonly is no (or when no AOF exists yet).' },
  { name: 'rdbcompression', type: 'boolean', defaultValue: 'yes', mutable: true,
    description: 'LZF-compress strings longer than 20 bytes in RDB dumps and DUMP payloads, as Redis does.' },
  { name: 'rdbchecksum', type: 'boolean', defaultValue: 'yes', mutable: false,
    description: 'End RDB dumps with a CRC-64 of their contents (no: eight zero bytes, which loaders accept without checking). Loading always verifies a stored checksum.' },
  { name: 'stop-writes-on-bgsave-error', type: 'boolean', defaultValue: 'yes', mutable: true,
    description: 'After a failed background save with save points set, refuse writes with MISCONF until a save succeeds, as Redis does.' },
  { name: 'rdb-key-save-delay', type: 'integer', defaultValue: '0', min: -2_147_483_648, max: 2_147_483_647, mutable: true, hidden: true,
    description: 'Testing aid from Redis: microseconds a background save waits per key (makes BGSAVE slow on purpose). 0: no delay.' },
  { name: 'sanitize-dump-payload', type: 'enum', defaultValue: 'no', values: ['no', 'yes', 'clients'], mutable: true,
    description: 'Accepted for compatibility: Ballast validates every RESTORE payload and RDB file deeply whatever this says.' },
  { name: 'rdb-del-sync-files', type: 'boolean', defaultValue: 'no', mutable: true,
    description: 'Accepted for compatibility (Redis deletes RDB files written only for replication).' },
  { name: 'shards', type: 'integer', defaultValue: '1', min: 1, max: 1024, mutable: false, startOnly: true,
    description: 'Number of shards; hash slots are divided among them.' },
  { name: 'databases', type: 'integer', defaultValue: '16', min: 1, max: 1024, mutable: false,
    description: 'Number of numbered databases (SELECT 0..databases-1).' },
  { name: 'requirepass', type: 'string', defaultValue: '', mutable: true,
    description: 'The default ACL user\'s password (setting it replaces the user\'s passwords; empty makes it nopass). Clients send it with AUTH.' },
  { name: 'aclfile', type: 'string', defaultValue: '', mutable: false,
    description: 'File of ACL users (`user <name> <rules>` lines), loaded at start (a bad file refuses the start) and by ACL LOAD, written atomically by ACL SAVE; relative to dir. With it set, `user` lines in the config file are refused.' },
  { name: 'acllog-max-len', type: 'integer', defaultValue: '128', min: 0, max: 2 ** 53, mutable: true,
    description: 'ACL LOG keeps this many of the newest denied commands and failed AUTHs.' },
  { name: 'acl-pubsub-default', type: 'enum', defaultValue: 'resetchannels', values: ['allchannels', 'resetchannels'], mutable: true,
    description: 'Channels a new ACL user (and a user reset) may use: none (resetchannels, as Redis 7.0) or all (allchannels).' },
  { name: 'maxclients', type: 'integer', defaultValue: '10000', min: 1, max: 1_000_000, mutable: true,
    description: 'Most clients connected at once; more are refused with an error.' },
  { name: 'timeout', type: 'integer', defaultValue: '0', min: 0, max: 2_147_483_647, mutable: true,
    description: 'Close a client after this many seconds idle (0 never). Blocked and pub/sub clients are exempt.' },
  { name: 'tcp-keepalive', type: 'integer', defaultValue: '300', min: 0, max: 2_147_483_647, mutable: true,
    description: 'TCP keepalive interval in seconds (0 disables).' },
  { name: 'proto-max-bulk-len', type: 'memory', defaultValue: '512mb', min: 1024 * 1024, max: 512 * MIB * 8,
    mutable: true, description: 'Largest bulk string a client may send, in bytes.' },
  { name: 'client-query-buffer-limit', type: 'memory', defaultValue: '1gb', min: 1024 * 1024, max: GIB * 2,
    mutable: true, description: 'Most unparsed input buffered for one client, in bytes; beyond it the client is closed.' },
  { name: 'client-output-buffer-limit-normal', type: 'memory', defaultValue: '0', min: 0, max: 2 ** 40,
    mutable: true, description: 'Hard limit on pending output for a normal client, in bytes (0 none; back-pressure still applies).' },
  { name: 'client-output-buffer-limit-pubsub', type: 'memory', defaultValue: '32mb', min: 0, max: 2 ** 40,
    mutable: true, description: 'Hard limit on pending output for a pub/sub client, in bytes; beyond it the client is closed.' },
  { name: 'client-output-buffer-limit-replica', type: 'memory', defaultValue: '256mb', min: 0, max: 2 ** 40, mutable: true,
    description: 'Hard limit on the replication stream waiting to be sent to one replica, in bytes (0 none); beyond it the replica is disconnected, as Redis does. Held while its full sync runs, so a sync is never restarted because the backlog wrapped.' },
  { name: 'repl-backlog-size', type: 'memory', defaultValue: '1mb', min: 16 * 1024, max: 2 ** 40, mutable: true,
    description: 'Bytes of the replication stream kept for replicas that reconnect (PSYNC continues from it instead of a full sync). Created when the first replica attaches.' },
  { name: 'repl-backlog-ttl', type: 'integer', defaultValue: '3600', min: 0, max: 2_147_483_647, mutable: true,
    description: 'Seconds without replicas after which Redis frees the backlog. Ballast keeps its backlog (it is at most repl-backlog-size) and reports the setting.' },
  { name: 'repl-ping-replica-period', type: 'integer', defaultValue: '10', min: 1, max: 2_147_483_647, mutable: true, aliases: ['repl-ping-slave-period'],
    description: 'Seconds between the PINGs a primary sends down the replication stream, so replicas can tell a quiet primary from a lost one.' },
  { name: 'repl-timeout', type: 'integer', defaultValue: '60', min: 1, max: 2_147_483_647, mutable: true,
    description: 'Seconds without an acknowledgement after which a primary drops a replica.' },
  { name: 'masterauth', type: 'string', defaultValue: '', mutable: true,
    description: 'Password this node gives its primary (AUTH) when it replicates from one.' },
  { name: 'masteruser', type: 'string', defaultValue: '', mutable: true,
    description: 'ACL user this node authenticates as with its primary (AUTH masteruser masterauth); empty: the default user.' },
  { name: 'replica-read-only', type: 'boolean', defaultValue: 'yes', mutable: true, aliases: ['slave-read-only'],
    description: 'While this node replicates from a primary, refuse writes from its own clients (READONLY).' },
  { name: 'replicaof', type: 'string', defaultValue: '', mutable: false, aliases: ['slaveof'], multipleWords: true,
    accepts: { pattern: /^$|^\S+ \d+$/, error: 'replicaof takes a host and a port' },
    description: 'At start, replicate from this primary ("host port"), as REPLICAOF host port would. Empty: start as a primary.' },
  { name: 'replica-ignore-maxmemory', type: 'boolean', defaultValue: 'yes', mutable: true, aliases: ['slave-ignore-maxmemory'],
    description: 'While this node replicates from a primary, it neither evicts nor refuses writes for maxmemory: its primary evicts, and the DELs arrive in the stream. no: it evicts by itself (its data can then differ from the primary\'s).' },
  { name: 'min-replicas-to-write', type: 'integer', defaultValue: '0', min: 0, max: 2_147_483_647, mutable: true, aliases: ['min-slaves-to-write'],
    description: 'Refuse writes (NOREPLICAS) unless at least this many replicas acknowledged within min-replicas-max-lag seconds (0 off).' },
  { name: 'min-replicas-durable', type: 'integer', defaultValue: '0', min: 0, max: 1000, mutable: false, startOnly: true,
    description: 'Acknowledge a write only once it is fsynced here and on this many Ballast replicas (REPLCONF ACK … FACK): replies, and reads of keys not yet that durable, wait as under appendfsync always. redis-server replicas never count. While fewer replicas acknowledge, writes wait; they are never acknowledged on fewer. 0: off.' },
  { name: 'min-replicas-durable-timeout', type: 'integer', defaultValue: '0', min: 0, max: 2_147_483_647, mutable: true,
    description: 'Milliseconds a write waits under min-replicas-durable before its client gets a NOTDURABLE error instead of its reply: the write was applied and logged here but is not known durable on that many replicas, so it may or may not survive a failover (it is never reported as success). Until the replicas acknowledge it, reads of its keys get a NOTDURABLE error too. Set while writes wait, it applies to them (counted from when each was logged). 0: wait forever.' },
  { name: 'min-replicas-max-lag', type: 'integer', defaultValue: '10', min: 0, max: 2_147_483_647, mutable: true, aliases: ['min-slaves-max-lag'],
    description: 'Seconds since its last acknowledgement within which a replica counts as good for min-replicas-to-write (0 turns the check off).' },
  { name: 'maxmemory', type: 'memory', defaultValue: '0', min: 0, max: Number.MAX_SAFE_INTEGER, mutable: true,
    description: 'Memory limit in bytes, on Ballast\'s memory model of the dataset (INFO used_memory: keys, values and expiries as they cost on V8\'s heap, plus the empty databases; see the eviction guide for what it leaves out). Over it, writes evict keys by maxmemory-policy or are refused with -OOM. 0: no limit. CONFIG SET below the use evicts at once, in the background.' },
  { name: 'maxmemory-policy', type: 'enum', defaultValue: 'noeviction',
    values: ['volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl', 'allkeys-lru', 'allkeys-lfu', 'allkeys-random', 'noeviction'], mutable: true,
    description: 'Which keys go when over maxmemory, as Redis: the least recently used (lru), least frequently used (lfu) or a random key, among all keys (allkeys-) or those with a TTL (volatile-); volatile-ttl: the nearest expiry; noeviction: refuse writes with -OOM instead.' },
  { name: 'maxmemory-samples', type: 'integer', defaultValue: '5', min: 1, max: 2_147_483_647, mutable: true,
    description: 'Keys sampled per database for each eviction by the lru, lfu and ttl policies (more: closer to exact, slower).' },
  { name: 'maxmemory-eviction-tenacity', type: 'integer', defaultValue: '10', min: 0, max: 100, mutable: true,
    description: 'How long one command may spend evicting before the rest is left to a background event (0..10: 0-500 microseconds, then 15% more per step; 100: no limit), as Redis.' },
  { name: 'lfu-log-factor', type: 'integer', defaultValue: '10', min: 0, max: 2_147_483_647, mutable: true,
    description: 'LFU counter growth: an access increments a counter c with probability 1/((c-5)*factor+1), so higher factors need more accesses to reach 255.' },
  { name: 'lfu-decay-time', type: 'integer', defaultValue: '1', min: 0, max: 2_147_483_647, mutable: true,
    description: 'Minutes of no access after which an LFU counter is decremented by one (0: never decays).' },
  { name: 'hz', type: 'integer', defaultValue: '10', min: 1, max: 500, mutable: true,
    description: 'Background task frequency (active expiry, client timeouts), per second.' },
  { name: 'loglevel', type: 'enum', defaultValue: 'notice', values: ['debug', 'verbose', 'notice', 'warning'],
    mutable: true, description: 'Least severe log level written to the log (standard output, or logfile).' },
  { name: 'logfile', type: 'string', defaultValue: '', mutable: false,
    description: 'File the log is appended to, created 0644 if missing (empty: standard output). SIGHUP reopens it, for log rotation (move + SIGHUP loses no line). A file that cannot be opened refuses start.' },
  { name: 'syslog-enabled', type: 'boolean', defaultValue: 'no', mutable: false,
    description: 'Must be no: Node.js cannot send to the system log\'s datagram socket (/dev/log). Under systemd the journal collects standard output (SyslogIdentifier=, SyslogFacility= in the unit); or set logfile.' },
  { name: 'syslog-ident', type: 'string', defaultValue: 'ballast', mutable: false,
    description: 'Accepted for compatibility (syslog-enabled must be no); under systemd, SyslogIdentifier= in the unit names the log lines.' },
  { name: 'syslog-facility', type: 'enum', defaultValue: 'local0', values: ['user', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7'], mutable: false,
    description: 'Accepted for compatibility (syslog-enabled must be no); under systemd, SyslogFacility= in the unit sets it.' },
  { name: 'pidfile', type: 'string', defaultValue: '', mutable: false,
    description: 'File the process id is written to at start, before the data is loaded, and removed when the server exits by itself (empty: none). One that cannot be written is a warning.' },
  { name: 'daemonize', type: 'boolean', defaultValue: 'no', mutable: false,
    description: 'Must be no: run ballast-server under a service manager (systemd, a container) instead, which restarts it and collects its log.' },
  { name: 'supervised', type: 'enum', defaultValue: 'no', values: ['no', 'systemd', 'upstart', 'auto'], mutable: false,
    description: 'systemd (or auto with NOTIFY_SOCKET set): tell systemd READY=1 once recovery has finished and the ports are open, and STOPPING=1 at shutdown, through systemd-notify (Type=notify units need NotifyAccess=all). upstart (or auto with UPSTART_JOB set): stop with SIGSTOP once ready (expect stop).' },
  { name: 'always-show-logo', type: 'boolean', defaultValue: 'no', mutable: false,
    description: 'Accepted for compatibility: Ballast prints no logo.' },
  { name: 'busy-reply-threshold', aliases: ['lua-time-limit'], type: 'integer', defaultValue: '5000', min: 0, max: 2 ** 53, mutable: true,
    description: 'Milliseconds a script or function may run before other clients get -BUSY (SCRIPT KILL / FUNCTION KILL then stop it); the script keeps running meanwhile. 0: never busy.' },
  { name: 'hash-max-listpack-entries', aliases: ['hash-max-ziplist-entries'], type: 'integer', defaultValue: '512', min: 0, max: 1 << 30, mutable: true,
    description: 'Hashes up to this many fields report the compact encoding (OBJECT ENCODING listpack).' },
  { name: 'hash-max-listpack-value', aliases: ['hash-max-ziplist-value'], type: 'integer', defaultValue: '64', min: 0, max: 1 << 30, mutable: true,
    description: 'Hashes whose fields and values are all at most this long report the compact encoding.' },
  { name: 'set-max-intset-entries', type: 'integer', defaultValue: '512', min: 0, max: 1 << 30, mutable: true,
    description: 'Sets of integers up to this size report the intset encoding.' },
  { name: 'zset-max-listpack-entries', aliases: ['zset-max-ziplist-entries'], type: 'integer', defaultValue: '128', min: 0, max: 1 << 30, mutable: true,
    description: 'Sorted sets up to this many members report the compact encoding.' },
  { name: 'zset-max-listpack-value', aliases: ['zset-max-ziplist-value'], type: 'integer', defaultValue: '64', min: 0, max: 1 << 30, mutable: true,
    description: 'Sorted sets whose members are all at most this long report the compact encoding.' },
  { name: 'list-max-listpack-size', aliases: ['list-max-ziplist-size'], type: 'integer', defaultValue: '-2', min: -5, max: 1 << 30, mutable: true,
    description: 'Redis\'s quicklist node size (negative: a byte limit, -2 is 8 KiB); accepted and reported for compatibility.' },
  { name: 'list-compress-depth', type: 'integer', defaultValue: '0', min: 0, max: 1 << 30, mutable: true,
    description: 'Redis\'s quicklist compression depth; accepted and reported for compatibility (lists are not compressed).' },
  { name: 'stream-node-max-bytes', type: 'memory', defaultValue: '4096', min: 0, max: 2 ** 53, mutable: true,
    description: 'A stream node holds entries up to about this many bytes (0: no limit), then a new node starts; `~` trims remove whole nodes.' },
  { name: 'stream-node-max-entries', type: 'integer', defaultValue: '100', min: 0, max: 2 ** 53, mutable: true,
    description: 'A stream node holds at most this many entries, deleted ones included (0: no limit); also sets the default LIMIT of `~` trims (100 nodes).' },
  { name: 'hll-sparse-max-bytes', type: 'memory', defaultValue: '3000', min: 0, max: 2 ** 40, mutable: true,
    description: 'A HyperLogLog stays in the sparse encoding up to this many bytes (header included), then turns dense (12304 bytes).' },
  { name: 'slowlog-log-slower-than', type: 'integer', defaultValue: '10000', min: -1, max: 2 ** 53, mutable: true,
    description: 'SLOWLOG records commands that ran at least this many microseconds (0: every command; -1: none).' },
  { name: 'slowlog-max-len', type: 'integer', defaultValue: '128', min: 0, max: 2 ** 53, mutable: true,
    description: 'SLOWLOG keeps this many of the newest entries; older ones are dropped at the next command.' },
  { name: 'latency-monitor-threshold', type: 'integer', defaultValue: '0', min: 0, max: 2 ** 53, mutable: true,
    description: 'The latency monitor (LATENCY LATEST, HISTORY, GRAPH, DOCTOR) records an event that took at least this many milliseconds: a command, serving a blocked client, the expiry cycle, an AOF write or fsync. 0: off.' },
  { name: 'latency-tracking', type: 'boolean', defaultValue: 'yes', mutable: true,
    description: 'Keep a latency histogram per command (LATENCY HISTOGRAM, INFO latencystats), from the durations SLOWLOG measures. CONFIG RESETSTAT clears them.' },
  { name: 'latency-tracking-info-percentiles', type: 'string', defaultValue: '50 99 99.9', mutable: true, multipleWords: true,
    validate: percentilesError, canonical: canonicalPercentiles,
    description: 'The percentiles INFO latencystats reports per command, space-separated, each between 0 and 100 (empty: none).' },
  { name: 'tracking-table-max-keys', type: 'integer', defaultValue: '1000000', min: 0, max: 2 ** 53, mutable: true,
    description: 'Client-side caching (CLIENT TRACKING) remembers at most this many keys (0: no limit); over it, random keys are forgotten and their clients sent an invalidation, as if they had changed. Under appendfsync always an invalidation is delivered only once the write that caused it is committed.' },
  { name: 'notify-keyspace-events', type: 'string', defaultValue: '', mutable: true,
    accepts: { pattern: /^[Ag$lshzxeKEtmdn]*$/, error: INVALID_EVENT_CLASS }, canonical: canonicalEventClasses,
    description: 'Keyspace notifications, as Redis: K publishes on __keyspace@<db>__:<key>, E on __keyevent@<db>__:<event>; the classes are g (generic), $ (strings), l, s, h, z, t (streams), x (expired), e (evicted), m (key miss), n (new key), d (modules), A (g$lshzxetd). Empty: off. Under appendfsync always a notification is delivered only once the write that caused it is committed.' },
];

/** The option under `name` (lower case) or one of its aliases. */
export function findConfigOption(name: string): ConfigOption | undefined {
  return CONFIG_OPTIONS.find((option) => option.name === name || option.aliases?.includes(name) === true);
}
