// Markdown writers for reports (GitHub-flavoured: ATX headings, pipe tables, lists, fenced code).
// Plain strings are escaped so a hostile label renders as text; `{ md }` marks trusted, already-written Markdown.

/** A piece of inline content: plain text (escaped), a number (formatted by the caller), or raw Markdown. */
export type Inline = string | number | null | { readonly md: string };

export type Align = 'left' | 'right' | 'center';

export interface MdColumn {
  readonly label: string;
  readonly align?: Align;
}

/** A list item: inline content, optionally with a nested list. */
export type MdListItem = Inline | { readonly item: Inline; readonly children: readonly MdListItem[] };

/** Widest a table column is padded to in the raw text; longer cells just run on. */
const TABLE_PAD_MAX = 40;

/** Escapes plain text so Markdown shows it literally on one line. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/([\\`*_[\]|~])/g, '\\$1')
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/^(\s*)([-+])(\s)/gm, '$1\\$2$3')
    .replace(/^(\s*)(\d+)\.(\s)/gm, '$1$2\\.$3')
    .replace(/^(\s*)#/gm, '$1\\#');
}

/** Renders one inline value; `null` becomes an en dash so empty cells read as "no value". */
function inline(value: Inline): string {
  if (value === null) return '–';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return escapeMarkdown(value).replace(/\n/g, ' ');
  return value.md.replace(/\r\n?/g, '\n').replace(/\n/g, ' ');
}

/** `# text` at `level` 1–6. */
export function heading(level: number, text: Inline): string {
  const n = Math.min(6, Math.max(1, Math.trunc(level)));
  return `${'#'.repeat(n)} ${inline(text)}`;
}

/** A paragraph of plain text (line breaks kept as Markdown hard breaks). */
export function paragraph(text: Inline): string {
  if (typeof text === 'string') return escapeMarkdown(text).split('\n').join('  \n');
  return inline(text);
}

/** A link destination with the characters that would end or break it percent-encoded. */
function linkTarget(href: string): string {
  return href.replace(/[()\s<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** `[text](href)` as raw Markdown, for use inside other inline values. */
export function link(text: string, href: string): { md: string } {
  return { md: `[${escapeMarkdown(text).replace(/\n/g, ' ')}](${linkTarget(href)})` };
}

/** `![alt](src)`: an image, e.g. a chart saved as an SVG file next to the report. */
export function image(alt: string, src: string): string {
  return `![${escapeMarkdown(alt).replace(/\n/g, ' ')}](${linkTarget(src)})`;
}

/** `` `code` `` as raw Markdown; the fence is longer than any backtick run inside. */
export function code(text: string): { md: string } {
  const oneLine = text.replace(/\r?\n/g, ' ');
  const longest = Math.max(0, ...(oneLine.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = oneLine.startsWith('`') || oneLine.endsWith('`') ? ' ' : '';
  return { md: `${fence}${pad}${oneLine}${pad}${fence}` };
}

/** A fenced code block, fence longer than any backtick run in `text`. */
export function codeBlock(text: string, lang = ''): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${lang.replace(/[^A-Za-z0-9_+-]/g, '')}\n${text.replace(/\n$/, '')}\n${fence}`;
}

/** A bulleted (or numbered) list; a nested list indents to its parent item's text (CommonMark's rule). */
export function list(items: readonly MdListItem[], ordered = false, indent = ''): string {
  const lines: string[] = [];
  items.forEach((entry, i) => {
    const marker = ordered ? `${i + 1}.` : '-';
    const isNested = entry !== null && typeof entry === 'object' && 'item' in entry;
    lines.push(`${indent}${marker} ${inline(isNested ? entry.item : entry)}`);
    if (isNested && entry.children.length > 0) lines.push(list(entry.children, false, `${indent}${' '.repeat(marker.length + 1)}`));
  });
  return lines.join('\n');
}

/** Escapes one table cell: pipes escaped, newlines become `<br>`. */
function tableCell(value: Inline): string {
  if (value === null) return '–';
  if (typeof value === 'number') return String(value);
  const text = typeof value === 'string' ? escapeMarkdown(value) : value.md.replace(/\|/g, '\\|');
  return text.replace(/\r\n?/g, '\n').replace(/\n/g, '<br>');
}

function delimiter(align: Align | undefined, width: number): string {
  const w = Math.max(3, width);
  if (align === 'right') return `${'-'.repeat(w - 1)}:`;
  if (align === 'center') return `:${'-'.repeat(w - 2)}:`;
  return '-'.repeat(w);
}

function pad(text: string, width: number, align: Align | undefined): string {
  const room = width - text.length;
  if (room <= 0) return text;
  if (align === 'right') return ' '.repeat(room) + text;
  if (align === 'center') return ' '.repeat(Math.floor(room / 2)) + text + ' '.repeat(Math.ceil(room / 2));
  return text + ' '.repeat(room);
}

/** A pipe table. Rows shorter than the header are filled with empty cells; longer ones are cut. */
export function table(columns: readonly MdColumn[], rows: readonly (readonly Inline[])[]): string {
  if (columns.length === 0) return '';
  const header = columns.map((c) => tableCell(c.label));
  const body = rows.map((row) => columns.map((_, i) => (i < row.length ? tableCell(row[i] ?? null) : '')));
  const widths = columns.map((_, i) => Math.min(TABLE_PAD_MAX, Math.max(3, header[i]?.length ?? 0, ...body.map((r) => r[i]?.length ?? 0))));
  const line = (cells: readonly string[]): string => `| ${cells.map((c, i) => pad(c, widths[i] ?? 3, columns[i]?.align)).join(' | ')} |`;
  const delim = `| ${columns.map((c, i) => delimiter(c.align, widths[i] ?? 3)).join(' | ')} |`;
  return [line(header), delim, ...body.map(line)].join('\n');
}

/** Joins blocks with blank lines and ends the document with exactly one newline. */
export function document(blocks: readonly string[]): string {
  return `${blocks
    .filter((b) => b.trim() !== '')
    .map((b) => b.replace(/\s+$/, ''))
    .join('\n\n')}\n`;
}

/** Moves every ATX heading down `by` levels (capped at 6), leaving fenced code untouched. */
export function shiftHeadings(markdown: string, by: number): string {
  let fence: string | null = null;
  return markdown
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => {
      const f = /^\s{0,3}(`{3,})/.exec(line);
      if (f !== null) {
        const run = f[1] ?? '```';
        if (fence === null) fence = run;
        else if (run.length >= fence.length) fence = null;
        return line;
      }
      if (fence !== null) return line;
      const h = /^(\s{0,3})(#{1,6})(\s)/.exec(line);
      if (h === null) return line;
      const level = Math.min(6, (h[2] ?? '#').length + by);
      return `${h[1] ?? ''}${'#'.repeat(level)}${line.slice((h[1] ?? '').length + (h[2] ?? '').length)}`;
    })
    .join('\n');
}

/**
 * Makes raw HTML in producer-written Markdown inert (`<` → `&lt;`, except `<br>`), outside code spans and
 * fenced code, so the .md file shows what the HTML page shows: raw HTML as text.
 */
export function neutraliseHtml(markdown: string): string {
  let fence: string | null = null;
  return markdown
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => {
      const f = /^\s{0,3}(`{3,})/.exec(line);
      if (f !== null) {
        const run = f[1] ?? '```';
        if (fence === null) fence = run;
        else if (run.length >= fence.length) fence = null;
        return line;
      }
      if (fence !== null) return line;
      return line.replace(/(`+)[^`][\s\S]*?\1|<(?!br>)/g, (m) => (m === '<' ? '&lt;' : m));
    })
    .join('\n');
}
