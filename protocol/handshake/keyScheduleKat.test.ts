// Known answer for the PQXDH and X3DH key schedule (PQXDH §2.2 and §3.3, X3DH §2.2 and §3.3),
// computed here from the specification's formula with @noble directly, never through
// deriveSessionKeys or agreeAs*: SK = HKDF-SHA256(salt = 32 zero bytes, IKM = 0xFF*32 || DH1 ||
// DH2 || DH3 [|| DH4] [|| SS], info, 64 bytes), split root key || chain key. Fixed keys come from
// seeded DRBGs; the result must equal what initiateSession and acceptSession produce.
import { describe, expect, it } from 'vitest';
import { x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import { concatBytes, toHex, utf8 } from '../bytes.ts';
import { nobleProvider } from '../crypto/noble.ts';
import { createDrbg } from '../random/drbg.ts';
import type { Rng } from '../random/rng.ts';
import { bundleOf, makeDevice } from '../../test/devices.ts';
import { acceptSession } from './responder.ts';
import { initiateSession } from './initiator.ts';

/** The info strings, spelled out (PQXDH §2.2 "info"; libsignal's X3DH info). */
const PQXDH_INFO_TEXT = 'sealroom_PQXDH_X25519_SHA-256_ML-KEM-768';
const X3DH_INFO_TEXT = 'WhisperText';

/** A seeded Rng that remembers what it handed out (the ephemeral secret, then the Encaps randomness). */
function recordingRng(seed: string): Rng & { readonly log: Uint8Array[] } {
  const inner = createDrbg(seed);
  const log: Uint8Array[] = [];
  return {
    log,
    bytes: (n) => {
      const b = inner.bytes(n);
      log.push(b.slice());
      return b;
    },
    fork: (label) => inner.fork(label),
  };
}

function expectedKeys(ikmParts: readonly Uint8Array[], info: string): { root: string; chain: string } {
  const ikm = concatBytes(new Uint8Array(32).fill(0xff), ...ikmParts);
  const okm = hkdf(sha256, ikm, new Uint8Array(32), utf8(info), 64);
  return { root: toHex(okm.slice(0, 32)), chain: toHex(okm.slice(32, 64)) };
}

function run(mode: 'pqxdh' | 'x3dh', oneTime: boolean) {
  const alice = makeDevice('alice', `kat-${mode}-${oneTime}`);
  const bob = makeDevice('bob', `kat-${mode}-${oneTime}`);
  const bundle = bundleOf(bob, { oneTime, kem: mode === 'pqxdh' });
  const rng = recordingRng(`kat-rng-${mode}-${oneTime}`);
  const hs = initiateSession({ provider: nobleProvider, rng, ourIdentity: alice.identity, theirBundle: bundle, mode });
  const accepted = acceptSession({ provider: nobleProvider, ourIdentity: bob.identity, ourPreKeys: bob.preKeys, initial: hs.initialMessage, requirePq: mode === 'pqxdh' });

  const ek = rng.log[0]!;
  expect(toHex(x25519.getPublicKey(ek))).toBe(toHex(hs.initialMessage.ephemeralPublic));
  const spk = bundle.signedPreKey.publicKey;
  const parts = [
    x25519.getSharedSecret(alice.identity.dhSecretKey, spk), // DH1 = DH(IK_A, SPK_B)
    x25519.getSharedSecret(ek, bob.identity.publicKey.dh), // DH2 = DH(EK_A, IK_B)
    x25519.getSharedSecret(ek, spk), // DH3 = DH(EK_A, SPK_B)
  ];
  if (oneTime) parts.push(x25519.getSharedSecret(ek, bundle.oneTimePreKey!.publicKey)); // DH4 = DH(EK_A, OPK_B)
  if (mode === 'pqxdh') {
    const kemRecord = [...bob.preKeys.kemOneTimePreKeys, bob.preKeys.kemLastResortPreKey].find((k) => k.id === bundle.kemPreKey!.id)!;
    parts.push(ml_kem768.decapsulate(hs.initialMessage.kem!.ciphertext, kemRecord.keyPair.secretKey)); // SS
  }
  return { hs, accepted, expected: expectedKeys(parts, mode === 'pqxdh' ? PQXDH_INFO_TEXT : X3DH_INFO_TEXT) };
}

describe('key schedule known answer (from the spec formula)', () => {
  for (const mode of ['pqxdh', 'x3dh'] as const) {
    for (const oneTime of [true, false]) {
      it(`${mode}, ${oneTime ? 'with' : 'without'} a one-time prekey: initiator and responder derive HKDF(0xFF*32 || DH1..DH${oneTime ? 4 : 3}${mode === 'pqxdh' ? ' || SS' : ''})`, () => {
        const { hs, accepted, expected } = run(mode, oneTime);
        expect(hs.mode).toBe(mode);
        expect(toHex(hs.rootKey)).toBe(expected.root);
        expect(toHex(hs.chainKey)).toBe(expected.chain);
        expect(toHex(accepted.rootKey)).toBe(expected.root);
        expect(toHex(accepted.chainKey)).toBe(expected.chain);
      });
    }
  }
});
