// The responder's side of session setup (X3DH §3.4, PQXDH §3.4): refuse a PQ downgrade, find the
// named prekeys (unknown: UNKNOWN_PREKEY; a spent one-time id: ONE_TIME_PREKEY_REUSED), then DH and
// Decaps. One-time prekeys leave the returned store; their secrets go to `consumed`. The input store is never changed.
import { wipe } from '../bytes.ts';
import type { CryptoProvider } from '../crypto/provider.ts';
import { ProtocolError } from '../errors.ts';
import { copyX25519KeyPair, type IdentityKeyPair } from '../identity/keyPair.ts';
import type { KemPreKeyRecord } from '../prekeys/kemPreKey.ts';
import type { OneTimePreKeyRecord } from '../prekeys/oneTimePreKey.ts';
import type { PreKeyStore } from '../prekeys/preKeyStore.ts';
import { findSignedPreKey, takeKemPreKey, takeOneTimePreKey } from '../prekeys/preKeyUse.ts';
import type { InitialMessage } from '../wire/initialMessage.ts';
import { requireBoundIdentity } from '../identity/binding.ts';
import { isCanonicalX25519PublicKey } from '../crypto/canonicalX25519.ts';
import { recordSetup, setupKeyOf } from '../prekeys/setupRecord.ts';
import { copyIdentityKey } from '../identity/identityKey.ts';
import { REFERENCE_FLAGS, type ProtocolFlags } from '../variant.ts';
import { associatedData, type SessionIds } from './keySchedule.ts';
import { decapsulateWithPreKey } from './pqxdh.ts';
import type { ResponderSession } from './types.ts';
import { agreeAsResponder } from './x3dh.ts';

export interface AcceptParams {
  readonly provider: CryptoProvider;
  readonly ourIdentity: IdentityKeyPair;
  readonly ourPreKeys: PreKeyStore;
  readonly initial: InitialMessage;
  /** A PQ-capable responder refuses a setup without a KEM ciphertext (SEC-PQ, no downgrade). */
  readonly requirePq: boolean;
  /** Safeguard switches (protocol/variant.ts); default: every safeguard on. */
  readonly flags?: ProtocolFlags;
  /** Both ends' user and device ids, bound into the AD when flags.idBinding is on (keySchedule.ts). */
  readonly ids?: SessionIds;
}

/** Throws BAD_IDENTITY_BINDING, DUPLICATE_MESSAGE (a replayed setup), PQ_DOWNGRADE, UNKNOWN_PREKEY, ONE_TIME_PREKEY_REUSED or BAD_PUBLIC_KEY; on any throw the caller's store is unchanged. */
export function acceptSession(params: AcceptParams): ResponderSession {
  const { provider, ourIdentity, initial, requirePq } = params;
  const flags = params.flags ?? REFERENCE_FLAGS;
  // SEC-MITM: the initiator proves possession of dh through DH1; the binding ties its sign half to it.
  requireBoundIdentity(provider, initial.initiatorIdentity, flags.identityBinding, 'setup message');
  if (flags.setupReplayCheck) {
    // A flipped bit 255 (or u >= p) names the same point under new bytes: refused before any DH.
    if (!isCanonicalX25519PublicKey(initial.ephemeralPublic)) throw new ProtocolError('BAD_PUBLIC_KEY', 'setup message: non-canonical ephemeral key');
    if (!isCanonicalX25519PublicKey(initial.initiatorIdentity.dh)) throw new ProtocolError('BAD_PUBLIC_KEY', 'setup message: non-canonical identity key');
  }
  if (requirePq && initial.kem === undefined) throw new ProtocolError('PQ_DOWNGRADE', 'setup message has no KEM ciphertext'); // SEC-PQ
  const signedPreKey = findSignedPreKey(params.ourPreKeys, initial.signedPreKeyId);
  let store = params.ourPreKeys;
  let oneTime: OneTimePreKeyRecord | undefined;
  let kemPreKey: KemPreKeyRecord | undefined;
  if (initial.oneTimePreKeyId !== undefined) ({ store, record: oneTime } = takeOneTimePreKey(store, initial.oneTimePreKeyId, flags.eraseUsedPreKeys));
  if (initial.kem !== undefined) ({ store, record: kemPreKey } = takeKemPreKey(store, initial.kem.preKeyId, flags.eraseUsedPreKeys));
  const kemSecret = initial.kem === undefined || kemPreKey === undefined ? undefined : decapsulateWithPreKey(provider, kemPreKey, initial.kem.ciphertext);
  const mode = kemSecret === undefined ? 'x3dh' : 'pqxdh';
  try {
    const keys = agreeAsResponder(provider, {
      mode,
      identitySecretKey: ourIdentity.dhSecretKey,
      signedPreKeySecretKey: signedPreKey.keyPair.secretKey,
      oneTimePreKeySecretKey: oneTime?.keyPair.secretKey,
      theirIdentityKey: initial.initiatorIdentity.dh,
      theirEphemeralKey: initial.ephemeralPublic,
      kemSharedSecret: kemSecret,
    });
    if (flags.setupReplayCheck && oneTime === undefined) {
      // X3DH §4.2: with no one-time prekey, only this record stops a replayed setup (DUPLICATE_MESSAGE).
      // It names the setup by what the keys agreed, so no other encoding of the base key slips past.
      const record = { signedPreKeyId: signedPreKey.id, kemPreKeyId: initial.kem?.preKeyId, setupKey: setupKeyOf(provider, keys.rootKey) };
      try {
        store = { ...store, usedSetups: recordSetup(store.usedSetups, record) };
      } catch (e) {
        wipe(keys.rootKey);
        wipe(keys.chainKey);
        throw e;
      }
    }
    const consumed: Uint8Array[] = [];
    if (flags.eraseUsedPreKeys && oneTime !== undefined) consumed.push(oneTime.keyPair.secretKey);
    if (flags.eraseUsedPreKeys && kemPreKey !== undefined && !kemPreKey.lastResort) consumed.push(kemPreKey.keyPair.secretKey);
    return {
      mode,
      ...keys,
      associatedData: associatedData(initial.initiatorIdentity, ourIdentity.publicKey, flags.idBinding ? params.ids : undefined, initial.supersedes),
      theirIdentity: copyIdentityKey(initial.initiatorIdentity),
      ratchetKeyPair: copyX25519KeyPair(signedPreKey.keyPair),
      preKeys: store,
      consumed,
    };
  } finally {
    if (kemSecret !== undefined) wipe(kemSecret);
  }
}
