// The markup checker must itself fail on broken markup, or the "never malformed" properties prove nothing.

import { describe, expect, test } from 'vitest';
import { checkMarkup, textContent } from './markupCheck.ts';

describe('checkMarkup', () => {
  test('accepts well-formed XML and HTML', () => {
    expect(checkMarkup('<svg a="1"><g><rect/></g><text>a &amp; b &#39; &#x1F600;</text></svg>', 'xml').ok).toBe(true);
    expect(checkMarkup('<!DOCTYPE html><html><head><meta charset="utf-8"><style>a>b{}</style></head><body><br><p>x</p></body></html>', 'html').ok).toBe(true);
  });

  test.each([
    ['unclosed element', '<svg><g></svg>'],
    ['wrong closing order', '<svg><a><b></a></b></svg>'],
    ['stray <', '<svg>1 < 2</svg>'],
    ['bare &', '<svg>a & b</svg>'],
    ['unknown entity', '<svg>&nbsp;</svg>'],
    ['unquoted attribute', '<svg a=1></svg>'],
    ['raw quote breaking an attribute', '<svg a="x"y"></svg>'],
    ['duplicate attribute', '<svg a="1" a="2"></svg>'],
    ['two roots', '<svg></svg><svg></svg>'],
    ['text outside the root', '<svg></svg>x'],
    ['control character', '<svg>\u0001</svg>'],
    ['< inside attribute', '<svg a="<"></svg>'],
  ])('rejects %s', (_name, markup) => {
    expect(checkMarkup(markup, 'xml').ok).toBe(false);
  });

  test('html mode still requires non-void elements to close', () => {
    expect(checkMarkup('<html><body><p>x</body></html>', 'html').ok).toBe(false);
  });

  test('textContent strips tags and decodes the basic entities', () => {
    expect(textContent('<p>a &lt;b&gt; &amp; &quot;c&quot;</p>')).toContain('a <b> & "c"');
  });
});
