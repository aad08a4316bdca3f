// Session setup end to end (X3DH/PQXDH §3): both sides agree; SEC-MITM (signatures checked before
// any DH; substituted bundles change the safety number); SEC-PQ (no downgrade; SS is needed);
// one-time prekey reuse; unknown prekeys; spent secrets handed back and kept out of returned state.
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { equalBytes, toHex } from '../bytes.ts';
import type { CryptoProvider } from '../crypto/provider.ts';
import { nobleProvider } from '../crypto/noble.ts';
import { isProtocolError, type ProtocolErrorCode } from '../errors.ts';
import { safetyNumber } from '../fingerprint/safetyNumber.ts';
import { encodeIdentityKey } from '../identity/identityKey.ts';
import { generateIdentityKeyPair, type IdentityKeyPair } from '../identity/keyPair.ts';
import { deviceId, preKeyId } from '../ids.ts';
import { preKeyBundle, type BundleChoice } from '../prekeys/bundle.ts';
import { createPreKeyStore, type PreKeyStore } from '../prekeys/preKeyStore.ts';
import { signedPreKeySignedBytes } from '../prekeys/signedPreKey.ts';
import { createDrbg } from '../random/drbg.ts';
import type { Rng } from '../random/rng.ts';
import { decodeInitialMessage, encodeInitialMessage, type InitialMessage } from '../wire/initialMessage.ts';
import type { PreKeyBundle } from '../wire/preKeyBundle.ts';
import { initiateSession } from './initiator.ts';
import { acceptSession } from './responder.ts';
import type { HandshakeMode } from './types.ts';
import { REFERENCE_FLAGS } from '../variant.ts';
import { agreeAsInitiator } from './x3dh.ts';

const p = nobleProvider;

interface Device {
  readonly identity: IdentityKeyPair;
  readonly preKeys: PreKeyStore;
}

function makeDevice(seed: string): Device {
  const rng = createDrbg(seed);
  const identity = generateIdentityKeyPair(p, rng.fork('identity'));
  return { identity, preKeys: createPreKeyStore({ provider: p, rng: rng.fork('prekeys'), identity, nowMs: 0 }, { oneTime: 2, kemOneTime: 1 }) };
}

const alice = makeDevice('alice');
const bob = makeDevice('bob');
const bundleOf = (d: Device, choice: BundleChoice = {}) => preKeyBundle(d.preKeys, deviceId('bob-phone'), d.identity.publicKey, choice);

function codeOf(f: () => unknown): ProtocolErrorCode | 'no error' | 'other' {
  try {
    f();
    return 'no error';
  } catch (e) {
    return isProtocolError(e) ? e.code : 'other';
  }
}

/** The responder fails, and its prekey store is byte-for-byte what it was. */
function acceptFails(initial: InitialMessage, store = bob.preKeys, requirePq = false, flags = REFERENCE_FLAGS): ProtocolErrorCode | 'no error' | 'other' {
  const before = structuredClone(store);
  const code = codeOf(() => acceptSession({ provider: p, ourIdentity: bob.identity, ourPreKeys: store, initial, requirePq, flags }));
  expect(store).toEqual(before);
  return code;
}

function initiate(bundle: PreKeyBundle, mode: HandshakeMode, seed = 'a-rng') {
  return initiateSession({ provider: p, rng: createDrbg(seed), ourIdentity: alice.identity, theirBundle: bundle, mode });
}

/** Every byte string reachable from a value (for "this secret is nowhere in the state" scans). */
function buffers(v: unknown, out: Uint8Array[] = []): Uint8Array[] {
  if (v instanceof Uint8Array) out.push(v);
  else if (v !== null && typeof v === 'object') for (const x of Object.values(v)) buffers(x, out);
  return out;
}
const holds = (hay: Uint8Array, needle: Uint8Array) => toHex(hay).includes(toHex(needle));

/** Counts x25519 calls and Rng reads, to prove a refusal came before any DH or randomness. */
function spies(): { provider: CryptoProvider; rng: Rng; dh: () => number; reads: () => number } {
  let dh = 0;
  let reads = 0;
  const inner = createDrbg('spy');
  return {
    provider: { ...p, x25519: (s, pk) => (dh++, p.x25519(s, pk)) },
    rng: { bytes: (n) => (reads++, inner.bytes(n)), fork: (l) => inner.fork(l) },
    dh: () => dh,
    reads: () => reads,
  };
}

describe('initiator and responder agree', () => {
  test.prop([fc.constantFrom<HandshakeMode>('pqxdh', 'x3dh'), fc.boolean(), fc.boolean(), fc.string({ maxLength: 6 })], { numRuns: 20 })(
    'same rootKey, chainKey and AD in both modes, with and without one-time prekeys',
    (mode, oneTime, kemOneTime, seed) => {
      const store: PreKeyStore = kemOneTime ? bob.preKeys : { ...bob.preKeys, kemOneTimePreKeys: [] };
      const bundle = preKeyBundle(store, deviceId('bob-phone'), bob.identity.publicKey, { oneTime });
      const a = initiate(bundle, mode, `a:${seed}`);
      const wire = decodeInitialMessage(encodeInitialMessage(a.initialMessage));
      const b = acceptSession({ provider: p, ourIdentity: bob.identity, ourPreKeys: store, initial: wire, requirePq: mode === 'pqxdh' });
      expect(b.mode).toBe(mode);
      expect(toHex(b.rootKey)).toBe(toHex(a.rootKey));
      expect(toHex(b.chainKey)).toBe(toHex(a.chainKey));
      expect(toHex(b.associatedData)).toBe(toHex(a.associatedData));
      expect(toHex(a.associatedData)).toBe(toHex(encodeIdentityKey(alice.identity.publicKey)) + toHex(encodeIdentityKey(bob.identity.publicKey)));
      expect(toHex(a.theirRatchetKey)).toBe(toHex(b.ratchetKeyPair.publicKey));
      expect(toHex(b.ratchetKeyPair.secretKey)).toBe(toHex(store.signedPreKey.keyPair.secretKey));
      expect(b.ratchetKeyPair.secretKey).not.toBe(store.signedPreKey.keyPair.secretKey); // a copy: the ratchet may wipe it
      expect(a.initialMessage.oneTimePreKeyId === undefined).toBe(!oneTime);
      expect(a.initialMessage.kem === undefined).toBe(mode === 'x3dh');
    },
  );

  it('the initiator hands back its ephemeral secret and keeps it nowhere else', () => {
    const a = initiate(bundleOf(bob), 'pqxdh');
    const eph = a.consumed[0] as Uint8Array;
    expect(toHex(p.x25519PublicKey(eph))).toBe(toHex(a.initialMessage.ephemeralPublic));
    expect(a.consumed).toHaveLength(2); // ephemeral secret and KEM randomness
    const { consumed: _spent, ...kept } = a;
    for (const b of buffers(kept)) for (const s of a.consumed) expect(holds(b, s)).toBe(false);
  });

  it('the responder drops the used one-time prekeys from its new store and hands back their secrets', () => {
    const a = initiate(bundleOf(bob), 'pqxdh');
    const b = acceptSession({ provider: p, ourIdentity: bob.identity, ourPreKeys: bob.preKeys, initial: a.initialMessage, requirePq: true });
    const opk = bob.preKeys.oneTimePreKeys[0];
    const kpk = bob.preKeys.kemOneTimePreKeys[0];
    expect(b.preKeys.oneTimePreKeys.map((k) => k.id)).not.toContain(opk?.id);
    expect(b.preKeys.kemOneTimePreKeys).toHaveLength(0);
    expect(b.preKeys.consumedPreKeyIds).toEqual([opk?.id, kpk?.id]);
    expect(b.consumed).toEqual([opk?.keyPair.secretKey, kpk?.keyPair.secretKey]);
    const { consumed: _spent, ...kept } = b;
    for (const buf of buffers(kept)) for (const s of b.consumed) expect(holds(buf, s)).toBe(false);
    expect(bob.preKeys.oneTimePreKeys).toHaveLength(2); // the input store is untouched
  });

  it('a last-resort KEM prekey is used without being consumed', () => {
    const store = { ...bob.preKeys, kemOneTimePreKeys: [] };
    const a = initiate(preKeyBundle(store, deviceId('bob-phone'), bob.identity.publicKey, { oneTime: false }), 'pqxdh');
    const b = acceptSession({ provider: p, ourIdentity: bob.identity, ourPreKeys: store, initial: a.initialMessage, requirePq: true });
    expect(b.preKeys.kemLastResortPreKey).toBe(store.kemLastResortPreKey);
    expect(b.consumed).toEqual([]);
    expect(toHex(b.rootKey)).toBe(toHex(a.rootKey));
  });
});

describe('SEC-MITM: bundle checks', () => {
  it('a forged signed-prekey signature is refused before any DH or randomness', () => {
    const genuine = bundleOf(bob);
    const sig = genuine.signedPreKey.signature.slice();
    sig[5] = (sig[5] as number) ^ 1;
    const s = spies();
    const bundle = { ...genuine, signedPreKey: { ...genuine.signedPreKey, signature: sig } };
    expect(codeOf(() => initiateSession({ provider: s.provider, rng: s.rng, ourIdentity: alice.identity, theirBundle: bundle, mode: 'x3dh' }))).toBe('BAD_PREKEY_SIGNATURE');
    expect(s.dh()).toBe(0);
    expect(s.reads()).toBe(0);
  });

  it('a server-substituted identity with the genuine prekeys (mismatched signature) is refused before any DH', () => {
    const attacker = generateIdentityKeyPair(p, createDrbg('mallory'));
    const s = spies();
    const bundle = { ...bundleOf(bob), identityKey: attacker.publicKey };
    expect(codeOf(() => initiateSession({ provider: s.provider, rng: s.rng, ourIdentity: alice.identity, theirBundle: bundle, mode: 'pqxdh' }))).toBe('BAD_PREKEY_SIGNATURE');
    expect(s.dh()).toBe(0);
  });

  it('a forged KEM prekey signature, a swapped id or a flipped last-resort flag is refused before any DH', () => {
    const genuine = bundleOf(bob);
    const kem = genuine.kemPreKey;
    if (kem === undefined) throw new Error('fixture has a KEM prekey');
    const sig = kem.signature.slice();
    sig[0] = (sig[0] as number) ^ 0x80;
    const variants = [
      { ...kem, signature: sig },
      { ...kem, id: preKeyId(kem.id + 1) },
      { ...kem, lastResort: !kem.lastResort },
    ];
    for (const bad of variants) {
      const s = spies();
      const run = () => initiateSession({ provider: s.provider, rng: s.rng, ourIdentity: alice.identity, theirBundle: { ...genuine, kemPreKey: bad }, mode: 'x3dh' });
      expect(codeOf(run)).toBe('BAD_PREKEY_SIGNATURE');
      expect(s.dh()).toBe(0);
    }
  });

  it('a whole bundle substituted by the server (attacker identity, validly signed) changes the safety number', () => {
    const mallory = makeDevice('mallory');
    const fake = initiate(preKeyBundle(mallory.preKeys, deviceId('bob-phone'), mallory.identity.publicKey), 'pqxdh');
    const real = initiate(bundleOf(bob), 'pqxdh');
    const aliceSees = (them: typeof real) => safetyNumber(p, { localId: 'alice', localIdentityKey: alice.identity.publicKey }, { remoteId: 'bob', remoteIdentityKey: them.theirIdentity });
    const bobSees = safetyNumber(p, { localId: 'bob', localIdentityKey: bob.identity.publicKey }, { remoteId: 'alice', remoteIdentityKey: alice.identity.publicKey });
    expect(aliceSees(real)).toBe(bobSees);
    expect(aliceSees(fake)).not.toBe(bobSees);
  });

  it('a validly signed low-order signed prekey is refused with BAD_PUBLIC_KEY', () => {
    const mallory = makeDevice('mallory-low');
    const genuine = preKeyBundle(mallory.preKeys, deviceId('m'), mallory.identity.publicKey);
    const low = new Uint8Array(32); // u = 0
    const signature = p.ed25519Sign(mallory.identity.signSeed, signedPreKeySignedBytes(genuine.signedPreKey.id, low));
    const bundle = { ...genuine, signedPreKey: { ...genuine.signedPreKey, publicKey: low, signature } };
    expect(codeOf(() => initiate(bundle, 'pqxdh'))).toBe('BAD_PUBLIC_KEY');
  });
});

describe('SEC-PQ: no downgrade, and the KEM secret is needed', () => {
  it('a PQXDH initiator refuses a bundle without a KEM prekey', () => {
    expect(codeOf(() => initiate(bundleOf(bob, { kem: false }), 'pqxdh'))).toBe('PQ_DOWNGRADE');
  });

  it('a responder with requirePq refuses a setup without a KEM ciphertext; without requirePq it accepts X3DH', () => {
    const a = initiate(bundleOf(bob), 'x3dh');
    expect(acceptFails(a.initialMessage, bob.preKeys, true)).toBe('PQ_DOWNGRADE');
    const b = acceptSession({ provider: p, ourIdentity: bob.identity, ourPreKeys: bob.preKeys, initial: a.initialMessage, requirePq: false });
    expect(toHex(b.rootKey)).toBe(toHex(a.rootKey));
  });

  test.prop([fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 32, maxLength: 32 })], { numRuns: 20 })(
    'with every X25519 secret known, a different KEM secret gives a different root key',
    (ss1, ss2) => {
      fc.pre(!equalBytes(ss1, ss2));
      const material = {
        mode: 'pqxdh' as const,
        identitySecretKey: alice.identity.dhSecretKey,
        ephemeralSecretKey: new Uint8Array(32).fill(9),
        theirIdentityKey: bob.identity.publicKey.dh,
        theirSignedPreKey: bob.preKeys.signedPreKey.keyPair.publicKey,
      };
      const k1 = agreeAsInitiator(p, { ...material, kemSharedSecret: ss1 });
      const k2 = agreeAsInitiator(p, { ...material, kemSharedSecret: ss2 });
      expect(toHex(k1.rootKey)).not.toBe(toHex(k2.rootKey));
      expect(toHex(k1.chainKey)).not.toBe(toHex(k2.chainKey));
    },
  );

  it('a modified KEM ciphertext makes the responder derive a different root key (implicit rejection)', () => {
    const a = initiate(bundleOf(bob), 'pqxdh');
    const kem = a.initialMessage.kem;
    if (kem === undefined) throw new Error('PQXDH message has a KEM part');
    const ct = kem.ciphertext.slice();
    ct[100] = (ct[100] as number) ^ 1;
    const initial = { ...a.initialMessage, kem: { ...kem, ciphertext: ct } };
    const b = acceptSession({ provider: p, ourIdentity: bob.identity, ourPreKeys: bob.preKeys, initial, requirePq: true });
    expect(toHex(b.rootKey)).not.toBe(toHex(a.rootKey));
  });
});

describe('responder refusals leave its store untouched', () => {
  const a = initiate(bundleOf(bob), 'pqxdh');
  const first = acceptSession({ provider: p, ourIdentity: bob.identity, ourPreKeys: bob.preKeys, initial: a.initialMessage, requirePq: true });

  it('a replayed setup message is ONE_TIME_PREKEY_REUSED', () => {
    expect(acceptFails(a.initialMessage, first.preKeys, true)).toBe('ONE_TIME_PREKEY_REUSED');
  });

  it('a reused one-time KEM prekey alone is ONE_TIME_PREKEY_REUSED', () => {
    expect(acceptFails({ ...a.initialMessage, oneTimePreKeyId: undefined }, first.preKeys, true)).toBe('ONE_TIME_PREKEY_REUSED');
  });

  it('unknown signed, one-time or KEM prekey ids are UNKNOWN_PREKEY', () => {
    const m = a.initialMessage;
    const kem = m.kem;
    if (kem === undefined) throw new Error('PQXDH message has a KEM part');
    expect(acceptFails({ ...m, signedPreKeyId: preKeyId(777_777) })).toBe('UNKNOWN_PREKEY');
    expect(acceptFails({ ...m, oneTimePreKeyId: preKeyId(777_777) })).toBe('UNKNOWN_PREKEY');
    expect(acceptFails({ ...m, kem: { ...kem, preKeyId: preKeyId(777_777) } })).toBe('UNKNOWN_PREKEY');
  });

  it('a low-order ephemeral or identity key is BAD_PUBLIC_KEY', () => {
    expect(acceptFails({ ...a.initialMessage, ephemeralPublic: new Uint8Array(32) })).toBe('BAD_PUBLIC_KEY');
    const lowOrder = { ...a.initialMessage, initiatorIdentity: { ...alice.identity.publicKey, dh: new Uint8Array(32) } };
    // The binding check comes first; without it (weak variant unbound-identity) the DH refuses the point.
    expect(acceptFails(lowOrder)).toBe('BAD_IDENTITY_BINDING');
    expect(acceptFails(lowOrder, bob.preKeys, false, { ...REFERENCE_FLAGS, identityBinding: false })).toBe('BAD_PUBLIC_KEY');
  });
});
