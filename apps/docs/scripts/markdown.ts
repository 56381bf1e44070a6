/**
 * Markdown helpers for the generated reference pages. VitePress compiles Markdown into Vue
 * templates, so text from the code is escaped as HTML entities (`<`, `>`, `{`, `}`, `|`, `&`):
 * a syntax such as `key [NX | XX]` or a complexity with `<` can neither break a table nor be
 * read as a tag or an interpolation.
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '{': '&#123;', '}': '&#125;', '|': '&#124;', '*': '&#42;', '_': '&#95;', '`': '&#96;' };

/** Text from the code, safe anywhere in a Markdown table cell or paragraph. */
export function escape(text: string): string {
  return text.replace(/[&<>{}|*_`]/g, (character) => ENTITIES[character]).replace(/\n/g, ' ');
}

/** Text from the code shown as code. */
export function code(text: string): string {
  return text === '' ? '' : `<code>${escape(text)}</code>`;
}

export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The notice on top of every generated page: where it comes from, and not to edit it. */
export function generatedNotice(source: string): string {
  return `::: info Generated\nThis page is generated from ${source} by \`apps/docs/scripts/generate.ts\` at every build; edit the code, not this page.\n:::`;
}

/** The opening lines of a generated reference page: wide layout front matter, the title and the generated notice. */
export function referencePageHead(title: string, source: string, options: { aside: boolean }): string[] {
  return ['---', 'pageClass: wide-page', ...(options.aside ? [] : ['aside: false']), '---', '', `# ${title}`, '', generatedNotice(source)];
}
