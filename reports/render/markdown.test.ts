// Markdown writers: table alignment and escaping (| and newlines), headings, lists, code fences.

import { describe, expect, test } from 'vitest';
import { fc, test as propTest } from '@fast-check/vitest';
import { code, codeBlock, document, escapeMarkdown, heading, link, list, neutraliseHtml, shiftHeadings, table } from './markdown.ts';
import { markdownToHtml } from './markdownToHtml.ts';
import { textContent } from './markupCheck.ts';

describe('markdown', () => {
  test('table: header, alignment row, padded cells', () => {
    const md = table([{ label: 'property' }, { label: 'runs', align: 'right' }, { label: 'verdict', align: 'center' }], [['SEC-FS', 200, 'pass']]);
    expect(md.split('\n')).toEqual(['| property | runs | verdict |', '| -------- | ---: | :-----: |', '| SEC-FS   |  200 |  pass   |']);
  });

  test('table cells escape pipes and turn newlines into <br>', () => {
    const md = table([{ label: 'a|b' }], [['x|y\nz'], [null]]);
    const lines = md.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toContain('a\\|b');
    expect(lines[2]).toContain('x\\|y<br>z');
    expect(lines[3]).toContain('–');
  });

  test('hostile text is escaped: no raw HTML, no accidental structure', () => {
    expect(escapeMarkdown('<script>alert(1)</script>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(escapeMarkdown('"&amp;')).toBe('"&amp;amp;');
    expect(escapeMarkdown('# not a heading')).toBe('\\# not a heading');
    expect(escapeMarkdown('1. not a list')).toBe('1\\. not a list');
    expect(heading(2, 'a\nb')).toBe('## a b');
    expect(heading(9, 'x')).toBe('###### x');
  });

  test('lists nest, links and code are raw Markdown', () => {
    expect(list(['a', { item: 'b', children: ['c'] }])).toBe('- a\n- b\n  - c');
    expect(list(['x', 'y'], true)).toBe('1. x\n2. y');
    expect(link('report (html)', 'my report.html').md).toBe('[report (html)](my%20report.html)');
    expect(code('a`b').md).toBe('``a`b``');
    expect(codeBlock('```\nx', 'ts')).toBe('````ts\n```\nx\n````');
  });

  test('document joins blocks with blank lines and one final newline', () => {
    expect(document(['# a', '', 'b\n\n'])).toBe('# a\n\nb\n');
  });

  test('shiftHeadings moves headings down but not inside code fences', () => {
    expect(shiftHeadings('# a\n```\n# b\n```\n## c', 2)).toBe('### a\n```\n# b\n```\n#### c');
  });

  test('neutraliseHtml makes raw HTML text but leaves code alone', () => {
    expect(neutraliseHtml('a <script> `x<y` b<br>c\n```\n<raw>\n```')).toBe('a &lt;script> `x<y` b<br>c\n```\n<raw>\n```');
  });

  propTest.prop([fc.string({ unit: 'grapheme', maxLength: 60 })])('escaped text reads back as the same text through the HTML converter', (s) => {
    const oneLine = s
      .replace(/[\r\n]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    const html = markdownToHtml(escapeMarkdown(oneLine));
    const back = textContent(html).replace(/\s+/g, ' ').trim();
    expect(back).toBe(oneLine.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '\uFFFD'));
  });
});
