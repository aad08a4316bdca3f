// What a device publishes from its prekey store (X3DH §3.2): the public halves only. `publicPreKeys`
// is the full upload a server keeps; `preKeyBundle` is one bundle as the server would hand it out
// (first unused one-time key, first one-time KEM key or else the last-resort KEM key).
import { copyIdentityKey, type IdentityKey } from '../identity/identityKey.ts';
import type { DeviceId } from '../ids.ts';
import type { KemPreKeyPublic, OneTimePreKeyPublic, PreKeyBundle, SignedPreKeyPublic } from '../wire/preKeyBundle.ts';
import { kemPreKeyPublic } from './kemPreKey.ts';
import { oneTimePreKeyPublic } from './oneTimePreKey.ts';
import type { PreKeyStore } from './preKeyStore.ts';
import { signedPreKeyPublic } from './signedPreKey.ts';

export interface PublicPreKeys {
  readonly signedPreKey: SignedPreKeyPublic;
  readonly kemLastResortPreKey: KemPreKeyPublic;
  readonly oneTimePreKeys: readonly OneTimePreKeyPublic[];
  readonly kemOneTimePreKeys: readonly KemPreKeyPublic[];
}

export function publicPreKeys(store: PreKeyStore): PublicPreKeys {
  return {
    signedPreKey: signedPreKeyPublic(store.signedPreKey),
    kemLastResortPreKey: kemPreKeyPublic(store.kemLastResortPreKey),
    oneTimePreKeys: store.oneTimePreKeys.map(oneTimePreKeyPublic),
    kemOneTimePreKeys: store.kemOneTimePreKeys.map(kemPreKeyPublic),
  };
}

export interface BundleChoice {
  /** Include a one-time X25519 prekey if one is left (default true). */
  readonly oneTime?: boolean;
  /** Include a KEM prekey (default true); false models a device or server without PQ support. */
  readonly kem?: boolean;
}

export function preKeyBundle(store: PreKeyStore, deviceId: DeviceId, identityKey: IdentityKey, choice: BundleChoice = {}): PreKeyBundle {
  const opk = choice.oneTime === false ? undefined : store.oneTimePreKeys[0];
  const kpk = choice.kem === false ? undefined : (store.kemOneTimePreKeys[0] ?? store.kemLastResortPreKey);
  return {
    deviceId,
    identityKey: copyIdentityKey(identityKey),
    signedPreKey: signedPreKeyPublic(store.signedPreKey),
    oneTimePreKey: opk === undefined ? undefined : oneTimePreKeyPublic(opk),
    kemPreKey: kpk === undefined ? undefined : kemPreKeyPublic(kpk),
  };
}
