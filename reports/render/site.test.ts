// Report sites: one Markdown, HTML and SVG-per-chart set per bundle, an index linking them, fixed file order.

import { describe, expect, test } from 'vitest';
import { BUNDLE_FORMAT } from './bundle.ts';
import { checkMarkup } from './markupCheck.ts';
import { sampleBundle } from '../../test/kits/sampleBundle.ts';
import { renderSite } from './site.ts';

describe('renderSite', () => {
  const own = { format: BUNDLE_FORMAT, version: 1, title: 'Campaign 42', sections: [{ kind: 'markdown', title: 'About', markdown: 'hello' }] } as const;
  const files = renderSite(
    [
      { name: 'matrix', bundle: sampleBundle() },
      { name: 'index', bundle: own },
    ],
    { otherFiles: ['trace.jsonl'], includeJson: true },
  );
  const byPath = new Map(files.map((f) => [f.path, f.text]));

  test('writes per-bundle files, one SVG per chart, and the index', () => {
    expect([...byPath.keys()]).toEqual([
      'matrix.matrix.svg',
      'matrix.seizure-timeline.svg',
      'matrix.throughput-vs-message-size.svg',
      'matrix.group-send-cost.svg',
      'matrix.warrants-by-type.svg',
      'matrix.md',
      'matrix.html',
      'matrix.json',
      'index.md',
      'index.html',
      'index.json',
    ]);
    for (const [path, text] of byPath) {
      if (path.endsWith('.svg')) expect(checkMarkup(text, 'xml').errors).toEqual([]);
      if (path.endsWith('.html')) expect(checkMarkup(text, 'html').errors).toEqual([]);
    }
  });

  test('the index links every report and other file, and keeps its own sections', () => {
    const index = byPath.get('index.html') ?? '';
    expect(index).toContain('<title>Campaign 42</title>');
    expect(index).toContain('href="matrix.html"');
    expect(index).toContain('href="./trace.jsonl"');
    expect(index).toContain('hello');
    expect(byPath.get('matrix.html')).toContain('href="index.html"');
    expect(byPath.get('matrix.md')).toContain('![Property × variant](matrix.matrix.svg)');
  });

  test('refuses unsafe or duplicate names', () => {
    expect(() => renderSite([{ name: '../x', bundle: sampleBundle() }])).toThrow(TypeError);
    expect(() =>
      renderSite([
        { name: 'a', bundle: sampleBundle() },
        { name: 'a', bundle: sampleBundle() },
      ]),
    ).toThrow(TypeError);
  });
});
