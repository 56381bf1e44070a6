/**
 * GET /info: INFO as JSON. One object per section (keyed by the section's lower-case title),
 * one property per field. Integers and decimals become numbers; a value made of `name=value`
 * pairs (cmdstat_*, db0, errorstat_*) becomes an object of them; everything else stays a string.
 */
import { infoSections, type Engine } from '@ballast/core';

type InfoValue = string | number | Record<string, string | number>;

const NUMBER = /^-?\d+(\.\d+)?$/;
const PAIRS = /^[a-z_]+=[^,]*(,[a-z_]+=[^,]*)*$/;

function scalar(text: string): string | number {
  return NUMBER.test(text) && Number.isFinite(Number(text)) ? Number(text) : text;
}

function value(text: string): InfoValue {
  if (!PAIRS.test(text)) return scalar(text);
  const pairs: Record<string, string | number> = {};
  for (const pair of text.split(',')) {
    const equals = pair.indexOf('=');
    pairs[pair.slice(0, equals)] = scalar(pair.slice(equals + 1));
  }
  return pairs;
}

/** `sections` as INFO takes them (empty: the default sections; `everything`: all). */
export function infoJson(engine: Engine, nowMs: number, sections: readonly string[]): Record<string, Record<string, InfoValue>> {
  const result: Record<string, Record<string, InfoValue>> = {};
  for (const { title, lines } of infoSections({ engine, nowMs }, sections)) {
    const fields: Record<string, InfoValue> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      fields[line.slice(0, colon)] = value(line.slice(colon + 1));
    }
    result[title.toLowerCase()] = fields;
  }
  return result;
}
