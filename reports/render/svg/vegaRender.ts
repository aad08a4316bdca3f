// Renders a Vega-Lite spec to a standalone SVG string at report-render time: compiled to Vega, run
// headless in Node (a View with renderer 'none') and drawn by Vega's SVG string renderer. The data is
// inline, so the dataflow runs to completion synchronously and the SVG is drawn synchronously too
// (charts.test.ts checks that it is byte for byte what `view.toSVG()` gives). The result has no
// scripts and loads nothing; ids inside it carry the page's prefix, so several charts share a page.
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { escapeXml, safeHref } from '../escape.ts';

/** Characters XML 1.0 forbids (as escape.ts): replaced so that a hostile label still gives well-formed SVG. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters it removes
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export interface SvgMeta {
  /** Links the chart's marks carry (checked with safeHref, as every report link). */
  readonly hrefs?: readonly string[];
  /** Unique per page: ids inside the SVG (clip paths, gradients, the accessible title) start with it. */
  readonly idPrefix: string;
  readonly title: string;
  readonly description?: string;
}

/**
 * Text is measured by Vega's estimate (0.8 em a character), never by a canvas: with the optional
 * `canvas` package installed Vega would measure with the machine's fonts, and the same bundle would
 * give other bytes on another machine.
 */
(vega as unknown as { textMetrics: { canvas(use: boolean): void } }).textMetrics.canvas(false);

/** The font every chart uses. */
export const CHART_FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif';

interface HeadlessView {
  run(): unknown;
  padding(): { top: number; bottom: number; left: number; right: number };
  origin(): [number, number];
  background(): string;
  scenegraph(): { root: unknown };
  loader(): unknown;
  finalize(): void;
  _viewWidth: number;
  _viewHeight: number;
}

interface StringRenderer {
  /** Vega fills this cache from an asynchronous URL check; filled up front, links are drawn synchronously. */
  _hrefs?: Record<string, Record<string, string | null>>;
  initialize(el: null, width: number, height: number, origin: readonly number[]): StringRenderer;
  background(colour: string): StringRenderer;
  render(scene: unknown): StringRenderer;
  svg(): string;
}

/** Vega-Lite's warnings (a legend property resolved two ways…) are not the reader's business; errors throw. */
const QUIET = {
  level: () => QUIET,
  error: (...args: readonly unknown[]) => {
    throw new Error(`vega-lite: ${args.map(String).join(' ')}`);
  },
  warn: () => QUIET,
  info: () => QUIET,
  debug: () => QUIET,
};

/**
 * Vega fails ("Operator not defined") on a text that names a property of Object.prototype, such as a
 * title or label "valueOf" or "constructor": such texts get a zero-width space appended, which
 * reads the same.
 */
function guardTexts(value: unknown): unknown {
  if (typeof value === 'string') return value in Object.prototype ? `${value}\u200B` : value;
  if (Array.isArray(value)) return value.map(guardTexts);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, guardTexts(v)]));
  return value;
}

function vegaSpec(spec: TopLevelSpec): ReturnType<typeof compile>['spec'] {
  return compile(guardTexts(spec) as TopLevelSpec, { logger: QUIET as unknown as NonNullable<NonNullable<Parameters<typeof compile>[1]>['logger']> }).spec;
}

function headlessView(spec: TopLevelSpec): HeadlessView {
  const vg = vegaSpec(spec);
  const view = new vega.View(vega.parse(vg), { renderer: 'none', logLevel: vega.Error }) as unknown as HeadlessView;
  // Inline data only: no load is pending, so the pulse (and the autosize pass after it) ends before run() returns.
  view.run();
  return view;
}

/** Vega's own SVG for `spec`, drawn synchronously with its headless SVG renderer; `hrefs` are the links its marks carry. */
export function vegaSvg(spec: TopLevelSpec, hrefs: readonly string[] = []): string {
  const view = headlessView(spec);
  const pad = view.padding();
  const origin = view.origin();
  const width = Math.max(0, view._viewWidth + pad.left + pad.right);
  const height = Math.max(0, view._viewHeight + pad.top + pad.bottom);
  const Ctor = (vega as unknown as { SVGStringRenderer: new (loader: unknown) => StringRenderer }).SVGStringRenderer;
  const renderer = new Ctor(view.loader()).initialize(null, width, height, [pad.left + origin[0], pad.top + origin[1]]).background(view.background());
  renderer._hrefs = Object.fromEntries(hrefs.map((h) => [h, { 'xlink:href': safeHref(h), href: null }]));
  const svg = renderer.render(view.scenegraph().root).svg();
  view.finalize();
  return svg;
}

/** Vega's `toSVG()` for `spec` (asynchronous): the reference the synchronous path is tested against. */
export async function vegaSvgAsync(spec: TopLevelSpec): Promise<string> {
  const vg = vegaSpec(spec);
  const view = new vega.View(vega.parse(vg), { renderer: 'none', logLevel: vega.Error });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

/** Renames Vega's process-wide ids (clip1, gradient_0…) to ids numbered within this chart under `prefix`. */
function localIds(svg: string, prefix: string): string {
  const names = new Map<string, string>();
  for (const m of svg.matchAll(/ id="([^"]+)"/g)) {
    const old = m[1] ?? '';
    if (!names.has(old)) names.set(old, `${prefix}-d${names.size + 1}`);
  }
  if (names.size === 0) return svg;
  return svg.replace(/ id="([^"]+)"|url\(#([^)]+)\)/g, (whole, id: string | undefined, ref: string | undefined) => {
    if (id !== undefined) return ` id="${names.get(id) ?? id}"`;
    const to = ref === undefined ? undefined : names.get(ref);
    return to === undefined ? whole : `url(#${to})`;
  });
}

/** The chart as a standalone SVG: role="img" with an accessible <title> and <desc>, ids local to the chart. */
export function renderVegaLite(spec: TopLevelSpec, meta: SvgMeta): string {
  const svg = localIds(vegaSvg(spec, meta.hrefs), meta.idPrefix).replace(XML_FORBIDDEN, '\uFFFD');
  const titleId = `${meta.idPrefix}-title`;
  const descId = `${meta.idPrefix}-desc`;
  const desc = meta.description ?? '';
  const labelled = desc === '' ? titleId : `${titleId} ${descId}`;
  const head = `<title id="${escapeXml(titleId)}">${escapeXml(meta.title)}</title>${desc === '' ? '' : `<desc id="${escapeXml(descId)}">${escapeXml(desc)}</desc>`}`;
  const open = svg.indexOf('>');
  if (!svg.startsWith('<svg') || open < 0) throw new Error('vega did not return an SVG document');
  return `${svg.slice(0, open)} role="img" aria-labelledby="${escapeXml(labelled)}">${head}${svg.slice(open + 1)}`;
}
