// The reliability page: what the mutation fuzzer (reliabilityFuzz.ts, 1:1 and group paths) fed the
// receive and load paths and how each ended — inputs tried, acceptances, refusals, crashes, state
// changes on refusal, decoded values that did not encode back — and, when the caller ran them, the
// crash-injection figures (sim/storage/crashInjection.ts: kills, files searched, deleted bytes found,
// acknowledged writes lost, the negative control) and the soak run (reliabilitySoak.ts: days,
// messages, faults, every property's verdict). Pure: figures in, bundle out.
import { PROPERTY_IDS } from '../../scenarios/types.ts';
import type { CrashFigures } from '../../sim/storage/crashInjection.ts';
import { BUNDLE_FORMAT, BUNDLE_VERSION, type BundleCell, type BundleSection, type ReportBundle } from '../render/bundle.ts';
import type { FuzzFigures } from './reliabilityFuzzKit.ts';
import type { SoakFigures } from './reliabilitySoak.ts';

/** A crash-injection run with its negative control: a configuration that must leave deleted bytes, and how many it left. */
export interface CrashSection {
  readonly figures: CrashFigures;
  readonly control?: { readonly config: string; readonly deletedBytesFound: number };
}

export interface ReliabilityInput {
  readonly seed: string;
  readonly budget: number;
  readonly crash?: CrashSection;
  readonly soak?: SoakFigures;
}

function total(figures: readonly FuzzFigures[], field: 'tried' | 'crashes' | 'stateChangesOnRefusal' | 'nonCanonical'): number {
  return figures.reduce((n, f) => n + f[field], 0);
}

/** Crash-injection findings: deleted bytes, residue, lost writes, missed kill points, and a control that found nothing. */
function crashProblems(c: CrashSection): number {
  const f = c.figures;
  return f.deletedBytesFound + f.residueAfterRecovery + f.acknowledgedLost + f.missedKillPoints + (c.control !== undefined && c.control.deletedBytesFound === 0 ? 1 : 0);
}

/** Every problem the page reports: fuzzer crashes and violations, crash-injection findings, failed soak properties. */
export function reliabilityProblems(figures: readonly FuzzFigures[], o: Omit<ReliabilityInput, 'seed' | 'budget'>): number {
  const fuzz = total(figures, 'crashes') + total(figures, 'stateChangesOnRefusal') + total(figures, 'nonCanonical');
  return fuzz + (o.crash === undefined ? 0 : crashProblems(o.crash)) + (o.soak?.failures.length ?? 0);
}

function verdict(figures: readonly FuzzFigures[], o: ReliabilityInput): string {
  const problems = reliabilityProblems(figures, o);
  if (problems > 0) return `**${problems} problem(s) found** — see the first problem of each row.`;
  const parts = ['no crash, no state change on refusal, no lossy decode'];
  if (o.crash !== undefined) parts.push('no deleted byte found and no acknowledged write lost');
  if (o.soak !== undefined) parts.push(`no property failed over ${o.soak.days} simulated days`);
  const text = parts.join('; ');
  return `**${text.charAt(0).toUpperCase()}${text.slice(1)}**.`;
}

function fuzzTable(id: string, title: string, figures: readonly FuzzFigures[]): BundleSection {
  return {
    kind: 'table',
    id,
    title,
    columns: [
      { label: 'Path' },
      { label: 'Tried', align: 'right' },
      { label: 'Accepted', align: 'right' },
      { label: 'Refused', align: 'right' },
      { label: 'Crashes', align: 'right' },
      { label: 'State changes on refusal', align: 'right' },
      { label: 'Lossy decodes', align: 'right' },
      { label: 'First problem' },
    ],
    rows: figures.map((f): BundleCell[] => [f.target, f.tried, f.accepted, f.refused, f.crashes, f.stateChangesOnRefusal, f.nonCanonical, f.firstProblem === '' ? '—' : f.firstProblem]),
  };
}

function figureTable(id: string, title: string, rows: readonly (readonly [string, BundleCell])[]): BundleSection {
  return { kind: 'table', id, title, columns: [{ label: 'Figure' }, { label: 'Value', align: 'right' }], rows: rows.map(([a, b]): BundleCell[] => [a, b]) };
}

function crashSection(c: CrashSection): BundleSection {
  const f = c.figures;
  return figureTable('crash-injection', 'Crash injection', [
    ['process kills (SIGKILL at named points and at instants)', f.kills],
    ['named kill points tried', f.killPointsTried],
    ['store files searched after the kills', f.filesSearched],
    ['acknowledged deletes found in a file of the store', f.deletedBytesFound],
    ['versions not live found after recovery', f.residueAfterRecovery],
    ['acknowledged writes lost', f.acknowledgedLost],
    ['kill points never reached', f.missedKillPoints],
    ...(c.control === undefined ? [] : [[`negative control (${c.control.config}): deleted bytes found, must be more than 0`, c.control.deletedBytesFound] as const]),
    ['first problem', f.firstProblem === '' ? '—' : f.firstProblem],
  ]);
}

function soakSections(s: SoakFigures): BundleSection[] {
  const mib = (b: number) => `${(b / 1024 / 1024).toFixed(0)} MiB`;
  return [
    figureTable('soak', `Soak: ${s.days} simulated days under faults`, [
      ['seed', String(s.seed)],
      ['simulated days', s.days],
      ['timeline actions', s.actions],
      ['messages sent', s.messages],
      ['acceptances', s.acceptances],
      ['copies dropped by the network', s.faults.dropped],
      ['copies dropped by a partition', s.faults.partitionDropped],
      ['copies duplicated', s.faults.duplicated],
      ['copies reordered', s.faults.reordered],
      ['offline periods', s.faults.offlinePeriods],
      ['partitions', s.faults.partitions],
      ['phone seizures (before the end-of-run seizures)', s.faults.phoneSeizures],
      ['server seizures (before the end-of-run seizure)', s.faults.serverSeizures],
      ['phone rollbacks', s.faults.rollbacks],
      ['trace hash', s.traceHash],
      ['peak resident memory of the process', mib(s.peakRssBytes)],
    ]),
    {
      kind: 'table',
      id: 'soak-verdicts',
      title: 'Soak verdicts',
      columns: [{ label: 'Property' }, { label: 'Verdict' }, { label: 'First violation' }],
      rows: PROPERTY_IDS.map((id): BundleCell[] => [id, s.verdicts[id], s.failures.find((f) => f.property === id)?.violation ?? '—']),
    },
  ];
}

export function reliabilityBundle(figures: readonly FuzzFigures[], o: ReliabilityInput): ReportBundle {
  const pairwise = figures.filter((f) => f.family === 'pairwise');
  const group = figures.filter((f) => f.family === 'group');
  return {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    title: 'Reliability',
    subtitle: `${total(figures, 'tried')} mutated inputs over ${figures.length} receive and load paths${o.crash === undefined ? '' : `, ${o.crash.figures.kills} process kills`}${o.soak === undefined ? '' : `, a ${o.soak.days}-day soak`}`,
    summary: [
      verdict(figures, o),
      '',
      'Real messages and stored states, captured from two phones talking and from a group room (the welcome, a sender key and a removal carried over 1:1 sessions, a sender-key group message, the room state), are mutated (bit flips, overwrites, cuts, inserts, drops, repeated slices) and fed to the code that receives or loads them. Every input must be accepted or refused with a `ProtocolError`; a refusal must leave the receiving device byte for byte unchanged (SEC-INTEGRITY); a decoded stored value must encode back to its bytes (docs/conventions.md §8).',
      ...(o.crash === undefined
        ? ['', 'Crash injection was not part of this run: `npx vitest run sim/storage/crash.test.ts` kills a writer at every named point and searches every file of the store (sim/storage/README.md).']
        : [
            '',
            'Crash injection: a child process writing the SQLite store is killed with SIGKILL at each named point of a write; every file of the store is then searched for the bytes of every acknowledged delete, and the reopened store must hold every acknowledged write (sim/storage/README.md).',
          ]),
      ...(o.soak === undefined
        ? []
        : [
            '',
            `Soak: one ${o.soak.days}-day run of the campaigns' motifs on a network that drops, duplicates and reorders, every property judged over the whole log (\`sealroom soak --days N\` runs a longer one; docs/reliability.md).`,
          ]),
    ].join('\n'),
    meta: [
      { label: 'seed', value: o.seed },
      { label: 'inputs per path', value: String(o.budget) },
    ],
    sections: [
      fuzzTable('fuzzer', 'Mutation fuzzer: 1:1 paths', pairwise),
      ...(group.length === 0 ? [] : [fuzzTable('group-fuzzer', 'Mutation fuzzer: group paths', group)]),
      ...(o.crash === undefined ? [] : [crashSection(o.crash)]),
      ...(o.soak === undefined ? [] : soakSections(o.soak)),
    ],
  };
}
