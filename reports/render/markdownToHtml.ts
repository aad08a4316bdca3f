// Markdown to an HTML fragment through markdown-it (CommonMark with GFM tables), configured for text a
// report cannot trust: raw HTML is never passed through (`html: false`; only the `<br>` that
// markdown.ts writes for line breaks inside table cells becomes a break), every link goes through
// `safeHref` (escape.ts) so a javascript:, data: or file: link becomes `#`, images are not rendered
// (a page never loads anything, docs/reports.md), and the output is XHTML (`<br />`, `<hr />`) with
// every character XML forbids replaced, so the page is well-formed for any input. Deterministic:
// no option reads the clock, the locale or the environment.

import MarkdownIt from 'markdown-it';
import type { StateInline, Token } from 'markdown-it';
import { safeHref } from './escape.ts';

export interface MarkdownToHtmlOptions {
  /** Added to every heading level (a section's `#` becomes `<h3>` with offset 2); capped at h6. */
  readonly headingOffset?: number;
}

/** Deepest nesting of blocks and inlines markdown-it builds; deeper syntax is left as text (bounds recursion). */
const NESTING_MAX = 20;

/** Characters XML 1.0 cannot hold (C0 controls but tab, LF, CR; lone surrogates; U+FFFE/U+FFFF). */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** The one raw tag let through: `<br>` (markdown.ts writes it for a line break inside a table cell). */
function brTag(state: StateInline, silent: boolean): boolean {
  if (!state.src.startsWith('<br>', state.pos)) return false;
  if (!silent) state.push('hardbreak', 'br', 0);
  state.pos += 4;
  return true;
}

function createParser(): ReturnType<typeof MarkdownIt> {
  const parser = new MarkdownIt('default', { html: false, xhtmlOut: true, breaks: false, linkify: false, typographer: false, maxNesting: NESTING_MAX });
  // Reports never load anything (the page's Content-Security-Policy would refuse it anyway).
  parser.disable('image');
  parser.inline.ruler.before('html_inline', 'br_tag', brTag);
  // Links are parsed whatever their scheme and made safe when rendered, so a hostile link shows its
  // label pointing at `#` rather than its destination as text.
  parser.validateLink = () => true;
  const rules = parser.renderer.rules;
  rules['link_open'] = (tokens, idx, options, _env, self) => {
    const token = tokens[idx];
    if (token !== undefined) token.attrSet('href', safeHref(String(token.attrGet('href') ?? '')));
    return self.renderToken(tokens, idx, options);
  };
  // Alignment as a class (html.ts styles .align-right / .align-center), not an inline style attribute.
  const cell = (tokens: Token[], idx: number): void => {
    const token = tokens[idx];
    const style = token?.attrGet('style');
    if (token === undefined || style === null || style === undefined) return;
    token.attrs = (token.attrs ?? []).filter(([name]) => name !== 'style');
    const align = /text-align:(left|right|center)/.exec(String(style))?.[1];
    if (align === 'right' || align === 'center') token.attrSet('class', `align-${align}`);
  };
  rules['th_open'] = (tokens, idx, options, _env, self) => {
    cell(tokens, idx);
    return self.renderToken(tokens, idx, options);
  };
  rules['td_open'] = rules['th_open'];
  rules['table_open'] = (tokens, idx, options, _env, self) => `<div class="table-wrap">${self.renderToken(tokens, idx, options)}`;
  rules['table_close'] = (tokens, idx, options, _env, self) => `${self.renderToken(tokens, idx, options)}</div>\n`;
  return parser;
}

const PARSER = createParser();

/** Moves every heading down `offset` levels, capped at h6. */
function shiftHeadings(tokens: readonly Token[], offset: number): void {
  if (offset === 0) return;
  for (const token of tokens) {
    if (token.type !== 'heading_open' && token.type !== 'heading_close') continue;
    const level = Number(token.tag.slice(1));
    token.tag = `h${Math.min(6, Math.max(1, level + offset))}`;
  }
}

/** Converts Markdown to an HTML fragment. */
export function markdownToHtml(markdown: string, options: MarkdownToHtmlOptions = {}): string {
  const source = markdown.replace(NOT_XML_CHAR, '\uFFFD');
  const env = {};
  const tokens = PARSER.parse(source, env);
  shiftHeadings(tokens, Math.trunc(options.headingOffset ?? 0));
  return PARSER.renderer.render(tokens, PARSER.options, env).replace(NOT_XML_CHAR, '\uFFFD').replace(/\n$/, '');
}
