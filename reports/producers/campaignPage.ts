// The property-campaign page of `sealroom run`, `sealroom check` and `sealroom merge`: per property, how
// many generated worlds were judged, whether the promise held, how often the rare situations came up
// (coverage gates, over the whole campaign once merged), and for a failure the counterexample file and
// the command that replays it. Pure: results in, bundle out.
import type { CheckJson } from '../../properties/checkReport.ts';
import { shortfallOf } from '../../properties/checkReport.ts';
import { BUNDLE_FORMAT, BUNDLE_VERSION, type BundleCell, type BundleSection, type ReportBundle } from '../render/bundle.ts';
import type { RunSummary } from './runSummary.ts';
import { timelineSpec } from './timelineSpec.ts';

/** The part of properties/campaignRun.ts's CampaignResult this page shows (structurally compatible). */
export interface CampaignRow {
  readonly property: string;
  readonly status: 'pass' | 'fail';
  readonly runs: number;
  /** A number while exact, else the decimal string of a 64-bit seed (properties/checkReport.ts). */
  readonly seed: number | string;
  readonly reason: 'counterexample' | 'coverage' | null;
  readonly coverage: readonly { readonly situation: string; readonly hits: number; readonly runs: number; readonly minShare: number; readonly met: boolean }[];
  readonly shortfall: readonly string[];
  readonly counterexample: {
    readonly scenarioFile: string | null;
    readonly replay: string;
    readonly violations: readonly string[];
    /** fast-check path of the failing run, when known. */
    readonly path?: string;
    /** Set when the run threw: a bug in sealroom, not a verdict. */
    readonly crash?: string | null;
  } | null;
}

export const CAMPAIGN_PAGE_NAME = 'campaign';

function coverageText(r: CampaignRow): string {
  if (r.coverage.length === 0) return '—';
  return r.coverage.map((c) => `${c.met ? '' : '✗ '}${c.situation}: ${c.hits}/${c.runs} (needs ${Math.round(c.minShare * 100)}%)`).join('; ');
}

function failureCell(r: CampaignRow, link: (file: string) => string | null): BundleCell {
  if (r.status === 'pass') return '—';
  const cx = r.counterexample;
  if (cx === null) return `coverage too low: ${r.shortfall.join('; ')}`;
  const href = cx.scenarioFile === null ? null : link(cx.scenarioFile);
  const first = cx.violations[0] ?? 'violated';
  return href === null ? `${first} — replay: ${cx.replay}` : { text: `${first} (counterexample file)`, href };
}

export interface CounterexampleTimeline {
  readonly property: string;
  /** The counterexample scenario's run; a string says why it could not be drawn. */
  readonly run: RunSummary | string;
}

/** A chart section per counterexample: its shrunk world as a timeline, under the command that replays it. */
function timelineSections(rows: readonly CampaignRow[], timelines: readonly CounterexampleTimeline[]): BundleSection[] {
  return timelines.flatMap((t): BundleSection[] => {
    const replay = rows.find((r) => r.property === t.property)?.counterexample?.replay ?? '—';
    if (typeof t.run === 'string')
      return [{ kind: 'markdown', id: `timeline-${t.property.toLowerCase()}`, title: `Counterexample of ${t.property}`, markdown: `Not drawn: ${t.run}.\n\nReplay: \`${replay}\`` }];
    const failing = t.run.judgements.find((j) => j.property === t.property);
    const why = failing?.violations[0] ?? 'violated';
    return [
      {
        kind: 'chart',
        id: `timeline-${t.property.toLowerCase()}`,
        title: `Counterexample of ${t.property}: ${t.run.scenario}`,
        caption: `The shrunk world that fails ${t.property} (${why}). Arrows run from each send to its acceptance; red diamonds are seizures; grey // bands cut quiet time. Replay: ${replay}`,
        chart: timelineSpec(t.run).chart,
      },
    ];
  });
}

export interface CampaignPageOptions {
  readonly variant: string;
  readonly seed: number | string;
  readonly link?: (file: string) => string | null;
  /** The run of each counterexample, drawn as its timeline (check and merge load and run the files). */
  readonly timelines?: readonly CounterexampleTimeline[];
  /** Title and meta lines of a check or merge result (checkCampaignBundle). */
  readonly scope?: { readonly title: string; readonly note: string; readonly meta: readonly { readonly label: string; readonly value: string }[] };
}

/** One row per counterexample: its violations, fast-check path, file and the command that replays it. */
function counterexampleSection(rows: readonly CampaignRow[], link: (file: string) => string | null): BundleSection[] {
  const failed = rows.filter((r) => r.counterexample !== null);
  if (failed.length === 0) return [];
  return [
    {
      kind: 'table',
      id: 'counterexamples',
      title: 'Counterexamples',
      caption: 'Each failing property’s smallest failing world: run the replay command to see it fail again.',
      columns: [{ label: 'Property' }, { label: 'Violations' }, { label: 'fast-check path' }, { label: 'Replay' }, { label: 'Scenario file' }],
      rows: failed.map((r): BundleCell[] => {
        const cx = r.counterexample;
        const file = cx?.scenarioFile ?? null;
        const href = file === null ? null : link(file);
        const violations = cx?.crash != null ? [`the run crashed: ${cx.crash}`] : (cx?.violations ?? []);
        return [r.property, violations.join('\n') || '—', cx?.path ?? '—', cx?.replay ?? '—', file === null ? '—' : href === null ? file : { text: href, href }];
      }),
    },
  ];
}

export function campaignBundle(rows: readonly CampaignRow[], o: CampaignPageOptions): ReportBundle {
  const link = o.link ?? (() => null);
  const held = rows.filter((r) => r.status === 'pass').length;
  const worlds = rows.reduce((n, r) => n + r.runs, 0);
  const replays = rows.flatMap((r) => (r.counterexample === null ? [] : [`- ${r.property}: \`${r.counterexample.replay}\``]));
  return {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    title: o.scope?.title ?? `Property campaign: ${o.variant}`,
    subtitle: `${rows.length} ${rows.length === 1 ? 'property' : 'properties'} judged over ${worlds} generated worlds`,
    summary: [
      held === rows.length ? `**Every property held** over ${worlds} generated worlds (seed ${o.seed}).` : `**${rows.length - held} of ${rows.length} properties failed** (seed ${o.seed}).`,
      '',
      'Each property is checked over whole simulated runs generated by fast-check; a coverage gate fails the campaign when a rare situation (the one the promise is about) came up too rarely to count as evidence.',
      ...(o.scope === undefined ? [] : ['', o.scope.note]),
      ...(replays.length === 0 ? [] : ['', 'Replay a failure:', '', ...replays]),
    ].join('\n'),
    meta: [{ label: 'variant', value: o.variant }, { label: 'seed', value: String(o.seed) }, { label: 'worlds', value: String(worlds) }, ...(o.scope?.meta ?? [])],
    sections: [
      {
        kind: 'table',
        id: 'campaigns',
        title: 'Properties',
        columns: [{ label: 'Property' }, { label: 'Result' }, { label: 'Runs', align: 'right' }, { label: 'Coverage' }, { label: 'Failure' }],
        rows: rows.map((r): BundleCell[] => [r.property, r.status === 'pass' ? '✓ held' : `✗ ${r.reason ?? 'failed'}`, r.runs, coverageText(r), failureCell(r, link)]),
      },
      ...counterexampleSection(rows, link),
      ...timelineSections(rows, o.timelines ?? []),
    ],
  };
}

/** The page of a `sealroom check` or `sealroom merge` result (its --json contract). */
export function checkCampaignBundle(j: CheckJson, link?: (file: string) => string | null, timelines?: readonly CounterexampleTimeline[]): ReportBundle {
  const rows = j.results.map(
    (r): CampaignRow => ({
      property: r.property,
      status: r.status,
      runs: r.runs,
      seed: r.seed,
      reason: r.reason,
      coverage: r.coverage,
      shortfall: shortfallOf(r),
      counterexample: r.counterexample,
    }),
  );
  const on = j.engine === undefined ? j.variant : `${j.variant} on ${j.engine}`;
  const title =
    j.merged !== undefined ? `Property campaign: ${on}, merged from ${j.merged.length} shards` : j.shard !== null ? `Property campaign: ${on}, shard ${j.shard}` : `Property campaign: ${on}`;
  const note =
    j.coverageGate === 'deferred'
      ? `This is shard ${j.shard ?? '?'} of a campaign: its coverage is shown, and the gates apply to the merged result (\`sealroom merge\`).`
      : j.merged !== undefined
        ? `The shards ${j.merged.join(', ')} laid end to end: coverage is counted over the whole campaign and the gates applied to it.`
        : 'Coverage is counted over every run of the campaign and the gates applied to it.';
  const meta = [
    { label: 'coverage gates', value: j.coverageGate },
    ...(j.shard === null ? [] : [{ label: 'shard', value: j.shard }]),
    ...(j.merged === undefined ? [] : [{ label: 'merged', value: j.merged.join(', ') }]),
    ...(j.engine === undefined ? [] : [{ label: 'engine', value: j.engine }]),
  ];
  return campaignBundle(rows, { variant: j.variant, seed: j.seed, ...(link === undefined ? {} : { link }), ...(timelines === undefined ? {} : { timelines }), scope: { title, note, meta } });
}
