// Self-contained HTML pages for reports: inline CSS, no scripts, no external resources (a CSP meta tag forbids
// any load), readable typography, print-friendly. Builders escape all text; `{ html }` marks trusted markup.

import { escapeXml, safeHref } from './escape.ts';
import { formatAs, type NumberFormat } from './format.ts';
import type { Align } from './markdown.ts';

export interface HtmlLink {
  readonly label: string;
  readonly href: string;
  readonly note?: string;
}

export interface HtmlSection {
  /** Fragment id (unique on the page), used by the nav. */
  readonly id: string;
  readonly title: string;
  /** Trusted markup from the builders below or the chart renderers. */
  readonly html: string;
}

export interface HtmlPage {
  readonly title: string;
  readonly subtitle?: string;
  /** Label/value lines under the title (seed, variant, run count…). Never the wall clock unless passed in. */
  readonly meta?: readonly { readonly label: string; readonly value: string }[];
  /** Links shown in the header, e.g. the sibling Markdown and JSON files. */
  readonly links?: readonly HtmlLink[];
  readonly sections: readonly HtmlSection[];
  readonly footer?: string;
}

export type HtmlCell = string | number | null | { readonly text: string; readonly href: string } | { readonly html: string };

export interface HtmlColumn {
  readonly label: string;
  readonly align?: Align;
  readonly format?: NumberFormat;
}

/** Every resource load is refused; inline styles are the only thing allowed. Links still navigate. */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const CSS = `
:root{color-scheme:light;--ink:#1f2328;--muted:#57606a;--line:#d0d7de;--soft:#f6f8fa;--accent:#0b5cad}
*{box-sizing:border-box}
body{margin:0;color:var(--ink);background:#fff;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif}
header,main,footer{max-width:72rem;margin:0 auto;padding:0 1.5rem}
header{padding-top:2rem;border-bottom:1px solid var(--line)}
h1{font-size:2rem;line-height:1.2;margin:0 0 .25rem}h2{font-size:1.45rem;margin:2.2rem 0 .6rem;padding-bottom:.3rem;border-bottom:1px solid var(--line)}
h3{font-size:1.15rem;margin:1.6rem 0 .5rem}h4,h5,h6{font-size:1rem;margin:1.2rem 0 .4rem}
.subtitle{color:var(--muted);font-size:1.1rem;margin:0 0 .8rem}
dl.meta{display:flex;flex-wrap:wrap;gap:.2rem 1.6rem;margin:.4rem 0 1rem;font-size:.92rem}dl.meta dt{color:var(--muted)}dl.meta dd{margin:0 0 0 .4rem;font-variant-numeric:tabular-nums}
dl.meta div{display:flex}
ul.files{list-style:none;padding:0;margin:0 0 1rem;display:flex;flex-wrap:wrap;gap:.5rem}ul.files a{display:inline-block;padding:.15rem .6rem;border:1px solid var(--line);border-radius:1rem;font-size:.9rem}
nav.toc{margin:1rem 0;padding:.6rem 1rem;background:var(--soft);border-radius:.4rem}nav.toc ol{margin:.2rem 0;padding-left:1.4rem;columns:2 18rem}
a{color:var(--accent)}a:hover{text-decoration:none}
p,li{max-width:48rem}code,pre{font:.9em/1.45 ui-monospace,SFMono-Regular,Menlo,"DejaVu Sans Mono",monospace}
code{background:var(--soft);padding:.05em .3em;border-radius:.25em}pre{background:var(--soft);padding:.8rem 1rem;overflow-x:auto;border-radius:.4rem}pre code{background:none;padding:0}
blockquote{margin:1rem 0;padding:.2rem 1rem;border-left:4px solid var(--line);color:var(--muted)}
.table-wrap{overflow-x:auto;margin:.8rem 0 1.2rem}
table{border-collapse:collapse;font-size:.94rem;font-variant-numeric:tabular-nums}
caption{text-align:left;color:var(--muted);padding:.3rem 0;caption-side:top}
th,td{border:1px solid var(--line);padding:.35rem .65rem;vertical-align:top;text-align:left}th{background:var(--soft);font-weight:600}
tbody tr:nth-child(even){background:#fbfcfd}.align-right{text-align:right}.align-center{text-align:center}
figure{margin:1rem 0 1.6rem}figure svg{max-width:100%;height:auto;display:block}figcaption{color:var(--muted);font-size:.92rem;margin-top:.3rem}
details{margin:.4rem 0}summary{cursor:pointer;color:var(--muted);font-size:.92rem}
footer{margin-top:3rem;padding:1rem 1.5rem 2rem;border-top:1px solid var(--line);color:var(--muted);font-size:.88rem}
@media print{body{font-size:11pt}nav.toc,ul.files{display:none}a{color:inherit}h2{break-after:avoid}figure,table,tr,pre{break-inside:avoid}details>*{display:block}header,main,footer{max-width:none;padding:0}}
`.trim();

/** A complete HTML document. */
export function renderHtmlPage(page: HtmlPage): string {
  const meta = page.meta ?? [];
  const links = page.links ?? [];
  const nav =
    page.sections.length > 1
      ? `<nav class="toc" aria-label="Contents"><strong>Contents</strong>\n<ol>\n${page.sections
          .map((s) => `<li><a href="#${escapeXml(s.id)}">${escapeXml(s.title)}</a></li>`)
          .join('\n')}\n</ol></nav>`
      : '';
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeXml(CSP)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeXml(page.title)}</title>`,
    `<style>\n${CSS}\n</style>`,
    '</head>',
    '<body>',
    '<header>',
    `<h1>${escapeXml(page.title)}</h1>`,
    page.subtitle === undefined ? '' : `<p class="subtitle">${escapeXml(page.subtitle)}</p>`,
    meta.length === 0 ? '' : `<dl class="meta">${meta.map((m) => `<div><dt>${escapeXml(m.label)}</dt><dd>${escapeXml(m.value)}</dd></div>`).join('')}</dl>`,
    links.length === 0 ? '' : `<ul class="files">${links.map((l) => `<li>${htmlLink(l.label, l.href)}</li>`).join('')}</ul>`,
    nav,
    '</header>',
    '<main>',
    ...page.sections.map((s) => `<section id="${escapeXml(s.id)}">\n<h2>${escapeXml(s.title)}</h2>\n${s.html}\n</section>`),
    '</main>',
    page.footer === undefined ? '' : `<footer>${escapeXml(page.footer)}</footer>`,
    '</body>',
    '</html>',
    '',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

/** `<a href>` with a vetted href and escaped label. */
export function htmlLink(label: string, href: string): string {
  return `<a href="${escapeXml(safeHref(href))}">${escapeXml(label)}</a>`;
}

function cellHtml(value: HtmlCell, format: NumberFormat | undefined): string {
  if (value === null) return '–';
  if (typeof value === 'number') return escapeXml(format === undefined ? String(value) : formatAs(value, format));
  if (typeof value === 'string') return escapeXml(value).replace(/\r?\n/g, '<br/>');
  if ('html' in value) return value.html;
  return htmlLink(value.text, value.href);
}

/** A table wrapped for horizontal scrolling on narrow screens. Short rows are padded with empty cells. */
export function htmlTable(columns: readonly HtmlColumn[], rows: readonly (readonly HtmlCell[])[], caption?: string): string {
  const cls = (c: HtmlColumn | undefined): string => (c?.align === 'right' || c?.align === 'center' ? ` class="align-${c.align}"` : '');
  const head = `<tr>${columns.map((c) => `<th scope="col"${cls(c)}>${escapeXml(c.label)}</th>`).join('')}</tr>`;
  const body = rows.map((row) => `<tr>${columns.map((c, i) => `<td${cls(c)}>${i < row.length ? cellHtml(row[i] ?? null, c.format) : ''}</td>`).join('')}</tr>`);
  const cap = caption === undefined ? '' : `<caption>${escapeXml(caption)}</caption>\n`;
  return `<div class="table-wrap"><table>\n${cap}<thead>${head}</thead>\n<tbody>\n${body.join('\n')}\n</tbody>\n</table></div>`;
}

/** A bulleted list of links with optional notes. */
export function htmlLinkList(links: readonly HtmlLink[]): string {
  const items = links.map((l) => `<li>${htmlLink(l.label, l.href)}${l.note === undefined ? '' : ` — ${escapeXml(l.note)}`}</li>`);
  return `<ul>\n${items.join('\n')}\n</ul>`;
}

/** A figure holding trusted SVG markup, with an optional caption and an optional data-table fallback. */
export function htmlFigure(svg: string, caption?: string, dataTable?: string): string {
  const cap = caption === undefined ? '' : `\n<figcaption>${escapeXml(caption)}</figcaption>`;
  const data = dataTable === undefined ? '' : `\n<details><summary>Data table</summary>\n${dataTable}\n</details>`;
  return `<figure>\n${svg}${cap}${data}\n</figure>`;
}
