// What README.md shows a reader to type, read with markdown-it: every shell command (a fenced `sh`
// block's lines; an inline `npx sealroom …`, `npx tsx …` or `node …` span), every output excerpt
// and whose it is, every `sealroom …` synopsis or bare `--flag` named in prose, and every `npm` script.
// Annotations are HTML comments, visible in the source and nowhere else:
//   <!-- readme-test: skip (why) -->  the command (or name) before it on its line, or the fenced block after it, is not run (or not checked)
//   <!-- readme-test: exit N -->      the command before it (or the block after it) exits N, not 0
//   <!-- readme-test: output -->      the fenced block after it is an excerpt of the last command's output (stdout and stderr as a terminal shows them)
//   <!-- readme-test: file NAME -->   the fenced block after it is an excerpt of NAME in the last command's --out directory
// Anything else is refused with its line: an annotation that attaches to nothing, a fenced block that is
// neither shell nor a marked excerpt, an excerpt of a command that is not run.
import MarkdownIt from 'markdown-it';

export class ReadmeAnnotationError extends Error {
  override readonly name = 'ReadmeAnnotationError';
}

interface Excerpt {
  /** `output`: the command's terminal output; otherwise a file in its --out directory. */
  readonly source: { readonly kind: 'output' } | { readonly kind: 'file'; readonly name: string };
  readonly lines: readonly string[];
  /** 1-based line of the fence in the Markdown file. */
  readonly line: number;
}

export interface ShownCommand {
  readonly text: string;
  readonly line: number;
  /** Why it is not run (null: it is run). */
  readonly skip: string | null;
  readonly exit: number;
  readonly excerpts: readonly Excerpt[];
}

/** A `sealroom …` span (synopsis or prose) or a bare `--flag` span: its command must exist and its flags appear in --help. */
interface NamedCommand {
  readonly text: string;
  readonly line: number;
  readonly skip: string | null;
}

export interface ReadmeShows {
  readonly commands: readonly ShownCommand[];
  readonly named: readonly NamedCommand[];
  /** `npm …` spans: the script each names must exist in package.json. */
  readonly npm: readonly NamedCommand[];
}

type Directive = { kind: 'skip'; reason: string } | { kind: 'exit'; code: number } | { kind: 'output' } | { kind: 'file'; name: string };

const ANNOTATION = /<!--\s*readme-test:([\s\S]*?)-->/g;
const SHELL_INFO: ReadonlySet<string> = new Set(['sh', 'bash', 'shell', 'console']);
const RUN_PREFIX = /^(npx sealroom|npx tsx|node)\s/;
/** Placeholders make a span a synopsis (`npx sealroom <command>`, `exec:COMMAND`), not something to run. */
const PLACEHOLDER = /<[a-z-]+>|\[|\.\.\.|\||(^|[\s:"])(DIR|FILE|COMMAND|NAME)(?=$|[\s"])/;

function parseDirective(body: string, line: number): Directive {
  const text = body.trim();
  const skip = /^skip\s*\((.+)\)$/s.exec(text);
  if (skip !== null) return { kind: 'skip', reason: (skip[1] as string).replace(/\s+/g, ' ').trim() };
  const exit = /^exit\s+(\d)$/.exec(text);
  if (exit !== null) return { kind: 'exit', code: Number(exit[1]) };
  if (text === 'output') return { kind: 'output' };
  const file = /^file\s+(\S+)$/.exec(text);
  if (file !== null) return { kind: 'file', name: file[1] as string };
  throw new ReadmeAnnotationError(`README.md:${line}: unknown annotation "${text}" (skip (why), exit N, output or file NAME)`);
}

function directivesIn(html: string, line: number): Directive[] {
  return [...html.matchAll(ANNOTATION)].map((m) => parseDirective(m[1] as string, line));
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends readonly (infer U)[] ? U[] : T[K] };
type Item = { kind: 'run'; value: Mutable<ShownCommand> } | { kind: 'named' | 'npm'; value: Mutable<NamedCommand> };

/** Applies an inline annotation to the item it follows. */
function annotate(item: Item | undefined, d: Directive, line: number): void {
  if (item === undefined) throw new ReadmeAnnotationError(`README.md:${line}: an annotation that follows no command on its line`);
  if (d.kind === 'skip') {
    if (item.value.skip !== null) throw new ReadmeAnnotationError(`README.md:${line}: \`${item.value.text}\` is marked skip twice`);
    item.value.skip = d.reason;
  } else if (d.kind === 'exit' && item.kind === 'run') item.value.exit = d.code;
  else throw new ReadmeAnnotationError(`README.md:${line}: "${d.kind}" does not apply to \`${item.value.text}\``);
}

function classify(text: string, line: number): Item | null {
  if (RUN_PREFIX.test(text) && !PLACEHOLDER.test(text)) return { kind: 'run', value: { text, line, skip: null, exit: 0, excerpts: [] } };
  if (/^(sealroom|npx sealroom|npx tsx cli\/main\.ts)(\s|$)/.test(text) || /^--[a-z]/.test(text)) return { kind: 'named', value: { text, line, skip: null } };
  if (/^npm\s+[a-z]/.test(text)) return { kind: 'npm', value: { text, line, skip: null } };
  return null;
}

/** Code spans and inline annotations of one inline token, in order. */
function inlineItems(children: readonly { type: string; content: string }[], line: number, items: Item[]): void {
  let last: Item | undefined;
  for (const c of children) {
    if (c.type === 'code_inline') {
      const item = classify(c.content.trim(), line);
      if (item !== null) items.push(item);
      last = item ?? undefined;
    } else if (c.type === 'html_inline' && c.content.includes('readme-test:')) {
      for (const d of directivesIn(c.content, line)) annotate(last, d, line);
    } else if (!(c.type === 'text' && c.content.trim() === '')) last = undefined;
  }
}

function fenceCommands(content: string, line: number): Item[] {
  return content
    .split('\n')
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((text) => ({ kind: 'run', value: { text, line, skip: null, exit: 0, excerpts: [] } }));
}

function applyToFence(pending: Directive[], content: string, info: string, line: number, items: Item[]): void {
  const excerpt = pending.filter((d) => d.kind === 'output' || d.kind === 'file');
  if (SHELL_INFO.has(info)) {
    if (excerpt.length > 0) throw new ReadmeAnnotationError(`README.md:${line}: an excerpt annotation on a shell block`);
    const commands = fenceCommands(content, line);
    for (const d of pending) for (const c of commands) annotate(c, d, line);
    items.push(...commands);
    return;
  }
  if (excerpt.length !== 1 || pending.length !== 1) {
    throw new ReadmeAnnotationError(`README.md:${line}: a fenced block that is neither \`sh\` nor one marked excerpt (<!-- readme-test: output --> or file NAME)`);
  }
  const owner = [...items].reverse().find((i) => i.kind === 'run');
  if (owner === undefined || owner.kind !== 'run') throw new ReadmeAnnotationError(`README.md:${line}: an excerpt before any command`);
  if (owner.value.skip !== null) throw new ReadmeAnnotationError(`README.md:${line}: an excerpt of \`${owner.value.text}\`, which is not run, would go unchecked`);
  const d = excerpt[0] as Directive;
  const lines = content.replace(/\n$/, '').split('\n');
  owner.value.excerpts.push({ source: d.kind === 'file' ? { kind: 'file', name: d.name } : { kind: 'output' }, lines, line });
}

/** Everything README-like `markdown` shows, with its annotations applied. */
export function readmeShows(markdown: string): ReadmeShows {
  const tokens = new MarkdownIt({ html: true }).parse(markdown, {});
  const items: Item[] = [];
  let pending: Directive[] = [];
  let pendingLine = 0;
  let line = 1;
  for (const t of tokens) {
    if (t.map !== null) line = t.map[0] + 1;
    if (pending.length > 0 && t.type !== 'fence' && t.type !== 'html_block') {
      throw new ReadmeAnnotationError(`README.md:${pendingLine}: an annotation on its own line must stand just before a fenced block`);
    }
    if (t.type === 'html_block' && t.content.includes('readme-test:')) {
      pending = [...pending, ...directivesIn(t.content, line)];
      pendingLine = line;
    } else if (t.type === 'fence') {
      applyToFence(pending, t.content, t.info.trim(), line, items);
      pending = [];
    } else if (t.type === 'inline') inlineItems(t.children ?? [], line, items);
  }
  if (pending.length > 0) throw new ReadmeAnnotationError(`README.md:${pendingLine}: an annotation at the end with no block after it`);
  return {
    commands: items.flatMap((i) => (i.kind === 'run' ? [i.value] : [])),
    named: items.flatMap((i) => (i.kind === 'named' ? [i.value] : [])),
    npm: items.flatMap((i) => (i.kind === 'npm' ? [i.value] : [])),
  };
}
