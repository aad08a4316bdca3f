// Building blocks for the inline SVG charts: escaped elements, fixed coordinate formatting, the document
// wrapper with <title>/<desc> for screen readers, and text-width estimates for layout without a browser.

import { escapeXml } from '../escape.ts';

export type Attrs = Readonly<Record<string, string | number | undefined>>;

/** Chart font size in px; every layout estimate below assumes it. */
export const FONT_SIZE = 12;
/** Average glyph width as a share of the font size, for a sans-serif face (layout estimate only). */
const GLYPH_WIDTH_EM = 0.6;
/** Labels longer than this are cut with an ellipsis; the full text stays in a <title> tooltip. */
export const LABEL_CHARS_MAX = 28;

/** Coordinates are clamped to ±this: far outside any chart, small enough to print without an exponent. */
const COORD_ABS_MAX = 1e7;

/** A coordinate with at most 2 decimals and no trailing zeros; non-finite values become 0. */
export function num(n: number): string {
  if (!Number.isFinite(n)) return '0';
  const clamped = Math.max(-COORD_ABS_MAX, Math.min(COORD_ABS_MAX, n));
  const text = (Math.round(clamped * 100) / 100).toFixed(2).replace(/\.?0+$/, '');
  return text === '-0' ? '0' : text;
}

function attrText(attrs: Attrs): string {
  let out = '';
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined) continue;
    if (!/^[a-zA-Z_:][-a-zA-Z0-9_:.]*$/.test(key)) throw new TypeError(`bad attribute name: ${key}`);
    out += ` ${key}="${typeof value === 'number' ? num(value) : escapeXml(value)}"`;
  }
  return out;
}

/** `<tag attrs>children</tag>`, or self-closing when there are no children. Children are markup. */
export function el(tag: string, attrs: Attrs, ...children: readonly string[]): string {
  const open = `${tag}${attrText(attrs)}`;
  return children.length === 0 ? `<${open}/>` : `<${open}>${children.join('')}</${tag}>`;
}

/** A <text> element holding escaped `text`; `tooltip` (e.g. an uncut label) becomes a <title> child. */
export function textEl(attrs: Attrs, text: string, tooltip?: string): string {
  const tip = tooltip !== undefined && tooltip !== text ? `<title>${escapeXml(tooltip)}</title>` : '';
  return `<text${attrText(attrs)}>${tip}${escapeXml(text)}</text>`;
}

/** A <title> child for hover text on a mark. */
export function tooltip(text: string): string {
  return `<title>${escapeXml(text)}</title>`;
}

/** Estimated rendered width of `text` in px at `fontSize`. */
export function textWidth(text: string, fontSize = FONT_SIZE): number {
  return Array.from(text).length * fontSize * GLYPH_WIDTH_EM;
}

/** Cuts `text` to `maxChars` code points, ending in `…` when cut. */
export function truncate(text: string, maxChars = LABEL_CHARS_MAX): string {
  const chars = Array.from(text.replace(/\s+/g, ' '));
  return chars.length <= maxChars ? chars.join('') : `${chars.slice(0, Math.max(1, maxChars - 1)).join('')}…`;
}

export interface SvgDocumentOptions {
  readonly width: number;
  readonly height: number;
  readonly title: string;
  readonly description?: string;
  /** Prefix for ids inside this SVG, unique per page (several charts can share one HTML page). */
  readonly idPrefix: string;
}

const STYLE =
  'text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;font-size:12px;fill:#1f2328}' +
  '.axis line,.axis path{stroke:#57606a}.grid{stroke:#d0d7de;stroke-dasharray:2 3}' +
  '.caption{font-size:14px;font-weight:600}.small{font-size:10px}.muted{fill:#57606a}';

/** The outer <svg> with role="img", an accessible <title> and <desc>, and the shared chart style. */
export function svgDocument(opts: SvgDocumentOptions, body: readonly string[]): string {
  const w = Math.max(1, Math.ceil(opts.width));
  const h = Math.max(1, Math.ceil(opts.height));
  const titleId = `${opts.idPrefix}-title`;
  const descId = `${opts.idPrefix}-desc`;
  const desc = opts.description ?? '';
  const labelled = desc === '' ? titleId : `${titleId} ${descId}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}"`,
    ` role="img" aria-labelledby="${escapeXml(labelled)}">`,
    `<title id="${escapeXml(titleId)}">${escapeXml(opts.title)}</title>`,
    desc === '' ? '' : `<desc id="${escapeXml(descId)}">${escapeXml(desc)}</desc>`,
    `<style>${STYLE}</style>`,
    `<rect width="${w}" height="${h}" fill="#ffffff"/>`,
    textEl({ x: 12, y: 20, class: 'caption' }, truncate(opts.title, Math.floor((w - 24) / 8.5)), opts.title),
    ...body,
    '</svg>',
  ].join('\n');
}
