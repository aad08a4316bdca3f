// Known answers for the X3DH key derivation: libsignal's x3dh_v3_initial_chain_key (fixed keys, no
// one-time prekey, no Kyber), run through the same agreement code the real handshake uses.
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../bytes.ts';
import { nobleProvider } from '../crypto/noble.ts';
import { isProtocolError, UsageError } from '../errors.ts';
import { readVectorJson } from '../../test/vectors.ts';
import { deriveSessionKeys } from './keySchedule.ts';
import { agreeAsInitiator, agreeAsResponder } from './x3dh.ts';

interface X3dhKat {
  alice_identity_private: string;
  alice_identity_public: string;
  alice_base_private: string;
  alice_base_public: string;
  bob_identity_private: string;
  bob_identity_public: string;
  bob_signed_prekey_private: string;
  bob_signed_prekey_public: string;
  expected_chain_key: string;
}

const kat = readVectorJson<{ x3dh_v3_initial_chain_key: X3dhKat }>('signal/libsignal_kats.json').x3dh_v3_initial_chain_key;
/** libsignal serializes public keys as 0x05 || u-coordinate. */
const pub = (hex: string): Uint8Array => {
  const b = fromHex(hex);
  expect(b[0]).toBe(0x05);
  return b.slice(1);
};
const p = nobleProvider;

describe('x3dh_v3_initial_chain_key (libsignal KAT)', () => {
  it('the fixed private keys match their listed public keys', () => {
    expect(toHex(p.x25519PublicKey(fromHex(kat.alice_identity_private)))).toBe(toHex(pub(kat.alice_identity_public)));
    expect(toHex(p.x25519PublicKey(fromHex(kat.alice_base_private)))).toBe(toHex(pub(kat.alice_base_public)));
    expect(toHex(p.x25519PublicKey(fromHex(kat.bob_identity_private)))).toBe(toHex(pub(kat.bob_identity_public)));
    expect(toHex(p.x25519PublicKey(fromHex(kat.bob_signed_prekey_private)))).toBe(toHex(pub(kat.bob_signed_prekey_public)));
  });

  it('the initiator (Alice) derives the expected chain key', () => {
    const keys = agreeAsInitiator(p, {
      mode: 'x3dh',
      identitySecretKey: fromHex(kat.alice_identity_private),
      ephemeralSecretKey: fromHex(kat.alice_base_private),
      theirIdentityKey: pub(kat.bob_identity_public),
      theirSignedPreKey: pub(kat.bob_signed_prekey_public),
    });
    expect(toHex(keys.chainKey)).toBe(kat.expected_chain_key);
  });

  it('the responder (Bob) derives the same root key and the expected chain key', () => {
    const alice = agreeAsInitiator(p, {
      mode: 'x3dh',
      identitySecretKey: fromHex(kat.alice_identity_private),
      ephemeralSecretKey: fromHex(kat.alice_base_private),
      theirIdentityKey: pub(kat.bob_identity_public),
      theirSignedPreKey: pub(kat.bob_signed_prekey_public),
    });
    const bob = agreeAsResponder(p, {
      mode: 'x3dh',
      identitySecretKey: fromHex(kat.bob_identity_private),
      signedPreKeySecretKey: fromHex(kat.bob_signed_prekey_private),
      theirIdentityKey: pub(kat.alice_identity_public),
      theirEphemeralKey: pub(kat.alice_base_public),
    });
    expect(toHex(bob.chainKey)).toBe(kat.expected_chain_key);
    expect(toHex(bob.rootKey)).toBe(toHex(alice.rootKey));
  });

  it('the same DH outputs under PQXDH give different keys (distinct info string)', () => {
    const dh = [new Uint8Array(32).fill(1), new Uint8Array(32).fill(2), new Uint8Array(32).fill(3)];
    const classic = deriveSessionKeys(p, 'x3dh', dh);
    const pq = deriveSessionKeys(p, 'pqxdh', dh, new Uint8Array(32).fill(4));
    expect(toHex(pq.rootKey)).not.toBe(toHex(classic.rootKey));
    expect(toHex(pq.chainKey)).not.toBe(toHex(classic.chainKey));
  });

  it('deriveSessionKeys refuses a missing or misplaced KEM secret and wrong DH counts', () => {
    const dh = [new Uint8Array(32), new Uint8Array(32), new Uint8Array(32)];
    expect(() => deriveSessionKeys(p, 'pqxdh', dh)).toThrow(UsageError);
    expect(() => deriveSessionKeys(p, 'x3dh', dh, new Uint8Array(32))).toThrow(UsageError);
    expect(() => deriveSessionKeys(p, 'x3dh', dh.slice(0, 2))).toThrow(UsageError);
  });

  it('a low-order peer key is refused with BAD_PUBLIC_KEY', () => {
    let caught: unknown;
    try {
      agreeAsInitiator(p, {
        mode: 'x3dh',
        identitySecretKey: fromHex(kat.alice_identity_private),
        ephemeralSecretKey: fromHex(kat.alice_base_private),
        theirIdentityKey: pub(kat.bob_identity_public),
        theirSignedPreKey: new Uint8Array(32), // u = 0, a low-order point
      });
    } catch (e) {
      caught = e;
    }
    expect(isProtocolError(caught, 'BAD_PUBLIC_KEY')).toBe(true);
  });
});
