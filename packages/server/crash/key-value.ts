/**
 * A key's value as the harness models it and reads it back, with one canonical text form so that
 * a modelled value and a recovered one compare as strings, and the marks a value carries.
 */
import { markIndex } from './key-space.js';

export type KeyValue =
  | { readonly type: 'string'; value: string }
  | { readonly type: 'list'; readonly items: string[] }
  | { readonly type: 'hash'; readonly fields: Map<string, string> }
  | { readonly type: 'set'; readonly members: Set<string> }
  | { readonly type: 'zset'; readonly scores: Map<string, number> }
  /** A stream's entries in ID order, each [id, value] (one field, `v`). */
  | { readonly type: 'stream'; readonly entries: Array<[string, string]> };

function compareText(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

/** The texts a value holds, in canonical order (Redis's order for lists and sorted sets). */
function texts(value: KeyValue): string[] {
  switch (value.type) {
    case 'string': return [value.value];
    case 'list': return value.items;
    case 'hash': return [...value.fields].sort(([a], [b]) => compareText(a, b)).map(([field, text]) => `${field}=${text}`);
    case 'set': return [...value.members].sort(compareText);
    case 'zset': return [...value.scores].sort(([a, x], [b, y]) => x - y || compareText(a, b)).map(([member, score]) => `${score}=${member}`);
    case 'stream': return value.entries.map(([id, text]) => `${id}=${text}`);
  }
}

/** Equal for equal values, whatever order hash fields or set members were read in. */
export function canonicalValue(value: KeyValue | undefined): string {
  return value === undefined ? '(absent)' : `${value.type}:${JSON.stringify(texts(value))}`;
}

/** The value for messages: marks kept, padding elided (`c3:o57:xxxx` prints as `c3:o57+4`). */
export function describeValue(value: KeyValue | undefined): string {
  if (value === undefined) return '(absent)';
  const elide = (text: string) => text.replace(/(c\d+:o\d+):(x*)/g, (_, mark: string, padding: string) => (padding ? `${mark}+${padding.length}` : mark));
  return `${value.type} [${texts(value).map(elide).join(', ')}]`;
}

/** The operation indexes whose marks the value carries (hash fields and scores aside). */
export function marksIn(value: KeyValue): number[] {
  const raw = value.type === 'hash' ? [...value.fields.values()] : value.type === 'zset' ? [...value.scores.keys()]
    : value.type === 'stream' ? value.entries.map(([, text]) => text) : texts(value);
  return raw.flatMap((text) => markIndex(text) ?? []);
}

export function cloneValue(value: KeyValue): KeyValue {
  switch (value.type) {
    case 'string': return { type: 'string', value: value.value };
    case 'list': return { type: 'list', items: [...value.items] };
    case 'hash': return { type: 'hash', fields: new Map(value.fields) };
    case 'set': return { type: 'set', members: new Set(value.members) };
    case 'zset': return { type: 'zset', scores: new Map(value.scores) };
    case 'stream': return { type: 'stream', entries: value.entries.map(([id, text]) => [id, text]) };
  }
}
