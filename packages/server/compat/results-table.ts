/**
 * The results as tables: plain text for the terminal, Markdown for the docs page. Both read one
 * results file and show, per unit, each server's passed and failed counts, how Ballast's run of
 * the unit ended (the first reason when it stopped early) and its first failures.
 */
import { describeOutcome } from './parse-output.js';
import type { ResultsFile, ServerUnitResult, UnitResult } from './results-file.js';

/** Failures shown per unit in a table. */
export const REASONS_SHOWN_MAX = 3;
const REASON_CHARACTERS_MAX = 160;

function clip(text: string, characters = REASON_CHARACTERS_MAX): string {
  return text.length > characters ? `${text.slice(0, characters - 1)}…` : text;
}

/** `12 / 3`, with what stopped the unit early after it; `—` when the server was not run. */
export function countCell(result: ServerUnitResult | null): string {
  if (result === null) return '—';
  const ended = { completed: '', aborted: ' aborted', 'timed-out': ' timed out', killed: ' killed', 'harness-error': ' runtest error',
    'server-not-started': ' not started' }[result.outcome.kind];
  const crashed = result.serverEnded === null ? '' : result.serverEnded.startsWith('did not exit') ? ' (server hung)' : ' (server exited)';
  return `${result.passed} / ${result.failed}${ended}${crashed}`;
}

/** Why Ballast's run stopped early, if it did, then its first failures. */
export function reasons(result: ServerUnitResult | null): string[] {
  if (result === null) return [];
  const lines: string[] = [];
  if (result.outcome.kind !== 'completed') lines.push(clip(describeOutcome(result.outcome)));
  if (result.serverEnded !== null) lines.push(`ballast-server ${result.serverEnded}`);
  for (const failure of result.failures.slice(0, REASONS_SHOWN_MAX)) lines.push(clip(`${failure.test}: ${failure.message}`));
  if (result.failed > REASONS_SHOWN_MAX) lines.push(`… ${result.failed - REASONS_SHOWN_MAX} more failed`);
  return lines;
}

/** The terminal table: one row per unit, Ballast's reasons indented under it. */
export function textTable(results: ResultsFile): string {
  const header = ['unit', 'redis-server pass / fail', 'ballast pass / fail', 'seconds (redis, ballast)'];
  const rows = results.units.map((unit) => [unit.unit, countCell(unit.redis), countCell(unit.ballast),
    `${unit.redis?.seconds ?? '—'}, ${unit.ballast?.seconds ?? '—'}`]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd();
  const out = [line(header), line(widths.map((width) => '-'.repeat(width)))];
  results.units.forEach((unit, index) => {
    out.push(line(rows[index]));
    for (const reason of reasons(unit.ballast)) out.push(`    ${reason}`);
  });
  return out.join('\n');
}

/** HTML entities for what Markdown or VitePress's Vue templates would read: a table cell stays text. */
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '{': '&#123;', '}': '&#125;', '|': '&#124;', '*': '&#42;', '_': '&#95;', '`': '&#96;', '\\': '&#92;', '[': '&#91;', ']': '&#93;', '$': '&#36;' };

function escapeCell(text: string): string {
  return text.replace(/[&<>{}|*_`\\[\]$]/g, (character) => ENTITIES[character]).replace(/\n/g, ' ');
}

function markdownRow(unit: UnitResult): string {
  const why = reasons(unit.ballast).map(escapeCell).join('<br>');
  return `| \`${unit.unit}\` | ${countCell(unit.redis)} | ${countCell(unit.ballast)} | ${why || '—'} |`;
}

/** The commits ballast-server ran from: one, or the first and last when others committed during the run. */
function commits(results: ResultsFile): string {
  const seen = [...new Set(results.units.map((unit) => unit.ballastCommit).filter((commit) => commit !== null))];
  if (seen.length === 0) return 'no commit (not run)';
  return seen.length === 1 ? `\`${seen[0]}\`` : `\`${seen[0]}\` to \`${seen.at(-1)}\` (others committed during the run)`;
}

/** The tags some units leave out besides, as a clause of the heading. */
function unitTags(results: ResultsFile): string {
  const entries = Object.entries(results.unitDeniedTags ?? {});
  if (entries.length === 0) return '';
  return `, and for ${entries.map(([unit, { tags, reason }]) => `${unit} ${tags.map((tag) => `\`${tag}\``).join(', ')} (${reason})`).join('; ')}`;
}

/** The Markdown table for the docs page, headed by what was run. */
export function markdownTable(results: ResultsFile, fileName: string): string {
  const intro = [
    `Measured ${results.date} (\`packages/server/compat/results/${fileName}\`): Redis ${results.suite.redisVersion}'s suite`,
    `(Debian \`${results.suite.debianVersion}\`) as released${results.durable ? ', `--durable`' : ''},`,
    `tags left out: ${results.deniedTags.map((tag) => `\`${tag}\``).join(', ')}${unitTags(results)}; redis-server ${results.servers.redis.version} (Debian \`${results.servers.redis.debianVersion}\`),`,
    `ballast-server from the working tree at ${commits(results)}; ${results.unitTimeoutSeconds} s per unit; ${results.machine.cores} cores.`,
  ].join('\n');
  const rows = results.units.map(markdownRow);
  return [intro, '', '| unit | redis-server passed / failed | ballast passed / failed | Ballast: how it ended, first failures |',
    '| --- | --- | --- | --- |', ...rows].join('\n');
}
