// Renders one report bundle to Markdown and to a self-contained HTML page. Pure: the same bundle and options
// always give the same bytes. Charts become inline SVG in HTML, and an image link plus a data table in Markdown.

import type { BundleCell, BundleSection, ReportBundle } from './bundle.ts';
import { chartTable } from './chartTable.ts';
import { slug } from './escape.ts';
import { formatAs } from './format.ts';
import { htmlFigure, htmlTable, renderHtmlPage, type HtmlCell, type HtmlLink, type HtmlSection } from './html.ts';
import * as md from './markdown.ts';
import { markdownToHtml } from './markdownToHtml.ts';
import { renderChart } from './svg/chart.ts';

export interface BundleRenderOptions {
  /** Extra header links (e.g. back to the index, the sibling Markdown and JSON files). */
  readonly links?: readonly HtmlLink[];
  /** For Markdown: where section i's chart is saved as an SVG file (relative link), if it is. */
  readonly chartFile?: (sectionId: string) => string | undefined;
  readonly footer?: string;
}

/** Unique, URL-safe ids for the bundle's sections, in order. */
export function sectionIds(bundle: ReportBundle): string[] {
  const used = new Set<string>();
  return bundle.sections.map((s, i) => {
    const base = slug(s.id ?? s.title ?? (s.kind === 'chart' ? s.chart.title : `section-${i + 1}`));
    let id = base;
    for (let n = 2; used.has(id); n += 1) id = `${base}-${n}`;
    used.add(id);
    return id;
  });
}

function sectionTitle(s: BundleSection, i: number): string {
  return s.title ?? (s.kind === 'chart' ? s.chart.title : `Section ${i + 1}`);
}

function mdCell(value: BundleCell, format: Parameters<typeof formatAs>[1] | undefined): md.Inline {
  if (typeof value === 'number') return format === undefined ? value : formatAs(value, format);
  if (value !== null && typeof value === 'object') return md.link(value.text, value.href);
  return value;
}

/** The bundle as a Markdown document. */
export function renderBundleMarkdown(bundle: ReportBundle, options: BundleRenderOptions = {}): string {
  const ids = sectionIds(bundle);
  const blocks: string[] = [md.heading(1, bundle.title)];
  if (bundle.subtitle !== undefined) blocks.push(md.paragraph({ md: `*${md.escapeMarkdown(bundle.subtitle)}*` }));
  if (bundle.meta !== undefined && bundle.meta.length > 0) {
    blocks.push(md.list(bundle.meta.map((m) => ({ md: `**${md.escapeMarkdown(m.label)}:** ${md.escapeMarkdown(m.value)}` }))));
  }
  const links = [...(options.links ?? []), ...(bundle.links ?? [])];
  if (links.length > 0) blocks.push(md.paragraph({ md: links.map((l) => md.link(l.label, l.href).md).join(' · ') }));
  if (bundle.summary !== undefined) blocks.push(md.neutraliseHtml(md.shiftHeadings(bundle.summary, 1)));
  bundle.sections.forEach((s, i) => {
    blocks.push(md.heading(2, sectionTitle(s, i)));
    blocks.push(...sectionMarkdown(s, options.chartFile?.(ids[i] ?? '')));
  });
  if (options.footer !== undefined) blocks.push(md.paragraph(options.footer));
  return md.document(blocks);
}

function sectionMarkdown(s: BundleSection, chartFile: string | undefined): string[] {
  switch (s.kind) {
    case 'markdown':
      return [md.neutraliseHtml(md.shiftHeadings(s.markdown, 2))];
    case 'table': {
      const rows = s.rows.map((row) => row.map((c, k) => mdCell(c, s.columns[k]?.format)));
      return [s.caption === undefined ? '' : md.paragraph(s.caption), md.table(s.columns, rows)];
    }
    case 'chart': {
      const data = chartTable(s.chart);
      const image = chartFile === undefined ? '' : md.image(s.chart.title, chartFile);
      const rows = data.rows.map((row) => row.map((c) => mdCell(c, undefined)));
      return [image, s.caption === undefined ? '' : md.paragraph({ md: `*${md.escapeMarkdown(s.caption)}*` }), md.table(data.columns, rows)];
    }
  }
}

/** The bundle as a self-contained HTML page. */
export function renderBundleHtml(bundle: ReportBundle, options: BundleRenderOptions = {}): string {
  const ids = sectionIds(bundle);
  const sections: HtmlSection[] = bundle.sections.map((s, i) => ({ id: ids[i] ?? `section-${i + 1}`, title: sectionTitle(s, i), html: sectionHtml(s, ids[i] ?? `s${i}`) }));
  if (bundle.summary !== undefined) {
    sections.unshift({ id: uniqueId('summary', ids), title: 'Summary', html: markdownToHtml(bundle.summary, { headingOffset: 2 }) });
  }
  const page = {
    title: bundle.title,
    ...(bundle.subtitle === undefined ? {} : { subtitle: bundle.subtitle }),
    ...(bundle.meta === undefined ? {} : { meta: bundle.meta }),
    links: [...(options.links ?? []), ...(bundle.links ?? [])],
    sections,
    ...(options.footer === undefined ? {} : { footer: options.footer }),
  };
  return renderHtmlPage(page);
}

function uniqueId(base: string, taken: readonly string[]): string {
  let id = base;
  for (let n = 2; taken.includes(id); n += 1) id = `${base}-${n}`;
  return id;
}

function sectionHtml(s: BundleSection, id: string): string {
  switch (s.kind) {
    case 'markdown':
      return markdownToHtml(s.markdown, { headingOffset: 2 });
    case 'table':
      return htmlTable(
        s.columns,
        s.rows.map((row) => row.map((c): HtmlCell => c)),
        s.caption,
      );
    case 'chart': {
      const data = chartTable(s.chart);
      const table = htmlTable(data.columns, data.rows);
      return htmlFigure(renderChart(s.chart, { idPrefix: `chart-${id}` }), s.caption, table);
    }
  }
}
