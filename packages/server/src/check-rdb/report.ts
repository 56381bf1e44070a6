/**
 * The operator-readable report of ballast-check-rdb: the file and its format, the AUX fields,
 * the function libraries, per database the keys of each type with their expiries, the totals and
 * what a start would load, the checksum, the damage if any, and the verdict as the last line.
 * Plain text, one fact per line, stable enough to grep.
 */
import type { ByteString } from '@ballast/core';
import type { ChecksumState, DatabaseTally, DumpInspection } from './inspect.js';
import type { RdbVerdict } from './verdict.js';
import { VALUE_TYPE_NAMES } from './value-type.js';

export function formatRdbReport(inspection: DumpInspection, verdict: RdbVerdict): string {
  const lines = [
    `RDB file: ${inspection.file}`,
    `Size: ${inspection.bytes} bytes`,
    `Format: ${inspection.version === 0 ? 'unknown (no valid header)' : `RDB version ${inspection.version}`}`,
    ...auxLines(inspection.aux),
    `Function libraries: ${inspection.functionLibraries.length}`,
    ...inspection.functionLibraries.map((library) => `  ${library.name} (engine ${library.engine})`),
    `Databases: ${inspection.databases.length === 0 ? 'none holding keys' : inspection.databases.length}`,
    ...inspection.databases.flatMap(databaseLines),
    ...totalLines(inspection),
    `Checksum: ${inspection.checksum === null ? 'not reached' : checksumText(inspection.checksum)}`,
  ];
  if (inspection.damage !== null) {
    lines.push(`Damage: at offset ${inspection.damage.offset} of ${inspection.bytes}: ${inspection.damage.reason}`);
    lines.push('  (the counts above are what was read before it)');
  }
  lines.push(`Verdict: ${verdict.line}`);
  return `${lines.join('\n')}\n`;
}

function auxLines(aux: DumpInspection['aux']): string[] {
  if (aux.length === 0) return ['AUX fields: none'];
  return [`AUX fields: ${aux.length}`, ...aux.map(([key, value]) => `  ${quoted(key, false)} = ${quoted(value, true)}${auxNote(key, value)}`)];
}

/** What an AUX value means, where it helps: ctime as a date, aof-base 1 as an AOF base file. */
function auxNote(key: ByteString, value: ByteString): string {
  if (key === 'ctime' && /^[0-9]+$/.test(value)) {
    const date = new Date(Number(value) * 1000);
    return Number.isNaN(date.getTime()) ? '' : ` (${date.toISOString()})`;
  }
  if (key === 'aof-base' && value === '1') return ' (an AOF base file, not a dump)';
  return '';
}

/** A byte string as redis-check-rdb shows it, with bytes outside printable ASCII as \xHH. */
function quoted(text: ByteString, quotes: boolean): string {
  const escaped = text.replace(/[^\x20-\x7e]|[\\']/g, (char) => (char === '\\' || char === "'" ? `\\${char}`
    : `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`));
  return quotes ? `'${escaped}'` : escaped;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function libraries(count: number): string {
  return `${count} function ${count === 1 ? 'library' : 'libraries'}`;
}

function databaseLines(database: DatabaseTally): string[] {
  const types = VALUE_TYPE_NAMES.filter((type) => database.keysByType.has(type)).map((type) => `${type} ${database.keysByType.get(type)}`);
  const lines = [`  db ${database.index}: ${plural(database.keys, 'key')}${types.length === 0 ? '' : ` (${types.join(', ')})`}, `
    + `${database.expires} with an expiry, ${database.alreadyExpired} already expired`
    + (database.emptyKeys === 0 ? '' : `, ${plural(database.emptyKeys, 'empty key')} skipped`)];
  const announced = database.announced;
  if (announced !== null && (announced.keys !== database.keys + database.emptyKeys || announced.expires !== database.expires)) {
    lines.push(`    RESIZEDB announced ${plural(announced.keys, 'key')} and ${announced.expires} expires (a size hint; loading does not rely on it)`);
  }
  return lines;
}

function totalLines(inspection: DumpInspection): string[] {
  const sum = (field: 'keys' | 'expires' | 'alreadyExpired' | 'emptyKeys') => inspection.databases.reduce((total, database) => total + database[field], 0);
  const keys = sum('keys');
  const expired = sum('alreadyExpired');
  const lines = [`Keys: ${keys}, ${sum('expires')} with an expiry, ${expired} already expired at ${new Date(inspection.nowMs).toISOString()}`];
  const empty = sum('emptyKeys');
  if (empty > 0) lines.push(`Empty keys: ${empty} (empty collections; a load skips them, as Redis does)`);
  if (inspection.damage === null) {
    lines.push(`A start loads ${plural(keys - expired, 'key')} and ${libraries(inspection.functionLibraries.length)}`
      + (expired === 0 ? '' : ` (the ${expired} already expired are skipped)`));
  }
  return lines;
}

function checksumText(state: ChecksumState): string {
  switch (state) {
    case 'verified': return 'CRC-64 verified';
    case 'absent': return 'absent (stored as 0: written with rdbchecksum no; not verified)';
    case 'none': return 'none (RDB versions before 5 have no checksum)';
  }
}
