// One page per scenario run: the timeline chart, the verdicts with violations,
// what the server saw (envelope sizes, buckets, times, erasure), what each seizure took, what the
// authority did, and the messages. Pure: RunSummary in, report bundle out.
import { formatSimTime } from '../../sim/authority/index.ts';
import { BUNDLE_FORMAT, BUNDLE_VERSION, type BundleCell, type BundleSection, type ReportBundle } from '../render/bundle.ts';
import type { RunSummary } from './runSummary.ts';
import { timelineSpec } from './timelineSpec.ts';
import { matchMark } from './verdictText.ts';

/** Rows shown in the per-envelope and per-message tables; the rest are counted, not listed. */
export const TABLE_ROWS_MAX = 300;
/** Violations listed per property on the page. */
const VIOLATIONS_LISTED_MAX = 5;

export function scenarioPageName(scenario: string): string {
  return `scenario-${scenario}`;
}

export interface ScenarioPageOptions {
  /** Header links (e.g. back to the property matrix). */
  readonly links?: readonly { readonly label: string; readonly href: string }[];
  /** The command that replays this run, shown on the page. */
  readonly replayCommand?: string;
}

const t = (ms: number | null): string => (ms === null ? '—' : formatSimTime(ms));

function verdictSection(s: RunSummary): BundleSection {
  const rows = s.judgements.map((j): BundleCell[] => [
    j.property,
    j.verdict,
    j.expected ?? '—',
    j.expected === null ? '' : matchMark(j.verdict, j.expected),
    j.exercised.join('; ') || '—',
    j.violations.length === 0
      ? '—'
      : [...j.violations.slice(0, VIOLATIONS_LISTED_MAX), ...(j.violations.length > VIOLATIONS_LISTED_MAX ? [`… ${j.violations.length - VIOLATIONS_LISTED_MAX} more`] : [])].join(' | '),
  ]);
  return {
    kind: 'table',
    id: 'verdicts',
    title: 'Verdicts',
    caption: '✓: the verdict the scenario expects; ✗: not what it expects; blank: the scenario sets no expectation. "Exercised" lists what the run actually tested.',
    columns: [{ label: 'Property' }, { label: 'Verdict' }, { label: 'Expected' }, { label: 'Meets', align: 'center' }, { label: 'Exercised' }, { label: 'Violations' }],
    rows,
  };
}

function serverSawSections(s: RunSummary): BundleSection[] {
  const buckets = new Map<number, { count: number; bytes: number }>();
  for (const r of s.serverSaw) {
    if (r.bucketBytes === null || r.sizeBytes === null) continue;
    const b = buckets.get(r.bucketBytes) ?? { count: 0, bytes: 0 };
    buckets.set(r.bucketBytes, { count: b.count + 1, bytes: b.bytes + r.sizeBytes });
  }
  const bucketRows = [...buckets].sort((a, b) => a[0] - b[0]).map(([bucket, v]): BundleCell[] => [bucket, v.count, v.bytes]);
  const shown = s.serverSaw.slice(0, TABLE_ROWS_MAX);
  const rows = shown.map((r): BundleCell[] => [
    t(r.atMs),
    r.serverId,
    `${r.from} → ${r.to}`,
    r.room ?? '—',
    r.sizeBytes,
    r.bucketBytes,
    r.effect === null ? r.origin : `${r.origin}, ${r.effect}`,
    r.erasedAtMs === null ? 'not erased' : `${t(r.erasedAtMs)} (${r.erasedReason ?? ''})`,
  ]);
  const more = s.serverSaw.length - shown.length;
  return [
    {
      kind: 'table',
      id: 'server-buckets',
      title: 'What the server saw: sizes',
      caption: `${s.serverSaw.length} envelopes reached the server. Its metadata log keeps only the size bucket (the padded size class), never the content.`,
      columns: [
        { label: 'Size bucket', align: 'right', format: 'bytes' },
        { label: 'Envelopes', align: 'right' },
        { label: 'Ciphertext bytes', align: 'right', format: 'bytes' },
      ],
      rows: bucketRows,
    },
    {
      kind: 'table',
      id: 'server-saw',
      title: 'What the server saw: envelopes',
      caption: `Every envelope the server stored or made up, when, and when it was erased (and why)${more > 0 ? `; the first ${shown.length} of ${s.serverSaw.length} are listed` : ''}.`,
      columns: [
        { label: 'Stored at' },
        { label: 'Id' },
        { label: 'From → to' },
        { label: 'Room' },
        { label: 'Size', align: 'right', format: 'bytes' },
        { label: 'Bucket', align: 'right', format: 'bytes' },
        { label: 'Origin' },
        { label: 'Erased' },
      ],
      rows,
    },
  ];
}

function seizureSection(s: RunSummary): BundleSection {
  const server = s.serverSeizures.map((z): [number, BundleCell[]] => [
    z.atMs,
    [t(z.atMs), 'whole server', z.itemCount, z.byteCount, z.atRestKeys, z.byArea.map((a) => `${a.area}: ${a.items} items, ${a.bytes} B`).join('; ')],
  ]);
  const phones = s.phoneSeizures.map((p): [number, BundleCell[]] => [
    p.atMs,
    [t(p.atMs), `${p.user}'s phone${p.stolen ? ' (stolen by a thief)' : ''}`, 1, p.blobBytes, 1, 'encrypted device store and the key that opens it'],
  ]);
  const rows = [...server, ...phones].sort((a, b) => a[0] - b[0]).map(([, r]) => r);
  return {
    kind: 'table',
    id: 'seizures',
    title: 'What each seizure took',
    caption:
      rows.length === 0
        ? 'Nothing was seized during the run (the judges still seize everything at its end).'
        : 'Item counts and bytes as the authority received them; "keys" counts the at-rest or storage keys handed over with the data.',
    columns: [
      { label: 'When' },
      { label: 'What' },
      { label: 'Items', align: 'right' },
      { label: 'Bytes', align: 'right', format: 'bytes' },
      { label: 'Keys', align: 'right' },
      { label: 'Where found' },
    ],
    rows,
  };
}

function authoritySection(s: RunSummary): BundleSection {
  return {
    kind: 'table',
    id: 'authority',
    title: 'Warrants, returns and notifications',
    caption: s.authority.length === 0 ? 'No warrant was served in this run.' : 'What really happened (ground truth), whatever the operator later published.',
    columns: [{ label: 'When' }, { label: 'Warrant' }, { label: 'Event' }, { label: 'Detail' }],
    rows: s.authority.map((a): BundleCell[] => [t(a.atMs), a.warrant, a.kind, a.detail]),
  };
}

function messageSection(s: RunSummary): BundleSection {
  const shown = s.messages.slice(0, TABLE_ROWS_MAX);
  const rows = shown.map((m): BundleCell[] => {
    const delivered = s.deliveries.filter((d) => d.messageId === m.messageId).map((d) => `${d.recipient} ${t(d.atMs)}`);
    const gone = s.deviceEvents.filter((e) => e.detail === m.messageId).map((e) => `${e.device} ${e.kind} ${t(e.atMs)}`);
    return [
      m.label ?? '—',
      m.messageId,
      m.from,
      m.room,
      t(m.atMs),
      m.evaporation,
      delivered.join('; ') || (m.heldFor.length > 0 ? `held for ${m.heldFor.join(', ')}` : 'not delivered'),
      gone.join('; ') || '—',
    ];
  });
  return {
    kind: 'table',
    id: 'messages',
    title: 'Messages',
    caption: `${s.messages.length} messages sent${s.messages.length > shown.length ? `; the first ${shown.length} are listed` : ''}; ${s.refusals.length} inputs refused by phones.`,
    columns: [{ label: 'Label' }, { label: 'Id' }, { label: 'From' }, { label: 'Room' }, { label: 'Sent' }, { label: 'Evaporation' }, { label: 'Delivered' }, { label: 'Viewed / expired' }],
    rows,
  };
}

function summaryText(s: RunSummary): string {
  const unmet = s.judgements.filter((j) => j.expected !== null && j.expected !== j.verdict).map((j) => `${j.property} (${j.verdict}, expected ${j.expected})`);
  const outcome = s.matches ? '**Every expectation was met.**' : `**Expectations not met:** ${unmet.join(', ')}.`;
  return [`**Threat.** ${s.threat}`, '', `**Expected.** ${s.expectedText}`, '', outcome].join('\n');
}

/** The scenario's page. */
export function scenarioPageBundle(s: RunSummary, options: ScenarioPageOptions = {}): ReportBundle {
  const { chart, notDrawn } = timelineSpec(s);
  const after =
    notDrawn === 0
      ? ''
      : ` ${notDrawn === 1 ? '1 later event' : `${notDrawn} later events`} (retries, retention sweeps, backups until ${t(s.endMs)}) ${notDrawn === 1 ? 'is' : 'are'} in the tables, not drawn.`;
  const sections: BundleSection[] = [
    {
      kind: 'chart',
      id: 'timeline',
      title: 'Timeline',
      caption: `Arrows run from each send to its acceptance on the recipient's lane; a dashed stub ending in ✗ never arrived, orange dashes are replays. Red diamonds are seizures (S1, S2…, told under the title with what they took and what the judges found they open); shaded bars are offline or partitioned periods and gag orders. Grey bands marked // cut quiet time out of the axis; ticks count from T+0.${after}`,
      chart,
    },
    verdictSection(s),
    seizureSection(s),
    ...serverSawSections(s),
    authoritySection(s),
    messageSection(s),
  ];
  if (options.replayCommand !== undefined)
    sections.push({ kind: 'markdown', id: 'replay', title: 'Replay', markdown: `Same seed, same trace hash (DET-REPLAY):\n\n\`\`\`\n${options.replayCommand}\n\`\`\`` });
  return {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    title: `Scenario: ${s.scenario}`,
    subtitle: s.goal,
    summary: summaryText(s),
    meta: [
      { label: 'result', value: s.matches ? 'as expected' : 'NOT as expected' },
      { label: 'variant', value: s.variant },
      { label: 'server', value: `${s.serverMode}, ${s.warrantPolicy}` },
      { label: 'seed', value: String(s.seed) },
      { label: 'parties', value: s.parties.join(', ') },
      { label: 'trace hash', value: s.traceHash },
    ],
    ...(options.links === undefined ? {} : { links: options.links }),
    sections,
  };
}
