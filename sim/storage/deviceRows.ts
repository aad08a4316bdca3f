// The device store as rows: how a phone lays its DeviceState out in a database — one row per
// inbox message, one per sender copy, one for everything else, and one with the store's save count
// (protocol/device/rollback.ts) — so that viewing a message deletes exactly its row. Row payloads are
// plaintext here; deviceStore.ts seals each one.
import { deserializeDevice, serializeDevice, type DeviceState } from '../../protocol/device/index.ts';
import type { InboxEntry, SentEntry } from '../../protocol/device/state.ts';
import { inboxEntryCodec, sentEntryCodec } from '../../protocol/device/storeCodec.ts';
import { isProtocolError, ProtocolError } from '../../protocol/errors.ts';
import { MAX_INBOX_MESSAGES, MAX_PLAINTEXT_BYTES } from '../../protocol/limits.ts';
import { decodeMessage, encodeMessage, versioned } from '../../protocol/wire/codec.ts';

export const STATE_ROW = 'state';
/** The store's count of its own saves: what it says about its age (only a weak variant believes it). */
export const SAVES_ROW = 'saves';
const INBOX_PREFIX = 'inbox/';
const SENT_PREFIX = 'sent/';
const ROW_FORMAT = 1;
/** An inbox or sent row: ids, times and one message body. */
const MAX_MESSAGE_ROW_BYTES = MAX_PLAINTEXT_BYTES + 1024;

const inboxRow = versioned(ROW_FORMAT, inboxEntryCodec);
const sentRow = versioned(ROW_FORMAT, sentEntryCodec);

export type DecodedRow =
  | { readonly kind: 'state'; readonly state: DeviceState }
  | { readonly kind: 'inbox'; readonly entry: InboxEntry }
  | { readonly kind: 'sent'; readonly entry: SentEntry }
  | { readonly kind: 'saves'; readonly saves: number };

/** The payload of the save-count row: the count as 8 bytes, big-endian. */
export function savesRow(saves: number): Uint8Array {
  if (!Number.isSafeInteger(saves) || saves < 0) throw new ProtocolError('STORE_CORRUPT', `save count ${saves} is not a count`);
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(saves));
  return out;
}

function decodeSaves(payload: Uint8Array): number {
  if (payload.length !== 8) throw new ProtocolError('STORE_CORRUPT', `device row ${SAVES_ROW}: ${payload.length} bytes, expected 8`);
  const n = new DataView(payload.buffer, payload.byteOffset, 8).getBigUint64(0);
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw new ProtocolError('STORE_CORRUPT', `device row ${SAVES_ROW}: count ${n} is out of range`);
  return Number(n);
}

function uniqueLabel(rows: Map<string, Uint8Array>, label: string): string {
  let out = label;
  for (let n = 1; rows.has(out); n++) out = `${label}/${n}`;
  return out;
}

/** The rows of `state`, label → plaintext payload: the state row first, then inbox and sent rows in order. */
export function deviceRows(state: DeviceState): Map<string, Uint8Array> {
  const rows = new Map<string, Uint8Array>();
  rows.set(STATE_ROW, serializeDevice({ ...state, inbox: [], sent: [] }));
  for (const e of state.inbox) rows.set(uniqueLabel(rows, `${INBOX_PREFIX}${e.from}/${e.messageId}`), encodeMessage(inboxRow, e, MAX_MESSAGE_ROW_BYTES));
  for (const e of state.sent) rows.set(uniqueLabel(rows, `${SENT_PREFIX}${e.to}/${e.messageId}`), encodeMessage(sentRow, e, MAX_MESSAGE_ROW_BYTES));
  return rows;
}

/** Decodes one row by its label. STORE_CORRUPT if it does not decode. */
export function decodeRow(label: string, payload: Uint8Array): DecodedRow {
  try {
    if (label === STATE_ROW) return { kind: 'state', state: deserializeDevice(payload) };
    if (label === SAVES_ROW) return { kind: 'saves', saves: decodeSaves(payload) };
    if (label.startsWith(INBOX_PREFIX)) return { kind: 'inbox', entry: decodeMessage(inboxRow, payload, MAX_MESSAGE_ROW_BYTES) };
    if (label.startsWith(SENT_PREFIX)) return { kind: 'sent', entry: decodeMessage(sentRow, payload, MAX_MESSAGE_ROW_BYTES) };
  } catch (e) {
    if (isProtocolError(e)) throw new ProtocolError('STORE_CORRUPT', `device row ${label} does not decode (${e.code})`);
    throw e;
  }
  throw new ProtocolError('STORE_CORRUPT', `device row ${label}: unknown kind of row`);
}

/** The DeviceState from its rows (in stored order): exactly one state row, any inbox and sent rows. */
export function deviceFromRows(rows: readonly (readonly [string, Uint8Array])[]): DeviceState {
  const decoded = rows.map(([label, payload]) => decodeRow(label, payload));
  const states = decoded.flatMap((r) => (r.kind === 'state' ? [r.state] : []));
  const [state] = states;
  if (state === undefined || states.length !== 1) throw new ProtocolError('STORE_CORRUPT', `device store has ${states.length} state rows, expected 1`);
  if (state.inbox.length > 0 || state.sent.length > 0) throw new ProtocolError('STORE_CORRUPT', 'device state row holds messages of its own');
  const inbox = decoded.flatMap((r) => (r.kind === 'inbox' ? [r.entry] : []));
  const sent = decoded.flatMap((r) => (r.kind === 'sent' ? [r.entry] : []));
  if (inbox.length > MAX_INBOX_MESSAGES || sent.length > MAX_INBOX_MESSAGES) throw new ProtocolError('STORE_CORRUPT', `device store holds more than ${MAX_INBOX_MESSAGES} messages`);
  return { ...state, inbox, sent };
}

/** The save count a store's rows carry (at most one such row; a store written without one says 0). */
export function savesFromRows(rows: readonly (readonly [string, Uint8Array])[]): number {
  const counts = rows.filter(([label]) => label === SAVES_ROW).map(([, payload]) => decodeSaves(payload));
  if (counts.length > 1) throw new ProtocolError('STORE_CORRUPT', `device store has ${counts.length} ${SAVES_ROW} rows, expected at most 1`);
  return counts[0] ?? 0;
}
