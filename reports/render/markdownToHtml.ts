// A small, safe Markdown-to-HTML converter for the subset reports write (markdown.ts): ATX headings,
// paragraphs, lists (nested by indent), pipe tables, fenced code, block quotes, rules, and inline code,
// emphasis and links. Raw HTML is never passed through (only `<br>`): every character is escaped.

import { escapeXml, safeHref } from './escape.ts';

export interface MarkdownToHtmlOptions {
  /** Added to every heading level (a section's `#` becomes `<h3>` with offset 2); capped at h6. */
  readonly headingOffset?: number;
}

/** Deepest block-quote nesting rendered; deeper quotes are shown as text (bounds recursion). */
const QUOTE_DEPTH_MAX = 8;
/** Deepest list nesting rendered; deeper items join the deepest list (bounds recursion). */
const LIST_DEPTH_MAX = 8;
/** Deepest inline nesting (emphasis in links in emphasis…) rendered before falling back to text. */
const INLINE_DEPTH_MAX = 8;

const NAMED_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00A0' };

/** Converts Markdown to an HTML fragment. */
export function markdownToHtml(markdown: string, options: MarkdownToHtmlOptions = {}): string {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  return renderBlocks(lines, options.headingOffset ?? 0, 0).join('\n');
}

function renderBlocks(lines: readonly string[], offset: number, depth: number): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (line.trim() === '') {
      i += 1;
      continue;
    }
    const fence = /^\s{0,3}(`{3,})(.*)$/.exec(line);
    if (fence !== null) {
      const marker = fence[1] ?? '```';
      let j = i + 1;
      while (j < lines.length && !(lines[j] ?? '').trim().startsWith(marker)) j += 1;
      out.push(`<pre><code>${escapeXml(lines.slice(i + 1, j).join('\n'))}</code></pre>`);
      i = j + 1;
      continue;
    }
    const head = /^\s{0,3}(#{1,6})\s+(.*?)(\s+#+)?\s*$/.exec(line);
    if (head !== null) {
      const level = Math.min(6, (head[1] ?? '#').length + offset);
      out.push(`<h${level}>${renderInline(head[2] ?? '', 0)}</h${level}>`);
      i += 1;
      continue;
    }
    if (/^\s{0,3}([-*_])(\s*\1){2,}\s*$/.test(line)) {
      out.push('<hr/>');
      i += 1;
      continue;
    }
    i = renderCompound(lines, i, offset, depth, out);
  }
  return out;
}

/** Quotes, tables, lists and paragraphs: blocks that span several lines. Returns the next line index. */
function renderCompound(lines: readonly string[], i: number, offset: number, depth: number, out: string[]): number {
  const line = lines[i] ?? '';
  if (/^\s{0,3}>/.test(line) && depth < QUOTE_DEPTH_MAX) {
    let j = i;
    while (j < lines.length && /^\s{0,3}>/.test(lines[j] ?? '')) j += 1;
    const inner = lines.slice(i, j).map((l) => l.replace(/^\s{0,3}>\s?/, ''));
    out.push(`<blockquote>\n${renderBlocks(inner, offset, depth + 1).join('\n')}\n</blockquote>`);
    return j;
  }
  if (isTableStart(lines, i)) return renderTable(lines, i, out);
  if (LIST_ITEM.test(line)) return renderList(lines, i, out);
  let j = i;
  const para: string[] = [];
  while (j < lines.length && (lines[j] ?? '').trim() !== '' && (j === i || !startsBlock(lines, j))) {
    para.push(lines[j] ?? '');
    j += 1;
  }
  const html = para.map((l, k) => renderInline(l.trim(), 0) + (k < para.length - 1 && / {2,}$/.test(l) ? '<br/>' : ''));
  out.push(`<p>${html.join('\n')}</p>`);
  return j;
}

const LIST_ITEM = /^(\s*)([-*+]|\d{1,9}[.)])\s+(.*)$/;

function startsBlock(lines: readonly string[], i: number): boolean {
  const line = lines[i] ?? '';
  return /^\s{0,3}(`{3,}|#{1,6}\s|>)/.test(line) || LIST_ITEM.test(line) || isTableStart(lines, i);
}

function isTableStart(lines: readonly string[], i: number): boolean {
  const head = lines[i] ?? '';
  const delim = lines[i + 1] ?? '';
  return /^\s*\|/.test(head) && /^\s*\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)*\|?\s*$/.test(delim);
}

/** Splits a pipe-table row on unescaped `|`, dropping the outer pipes. */
function splitRow(line: string): string[] {
  const cells: string[] = [];
  let cur = '';
  const body = line.trim().replace(/^\|/, '');
  for (let k = 0; k < body.length; k += 1) {
    const c = body[k] ?? '';
    if (c === '\\' && body[k + 1] === '|') {
      cur += '|';
      k += 1;
    } else if (c === '|') {
      cells.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  if (cur.trim() !== '') cells.push(cur.trim());
  return cells;
}

function renderTable(lines: readonly string[], i: number, out: string[]): number {
  const header = splitRow(lines[i] ?? '');
  const aligns = splitRow(lines[i + 1] ?? '').map((d) => (d.startsWith(':') && d.endsWith(':') ? 'center' : d.endsWith(':') ? 'right' : d.startsWith(':') ? 'left' : ''));
  const attr = (k: number): string => (aligns[k] ? ` class="align-${aligns[k]}"` : '');
  const rows: string[] = [];
  let j = i + 2;
  while (j < lines.length && /^\s*\|/.test(lines[j] ?? '')) {
    const cells = splitRow(lines[j] ?? '');
    rows.push(`<tr>${header.map((_, k) => `<td${attr(k)}>${renderInline(cells[k] ?? '', 0)}</td>`).join('')}</tr>`);
    j += 1;
  }
  const head = `<tr>${header.map((h, k) => `<th${attr(k)}>${renderInline(h, 0)}</th>`).join('')}</tr>`;
  out.push(`<div class="table-wrap"><table>\n<thead>${head}</thead>\n<tbody>\n${rows.join('\n')}\n</tbody>\n</table></div>`);
  return j;
}

function renderList(lines: readonly string[], i: number, out: string[]): number {
  const items: { indent: number; ordered: boolean; text: string }[] = [];
  let j = i;
  while (j < lines.length) {
    const m = LIST_ITEM.exec(lines[j] ?? '');
    if (m !== null) {
      items.push({ indent: (m[1] ?? '').length, ordered: /\d/.test(m[2] ?? ''), text: m[3] ?? '' });
    } else if ((lines[j] ?? '').trim() !== '' && /^\s+/.test(lines[j] ?? '') && items.length > 0) {
      const last = items[items.length - 1];
      if (last !== undefined) last.text += ` ${(lines[j] ?? '').trim()}`;
    } else break;
    j += 1;
  }
  out.push(nestList(items, 0, items.length, 0));
  return j;
}

/** Renders items[from, to) as one list; items indented deeper than the first become nested lists. */
function nestList(items: readonly { indent: number; ordered: boolean; text: string }[], from: number, to: number, depth: number): string {
  const first = items[from];
  if (first === undefined) return '';
  const tag = first.ordered ? 'ol' : 'ul';
  const parts: string[] = [];
  let k = from;
  while (k < to) {
    const item = items[k];
    if (item === undefined) break;
    let end = k + 1;
    while (end < to && depth < LIST_DEPTH_MAX && (items[end]?.indent ?? 0) > first.indent) end += 1;
    const nested = end > k + 1 ? `\n${nestList(items, k + 1, end, depth + 1)}` : '';
    parts.push(`<li>${renderInline(item.text, 0)}${nested}</li>`);
    k = end;
  }
  return `<${tag}>\n${parts.join('\n')}\n</${tag}>`;
}

/** Renders inline Markdown; every character not part of recognised syntax is escaped. */
function renderInline(text: string, depth: number): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const step = inlineToken(text, i, depth);
    out += step.html;
    i = step.next;
  }
  return out;
}

interface Step {
  readonly html: string;
  readonly next: number;
}

function inlineToken(text: string, i: number, depth: number): Step {
  const c = text[i] ?? '';
  if (c === '\\' && /[!-/:-@[-`{-~]/.test(text[i + 1] ?? '')) return { html: escapeXml(text[i + 1] ?? ''), next: i + 2 };
  if (c === '`') return codeSpan(text, i);
  if (c === '&') return entity(text, i);
  if (text.startsWith('<br>', i)) return { html: '<br/>', next: i + 4 };
  if (depth < INLINE_DEPTH_MAX) {
    if (c === '[') {
      const linked = linkToken(text, i, depth);
      if (linked !== null) return linked;
    }
    if (c === '*' || c === '_') {
      const emph = emphasis(text, i, depth);
      if (emph !== null) return emph;
    }
  }
  const whole = String.fromCodePoint(text.codePointAt(i) ?? 0xfffd);
  return { html: escapeXml(whole), next: i + whole.length };
}

function codeSpan(text: string, i: number): Step {
  const run = /^`+/.exec(text.slice(i))?.[0] ?? '`';
  let k = text.indexOf(run, i + run.length);
  while (k !== -1 && (text[k + run.length] === '`' || text[k - 1] === '`')) k = text.indexOf(run, k + 1);
  if (k === -1) return { html: escapeXml(run), next: i + run.length };
  let inner = text.slice(i + run.length, k);
  if (inner.length >= 2 && inner.startsWith(' ') && inner.endsWith(' ') && inner.trim() !== '') inner = inner.slice(1, -1);
  return { html: `<code>${escapeXml(inner)}</code>`, next: k + run.length };
}

function entity(text: string, i: number): Step {
  const m = /^&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]{2,8});/.exec(text.slice(i));
  if (m === null) return { html: '&amp;', next: i + 1 };
  const name = m[1] ?? '';
  let ch: string | undefined;
  if (name.startsWith('#')) {
    const cp = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    ch = cp > 0 && cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff) ? String.fromCodePoint(cp) : '\uFFFD';
  } else ch = NAMED_ENTITIES[name];
  if (ch === undefined) return { html: '&amp;', next: i + 1 };
  return { html: escapeXml(ch), next: i + m[0].length };
}

function linkToken(text: string, i: number, depth: number): Step | null {
  const close = findClosing(text, i + 1, ']');
  if (close === -1 || text[close + 1] !== '(') return null;
  const end = text.indexOf(')', close + 2);
  if (end === -1) return null;
  const href = safeHref(
    text
      .slice(close + 2, end)
      .trim()
      .replace(/\s+".*"$/, ''),
  );
  const label = renderInline(text.slice(i + 1, close), depth + 1);
  return { html: `<a href="${escapeXml(href)}">${label}</a>`, next: end + 1 };
}

function emphasis(text: string, i: number, depth: number): Step | null {
  const c = text[i] ?? '*';
  if (c === '_' && /[A-Za-z0-9]/.test(text[i - 1] ?? '')) return null;
  const strong = text[i + 1] === c;
  const marker = strong ? c + c : c;
  const start = i + marker.length;
  if (/\s/.test(text[start] ?? ' ')) return null;
  const end = findClosing(text, start, marker);
  if (end === -1 || end === start || /\s/.test(text[end - 1] ?? ' ')) return null;
  const tag = strong ? 'strong' : 'em';
  return { html: `<${tag}>${renderInline(text.slice(start, end), depth + 1)}</${tag}>`, next: end + marker.length };
}

/** Index of the next unescaped `marker` at or after `from`, skipping code spans; -1 if none. */
function findClosing(text: string, from: number, marker: string): number {
  for (let k = from; k < text.length; k += 1) {
    const c = text[k];
    if (c === '\\') k += 1;
    else if (c === '`') {
      const run = /^`+/.exec(text.slice(k))?.[0] ?? '`';
      const close = text.indexOf(run, k + run.length);
      if (close !== -1) k = close + run.length - 1;
    } else if (text.startsWith(marker, k)) {
      if (marker.length === 1 && text[k + 1] === marker && marker !== ']') k += 1;
      else return k;
    }
  }
  return -1;
}
