// README.md's generated performance block (section "Performance"): which saved runs it reads and the
// machine they ran on, the comparison table with each row's figure per run and its target marks, and
// the sizes paragraph. A pure function of the saved runs (scripts/readme/benchHistory.ts).
import type { BenchResults } from '../../bench/harness/results.ts';
import type { SuiteName } from '../../bench/harness/types.ts';
import { BenchHistoryError, type HistorySession, type SavedRun } from './benchHistory.ts';
import { distinct, sizesParagraph, TABLE_ROWS, type TableRow, wrap } from './performanceRows.ts';

/** The readme test runs no bench: each command this block names says so (test/readme/readmeCommands.ts). */
const SKIP_BENCH = '<!-- readme-test: skip (a bench run: minutes, and figures of the machine it runs on) -->';

const SUITE_ORDER: readonly SuiteName[] = ['primitives', 'protocol', 'group', 'peers', 'world', 'storage'];

/** The command that makes a run like this one: its mode and the suites its cases came from. */
function commandOf(r: BenchResults): string {
  const suites = new Set(r.cases.map((c) => c.suite));
  const named = SUITE_ORDER.filter((s) => suites.has(s));
  return `npx sealroom bench${r.mode === 'quick' ? ' --quick' : ''} --json --suite ${named.join(' ')}`;
}

function machineOf(r: BenchResults): string {
  const m = r.machine;
  return `${m.cpuModel}, ${m.cores} vCPUs, ${Math.round(m.memoryBytes / 2 ** 30)} GiB, Node ${m.node}, OpenSSL ${m.openssl}`;
}

const code = (s: string): string => `\`${s}\``;

/** `2026-12-04T21:25:49.964Z` → `2026-12-04 21:25 UTC`. */
const minute = (iso: string): string => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

function introParagraph(session: HistorySession): string {
  const byCommand = new Map<string, string[]>();
  for (const run of session.runs) {
    const cmd = commandOf(run.results);
    byCommand.set(cmd, [...(byCommand.get(cmd) ?? []), run.file]);
  }
  const machines = distinct(session.runs.map((r) => machineOf(r.results)));
  const machine = machines.length === 1 ? machines[0] : session.runs.map((r) => `${r.file}: ${machineOf(r.results)}`).join('; ');
  const times = distinct(session.runs.map((r) => minute(r.results.finishedAt)).sort());
  const [first = '', last = first] = [times[0], times.at(-1)];
  const when = first === last ? first : first.slice(0, 10) === last.slice(0, 10) ? `${first.slice(0, 16)} to ${last.slice(11)}` : `${first} to ${last}`;
  return [
    wrap(`Figures from the runs saved in ${code(`${session.folder}/`)} (finished ${when}) on one shared machine: ${machine} (${code('bench/history/README.md')} says under what load).`),
    ...[...byCommand].map(([cmd, files]) => `- ${files.map(code).join(', ')}: ${code(cmd)} ${SKIP_BENCH}`),
    '',
    wrap(
      'Each row shows one figure per run that measured it, in the order above, separated by semicolons (and a target mark per run where the runs disagree); ratios move by tens of percent with machine load.',
    ),
  ].join('\n');
}

type RunStatus = 'hold' | 'miss' | 'unmeasured';

function rowStatus(row: TableRow, run: SavedRun): { status: RunStatus; max: number } {
  const results = row.targets.map((id) => {
    const t = run.results.targets?.find((x) => x.id === id);
    if (t === undefined) throw new BenchHistoryError(`${run.file}: row "${row.label}" is measured but target ${id} was not evaluated`);
    return t;
  });
  const maxes = distinct(results.map((t) => String(t.max)));
  if (maxes.length !== 1) throw new BenchHistoryError(`${run.file}: the targets of row "${row.label}" have different limits (${maxes.join(', ')})`);
  const status: RunStatus = results.some((t) => t.status === 'miss') ? 'miss' : results.every((t) => t.status === 'hold') ? 'hold' : 'unmeasured';
  return { status, max: results[0]?.max ?? Number.NaN };
}

const MARK: Readonly<Record<RunStatus, string>> = { hold: '✓', miss: '✗', unmeasured: 'not evaluated' };

function tableLine(row: TableRow, session: HistorySession): string {
  const measured = session.runs.flatMap((run) => {
    const figure = row.figure(run.results);
    return figure === null ? [] : [{ run, figure }];
  });
  if (measured.length === 0) throw new BenchHistoryError(`${session.folder}: no saved run measured row "${row.label}"`);
  const figures = measured.map((m) => m.figure);
  const suffix = row.suffix?.(measured.map((m) => m.run.results)) ?? '';
  const shown = `${(row.deterministic === true ? distinct(figures) : figures).join('; ')}${suffix}`;
  const statuses = measured.map((m) => rowStatus(row, m.run));
  const limits = distinct(statuses.map((s) => (row.limit ?? String)(s.max)));
  if (limits.length !== 1) throw new BenchHistoryError(`${session.folder}: row "${row.label}" has different target limits across runs (${limits.join(', ')})`);
  const marks = distinct(statuses.map((s) => MARK[s.status])).length === 1 ? MARK[statuses[0]?.status ?? 'unmeasured'] : statuses.map((s) => MARK[s.status]).join(' ');
  const note = row.note === undefined ? '' : ` (${row.note})`;
  return `| ${row.label} | ${shown} | ≤ ${limits[0]} ${marks}${note} |`;
}

/** The whole block between README.md's performance markers, ending in a newline. */
export function renderPerformanceBlock(session: HistorySession): string {
  const table = ['| comparison | measured (one figure per run) | target (`bench/targets.json`) |', '| --- | ---: | ---: |', ...TABLE_ROWS.map((row) => tableLine(row, session))];
  return `${[introParagraph(session), '', ...table, '', sizesParagraph(session.runs.map((r) => r.results))].join('\n')}\n`;
}
