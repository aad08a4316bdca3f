// A generated block of a Markdown file: the lines between `<!-- generated: NAME -->` and
// `<!-- /generated -->`, written by a script and never by hand (README.md, "Performance"). Reading
// and replacing it; a missing, doubled or unclosed block is a typed error, never a silent append.

export class GeneratedBlockError extends Error {
  override readonly name = 'GeneratedBlockError';
}

const openMarker = (name: string): string => `<!-- generated: ${name} -->`;
const CLOSE_MARKER = '<!-- /generated -->';

interface BlockSpan {
  /** Index of the opening marker's line. */
  readonly open: number;
  /** Index of the closing marker's line. */
  readonly close: number;
}

function findBlock(lines: readonly string[], name: string, file: string): BlockSpan {
  const opens = lines.flatMap((l, i) => (l.trim() === openMarker(name) ? [i] : []));
  if (opens.length === 0) throw new GeneratedBlockError(`${file}: no line ${openMarker(name)}`);
  if (opens.length > 1) throw new GeneratedBlockError(`${file}: ${openMarker(name)} appears ${opens.length} times (lines ${opens.map((i) => i + 1).join(', ')})`);
  const open = opens[0] as number;
  const close = lines.findIndex((l, i) => i > open && l.trim() === CLOSE_MARKER);
  if (close < 0) throw new GeneratedBlockError(`${file}:${open + 1}: ${openMarker(name)} is never closed by ${CLOSE_MARKER}`);
  const nested = lines.findIndex((l, i) => i > open && i < close && l.trim().startsWith('<!-- generated:'));
  if (nested >= 0) throw new GeneratedBlockError(`${file}:${nested + 1}: a generated block opens inside ${openMarker(name)}`);
  return { open, close };
}

/** The block's content, without its markers, as one string ending in a newline (empty block: ''). */
export function readGeneratedBlock(markdown: string, name: string, file = 'README.md'): string {
  const lines = markdown.split('\n');
  const { open, close } = findBlock(lines, name, file);
  const inner = lines.slice(open + 1, close);
  return inner.length === 0 ? '' : `${inner.join('\n')}\n`;
}

/** `markdown` with the block's content replaced by `content` (which must end in a newline), markers kept. */
export function replaceGeneratedBlock(markdown: string, name: string, content: string, file = 'README.md'): string {
  if (content !== '' && !content.endsWith('\n')) throw new GeneratedBlockError('generated content must end in a newline');
  if (content.includes('<!-- generated:') || content.includes(CLOSE_MARKER)) throw new GeneratedBlockError('generated content must not hold block markers');
  const lines = markdown.split('\n');
  const { open, close } = findBlock(lines, name, file);
  const inner = content === '' ? [] : content.slice(0, -1).split('\n');
  return [...lines.slice(0, open + 1), ...inner, ...lines.slice(close)].join('\n');
}
