// The reliability page: what the mutation fuzzer (reliabilityFuzz.ts) fed the receive and load paths
// and how each ended — inputs tried, acceptances, refusals, crashes, state changes on refusal,
// decoded values that did not encode back — and, when the caller ran them, the crash-injection
// figures of sim/storage/crash.test.ts (kills, deleted bytes found, acknowledged writes lost).
// Pure: figures in, bundle out.
import { BUNDLE_FORMAT, BUNDLE_VERSION, type BundleCell, type ReportBundle } from '../render/bundle.ts';
import type { FuzzFigures } from './reliabilityFuzz.ts';

/** What a crash-injection run found (sim/storage/README.md "What is tested"). */
export interface CrashFigures {
  readonly kills: number;
  /** Acknowledged deletes whose bytes were found in a file of the store afterwards. */
  readonly deletedBytesFound: number;
  /** Acknowledged writes missing after reopening. */
  readonly acknowledgedLost: number;
}

function total(figures: readonly FuzzFigures[], field: 'tried' | 'crashes' | 'stateChangesOnRefusal' | 'nonCanonical'): number {
  return figures.reduce((n, f) => n + f[field], 0);
}

function verdict(figures: readonly FuzzFigures[], crash: CrashFigures | undefined): string {
  const problems = total(figures, 'crashes') + total(figures, 'stateChangesOnRefusal') + total(figures, 'nonCanonical') + (crash === undefined ? 0 : crash.deletedBytesFound + crash.acknowledgedLost);
  return problems === 0
    ? `**No crash, no state change on refusal, no lossy decode${crash === undefined ? '' : ', no deleted byte found and no acknowledged write lost'}**.`
    : `**${problems} problem(s) found** — see the first problem of each row.`;
}

export function reliabilityBundle(figures: readonly FuzzFigures[], o: { readonly seed: string; readonly budget: number; readonly crash?: CrashFigures }): ReportBundle {
  const crashRows: BundleCell[][] =
    o.crash === undefined
      ? []
      : [
          ['process kills (SIGKILL at named points and at random instants)', o.crash.kills],
          ['acknowledged deletes found in a file of the store', o.crash.deletedBytesFound],
          ['acknowledged writes lost', o.crash.acknowledgedLost],
        ];
  return {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    title: 'Reliability',
    subtitle: `${total(figures, 'tried')} mutated inputs over ${figures.length} receive and load paths`,
    summary: [
      verdict(figures, o.crash),
      '',
      'Real messages and stored states, captured from two phones talking, are mutated (bit flips, overwrites, cuts, inserts, drops, repeated slices) and fed to the code that receives or loads them. Every input must be accepted or refused with a `ProtocolError`; a refused 1:1 message must leave the receiver byte for byte unchanged (SEC-INTEGRITY); a decoded stored value must encode back to its bytes (docs/conventions.md §8).',
      ...(o.crash === undefined
        ? ['', 'Crash injection was not part of this run: `npx vitest run sim/storage/crash.test.ts` kills a writer at every named point and searches every file of the store (sim/storage/README.md).']
        : []),
    ].join('\n'),
    meta: [
      { label: 'seed', value: o.seed },
      { label: 'inputs per path', value: String(o.budget) },
    ],
    sections: [
      {
        kind: 'table',
        id: 'fuzzer',
        title: 'Mutation fuzzer',
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
      },
      ...(crashRows.length === 0
        ? []
        : [{ kind: 'table' as const, id: 'crash-injection', title: 'Crash injection', columns: [{ label: 'Figure' }, { label: 'Count', align: 'right' as const }], rows: crashRows }]),
    ],
  };
}
