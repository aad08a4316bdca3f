// A report site from several bundles: per bundle a Markdown file, an HTML page and one SVG file per chart,
// plus index.html / index.md linking them all. Pure: returns (path, text) pairs; the CLI writes them.

import { BUNDLE_FORMAT, BUNDLE_VERSION, type ReportBundle } from './bundle.ts';
import { renderBundleHtml, renderBundleMarkdown, sectionIds } from './bundleRender.ts';
import * as md from './markdown.ts';
import { renderChart } from './svg/chart.ts';

export interface SiteBundle {
  /** File stem: `matrix` gives matrix.md, matrix.html, matrix.json. `index` is the index page's own content. */
  readonly name: string;
  readonly bundle: ReportBundle;
}

export interface SiteFile {
  readonly path: string;
  readonly text: string;
}

export interface SiteOptions {
  /** Other files in the directory (raw traces, scenario files) to list on the index. */
  readonly otherFiles?: readonly string[];
  /** Write each bundle's JSON too (when the output directory is not the input directory). */
  readonly includeJson?: boolean;
  /** Footer text on every page (e.g. the command that made it). No clock is read here. */
  readonly footer?: string;
}

export const INDEX_NAME = 'index';

/** File stems must be plain names: they become file names and link targets. */
export function isSafeStem(name: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$/.test(name) && !name.includes('..');
}

function byName(a: SiteBundle, b: SiteBundle): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** Renders every file of the site, in a fixed order. Throws TypeError on an unsafe or duplicate name. */
export function renderSite(bundles: readonly SiteBundle[], options: SiteOptions = {}): SiteFile[] {
  const seen = new Set<string>();
  for (const b of bundles) {
    if (!isSafeStem(b.name)) throw new TypeError(`unsafe report name: ${JSON.stringify(b.name)}`);
    if (seen.has(b.name)) throw new TypeError(`duplicate report name: ${b.name}`);
    seen.add(b.name);
  }
  const sorted = [...bundles].sort(byName);
  const pages = sorted.filter((b) => b.name !== INDEX_NAME);
  const files: SiteFile[] = [];
  const footer = options.footer === undefined ? {} : { footer: options.footer };
  for (const { name, bundle } of pages) files.push(...bundleFiles(name, bundle, options.includeJson === true, footer));
  const own = sorted.find((b) => b.name === INDEX_NAME)?.bundle;
  const index = indexBundle(pages, own, options.otherFiles ?? []);
  files.push(...bundleFiles(INDEX_NAME, index, options.includeJson === true && own !== undefined, footer, false));
  return files;
}

function bundleFiles(name: string, bundle: ReportBundle, includeJson: boolean, footer: { footer?: string }, backLink = true): SiteFile[] {
  const ids = sectionIds(bundle);
  const charts = new Map<string, string>();
  const files: SiteFile[] = [];
  bundle.sections.forEach((s, i) => {
    const id = ids[i] ?? `section-${i + 1}`;
    if (s.kind !== 'chart') return;
    const path = `${name}.${id}.svg`;
    charts.set(id, path);
    files.push({ path, text: `${renderChart(s.chart, { idPrefix: `chart-${id}` })}\n` });
  });
  const links = [
    ...(backLink ? [{ label: '← All reports', href: `${INDEX_NAME}.html` }] : []),
    { label: 'Markdown', href: `${name}.md` },
    ...(includeJson || backLink ? [{ label: 'JSON', href: `${name}.json` }] : []),
  ];
  const mdLinks = links.filter((l) => l.label !== 'Markdown').map((l) => (l.href.endsWith('.html') ? { ...l, href: `${INDEX_NAME}.md` } : l));
  files.push({ path: `${name}.md`, text: renderBundleMarkdown(bundle, { ...footer, links: mdLinks, chartFile: (id) => charts.get(id) }) });
  files.push({ path: `${name}.html`, text: renderBundleHtml(bundle, { ...footer, links }) });
  if (includeJson) files.push({ path: `${name}.json`, text: `${JSON.stringify(bundle, null, 2)}\n` });
  return files;
}

/** The index: a table of every report, other files, then the index bundle's own sections if there is one. */
function indexBundle(pages: readonly SiteBundle[], own: ReportBundle | undefined, otherFiles: readonly string[]): ReportBundle {
  const rows = pages.map(({ name, bundle }) => [
    { text: bundle.title, href: `${name}.html` },
    bundle.subtitle ?? '',
    { text: `${name}.md`, href: `${name}.md` },
    { text: `${name}.json`, href: `${name}.json` },
  ]);
  const reports = {
    kind: 'table' as const,
    id: 'reports',
    title: 'Reports',
    columns: [{ label: 'Report' }, { label: 'About' }, { label: 'Markdown' }, { label: 'JSON' }],
    rows,
  };
  const others = [...otherFiles].sort();
  const files = others.length === 0 ? [] : [{ kind: 'markdown' as const, id: 'files', title: 'Other files', markdown: md.list(others.map((f) => md.link(f, `./${encodeURI(f)}`))) }];
  return {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    title: own?.title ?? 'sealroom reports',
    ...(own?.subtitle === undefined ? {} : { subtitle: own.subtitle }),
    ...(own?.summary === undefined ? {} : { summary: own.summary }),
    ...(own?.meta === undefined ? {} : { meta: own.meta }),
    ...(own?.links === undefined ? {} : { links: own.links }),
    sections: [reports, ...(own?.sections ?? []), ...files],
  };
}
