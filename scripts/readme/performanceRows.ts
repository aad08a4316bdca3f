// The rows of README.md's performance table and its sizes paragraph, each read from saved bench
// results (bench/harness/results.ts) by ratio, size or case id — the same ids bench/targets.json
// names. A row states what it compares; its figures and target marks come only from the files.
import type { BenchResults } from '../../bench/harness/results.ts';
import { HEADER_TAG_BYTES } from '../../protocol/wire/ratchetMessage.ts';
import { BenchHistoryError } from './benchHistory.ts';

/** One table row: its figure from one run (null when that run did not measure it) and the targets it is held to. */
export interface TableRow {
  readonly label: string;
  readonly figure: (run: BenchResults) => string | null;
  /** Appended after the per-run figures, from the same runs (e.g. the peer's own ratio). */
  readonly suffix?: (runs: readonly BenchResults[]) => string;
  /** Byte counts do not vary between runs of one build: shown once when every run agrees. */
  readonly deterministic?: boolean;
  /** Target ids (bench/targets.json); the row holds in a run when every one of them holds. */
  readonly targets: readonly string[];
  /** How the target's limit reads (default: the number itself). */
  readonly limit?: (max: number) => string;
  /** Why a target is missed or what it costs: a fact about the code, written by hand. */
  readonly note?: string;
}

function ratioOf(run: BenchResults, id: string): number | null {
  return run.ratios.find((r) => r.id === id)?.value ?? null;
}

function bytesOf(run: BenchResults, id: string): number | null {
  return run.sizes.find((s) => s.id === id)?.bytes ?? null;
}

function medianMsOf(run: BenchResults, id: string): number | null {
  const c = run.cases.find((x) => x.id === id);
  return c === undefined || c.medianMs === null || !Number.isFinite(c.medianMs) ? null : c.medianMs;
}

/** Two significant digits below 1, three from 1 (0.060×, 0.41×, 2.63×, 11.5×). */
export function formatRatio(v: number): string {
  const digits = v >= 100 ? String(Math.round(v)) : v.toPrecision(v >= 1 ? 3 : 2);
  return `${digits}×`;
}

const formatInt = (n: number): string => n.toLocaleString('en-US');

function formatMs(ms: number): string {
  return `${ms.toPrecision(2)} ms`;
}

/** `a / b` of two ratios from one run, or null if the run lacks either. */
function ratioPair(run: BenchResults, a: string, b: string): string | null {
  const x = ratioOf(run, a);
  const y = ratioOf(run, b);
  return x === null || y === null ? null : `${formatRatio(x)} / ${formatRatio(y)}`;
}

function ratio(run: BenchResults, id: string): string | null {
  const x = ratioOf(run, id);
  return x === null ? null : formatRatio(x);
}

const WEEK_ROW = 'sim.week-1000-users.peak-rss';

/** The week row's figure: peak RSS, and from the row's note (bench/week/measure.ts) the messages and wall time. */
function weekFigure(run: BenchResults): string | null {
  const row = run.sizes.find((s) => s.id === WEEK_ROW);
  if (row === undefined) return null;
  const sent = /\((\d+) sent and viewed\)/.exec(row.note);
  const wall = /; (\d+) ms$/.exec(row.note);
  if (sent === null || wall === null) throw new BenchHistoryError(`size ${WEEK_ROW}: its note no longer says how many messages were sent and how long the week took: ${JSON.stringify(row.note)}`);
  // bench/week/measure.ts records the row only when every message was accepted.
  return `${formatInt(Math.round(row.bytes / 2 ** 20))} MiB, all ${formatInt(Number(sent[1]))} accepted, ${Math.round(Number(wall[1]) / 1000)} s`;
}

function gibibytes(max: number): string {
  return max % 2 ** 30 === 0 ? `${max / 2 ** 30} GiB` : `${formatInt(max)} B`;
}

export const TABLE_ROWS: readonly TableRow[] = [
  {
    label: 'native one-way message 64 B / 1 KiB vs libsignal',
    figure: (r) => ratioPair(r, 'sealroom-native/libsignal.one-way.64B', 'sealroom-native/libsignal.one-way.1024B'),
    targets: ['native-one-way-64B-vs-libsignal', 'native-one-way-1KiB-vs-libsignal'],
  },
  {
    label: 'native PQXDH session setup vs libsignal',
    figure: (r) => ratio(r, 'sealroom-native/libsignal.setup.pqxdh'),
    targets: ['native-setup-vs-libsignal'],
    note: "ML-KEM-768 in TypeScript: noble's encaps+decaps; `docs/performance.md` has the evaluated replacements",
  },
  {
    label: 'native ping-pong (DH step every turn) vs libsignal',
    figure: (r) => ratio(r, 'sealroom-native/libsignal.ping-pong.64B'),
    targets: ['native-ping-pong-vs-libsignal'],
    note: 'one secret-key import per secret per step',
  },
  {
    label: 'noble one-way 64 B / 1 KiB vs @privacyresearch',
    figure: (r) => ratioPair(r, 'sealroom-noble/privacyresearch.one-way.64B', 'sealroom-noble/privacyresearch.one-way.1024B'),
    targets: ['noble-one-way-64B-vs-privacyresearch', 'noble-one-way-1KiB-vs-privacyresearch'],
  },
  {
    label: 'noble ping-pong vs @privacyresearch',
    figure: (r) => ratio(r, 'sealroom-noble/privacyresearch.ping-pong.64B'),
    targets: ['noble-ping-pong-vs-privacyresearch'],
  },
  {
    label: 'native one-way 1 KiB vs raw AEAD',
    figure: (r) => ratio(r, 'sealroom-native/raw-aead.one-way.1024B'),
    suffix: (runs) => ` (libsignal: ${runs.map((r) => ratio(r, 'libsignal/raw-aead.one-way.1024B') ?? 'not measured').join('; ')})`,
    targets: ['native-overhead-over-raw-aead-1KiB'],
    note: 'the chain and message-key HMACs at ~5 µs each: `docs/performance.md`',
  },
  {
    label: 'wire bytes for a 64 B message, unpadded, vs libsignal',
    figure: (r) => {
      const ours = bytesOf(r, 'wire-64B.sealroom-unpadded');
      const theirs = bytesOf(r, 'wire-64B.libsignal');
      return ours === null || theirs === null ? null : `${formatInt(ours)} B / ${formatInt(theirs)} B (${HEADER_TAG_BYTES} of them the header tag)`;
    },
    deterministic: true,
    targets: ['wire-bytes-vs-libsignal'],
  },
  {
    label:
      'peak RSS of a simulated week with 1,000 users (7 days, one view-once message a day each; run by every bench, alone `node --import tsx bench/week/week.ts 1000 7` <!-- readme-test: skip (a week of 1,000 simulated users: over a minute) -->)',
    figure: weekFigure,
    targets: ['week-1000-users-rss'],
    limit: gibibytes,
  },
  {
    label: 'the reference out of process / in process (the engine protocol): a 200-message world run / a SEC-INTEGRITY campaign (`--suite world`)',
    figure: (r) => ratioPair(r, 'exec/in-process.sim-messages', 'exec/in-process.property-campaign'),
    targets: ['exec-overhead-world-run', 'exec-overhead-campaign'],
  },
];

/** Distinct values in first-seen order. */
export function distinct(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** A sizes-paragraph figure from every run: one value when they agree, else each run's in order. */
function everyRun(runs: readonly BenchResults[], what: string, read: (run: BenchResults) => number | null, format: (n: number) => string): string {
  const values = runs.map(read).filter((v): v is number => v !== null);
  if (values.length === 0) throw new BenchHistoryError(`no saved run measured ${what}`);
  return distinct(values.map(format)).join('; ');
}

const bytes = (n: number): string => `${formatInt(n)} B`;

/** The sizes paragraph under the table: state and message sizes, and what a forged 1:1 message costs. */
export function sizesParagraph(runs: readonly BenchResults[]): string {
  const size = (id: string, format: (n: number) => string = bytes) => everyRun(runs, `size ${id}`, (r) => bytesOf(r, id), format);
  const forgedId = 'protocol.refusal.forged-new-key-far.sealroom-native';
  const forged = everyRun(runs, `case ${forgedId}`, (r) => medianMsOf(r, forgedId), formatMs);
  const kept = distinct(runs.flatMap((r) => r.cases.filter((c) => c.id === forgedId).map((c) => /\((\d+) kept sessions\)/.exec(c.unit)?.[1] ?? '?')));
  if (kept.length !== 1 || kept[0] === '?') throw new BenchHistoryError(`case ${forgedId}: its unit no longer names one number of kept sessions (${kept.join(', ')})`);
  return wrap(
    `Sizes: ${size('session-state.sealroom')} of session state per contact (libsignal's record: ${size('session-state.libsignal')}); first PQXDH setup message ` +
      `${size('setup-message.pqxdh.sealroom')} (libsignal: ${size('setup-message.pqxdh.libsignal')}); a sealed device store with 1,000 contacts ` +
      `${size('store-1000-contacts.sealroom', (n) => `${formatInt(Math.round(n / 1024))} KiB`)} (\`bench/sizes.ts\`). A forged 1:1 message costs the receiver one X25519 per kept ` +
      'session that could hold its ratchet key and no chain steps, whatever numbers its header names: ' +
      `${forged} native with ${kept[0]} kept sessions (was 130 ms; \`docs/architecture.md\`, "Header tags").`,
  );
}

/** Where generated prose wraps, as the hand-written README does. */
const WRAP_COLUMNS = 116;

/** Words of `text`, a code span or an HTML comment kept whole (they may hold spaces). */
function wrapUnits(text: string): string[] {
  return text.match(/(?:`[^`]*`|<!--[\s\S]*?-->|[^\s`<]+|<)+/g) ?? [];
}

/** `text` broken into lines of at most WRAP_COLUMNS where it can be (a longer unit stands on its own line). */
export function wrap(text: string): string {
  const lines: string[] = [];
  let line = '';
  for (const unit of wrapUnits(text)) {
    if (line !== '' && line.length + 1 + unit.length > WRAP_COLUMNS) {
      lines.push(line);
      line = unit;
    } else line = line === '' ? unit : `${line} ${unit}`;
  }
  if (line !== '') lines.push(line);
  return lines.join('\n');
}
