// Reading a seized phone the way a forensic tool would (SEC-EVAPORATE, SEC-FS): every
// framed row found anywhere in the raw files — live rows, free space, free pages, WAL frames,
// journals — opened with the seized storage key and decoded. Stale and "deleted" rows count too.
import type { CryptoProvider } from '../../protocol/crypto/provider.ts';
import type { DeviceState } from '../../protocol/device/index.ts';
import type { InboxEntry, SentEntry } from '../../protocol/device/state.ts';
import { concatBytes } from '../../protocol/bytes.ts';
import { isProtocolError } from '../../protocol/errors.ts';
import { decodeRow } from './deviceRows.ts';
import { unpackSeizure } from './rawSeizure.ts';
import { DEVICE_ROW_DOMAIN, recoverRecords } from './sealedRecord.ts';

interface RecoveredRow {
  readonly label: string;
  readonly seq: number;
  /** The row's plaintext as the phone wrote it. */
  readonly payload: Uint8Array;
}

/** The union of every row a seizure recovers (the state the secrecy judges read). */
export interface RecoveredDevice {
  readonly kind: 'recovered-device';
  readonly rows: readonly RecoveredRow[];
  /** Every state row found: the live one and any older version still on the medium. */
  readonly states: readonly DeviceState[];
  readonly inbox: readonly InboxEntry[];
  readonly sent: readonly SentEntry[];
  /** Plaintext of rows only partly recovered (some chunks overwritten): scanned, not decoded. */
  readonly fragments: readonly Uint8Array[];
}

export function isRecoveredDevice(x: unknown): x is RecoveredDevice {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'recovered-device';
}

/** Every row in a packed phone seizure that opens under `storageKey`, decoded. */
export function recoverDevice(provider: CryptoProvider, blob: Uint8Array, storageKey: Uint8Array): RecoveredDevice {
  const files = unpackSeizure(blob);
  const found = recoverRecords(
    { provider, key: storageKey, domain: DEVICE_ROW_DOMAIN },
    files.map((f) => f.bytes),
  );
  const rows: RecoveredRow[] = [];
  const states: DeviceState[] = [];
  const inbox: InboxEntry[] = [];
  const sent: SentEntry[] = [];
  const fragments = found.fragments.map((f) => f.data);
  for (const r of found.records) {
    rows.push(r); // authentic: scanned for plaintext even if it does not decode
    try {
      const d = decodeRow(r.label, r.payload);
      if (d.kind === 'state') states.push(d.state);
      else if (d.kind === 'inbox') inbox.push(d.entry);
      else if (d.kind === 'sent') sent.push(d.entry);
    } catch (e) {
      if (!isProtocolError(e)) throw e;
    }
  }
  return { kind: 'recovered-device', rows, states, inbox, sent, fragments };
}

/** The plaintext bytes of everything recovered (what a canary scan reads). */
export function recoveredBytes(d: RecoveredDevice): Uint8Array {
  return concatBytes(...d.rows.map((r) => r.payload), ...d.fragments);
}
