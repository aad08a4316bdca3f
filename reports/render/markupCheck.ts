// A minimal well-formedness checker for the markup reports emit (SVG as XML, pages as HTML): balanced tags,
// quoted attributes, valid entity references, no stray `<`, no forbidden characters. Used by tests, not a parser.

export type MarkupMode = 'xml' | 'html';

export interface MarkupReport {
  readonly ok: boolean;
  readonly errors: readonly string[];
  /** Element names in document order (open tags and self-closing tags). */
  readonly elements: readonly string[];
}

const VOID_HTML = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const RAW_TEXT_HTML = new Set(['style', 'script']);
const ENTITY = /^&(amp|lt|gt|quot|apos|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});/;
const NAME = /^[A-Za-z_][A-Za-z0-9:_.-]*/;
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
/** Errors collected before the checker stops (one is enough to fail; a few help debugging). */
const ERRORS_MAX = 20;

/** Checks `text`; in xml mode also requires exactly one root element. */
export function checkMarkup(text: string, mode: MarkupMode): MarkupReport {
  const errors: string[] = [];
  const elements: string[] = [];
  const stack: string[] = [];
  let roots = 0;
  let i = 0;
  if (FORBIDDEN.test(text)) errors.push('forbidden control character');
  while (i < text.length && errors.length < ERRORS_MAX) {
    const c = text[i];
    if (c === '&') {
      if (!ENTITY.test(text.slice(i, i + 12))) errors.push(`bad entity at ${i}: ${JSON.stringify(text.slice(i, i + 10))}`);
      i += 1;
    } else if (c === '<') {
      const step = markupToken(text, i, mode, stack, elements, errors);
      if (step.opened && stack.length === 1) roots += 1;
      if (step.selfClosedAtRoot) roots += 1;
      i = step.next;
    } else {
      if (stack.length === 0 && mode === 'xml' && c !== undefined && !/\s/.test(c)) errors.push(`text outside the root at ${i}`);
      i += 1;
    }
  }
  if (stack.length > 0) errors.push(`unclosed: ${stack.join(' > ')}`);
  if (mode === 'xml' && roots !== 1) errors.push(`expected one root element, found ${roots}`);
  return { ok: errors.length === 0, errors, elements };
}

interface TokenStep {
  readonly next: number;
  readonly opened: boolean;
  readonly selfClosedAtRoot: boolean;
}

function markupToken(text: string, i: number, mode: MarkupMode, stack: string[], elements: string[], errors: string[]): TokenStep {
  const none = (next: number): TokenStep => ({ next, opened: false, selfClosedAtRoot: false });
  if (text.startsWith('<!--', i)) {
    const end = text.indexOf('-->', i + 4);
    if (end === -1) errors.push('unclosed comment');
    return none(end === -1 ? text.length : end + 3);
  }
  if (text.startsWith('<?xml', i) || /^<!doctype\s/i.test(text.slice(i, i + 10))) {
    const end = text.indexOf('>', i);
    return none(end === -1 ? text.length : end + 1);
  }
  if (text[i + 1] === '/') {
    const m = /^<\/([A-Za-z_][A-Za-z0-9:_.-]*)\s*>/.exec(text.slice(i, i + 200));
    const top = stack.pop();
    if (m === null) errors.push(`bad closing tag at ${i}`);
    else if (top !== m[1]) errors.push(`</${m[1]}> closes <${top ?? 'nothing'}> at ${i}`);
    return none(m === null ? i + 2 : i + m[0].length);
  }
  const open = openTag(text, i, errors);
  if (open === null) return none(i + 1);
  elements.push(open.name);
  const isVoid = mode === 'html' && VOID_HTML.has(open.name.toLowerCase());
  if (open.selfClosing || isVoid) return { next: open.next, opened: false, selfClosedAtRoot: stack.length === 0 };
  if (mode === 'html' && RAW_TEXT_HTML.has(open.name.toLowerCase())) {
    const end = text.indexOf(`</${open.name}`, open.next);
    if (end === -1) errors.push(`unclosed <${open.name}>`);
    if (stack.length === 0) return { next: end === -1 ? text.length : text.indexOf('>', end) + 1, opened: false, selfClosedAtRoot: true };
    return none(end === -1 ? text.length : text.indexOf('>', end) + 1);
  }
  stack.push(open.name);
  return { next: open.next, opened: true, selfClosedAtRoot: false };
}

interface OpenTag {
  readonly name: string;
  readonly next: number;
  readonly selfClosing: boolean;
}

function openTag(text: string, i: number, errors: string[]): OpenTag | null {
  const name = NAME.exec(text.slice(i + 1, i + 100))?.[0];
  if (name === undefined) {
    errors.push(`stray '<' at ${i}`);
    return null;
  }
  let k = i + 1 + name.length;
  const seen = new Set<string>();
  for (;;) {
    const rest = text.slice(k, k + 4096);
    const end = /^\s*(\/?)>/.exec(rest);
    if (end !== null) return { name, next: k + end[0].length, selfClosing: end[1] === '/' };
    const attr = /^\s+([A-Za-z_:][-A-Za-z0-9_:.]*)="([^"<]*)"|^\s+([A-Za-z_:][-A-Za-z0-9_:.]*)='([^'<]*)'/.exec(rest);
    if (attr === null) {
      errors.push(`bad attribute in <${name}> at ${k}: ${JSON.stringify(rest.slice(0, 30))}`);
      const gt = text.indexOf('>', k);
      return { name, next: gt === -1 ? text.length : gt + 1, selfClosing: true };
    }
    const attrName = attr[1] ?? attr[3] ?? '';
    const value = attr[2] ?? attr[4] ?? '';
    if (seen.has(attrName)) errors.push(`duplicate attribute ${attrName} in <${name}>`);
    seen.add(attrName);
    for (let v = value.indexOf('&'); v !== -1; v = value.indexOf('&', v + 1)) {
      if (!ENTITY.test(value.slice(v, v + 12))) errors.push(`bad entity in attribute ${attrName} of <${name}>`);
    }
    k += attr[0].length;
  }
}

/** The text of `markup` with tags removed and the five XML entities decoded (for "value appears" checks). */
export function textContent(markup: string): string {
  return markup
    .replace(/<style[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}
