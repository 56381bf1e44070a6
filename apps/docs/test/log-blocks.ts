/**
 * The ```log blocks of a Markdown page: output the page claims Ballast prints, line by line.
 * A line matches printed output when it equals a printed line with the log prefix (`pid:M date
 * time `) removed, the scenario's data directory written as /path/to/data, any `N ms` timing
 * taken as any number, and `…` standing for any text.
 */
import { readFileSync } from 'node:fs';

const LOG_PREFIX = /^\d+:M \d\d \w{3} \d{4} [\d:.]+ /;

export function logBlockLines(file: string): string[] {
  const lines: string[] = [];
  let inside = false;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const fence = line.trim();
    if (!inside && fence === '```log') inside = true;
    else if (inside && fence === '```') inside = false;
    else if (inside && fence !== '') lines.push(fence);
  }
  return lines;
}

/** Printed output as the pages show it. */
export function normalizeOutput(output: string, directory: string): string[] {
  return output.split('\n').map((line) => line.replace(LOG_PREFIX, '').split(directory).join('/path/to/data').trim()).filter(Boolean);
}

function pattern(documented: string): RegExp {
  const parts = documented.split('…').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\d+ ms\b/g, '\\d+ ms'));
  return new RegExp(`^${parts.join('.*')}$`);
}

/** The documented lines that no printed line matches. */
export function unmatchedLines(documented: readonly string[], printed: readonly string[]): string[] {
  return documented.filter((line) => !printed.some((candidate) => pattern(line).test(candidate)));
}
