// The operator's answer to a warrant under its policy (docs/properties.md promise 5, SEC-WARRANT).
// Each category in scope is either disclosed (with its records as labelled bytes) or refused; the
// users whose records left the server are the affected accounts that must be notified.
import { utf8 } from '../../protocol/bytes.ts';
import type { UserId } from '../../protocol/ids.ts';
import type { LabelledBytes, MetadataRecord, ServerView } from './serverView.ts';
import { type DataCategory, type Warrant, type WarrantPolicy, POLICY_DISCLOSES, validateWarrant } from './warrant.ts';

export type WarrantOutcome = 'complied-in-full' | 'complied-in-part' | 'refused';

export interface Disclosure {
  readonly category: DataCategory;
  readonly recordCount: number;
  /** Labels: `metadata/<n>`, `content/<envelopeId>`, `keys/<deviceId>`. */
  readonly items: readonly LabelledBytes[];
}

export interface WarrantReturn {
  readonly warrantId: string;
  readonly returnedAtMs: number;
  readonly disclosed: readonly Disclosure[];
  readonly refused: readonly DataCategory[];
  /** Every account whose records were handed over, sorted. Empty when no record left the server. */
  readonly affectedUsers: readonly UserId[];
}

/** Serializes one metadata log line as the operator would hand it over (JSON, fixed key order). */
function metadataBytes(r: MetadataRecord): Uint8Array {
  const line = { atMs: r.atMs, from: r.from, to: r.to, roomId: r.roomId ?? null, kind: r.kind, sizeBucket: r.sizeBucket };
  return utf8(JSON.stringify(line));
}

function disclose(category: DataCategory, warrant: Warrant, view: ServerView, users: Set<UserId>): Disclosure {
  const { target, fromMs, toMs } = warrant;
  switch (category) {
    case 'metadata': {
      const records = view.metadataRecords(target, fromMs, toMs);
      for (const r of records) users.add(r.from).add(r.to);
      const items = records.map((r, i) => ({ label: `metadata/${i}`, bytes: metadataBytes(r) }));
      return { category, recordCount: records.length, items };
    }
    case 'content': {
      const records = view.contentRecords(target, fromMs, toMs);
      for (const r of records) users.add(r.from).add(r.to);
      const items = records.map((r) => ({ label: `content/${r.envelopeId}`, bytes: r.body.slice() }));
      return { category, recordCount: records.length, items };
    }
    case 'keys': {
      const records = view.keyRecords(target);
      for (const r of records) users.add(r.userId);
      const items = records.map((r) => ({ label: `keys/${r.deviceId}`, bytes: r.bytes.slice() }));
      return { category, recordCount: records.length, items };
    }
  }
}

/**
 * Answers `warrant` under `policy` at `nowMs`. Categories the policy withholds are refused without
 * ever asking the view for them, so a refused category cannot leak through a buggy filter.
 */
export function answerWarrant(warrant: Warrant, policy: WarrantPolicy, view: ServerView, nowMs: number): WarrantReturn {
  validateWarrant(warrant);
  const allowed = POLICY_DISCLOSES[policy];
  const users = new Set<UserId>();
  const disclosed: Disclosure[] = [];
  const refused: DataCategory[] = [];
  for (const category of warrant.scope) {
    if (allowed.includes(category)) disclosed.push(disclose(category, warrant, view, users));
    else refused.push(category);
  }
  const anyRecord = disclosed.some((d) => d.recordCount > 0);
  if (anyRecord && warrant.target.kind === 'user') users.add(warrant.target.userId);
  const affectedUsers = anyRecord ? [...users].sort() : [];
  return { warrantId: warrant.id, returnedAtMs: nowMs, disclosed, refused, affectedUsers };
}

/** In full: nothing refused; refused: nothing disclosed; otherwise in part. */
export function warrantOutcome(ret: Pick<WarrantReturn, 'disclosed' | 'refused'>): WarrantOutcome {
  if (ret.refused.length === 0) return 'complied-in-full';
  if (ret.disclosed.length === 0) return 'refused';
  return 'complied-in-part';
}

/** Records handed over in one category (0 when the category was refused or not asked for). */
export function recordsDisclosed(ret: Pick<WarrantReturn, 'disclosed'>, category: DataCategory): number {
  let n = 0;
  for (const d of ret.disclosed) if (d.category === category) n += d.recordCount;
  return n;
}
