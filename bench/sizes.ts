import { nativeProvider } from '../protocol/crypto/native.ts';
import type { Contact, DeviceState } from '../protocol/device/index.ts';
import { sealDevice, serializeDevice } from '../protocol/device/index.ts';
import { deviceId, userId } from '../protocol/ids.ts';
import { createDrbg } from '../protocol/random/drbg.ts';
import { sessionEncrypt } from '../protocol/session/encrypt.ts';
import { sessionCodec, type Session } from '../protocol/session/session.ts';
import { encodeMessage } from '../protocol/wire/codec.ts';
import { encodePairwiseMessage } from '../protocol/wire/pairwiseMessage.ts';
import { connectedDevices, deviceSend, viewOnceText } from './fixtures/sealroomDevices.ts';
import { establishedPair, makeParty, openSessionTo, receive, send, type SealroomParty } from './fixtures/sealroomPair.ts';
import type { SizeResult } from './harness/types.ts';
import { SMALL_MESSAGE_BYTES } from './suites/protocol.ts';

/** Contacts in the device-store figure. */
const STORE_CONTACTS = 1_000;
/** Round trips after setup before a session's state is measured (so both sides hold a receiving chain). */
const ROUND_TRIPS_BEFORE_MEASURING = 2;
const SESSION_BYTES_CAP = 1 << 20;

const payload64 = (): Uint8Array => createDrbg('bench/sizes/payload').bytes(SMALL_MESSAGE_BYTES);

/** Every size id this file measures itself (targets and ratios name them; size() refuses any other). The group-design rows come with ids of their own (designSizeId). */
export const SIZE_IDS = [
  'session-state.sealroom',
  'wire-64B.sealroom-padded',
  'wire-64B.sealroom-unpadded',
  'setup-message.pqxdh.sealroom',
  'setup-message.x3dh.sealroom',
  'wire-64B.sealroom-device',
  'store-per-contact.sealroom',
  'store-1000-contacts.sealroom',
  'session-state.libsignal',
  'wire-64B.libsignal',
  'setup-message.pqxdh.libsignal',
  'store-1000-contacts.libsignal',
  'session-state.privacyresearch',
  'wire-64B.privacyresearch',
  'peak-rss.bench-process',
] as const;

function size(id: (typeof SIZE_IDS)[number], label: string, impl: SizeResult['impl'], bytes: number, note: string): SizeResult {
  return { id, label, impl, bytes, note };
}

function sessionBytes(s: Session): number {
  return encodeMessage(sessionCodec, s, SESSION_BYTES_CAP).length;
}

/** Encrypts `payload` with NO padding on `party`'s active session (wire size of the bare protocol). */
function unpaddedWire(party: SealroomParty, payload: Uint8Array): Uint8Array {
  const active = party.sessions[0] as Session;
  const { session, message } = sessionEncrypt(active, payload, party.ctx);
  party.sessions = [session, ...party.sessions.slice(1)];
  return encodePairwiseMessage(message);
}

function sealroomSessionSizes(): SizeResult[] {
  const { alice, bob } = establishedPair(nativeProvider, 'bench/sizes/session');
  const p = payload64();
  for (let i = 0; i < ROUND_TRIPS_BEFORE_MEASURING; i++) {
    receive(bob, send(alice, p));
    receive(alice, send(bob, p));
  }
  const state = sessionBytes(alice.sessions[0] as Session);
  const padded = send(alice, p).length;
  receive(bob, send(alice, p)); // keep the chain in step (the unpadded message is never received)
  const unpadded = unpaddedWire(alice, p).length;
  return [
    size(
      'session-state.sealroom',
      'session state per contact',
      'sealroom-native',
      state,
      `encoded Session (ratchet state, peer identity, base key) after setup + ${ROUND_TRIPS_BEFORE_MEASURING} round trips; PQXDH`,
    ),
    size(
      'wire-64B.sealroom-padded',
      'wire bytes, 64 B plaintext (padded)',
      'sealroom-native',
      padded,
      'pairwise ratchet message; 64 B padded to 128 B (64-byte buckets, 0x80 marker), no content framing',
    ),
    size(
      'wire-64B.sealroom-unpadded',
      'wire bytes, 64 B plaintext (unpadded)',
      'sealroom-native',
      unpadded,
      'pairwise ratchet message carrying the 64 B payload as is (no padding, no content framing)',
    ),
  ];
}

function sealroomSetupSizes(): SizeResult[] {
  const out: SizeResult[] = [];
  for (const mode of ['pqxdh', 'x3dh'] as const) {
    const alice = makeParty('alice', nativeProvider, `bench/sizes/setup/${mode}`);
    const bob = makeParty('bob', nativeProvider, `bench/sizes/setup/${mode}`);
    openSessionTo(alice, bob, mode);
    const wire = unpaddedWire(alice, payload64());
    const header = mode === 'pqxdh' ? 'identity, ephemeral, prekey ids, ML-KEM-768 ciphertext' : 'identity, ephemeral, prekey id';
    const note = `prekey pairwise message: initial header (${header}) + ratchet message with the 64 B payload unpadded; no one-time prekey`;
    out.push(size(`setup-message.${mode}.sealroom`, `first setup message, ${mode.toUpperCase()} (64 B, unpadded)`, 'sealroom-native', wire.length, note));
  }
  return out;
}

function deviceSizes(): SizeResult[] {
  const { alice, bob } = connectedDevices(nativeProvider, 'bench/sizes/device');
  const wire = deviceSend(alice, bob, viewOnceText(alice, payload64())).length;
  const withOne = serializeDevice(alice.device).length;
  const empty = serializeDevice({ ...alice.device, contacts: [] }).length;
  const big = replicateContacts(alice.device, STORE_CONTACTS);
  const sealed = sealDevice(nativeProvider, big, createDrbg('bench/sizes/store-key').bytes(32), createDrbg('bench/sizes/store-nonce'));
  const { preKeys } = alice.device;
  return [
    size('wire-64B.sealroom-device', 'wire bytes, 64 B view-once text (device layer)', 'sealroom-native', wire, 'sendText: content framing (id, room, time, evaporation) + padding + ratchet message'),
    size(
      'store-per-contact.sealroom',
      'device store bytes per contact',
      'sealroom-native',
      withOne - empty,
      'serializeDevice with one contact (trust record + one session after setup and a reply) minus the same device with none',
    ),
    size(
      'store-1000-contacts.sealroom',
      `device store, ${STORE_CONTACTS} contacts (sealed)`,
      'sealroom-native',
      sealed.length,
      `sealDevice of a device whose ONE real contact (session after setup + reply) is replicated ${STORE_CONTACTS}× under distinct device ids; prekey store with ${preKeys.oneTimePreKeys.length} one-time X25519 + ${preKeys.kemOneTimePreKeys.length} one-time ML-KEM prekeys; empty inbox`,
    ),
  ];
}

/** The device with its first contact copied `count` times under fresh ids (sorted, as the store keeps them). */
function replicateContacts(device: DeviceState, count: number): DeviceState {
  const model = device.contacts[0] as Contact;
  const contacts: Contact[] = [];
  for (let i = 0; i < count; i++) {
    const tag = String(i).padStart(5, '0');
    contacts.push({ ...model, deviceId: deviceId(`contact-${tag}`), userId: userId(`user-${tag}`) });
  }
  return { ...device, contacts };
}

async function libsignalSizes(): Promise<SizeResult[]> {
  const L = await import('./peers/libsignalClient.ts');
  const p = new Uint8Array(payload64());
  const { alice, bob } = await L.libsignalPair('bench/sizes/libsignal');
  for (let i = 0; i < ROUND_TRIPS_BEFORE_MEASURING; i++) {
    await L.libsignalReceive(bob, alice, await L.libsignalSend(alice, bob, p));
    await L.libsignalReceive(alice, bob, await L.libsignalSend(bob, alice, p));
  }
  const state = await L.libsignalSessionBytes(alice, bob);
  const wire = (await L.libsignalSend(alice, bob, p)).bytes.length;
  const first = await L.makeLibsignalParty('carol', 'bench/sizes/libsignal');
  await L.libsignalOpen(first, bob);
  const setup = (await L.libsignalSend(first, bob, p)).bytes.length;
  return [
    size(
      'session-state.libsignal',
      'session state per contact',
      'libsignal-client',
      state,
      `SessionRecord.serialize() after setup + ${ROUND_TRIPS_BEFORE_MEASURING} round trips (PQXDH with Kyber prekey)`,
    ),
    size('wire-64B.libsignal', 'wire bytes, 64 B plaintext', 'libsignal-client', wire, 'SignalMessage for a 64 B plaintext (libsignal itself does not pad; AES-CBC rounds to 16)'),
    size('setup-message.pqxdh.libsignal', 'first setup message, PQXDH (64 B)', 'libsignal-client', setup, 'PreKeySignalMessage carrying a 64 B plaintext, no one-time prekey'),
    size(
      'store-1000-contacts.libsignal',
      `session records, ${STORE_CONTACTS} contacts (estimate)`,
      'libsignal-client',
      state * STORE_CONTACTS,
      `${STORE_CONTACTS} × the session record above; libsignal has no device store of its own (identities and prekeys not counted)`,
    ),
  ];
}

async function privacyResearchSizes(): Promise<SizeResult[]> {
  const P = await import('./peers/privacyResearch.ts');
  const p = payload64();
  const { alice, bob } = await P.prPair('bench/sizes/privacyresearch');
  for (let i = 0; i < ROUND_TRIPS_BEFORE_MEASURING; i++) {
    await P.prReceive(bob, alice, await P.prSend(alice, bob, p));
    await P.prReceive(alice, bob, await P.prSend(bob, alice, p));
  }
  const wire = (await P.prSend(alice, bob, p)).body.length;
  return [
    size(
      'session-state.privacyresearch',
      'session state per contact',
      'privacyresearch',
      P.prSessionBytes(alice, bob),
      `serialized SessionRecord (JSON string) after setup + ${ROUND_TRIPS_BEFORE_MEASURING} round trips (X3DH)`,
    ),
    size('wire-64B.privacyresearch', 'wire bytes, 64 B plaintext', 'privacyresearch', wire, 'WhisperMessage for a 64 B plaintext'),
  ];
}

/** Every size figure; a peer whose package is missing is skipped with a note in `failures`. */
export async function measureSizes(): Promise<{ sizes: SizeResult[]; failures: { id: string; error: string }[] }> {
  // The group-design byte counts were recorded while those cases were prepared (none if they did not run).
  const designs = (await import('./suites/groupDesigns.ts')).groupDesignSizes();
  const sizes: SizeResult[] = [...sealroomSessionSizes(), ...sealroomSetupSizes(), ...deviceSizes(), ...designs];
  const failures: { id: string; error: string }[] = [];
  for (const [id, peer] of [
    ['sizes.libsignal-client', libsignalSizes],
    ['sizes.privacyresearch', privacyResearchSizes],
  ] as const) {
    try {
      sizes.push(...(await peer()));
    } catch (e) {
      failures.push({ id, error: e instanceof Error ? e.message : String(e) });
    }
  }
  return { sizes, failures };
}

/** Peak resident set size of this process so far (Linux maxrss is in KiB). */
export function peakRss(): SizeResult {
  const bytes = process.resourceUsage().maxRSS * 1024;
  return size(
    'peak-rss.bench-process',
    'peak RSS of the bench process',
    'process',
    bytes,
    'process.resourceUsage().maxRSS at the end of the run: every suite, peers (incl. the native libsignal library) and sizes in one process',
  );
}
