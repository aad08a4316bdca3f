// HTML pages: self-contained (no script, no external resource, CSP forbids loads), escaped text, well-formed.

import { describe, expect, test } from 'vitest';
import { fc, test as propTest } from '@fast-check/vitest';
import { htmlFigure, htmlLink, htmlLinkList, htmlTable, renderHtmlPage } from './html.ts';
import { checkMarkup, textContent } from './markupCheck.ts';
import { HOSTILE, label } from '../../test/kits/reportArbitraries.ts';

describe('html page', () => {
  const page = renderHtmlPage({
    title: 'Transparency report',
    subtitle: 'Simulated period',
    meta: [{ label: 'seed', value: '42' }],
    links: [{ label: 'Markdown', href: 'transparency.md' }],
    sections: [
      {
        id: 'warrants',
        title: 'Warrants',
        html: htmlTable(
          [{ label: 'type' }, { label: 'count', align: 'right' }],
          [
            ['content', 3],
            [{ text: 'more', href: 'x.md' }, null],
          ],
          'By type',
        ),
      },
      { id: 'figure', title: 'Figure', html: htmlFigure('<svg xmlns="http://www.w3.org/2000/svg"><title>t</title></svg>', 'caption') },
    ],
    footer: 'made by sealroom',
  });

  test('well-formed, titled, with nav, links and sections', () => {
    expect(checkMarkup(page, 'html').errors).toEqual([]);
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page).toContain('<title>Transparency report</title>');
    expect(page).toContain('<a href="#warrants">Warrants</a>');
    expect(page).toContain('<a href="transparency.md">Markdown</a>');
    expect(page).toContain('<td class="align-right">3</td>');
    expect(textContent(page)).toContain('made by sealroom');
  });

  test('self-contained: no scripts, no external resources, loads forbidden by CSP, print styles', () => {
    expect(page).not.toMatch(/<script|<link|<img|<iframe|src=|@import|url\(/i);
    expect(page).toContain('default-src &#39;none&#39;');
    expect(page).toContain('@media print');
  });

  test('hostile strings are escaped in every slot; unsafe hrefs neutralised', () => {
    for (const h of HOSTILE) {
      const html = renderHtmlPage({
        title: h,
        subtitle: h,
        meta: [{ label: h, value: h }],
        links: [{ label: h, href: `javascript:${h}` }],
        sections: [{ id: 'a', title: h, html: htmlLinkList([{ label: h, href: h, note: h }]) }],
        footer: h,
      });
      expect(checkMarkup(html, 'html').errors).toEqual([]);
      expect(html).not.toContain('<script');
      expect(html).not.toContain('<img');
      expect(html).not.toContain('href="javascript:');
    }
    expect(htmlLink('x', 'data:text/html,hi')).toBe('<a href="#">x</a>');
    expect(htmlLink('x', 'https://example.org/a')).toBe('<a href="https://example.org/a">x</a>');
  });

  propTest.prop([label, fc.array(fc.array(fc.oneof(label, fc.integer(), fc.constant(null)), { maxLength: 4 }), { maxLength: 5 })], { numRuns: 100 })(
    'random tables and titles give well-formed pages',
    (title, rows) => {
      const html = renderHtmlPage({ title, sections: [{ id: 's', title, html: htmlTable([{ label: title }, { label: 'b' }], rows, title) }] });
      expect(checkMarkup(html, 'html').errors).toEqual([]);
    },
  );
});
