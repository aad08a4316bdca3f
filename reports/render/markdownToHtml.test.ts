// The Markdown converter (markdown-it, configured in markdownToHtml.ts): structure, escaping of raw HTML
// and hostile links, nothing loaded, deterministic bytes, and well-formed output for any input at all.

import { describe, expect, test } from 'vitest';
import { fc, test as propTest } from '@fast-check/vitest';
import { markdownToHtml } from './markdownToHtml.ts';
import { checkMarkup } from './markupCheck.ts';
import { list, paragraph, table } from './markdown.ts';

const wrap = (html: string): string => `<div>${html}</div>`;

describe('markdownToHtml', () => {
  test('headings, paragraphs, lists, code, emphasis, links', () => {
    const html = markdownToHtml('# Title\n\nSome **bold** and *em* and `x<y`.\n\n- a\n  - b\n- c\n\n1. one\n\n```\n<raw>\n```\n\n[doc](a.md)', { headingOffset: 1 });
    expect(html).toContain('<h2>Title</h2>');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<em>em</em>');
    expect(html).toContain('<code>x&lt;y</code>');
    expect(html).toContain('<ul>\n<li>a\n<ul>\n<li>b</li>\n</ul>\n</li>\n<li>c</li>\n</ul>');
    expect(html).toContain('<ol>');
    expect(html).toContain('<pre><code>&lt;raw&gt;\n</code></pre>');
    expect(html).toContain('<a href="a.md">doc</a>');
  });

  test('tables written by markdown.table render as HTML tables', () => {
    const html = markdownToHtml(table([{ label: 'a' }, { label: 'b', align: 'right' }], [['x|y\nz', 1]]));
    expect(html).toContain('<div class="table-wrap"><table>');
    expect(html).toContain('<th>a</th>\n<th class="align-right">b</th>');
    expect(html).toContain('<td>x|y<br />\nz</td>\n<td class="align-right">1</td>');
    expect(html).not.toContain('style=');
  });

  test('nested lists written by markdown.list nest, under bullets and numbers alike', () => {
    const items = [{ item: 'a', children: ['b'] }, 'c'];
    expect(markdownToHtml(list(items))).toContain('<li>a\n<ul>\n<li>b</li>');
    expect(markdownToHtml(list(items, true))).toContain('<ol>\n<li>a\n<ul>\n<li>b</li>');
  });

  test('headings shift by the offset and stop at h6', () => {
    expect(markdownToHtml('#### deep', { headingOffset: 4 })).toBe('<h6>deep</h6>');
    expect(markdownToHtml('## two')).toBe('<h2>two</h2>');
  });

  test('escaped Markdown from markdown.ts shows hostile text literally', () => {
    const html = markdownToHtml(paragraph('<b>x</b> & *y* [z](javascript:1)'));
    expect(html).toBe('<p>&lt;b&gt;x&lt;/b&gt; &amp; *y* [z](javascript:1)</p>');
  });

  test('every spelling of a dangerous link becomes #; safe schemes and relative links stay', () => {
    const html = markdownToHtml('[a](JavaScript:x) [b](&#106;avascript:x) [c](data:text/html,x) [d](file:///etc/passwd) <javascript:x> [e](https://ok.example/p) [f](scenario-x.html#v)');
    expect(html.match(/href="#"/g)).toHaveLength(5);
    expect(html).toContain('<a href="https://ok.example/p">e</a>');
    expect(html).toContain('<a href="scenario-x.html#v">f</a>');
    expect(html).not.toMatch(/href="[^"]*script/i);
  });

  test('images are never rendered (a report loads nothing)', () => {
    const html = markdownToHtml('![chart](x.svg) ![t](https://tracker.example/p.gif)');
    expect(html).not.toContain('<img');
  });

  test('the same input gives the same bytes', () => {
    const input = '# a\n\n| x | y |\n| --- | ---: |\n| 1 | 2 |\n\n- [l](m.md)';
    expect(markdownToHtml(input)).toBe(markdownToHtml(input));
  });

  test('raw HTML and script links are never passed through', () => {
    const html = markdownToHtml('<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=y> &nbsp; &bogus; <b onclick="y">');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('javascript:');
    expect(html).not.toContain('<b ');
    expect(html).toContain('&amp;bogus;');
    expect(html).toContain('<a href="#">x</a>');
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
