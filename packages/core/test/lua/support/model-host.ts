/**
 * A LuaHost over a tiny in-memory model of a few Redis commands, answering as redis-server
 * 7.0.15 does for them (shapes per protocol included), so that the differential tests can run
 * the same script on the Lua runtime and on a real redis-server and compare the bytes.
 */
import type { LuaHost } from '../../../src/lua/index.js';
import {
  DoubleReply, ErrorReply, MapReply, SetReply, SimpleString, type Reply,
} from '../../../src/resp/reply.js';

const WRONG_TYPE = new ErrorReply('WRONGTYPE Operation against a key holding the wrong kind of value');
const UNKNOWN = new ErrorReply('ERR Unknown Redis command called from script');
const ARITY = new ErrorReply('ERR Wrong number of args calling Redis command from script');

type Value = { type: 'string'; value: string } | { type: 'hash'; value: Map<string, string> }
  | { type: 'set'; value: Set<number> } | { type: 'zset'; value: Map<string, number> } | { type: 'list'; value: string[] };

const ARITIES: Record<string, number> = {
  ping: -1, echo: 2, set: -3, get: 2, incr: 2, del: -2, hset: -4, hgetall: 2, sadd: -3, smembers: 2,
  zadd: -4, zrange: -4, rpush: -3, lrange: 4, exists: -2, zscore: 3,
};

export class ModelHost implements LuaHost {
  readonly data = new Map<string, Value>();
  readonly logs: Array<[number, string]> = [];
  replication: number | null = null;
  calls = 0;

  call(argv: readonly string[], protocol: 2 | 3): Reply {
    this.calls++;
    const name = argv[0].toLowerCase();
    const arity = ARITIES[name];
    if (arity === undefined) return UNKNOWN;
    if ((arity > 0 && argv.length !== arity) || (arity < 0 && argv.length < -arity)) return ARITY;
    const key = argv[1];
    const existing = this.data.get(key);
    switch (name) {
      case 'ping': return argv.length > 1 ? argv[1] : new SimpleString('PONG');
      case 'echo': return argv[1];
      case 'set': this.data.set(key, { type: 'string', value: argv[2] }); return new SimpleString('OK');
      case 'get':
        if (existing === undefined) return null;
        return existing.type === 'string' ? existing.value : WRONG_TYPE;
      case 'incr': {
        if (existing !== undefined && existing.type !== 'string') return WRONG_TYPE;
        const next = Number(existing?.value ?? '0') + 1;
        this.data.set(key, { type: 'string', value: String(next) });
        return next;
      }
      case 'del': return argv.slice(1).filter((k) => this.data.delete(k)).length;
      case 'exists': return argv.slice(1).filter((k) => this.data.has(k)).length;
      case 'hset': {
        if (existing !== undefined && existing.type !== 'hash') return WRONG_TYPE;
        const hash = existing?.value ?? new Map<string, string>();
        let added = 0;
        for (let i = 2; i + 1 < argv.length; i += 2) {
          if (!hash.has(argv[i])) added++;
          hash.set(argv[i], argv[i + 1]);
        }
        this.data.set(key, { type: 'hash', value: hash });
        return added;
      }
      case 'hgetall': {
        if (existing === undefined) return protocol === 3 ? new MapReply([]) : [];
        if (existing.type !== 'hash') return WRONG_TYPE;
        return new MapReply([...existing.value].map(([field, value]) => [field, value] as const));
      }
      case 'sadd': {
        if (existing !== undefined && existing.type !== 'set') return WRONG_TYPE;
        const set = existing?.value ?? new Set<number>();
        let added = 0;
        for (const member of argv.slice(2)) {
          if (!set.has(Number(member))) added++;
          set.add(Number(member));
        }
        this.data.set(key, { type: 'set', value: set });
        return added;
      }
      case 'smembers': {
        if (existing === undefined) return new SetReply([]);
        if (existing.type !== 'set') return WRONG_TYPE;
        return new SetReply([...existing.value].sort((a, b) => a - b).map(String));
      }
      case 'zadd': {
        if (existing !== undefined && existing.type !== 'zset') return WRONG_TYPE;
        const zset = existing?.value ?? new Map<string, number>();
        let added = 0;
        for (let i = 2; i + 1 < argv.length; i += 2) {
          if (!zset.has(argv[i + 1])) added++;
          zset.set(argv[i + 1], Number(argv[i]));
        }
        this.data.set(key, { type: 'zset', value: zset });
        return added;
      }
      case 'zscore': {
        if (existing === undefined) return null;
        if (existing.type !== 'zset') return WRONG_TYPE;
        const score = existing.value.get(argv[2]);
        return score === undefined ? null : new DoubleReply(score);
      }
      case 'zrange': {
        if (existing === undefined) return [];
        if (existing.type !== 'zset') return WRONG_TYPE;
        const sorted = [...existing.value].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
        const withScores = argv.length > 4 && argv[4].toLowerCase() === 'withscores';
        if (!withScores) return sorted.map(([member]) => member);
        if (protocol === 3) return sorted.map(([member, score]) => [member, new DoubleReply(score)]);
        return sorted.flatMap(([member, score]) => [member, String(score)]);
      }
      case 'rpush': {
        if (existing !== undefined && existing.type !== 'list') return WRONG_TYPE;
        const list = existing?.value ?? [];
        list.push(...argv.slice(2));
        this.data.set(key, { type: 'list', value: list });
        return list.length;
      }
      case 'lrange': {
        if (existing === undefined) return [];
        if (existing.type !== 'list') return WRONG_TYPE;
        return existing.value.slice(Number(argv[2]), Number(argv[3]) === -1 ? undefined : Number(argv[3]) + 1);
      }
      default: return UNKNOWN;
    }
  }

  log(level: number, message: string): void {
    this.logs.push([level, message]);
  }

  setReplication(flags: number): void {
    this.replication = flags;
  }

  checkpoint(): 'continue' | 'yield' {
    return 'continue';
  }
}
