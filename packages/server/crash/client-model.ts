/**
 * The model of one client's keys: what Redis semantics say they hold after a sequence of that
 * client's operations, the reply each operation must get, and which operation last wrote each
 * key (for messages). Since no other client touches these keys, the model is exact.
 */
import { OK, type Reply } from '@ballast/core';
import { canonicalValue, cloneValue, type KeyValue } from './key-value.js';
import { STREAM_LENGTH_MAX, type Effect, type Operation } from './workload.js';

export class ClientModel {
  private constructor(
    private readonly values: Map<string, KeyValue>,
    private readonly writers: Map<string, number>,
  ) {}

  static empty(): ClientModel {
    return new ClientModel(new Map(), new Map());
  }

  clone(): ClientModel {
    const values = new Map([...this.values].map(([key, value]) => [key, cloneValue(value)] as const));
    return new ClientModel(values, new Map(this.writers));
  }

  /** Applies the operation and returns the reply the server must send for it. */
  apply(operation: Operation): Reply {
    const replies = operation.effects.map((effect) => {
      this.writers.set(effect.key, operation.index);
      return this.applyEffect(effect);
    });
    if (operation.kind === 'mset') return OK;
    return operation.kind === 'multi' || operation.kind === 'script' ? replies : replies[0];
  }

  canonical(key: string): string {
    return canonicalValue(this.values.get(key));
  }

  value(key: string): KeyValue | undefined {
    return this.values.get(key);
  }

  /** The index of the operation that last wrote `key`, if any did. */
  writer(key: string): number | undefined {
    return this.writers.get(key);
  }

  private slot<T extends KeyValue['type']>(key: string, type: T, create: () => Extract<KeyValue, { type: T }>): Extract<KeyValue, { type: T }> {
    const existing = this.values.get(key) ?? create();
    if (existing.type !== type) throw new Error(`model: ${key} holds a ${existing.type}, not a ${type}`);
    this.values.set(key, existing);
    return existing as Extract<KeyValue, { type: T }>;
  }

  private applyEffect(effect: Effect): Reply {
    switch (effect.kind) {
      case 'set':
        this.values.set(effect.key, { type: 'string', value: effect.value });
        return OK;
      case 'incr': {
        const counter = this.slot(effect.key, 'string', () => ({ type: 'string', value: '0' }));
        counter.value = String(Number(counter.value) + 1);
        return Number(counter.value);
      }
      case 'rpush':
        return this.slot(effect.key, 'list', () => ({ type: 'list', items: [] })).items.push(effect.value);
      case 'hset': {
        const fields = this.slot(effect.key, 'hash', () => ({ type: 'hash', fields: new Map() })).fields;
        const added = fields.has(effect.field) ? 0 : 1;
        fields.set(effect.field, effect.value);
        return added;
      }
      case 'sadd': {
        const members = this.slot(effect.key, 'set', () => ({ type: 'set', members: new Set() })).members;
        const added = members.has(effect.member) ? 0 : 1;
        members.add(effect.member);
        return added;
      }
      case 'zadd': {
        const scores = this.slot(effect.key, 'zset', () => ({ type: 'zset', scores: new Map() })).scores;
        const added = scores.has(effect.member) ? 0 : 1;
        scores.set(effect.member, effect.score);
        return added;
      }
      case 'xadd': {
        // `ms-*`: sequence 0, or one more than the last entry's when it has the same ms.
        const entries = this.slot(effect.key, 'stream', () => ({ type: 'stream', entries: [] })).entries;
        const last = entries.length > 0 ? entries[entries.length - 1][0].split('-').map(Number) : undefined;
        const id = `${effect.ms}-${last !== undefined && last[0] === effect.ms ? last[1] + 1 : 0}`;
        entries.push([id, effect.value]);
        if (entries.length > STREAM_LENGTH_MAX) entries.splice(0, entries.length - STREAM_LENGTH_MAX);
        return id;
      }
    }
  }
}
