// The binding of an identity's X25519 and Ed25519 halves (binding.ts; flag identityBinding, weak
// variant unbound-identity): a mix of halves is accepted with the flag off and refused
// BAD_IDENTITY_BINDING with it on, for bundles, setup messages and at the device, with nothing changed.
import { describe, expect, it } from 'vitest';
import { bundleOf, makeCtx, makeDevice, text } from '../../test/devices.ts';
import { nobleProvider } from '../crypto/noble.ts';
import { openSession, receiveMessage, sendText, serializeDevice, type DeviceState } from '../device/index.ts';
import { initiateSession } from '../handshake/initiator.ts';
import { acceptSession } from '../handshake/responder.ts';
import { isProtocolError } from '../errors.ts';
import { createDrbg } from '../random/drbg.ts';
import { REFERENCE_FLAGS } from '../variant.ts';
import { kemPreKeySignedBytes } from '../prekeys/kemPreKey.ts';
import { signedPreKeySignedBytes } from '../prekeys/signedPreKey.ts';
import { identityBindingBytes, isIdentityBound } from './binding.ts';
import { generateIdentityKeyPair, type IdentityKeyPair } from './keyPair.ts';
import { decodeIdentityKey, encodeIdentityKey, type IdentityKey } from './identityKey.ts';

const p = nobleProvider;
const OFF = { ...REFERENCE_FLAGS, identityBinding: false };
const alice = generateIdentityKeyPair(p, createDrbg('binding/alice'));
const mallory = generateIdentityKeyPair(p, createDrbg('binding/mallory'));

/** Mallory's dh under Alice's sign (Alice's binding does not cover Mallory's dh). */
const mixed: IdentityKey = { dh: mallory.publicKey.dh, sign: alice.publicKey.sign, binding: alice.publicKey.binding };
const malloryAsAlice: IdentityKeyPair = { ...mallory, publicKey: mixed };

function codeOf(f: () => unknown): string {
  try {
    f();
    return 'no error';
  } catch (e) {
    return isProtocolError(e) ? e.code : String(e);
  }
}

describe('identity binding', () => {
  it('a generated identity is bound; the binding covers exactly dh under sign', () => {
    expect(isIdentityBound(p, alice.publicKey)).toBe(true);
    expect(p.ed25519Verify(alice.publicKey.sign, identityBindingBytes(alice.publicKey.dh), alice.publicKey.binding as Uint8Array)).toBe(true);
    expect(isIdentityBound(p, mixed)).toBe(false);
    expect(isIdentityBound(p, { dh: alice.publicKey.dh, sign: alice.publicKey.sign })).toBe(false);
    // The 64-byte encoding (safety numbers, AD) is unchanged by the binding.
    expect(encodeIdentityKey(alice.publicKey)).toHaveLength(64);
    expect(decodeIdentityKey(encodeIdentityKey(alice.publicKey)).sign).toEqual(alice.publicKey.sign);
  });

  it('a bundle with mixed halves: accepted with the flag off, BAD_IDENTITY_BINDING (before any randomness) with it on', () => {
    const bob = makeDevice('bob', 'binding-bundle');
    const real = bundleOf(bob);
    // The server pairs Bob's dh with Mallory's sign and has Mallory sign the prekeys.
    const spk = real.signedPreKey;
    const kpk = real.kemPreKey!;
    const forged = {
      ...real,
      identityKey: { dh: bob.identity.publicKey.dh, sign: mallory.publicKey.sign, binding: bob.identity.publicKey.binding },
      signedPreKey: { ...spk, signature: p.ed25519Sign(mallory.signSeed, signedPreKeySignedBytes(spk.id, spk.publicKey)) },
      kemPreKey: { ...kpk, signature: p.ed25519Sign(mallory.signSeed, kemPreKeySignedBytes(kpk.id, kpk.lastResort, kpk.publicKey)) },
    };
    let reads = 0;
    const inner = createDrbg('i');
    const rng = { bytes: (n: number) => (reads++, inner.bytes(n)), fork: (l: string) => inner.fork(l) };
    const run = (flags = REFERENCE_FLAGS) => initiateSession({ provider: p, rng, ourIdentity: alice, theirBundle: forged, mode: 'pqxdh', flags });
    expect(codeOf(() => run())).toBe('BAD_IDENTITY_BINDING');
    expect(reads).toBe(0);
    expect(run(OFF).theirIdentity.sign).toEqual(mallory.publicKey.sign); // weak: the mix is taken as Bob's identity
  });

  it('a setup message with mixed halves: accepted with the flag off, refused with it on, store unchanged', () => {
    const bob = makeDevice('bob', 'binding-setup');
    const a = initiateSession({ provider: p, rng: createDrbg('m'), ourIdentity: malloryAsAlice, theirBundle: bundleOf(bob), mode: 'pqxdh' });
    const accept = (flags = REFERENCE_FLAGS) => acceptSession({ provider: p, ourIdentity: bob.identity, ourPreKeys: bob.preKeys, initial: a.initialMessage, requirePq: true, flags });
    const weak = accept(OFF);
    expect(weak.theirIdentity.sign).toEqual(alice.publicKey.sign); // Bob now believes he talks to Alice's signing key
    expect(weak.rootKey).toEqual(a.rootKey);
    const before = structuredClone(bob.preKeys);
    expect(codeOf(() => accept())).toBe('BAD_IDENTITY_BINDING');
    expect(bob.preKeys).toEqual(before);
  });

  it('at the device: a mixed-halves sender is refused BAD_IDENTITY_BINDING with the state byte-for-byte unchanged', () => {
    const run = (flags: typeof REFERENCE_FLAGS) => {
      const rng = createDrbg('binding-device');
      const bob = makeDevice('bob', 'binding-device', flags);
      let m: DeviceState = { ...makeDevice('mallory', 'binding-device', flags), identity: malloryAsAlice };
      m = openSession(m, bob.userId, bundleOf(bob), makeCtx(rng, 1_000, flags)).device;
      const out = sendText(m, bob.deviceId, text('hi, it is alice'), makeCtx(rng, 1_000, flags));
      if (out.kind !== 'sent') throw new Error('expected sent');
      const before = serializeDevice(bob);
      const r = receiveMessage(bob, m.deviceId, m.userId, out.wire, makeCtx(rng, 2_000, flags));
      return { r, before, bob };
    };
    const weak = run(OFF);
    expect(weak.r.ok).toBe(true);
    const strong = run(REFERENCE_FLAGS);
    expect(strong.r.ok).toBe(false);
    if (!strong.r.ok) expect(strong.r.error.code).toBe('BAD_IDENTITY_BINDING');
    expect(strong.r.events).toEqual([]);
    expect(serializeDevice(strong.r.device)).toEqual(strong.before);
  });
});
