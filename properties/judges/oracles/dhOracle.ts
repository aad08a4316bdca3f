// What a DH-breaking attacker reads of one captured session setup (docs/properties.md SEC-PQ): it
// holds the responder's X25519 secrets (its identity, and the signed and one-time prekeys the setup
// names) but no ML-KEM secret. It runs the responder's side of the handshake (agreeAsResponder) with no
// KEM secret or an all-zero guess, starts the responder's ratchet (initResponder) under each associated
// data it can form, and keeps the session whose first message opens (ratchetReceive). That session is
// then followed with the protocol's own receive code over the envelopes sent on it, and every sender
// key it carried is tried on the group messages (attackerGroupReads.ts). Nothing here decrypts by hand.
import { nativeProvider } from '../../../protocol/crypto/native.ts';
import type { CryptoProvider } from '../../../protocol/crypto/provider.ts';
import { newContact } from '../../../protocol/device/contacts.ts';
import { createDevice } from '../../../protocol/device/create.ts';
import { agreeAsResponder } from '../../../protocol/handshake/x3dh.ts';
import type { IdentityKeyPair } from '../../../protocol/identity/keyPair.ts';
import { deviceId, userId } from '../../../protocol/ids.ts';
import type { OneTimePreKeyRecord } from '../../../protocol/prekeys/oneTimePreKey.ts';
import type { SignedPreKeyRecord } from '../../../protocol/prekeys/signedPreKey.ts';
import type { Drbg } from '../../../protocol/random/drbg.ts';
import { ratchetReceive } from '../../../protocol/ratchet/decrypt.ts';
import { initResponder } from '../../../protocol/ratchet/init.ts';
import type { Session } from '../../../protocol/session/session.ts';
import { REFERENCE_FLAGS } from '../../../protocol/variant.ts';
import type { PreKeyPairwiseMessage } from '../../../protocol/wire/pairwiseMessage.ts';
import { chainsHandedTo, groupMessagesOpened, type RelayedGroupMessage, type RelayedPairwise } from './attackerGroupReads.ts';
import { attempt, withoutStacks } from './trials.ts';

/** The responder's X25519 secrets a setup names, as the log recorded them (the DH oracle's copy). */
export interface DhOracleKeys {
  readonly identity: IdentityKeyPair;
  readonly signedPreKey: SignedPreKeyRecord;
  readonly oneTimePreKey: OneTimePreKeyRecord | undefined;
}

/** The attacker's own code and randomness; it runs the reference's receive code. */
export interface DhOracleEnv {
  readonly provider: CryptoProvider;
  readonly rng: Drbg;
}

const ctxOf = (env: DhOracleEnv, nowMs: number) => ({ provider: env.provider, rng: env.rng, nowMs, flags: REFERENCE_FLAGS });

/**
 * The session the attacker re-derives from `setup` with `keys`, as it stood before the first message
 * (so the setup message itself can be received on it), or undefined when no KEM guess and no
 * associated data among `ads` opens the first message.
 */
export function rederiveSession(env: DhOracleEnv, keys: DhOracleKeys, setup: PreKeyPairwiseMessage, ads: readonly Uint8Array[], atMs: number): Session | undefined {
  const init = setup.initial;
  const guesses = init.kem === undefined ? [undefined] : [undefined, new Uint8Array(32)];
  return withoutStacks(() => {
    for (const kemGuess of guesses) {
      const agreed = attempt(() =>
        agreeAsResponder(nativeProvider, {
          mode: kemGuess === undefined ? 'x3dh' : 'pqxdh',
          identitySecretKey: keys.identity.dhSecretKey,
          signedPreKeySecretKey: keys.signedPreKey.keyPair.secretKey,
          oneTimePreKeySecretKey: keys.oneTimePreKey?.keyPair.secretKey,
          theirIdentityKey: init.initiatorIdentity.dh,
          theirEphemeralKey: init.ephemeralPublic,
          kemSharedSecret: kemGuess,
        }),
      );
      if (agreed === undefined) continue;
      for (const ad of ads) {
        const start = () => initResponder({ rootKey: agreed.rootKey, chainKey: agreed.chainKey, ourRatchetKey: keys.signedPreKey.keyPair, associatedData: ad }, env.provider);
        if (!ratchetReceive(start(), setup.message, ctxOf(env, atMs)).ok) continue;
        return { ratchet: start(), theirIdentity: init.initiatorIdentity, baseKey: init.ephemeralPublic.slice(), pendingInitial: undefined, createdAtMs: atMs };
      }
    }
    return undefined;
  });
}

/**
 * Labels of the group `messages` the attacker opens with the sender keys `session` (re-derived from
 * `from`'s setup to `responder`) carried: the protocol's receive code runs as `responder` on a device
 * of the attacker's own that holds that one session and the responder's identity secret, over
 * `envelopes` — the envelopes on that session, from its setup on — and the group decrypt tries every
 * chain they hand over. Every envelope lands on the one session, so the device's own prekeys are never read.
 */
export function groupReadsOnSession(
  env: DhOracleEnv,
  responder: { readonly user: string; readonly identity: IdentityKeyPair },
  from: string,
  session: Session,
  envelopes: readonly RelayedPairwise[],
  messages: readonly RelayedGroupMessage[],
): string[] {
  if (envelopes.length === 0 || messages.length === 0) return [];
  return withoutStacks(() => {
    const shell = createDevice({ deviceId: deviceId(responder.user), userId: userId(responder.user), oneTimePreKeys: 0 }, ctxOf(env, session.createdAtMs));
    const contact = { ...newContact(deviceId(from), userId(from)), identity: session.theirIdentity, sessions: [session] };
    const device = { ...shell, identity: responder.identity, contacts: [contact] };
    return groupMessagesOpened({ ...env, flags: REFERENCE_FLAGS }, chainsHandedTo({ ...env, flags: REFERENCE_FLAGS }, device, envelopes), responder.user, messages);
  });
}
