// Report bundles: the sample is valid, malformed bundles are refused with the JSON path and what was expected,
// and rendering a bundle gives well-formed, deterministic Markdown and HTML with every value in it.

import { describe, expect, test } from 'vitest';
import { fc, test as propTest } from '@fast-check/vitest';
import { BUNDLE_FORMAT, BUNDLE_SCHEMA, looksLikeBundle, parseBundle, type ReportBundle } from './bundle.ts';
import { renderBundleHtml, renderBundleMarkdown, sectionIds } from './bundleRender.ts';
import { checkMarkup, textContent } from './markupCheck.ts';
import { sampleBundle } from '../../test/kits/sampleBundle.ts';
import { SchemaError, toJsonSchema } from './schema.ts';
import { chartSpec, HOSTILE, label } from '../../test/kits/reportArbitraries.ts';

function schemaErrorOf(value: unknown): SchemaError {
  try {
    parseBundle(value);
  } catch (e) {
    if (e instanceof SchemaError) return e;
    throw e;
  }
  throw new Error('expected a SchemaError');
}

describe('bundle schema', () => {
  test('the sample bundle is valid and survives a JSON round trip', () => {
    const json: unknown = JSON.parse(JSON.stringify(sampleBundle()));
    expect(parseBundle(json)).toEqual(sampleBundle());
    expect(looksLikeBundle(json)).toBe(true);
    expect(looksLikeBundle({ format: 'other' })).toBe(false);
  });

  test.each([
    ['missing title', (b: Record<string, unknown>) => delete b['title'], '$.title', 'a value (required)'],
    ['wrong version', (b: Record<string, unknown>) => (b['version'] = 2), '$.version', 'one of 1'],
    ['unknown field', (b: Record<string, unknown>) => (b['colour'] = 'red'), '$.colour', 'no such field'],
    ['unknown section kind', (b: Record<string, unknown>) => ((b['sections'] as unknown[])[0] = { kind: 'video' }), '$.sections[0].kind', 'one of "markdown", "table", "chart"'],
    [
      'string where a number goes',
      (b: Record<string, unknown>) => (((b['sections'] as { chart: { bars: { value: unknown }[] } }[])[4] as { chart: { bars: { value: unknown }[] } }).chart.bars[0]!.value = '3'),
      '$.sections[4].chart.bars[0].value',
      'a finite number',
    ],
    [
      'bad matrix status',
      (b: Record<string, unknown>) => (((b['sections'] as { chart: { cells: { status: string }[][] } }[])[0] as { chart: { cells: { status: string }[][] } }).chart.cells[0]![0]!.status = 'ok'),
      '$.sections[0].chart.cells[0][0].status',
      'one of',
    ],
  ])('%s is refused at %s', (_name, mutate, path, expected) => {
    const b = JSON.parse(JSON.stringify(sampleBundle())) as Record<string, unknown>;
    mutate(b);
    const e = schemaErrorOf(b);
    expect(e.path).toBe(path);
    expect(e.expected).toContain(expected);
  });

  test('exports a JSON Schema that closes every object', () => {
    const schema = toJsonSchema(BUNDLE_SCHEMA);
    expect(schema['type']).toBe('object');
    expect(schema['additionalProperties']).toBe(false);
    expect(JSON.stringify(schema)).toContain(BUNDLE_FORMAT);
  });
});

describe('bundle rendering', () => {
  const bundle = sampleBundle();

  test('Markdown and HTML carry every section title and key values', () => {
    const mdText = renderBundleMarkdown(bundle);
    const html = renderBundleHtml(bundle);
    expect(checkMarkup(html, 'html').errors).toEqual([]);
    const htmlText = textContent(html);
    for (const s of ['Property × variant matrix', 'Seizure timeline', 'Throughput vs message size', 'SEC-SERVER-BLIND', 'shipped-2014', '64 KiB', 'bob seized']) {
      expect(mdText).toContain(s);
      expect(htmlText).toContain(s);
    }
    expect(html.match(/<svg /g)?.length).toBe(5);
    expect(mdText).toContain('[✓ CAUGHT](scenarios/shipped-2014-sec-mitm.json)');
  });

  test('output is byte-identical for the same input (no clock, no randomness)', () => {
    expect(renderBundleHtml(sampleBundle())).toBe(renderBundleHtml(bundle));
    expect(renderBundleMarkdown(sampleBundle())).toBe(renderBundleMarkdown(bundle));
  });

  test('section ids are unique even when titles repeat', () => {
    const b: ReportBundle = { ...bundle, sections: [bundle.sections[5]!, bundle.sections[5]!, { kind: 'markdown', markdown: 'x' }] };
    expect(sectionIds(b)).toEqual(['transparency', 'transparency-2', 'section-3']);
  });

  test('hostile strings in every field stay inert', () => {
    for (const h of HOSTILE) {
      const b: ReportBundle = {
        format: BUNDLE_FORMAT,
        version: 1,
        title: h,
        subtitle: h,
        summary: h,
        meta: [{ label: h, value: h }],
        links: [{ label: h, href: h }],
        sections: [
          { kind: 'markdown', title: h, id: h, markdown: h },
          { kind: 'table', title: h, caption: h, columns: [{ label: h }], rows: [[h], [{ text: h, href: h }]] },
          { kind: 'chart', caption: h, chart: { type: 'bar', title: h, bars: [{ label: h, value: 1 }] } },
        ],
      };
      const html = renderBundleHtml(b);
      expect(checkMarkup(html, 'html').errors).toEqual([]);
      expect(html).not.toMatch(/<script|<img/);
      expect(renderBundleMarkdown(b)).not.toMatch(/<script|<img/);
    }
  });

  propTest.prop([label, fc.array(chartSpec, { maxLength: 3 })], { numRuns: 60 })('random bundles render to well-formed HTML', (title, charts) => {
    const b: ReportBundle = { format: BUNDLE_FORMAT, version: 1, title, sections: charts.map((chart) => ({ kind: 'chart' as const, chart })) };
    expect(checkMarkup(renderBundleHtml(b), 'html').errors).toEqual([]);
    expect(renderBundleMarkdown(b).endsWith('\n')).toBe(true);
  });
});
