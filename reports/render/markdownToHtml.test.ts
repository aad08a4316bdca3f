// The Markdown subset converter: structure, escaping of raw HTML and hostile links, and well-formed output
// for any input at all.

import { describe, expect, test } from 'vitest';
import { fc, test as propTest } from '@fast-check/vitest';
import { markdownToHtml } from './markdownToHtml.ts';
import { checkMarkup } from './markupCheck.ts';
import { table } from './markdown.ts';

const wrap = (html: string): string => `<div>${html}</div>`;

describe('markdownToHtml', () => {
  test('headings, paragraphs, lists, code, emphasis, links', () => {
    const html = markdownToHtml('# Title\n\nSome **bold** and *em* and `x<y`.\n\n- a\n  - b\n- c\n\n1. one\n\n```\n<raw>\n```\n\n[doc](a.md)', { headingOffset: 1 });
    expect(html).toContain('<h2>Title</h2>');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<em>em</em>');
    expect(html).toContain('<code>x&lt;y</code>');
    expect(html).toContain('<ul>\n<li>a\n<ul>\n<li>b</li>\n</ul></li>\n<li>c</li>\n</ul>');
    expect(html).toContain('<ol>');
    expect(html).toContain('<pre><code>&lt;raw&gt;</code></pre>');
    expect(html).toContain('<a href="a.md">doc</a>');
  });

  test('tables written by markdown.table render as HTML tables', () => {
    const html = markdownToHtml(table([{ label: 'a' }, { label: 'b', align: 'right' }], [['x|y', 1]]));
    expect(html).toContain('<th>a</th><th class="align-right">b</th>');
    expect(html).toContain('<td>x|y</td><td class="align-right">1</td>');
  });

  test('raw HTML and script links are never passed through', () => {
    const html = markdownToHtml('<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=y> &nbsp; &bogus;');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('javascript:');
    expect(html).toContain('&amp;bogus;');
    expect(checkMarkup(wrap(html), 'xml').errors).toEqual([]);
  });

  propTest.prop([fc.string({ unit: 'binary', maxLength: 300 })], { numRuns: 300 })('any input gives well-formed markup', (s) => {
    expect(checkMarkup(wrap(markdownToHtml(s)), 'xml').errors).toEqual([]);
  });

  const mdish = fc.array(fc.constantFrom('#', '##', '- ', '  - ', '1. ', '> ', '```', '`', '*', '**', '_', '[', ']', '(', ')', '|', '---', '\n', '\n\n', ' ', 'a', '<br>', '&lt;', '&#0;', '\\'), {
    maxLength: 80,
  });
  propTest.prop([mdish], { numRuns: 300 })('Markdown-looking noise gives well-formed markup', (parts) => {
    expect(checkMarkup(wrap(markdownToHtml(parts.join(''))), 'xml').errors).toEqual([]);
  });
});
