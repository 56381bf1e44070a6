/**
 * Keeps the measured table of the docs page apps/docs/guide/compatibility.md in step with the
 * newest results file of the default run (compat/results/<date>.json): the table sits between two
 * HTML comments and is rewritten from the file by `npm run compat -- docs`; the ratchet test
 * checks that the page shows what the file holds.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readResults, resultsFiles } from './results-file.js';
import { markdownTable } from './results-table.js';
import { COMPAT_DIRECTORY } from './suite.js';

export const DOCS_PAGE = path.resolve(COMPAT_DIRECTORY, '..', '..', '..', 'apps', 'docs', 'guide', 'compatibility.md');
const START = '<!-- compat-table:start (written by npm run compat -- docs) -->';
const END = '<!-- compat-table:end -->';

/** The newest results file of a default run (`<date>.json`, not `<date>-durable.json`). */
export function newestDefaultResults(): string {
  const file = resultsFiles().find((name) => /^\d{4}-\d{2}-\d{2}\.json$/.test(path.basename(name)));
  if (file === undefined) throw new Error('no results file of a default run in packages/server/compat/results/');
  return file;
}

/** The table the page should show, with its markers. */
export function expectedTable(): string {
  const file = newestDefaultResults();
  return `${START}\n\n${markdownTable(readResults(file), path.basename(file))}\n\n${END}`;
}

/** The table the page shows now, with its markers. */
export function currentTable(page = readFileSync(DOCS_PAGE, 'utf8')): string {
  const start = page.indexOf(START);
  const end = page.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${DOCS_PAGE} lacks the markers ${START} … ${END}`);
  return page.slice(start, end + END.length);
}

/** Rewrites the page's table from the newest results file; says what it did. */
export function updateDocsPage(): string {
  const page = readFileSync(DOCS_PAGE, 'utf8');
  const table = expectedTable();
  if (currentTable(page) === table) return `${path.relative(process.cwd(), DOCS_PAGE)} already shows ${path.basename(newestDefaultResults())}`;
  writeFileSync(DOCS_PAGE, page.replace(currentTable(page), table));
  return `${path.relative(process.cwd(), DOCS_PAGE)}: table rewritten from ${path.basename(newestDefaultResults())}`;
}
