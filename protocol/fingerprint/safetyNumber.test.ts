// Safety numbers: libsignal's numeric_fingerprint known answers (v1 and v2 scannable, shared
// displayable), symmetry, and SEC-MITM: a substituted identity key changes the number.
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../bytes.ts';
import { nobleProvider } from '../crypto/noble.ts';
import { isProtocolError } from '../errors.ts';
import { generateIdentityKeyPair } from '../identity/keyPair.ts';
import { createDrbg } from '../random/drbg.ts';
import { readVectorJson } from '../../test/vectors.ts';
import { numericFingerprint, safetyNumber, SAFETY_NUMBER_ITERATIONS } from './safetyNumber.ts';
import { compareScannableFingerprints, scannableFingerprint, SCANNABLE_BYTES } from './scannable.ts';

interface FingerprintKat {
  iterations: number;
  alice_stable_id: string;
  alice_identity: string;
  bob_stable_id: string;
  bob_identity: string;
  displayable: string;
  alice_scannable_v1: string;
  bob_scannable_v1: string;
  alice_scannable_v2: string;
  bob_scannable_v2: string;
}

const kat = readVectorJson<{ numeric_fingerprint: FingerprintKat }>('signal/libsignal_kats.json').numeric_fingerprint;
const p = nobleProvider;
const alice = { stableId: kat.alice_stable_id, keyBytes: fromHex(kat.alice_identity) };
const bob = { stableId: kat.bob_stable_id, keyBytes: fromHex(kat.bob_identity) };

describe('numeric_fingerprint (libsignal KAT)', () => {
  const aliceView = numericFingerprint(p, alice, bob, kat.iterations);
  const bobView = numericFingerprint(p, bob, alice, kat.iterations);

  it('uses the same iteration count as the vectors', () => {
    expect(SAFETY_NUMBER_ITERATIONS).toBe(kat.iterations);
  });

  it('both sides display the expected 60 digits', () => {
    expect(aliceView.displayable).toBe(kat.displayable);
    expect(bobView.displayable).toBe(kat.displayable);
  });

  it.each([1, 2])('scannable v%i matches for both sides and compares equal', (version) => {
    const a = scannableFingerprint(aliceView.localDigest, aliceView.remoteDigest, version);
    const b = scannableFingerprint(bobView.localDigest, bobView.remoteDigest, version);
    expect(toHex(a)).toBe(version === 1 ? kat.alice_scannable_v1 : kat.alice_scannable_v2);
    expect(toHex(b)).toBe(version === 1 ? kat.bob_scannable_v1 : kat.bob_scannable_v2);
    expect(compareScannableFingerprints(a, b)).toBe(true);
    expect(compareScannableFingerprints(b, a)).toBe(true);
  });
});

describe('scannable comparison', () => {
  const view = numericFingerprint(p, alice, bob, kat.iterations);
  const ours = scannableFingerprint(view.localDigest, view.remoteDigest, 2);

  it('SEC-MITM: our own payload scanned back (not swapped) does not match', () => {
    expect(compareScannableFingerprints(ours, ours)).toBe(false);
  });

  it('a different version is refused with WIRE_BAD_VERSION', () => {
    const other = scannableFingerprint(view.remoteDigest, view.localDigest, 1);
    expect(() => compareScannableFingerprints(ours, other)).toThrowError(expect.objectContaining({ code: 'WIRE_BAD_VERSION' }));
  });

  it('truncated, extended or re-tagged payloads are refused with WIRE_BAD_VALUE', () => {
    const theirs = scannableFingerprint(view.remoteDigest, view.localDigest, 2);
    const bad = [theirs.slice(0, SCANNABLE_BYTES - 1), new Uint8Array([...theirs, 0]), Uint8Array.from(theirs, (b, i) => (i === 2 ? 0x1a : b))];
    for (const b of bad) {
      let caught: unknown;
      try {
        compareScannableFingerprints(ours, b);
      } catch (e) {
        caught = e;
      }
      expect(isProtocolError(caught, 'WIRE_BAD_VALUE')).toBe(true);
    }
  });
});

describe('safetyNumber over sealroom identity keys', () => {
  const genuineAlice = generateIdentityKeyPair(p, createDrbg('alice'));
  const genuineBob = generateIdentityKeyPair(p, createDrbg('bob'));

  it('is 60 digits and the same from both sides', () => {
    const a = safetyNumber(p, { localId: 'alice', localIdentityKey: genuineAlice.publicKey }, { remoteId: 'bob', remoteIdentityKey: genuineBob.publicKey });
    const b = safetyNumber(p, { localId: 'bob', localIdentityKey: genuineBob.publicKey }, { remoteId: 'alice', remoteIdentityKey: genuineAlice.publicKey });
    expect(a).toMatch(/^[0-9]{60}$/);
    expect(a).toBe(b);
  });

  test.prop([fc.string({ minLength: 1, maxLength: 8 })], { numRuns: 4 })('SEC-MITM: a server-substituted identity for Bob gives Alice a different number than Bob computes', (attackerSeed) => {
    const attacker = generateIdentityKeyPair(p, createDrbg(`attacker:${attackerSeed}`));
    const aliceSees = safetyNumber(p, { localId: 'alice', localIdentityKey: genuineAlice.publicKey }, { remoteId: 'bob', remoteIdentityKey: attacker.publicKey });
    const bobSees = safetyNumber(p, { localId: 'bob', localIdentityKey: genuineBob.publicKey }, { remoteId: 'alice', remoteIdentityKey: genuineAlice.publicKey });
    expect(aliceSees).not.toBe(bobSees);
  });

  it('SEC-MITM: changing only the signing half of an identity key changes the number', () => {
    const forged = { dh: genuineBob.publicKey.dh, sign: genuineAlice.publicKey.sign };
    const real = safetyNumber(p, { localId: 'alice', localIdentityKey: genuineAlice.publicKey }, { remoteId: 'bob', remoteIdentityKey: genuineBob.publicKey });
    const fake = safetyNumber(p, { localId: 'alice', localIdentityKey: genuineAlice.publicKey }, { remoteId: 'bob', remoteIdentityKey: forged });
    expect(fake).not.toBe(real);
  });
});
