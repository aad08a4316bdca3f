// What the server saw and did, read back from a run's trace (sim/engine/trace.ts JSON Lines): every
// envelope it received or made up, with its size bucket (what the metadata log keeps) and when and
// why it was erased; adversary actions and backups. Pure: trace lines in, rows out.
import { sizeBucket } from '../../sim/server/index.ts';

export interface ServerSawRow {
  readonly atMs: number;
  readonly serverId: string;
  readonly from: string;
  readonly to: string;
  readonly room: string | null;
  /** Ciphertext body size; null for envelopes the server made up (their size is not traced). */
  readonly sizeBytes: number | null;
  readonly bucketBytes: number | null;
  /** `submitted`, or `injected (replay)` for an envelope the malicious server made up. */
  readonly origin: string;
  /** What a malicious server did to it (drop, delay, modify…), if anything. */
  readonly effect: string | null;
  readonly erasedAtMs: number | null;
  readonly erasedReason: string | null;
}

export interface ServerActionRow {
  readonly atMs: number;
  readonly kind: 'attack' | 'backup';
  readonly detail: string;
}

type Line = Record<string, unknown> & { readonly t: number; readonly kind: string };

const str = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v));

function parse(lines: readonly string[], kinds: ReadonlySet<string>): Line[] {
  const out: Line[] = [];
  for (const text of lines) {
    // Canonical JSON: a cheap substring test skips most lines before parsing.
    if (!text.includes('"kind":"server-') && !text.includes('"kind":"adversary')) continue;
    const line = JSON.parse(text) as Line;
    if (kinds.has(line.kind)) out.push(line);
  }
  return out;
}

const SAW_KINDS = new Set(['server-submit', 'adversary-inject', 'adversary-effect', 'server-delete']);

/** One row per envelope the server stored or was handed, in time order. */
export function serverSawRows(lines: readonly string[]): ServerSawRow[] {
  const rows = new Map<string, ServerSawRow>();
  for (const l of parse(lines, SAW_KINDS)) {
    const serverId = str(l['serverId']);
    const known = rows.get(serverId);
    if (l.kind === 'server-submit' || l.kind === 'adversary-inject') {
      const size = typeof l['size'] === 'number' ? l['size'] : null;
      rows.set(serverId, {
        atMs: l.t,
        serverId,
        from: str(l['from']),
        to: str(l['to']),
        room: typeof l['roomId'] === 'string' ? l['roomId'] : null,
        sizeBytes: size,
        bucketBytes: size === null ? null : sizeBucket(size),
        origin: l.kind === 'server-submit' ? 'submitted' : `injected (${str(l['why'])})`,
        effect: null,
        erasedAtMs: null,
        erasedReason: null,
      });
    } else if (known !== undefined && l.kind === 'adversary-effect') {
      rows.set(serverId, { ...known, effect: str(l['effect']) });
    } else if (known !== undefined && l.kind === 'server-delete' && known.erasedAtMs === null) {
      rows.set(serverId, { ...known, erasedAtMs: l.t, erasedReason: `${str(l['reason'])}${l['bytesKept'] === true ? ' (bytes kept)' : ''}` });
    }
  }
  return [...rows.values()].sort((a, b) => a.atMs - b.atMs);
}

/** Adversary actions and backups the server took, in time order. */
export function serverActionRows(lines: readonly string[]): ServerActionRow[] {
  const rows: ServerActionRow[] = [];
  for (const l of parse(lines, new Set(['adversary', 'server-backup-taken']))) {
    if (l.kind === 'adversary') {
      const action = l['action'] as Record<string, unknown> | undefined;
      rows.push({ atMs: l.t, kind: 'attack', detail: str(action?.['kind']) });
    } else rows.push({ atMs: l.t, kind: 'backup', detail: `${str(l['records'])} records` });
  }
  return rows;
}
