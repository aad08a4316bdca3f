// Plain-text tables for the terminal through cli-table3: no borders, two spaces between columns, no
// colour codes (the output goes to logs and pipes as well as terminals), widths measured in terminal
// cells (so ✓, — and wide characters align), nothing truncated. Pure: rows in, lines out.

import Table from 'cli-table3';

export interface TerminalColumn {
  readonly label: string;
  readonly align?: 'left' | 'right';
}

const BORDERLESS = {
  top: '',
  'top-mid': '',
  'top-left': '',
  'top-right': '',
  bottom: '',
  'bottom-mid': '',
  'bottom-left': '',
  'bottom-right': '',
  left: '',
  'left-mid': '',
  mid: '',
  'mid-mid': '',
  right: '',
  'right-mid': '',
  middle: '  ',
} as const;

/** One string per line: the header (unless `header: false`), then one line per row, in order, trailing spaces removed. */
export function terminalTableLines(columns: readonly TerminalColumn[], rows: readonly (readonly string[])[], options: { readonly header?: boolean } = {}): string[] {
  if (columns.length === 0) return [];
  const header = options.header ?? true;
  const table = new Table({
    ...(header ? { head: columns.map((c) => c.label) } : {}),
    chars: BORDERLESS,
    colAligns: columns.map((c) => c.align ?? 'left'),
    style: { head: [], border: [], compact: true, 'padding-left': 0, 'padding-right': 0 },
  });
  // One line per row: a cell never holds a line break (it would split its row across lines).
  for (const row of rows) table.push(columns.map((_, i) => (row[i] ?? '').replace(/\r?\n/g, ' ')));
  if (rows.length === 0 && !header) return [];
  return table
    .toString()
    .split('\n')
    .map((line) => line.replace(/\s+$/, ''));
}

/** The table as text, each line ending in a newline; `indent` starts every line. */
export function terminalTable(columns: readonly TerminalColumn[], rows: readonly (readonly string[])[], options: { readonly header?: boolean; readonly indent?: string } = {}): string {
  const indent = options.indent ?? '';
  return terminalTableLines(columns, rows, options)
    .map((line) => `${indent}${line}\n`)
    .join('');
}
