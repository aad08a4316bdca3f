// Does a README excerpt appear in what a command printed or wrote? The excerpt's lines must appear
// exactly (trailing spaces and terminal colours aside), consecutively, in order; a line that is only
// `...` or `…` stands for any number of lines left out. Either end may be cut: it is an excerpt.
import { stripVTControlCharacters } from 'node:util';

export type ExcerptMatch = { readonly ok: true } | { readonly ok: false; readonly message: string };

const ELISION = /^\s*(\.\.\.|…)\s*$/;

const normalize = (text: string): string[] =>
  stripVTControlCharacters(text)
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((l) => l.trimEnd());

/** The excerpt's runs of shown lines, split at its elisions (each run with its index in the excerpt). */
function segments(lines: readonly string[]): { start: number; lines: string[] }[] {
  const out: { start: number; lines: string[] }[] = [];
  let current: { start: number; lines: string[] } | null = null;
  lines.forEach((l, i) => {
    if (ELISION.test(l)) current = null;
    else {
      if (current === null) out.push((current = { start: i, lines: [] }));
      current.lines.push(l.trimEnd());
    }
  });
  return out;
}

/** How many of `seg`'s lines match `actual` from `at` on. */
function matchedPrefix(actual: readonly string[], at: number, seg: readonly string[]): number {
  let n = 0;
  while (n < seg.length && actual[at + n] === seg[n]) n++;
  return n;
}

/** Finds every segment, each after the one before; on a miss says which excerpt line differs and from what. */
export function matchExcerpt(text: string, excerpt: readonly string[]): ExcerptMatch {
  const actual = normalize(text);
  let from = 0;
  for (const seg of segments(excerpt)) {
    let best = { at: -1, n: 0 };
    for (let at = from; at < actual.length; at++) {
      const n = matchedPrefix(actual, at, seg.lines);
      if (n === seg.lines.length) {
        best = { at, n };
        break;
      }
      if (n > best.n) best = { at, n };
    }
    if (best.n === seg.lines.length && best.at >= 0) {
      from = best.at + seg.lines.length;
      continue;
    }
    const wanted = seg.lines[best.n] ?? '';
    const where = best.at < 0 ? `no line of it after output line ${from}` : `output line ${best.at + best.n + 1} is ${JSON.stringify(actual[best.at + best.n] ?? '(end of output)')}`;
    return { ok: false, message: `excerpt line ${seg.start + best.n + 1} ${JSON.stringify(wanted)} not found: ${where}` };
  }
  return { ok: true };
}
