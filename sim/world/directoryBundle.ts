// Translation between a device's prekeys and the server directory's opaque entry: the signed part
// of the bundle travels as `base` (an encoded PreKeyBundle without one-time and KEM keys), one-time
// X25519 prekeys as raw public keys, KEM prekeys as public key || signature.
import { concatBytes } from '../../protocol/bytes.ts';
import { ED25519_SIGNATURE_BYTES, MLKEM768_PUBLIC_BYTES } from '../../protocol/crypto/provider.ts';
import { isProtocolError, ProtocolError } from '../../protocol/errors.ts';
import type { DeviceState } from '../../protocol/device/index.ts';
import type { PreKeyId } from '../../protocol/ids.ts';
import { publicPreKeys } from '../../protocol/prekeys/bundle.ts';
import { decodePreKeyBundle, encodePreKeyBundle, type KemPreKeyPublic, type PreKeyBundle } from '../../protocol/wire/preKeyBundle.ts';
import type { DirectoryPublish, FetchedBundle, PreKey } from '../server/index.ts';

const kemBytes = (k: KemPreKeyPublic): Uint8Array => concatBytes(k.publicKey, k.signature);

export function directoryEntryFor(device: DeviceState): DirectoryPublish {
  const pub = publicPreKeys(device.preKeys);
  const base = encodePreKeyBundle({ deviceId: device.deviceId, identityKey: device.identity.publicKey, signedPreKey: pub.signedPreKey });
  const kemLastResort: PreKey = { id: pub.kemLastResortPreKey.id, bytes: kemBytes(pub.kemLastResortPreKey) };
  return {
    deviceId: device.deviceId,
    userId: device.userId,
    base,
    oneTime: pub.oneTimePreKeys.map((k) => ({ id: k.id, bytes: k.publicKey.slice() })),
    kemOneTime: pub.kemOneTimePreKeys.map((k) => ({ id: k.id, bytes: kemBytes(k) })),
    kemLastResort,
  };
}

/** Rebuild the bundle a device verifies from what the directory returned. Malformed parts are a ProtocolError. */
export function bundleFromDirectory(fetched: FetchedBundle): PreKeyBundle {
  let base: PreKeyBundle;
  try {
    base = decodePreKeyBundle(fetched.base);
  } catch (e) {
    if (isProtocolError(e)) throw new ProtocolError('BAD_PREKEY_SIGNATURE', `directory bundle does not decode (${e.code})`);
    throw e;
  }
  const kem = fetched.kem;
  if (kem !== undefined && kem.bytes.length !== MLKEM768_PUBLIC_BYTES + ED25519_SIGNATURE_BYTES) {
    throw new ProtocolError('BAD_PREKEY_SIGNATURE', 'directory KEM prekey has the wrong length');
  }
  return {
    ...base,
    deviceId: fetched.deviceId,
    oneTimePreKey: fetched.oneTime === undefined ? undefined : { id: fetched.oneTime.id as PreKeyId, publicKey: fetched.oneTime.bytes },
    kemPreKey:
      kem === undefined
        ? undefined
        : {
            id: kem.id as PreKeyId,
            publicKey: kem.bytes.subarray(0, MLKEM768_PUBLIC_BYTES),
            signature: kem.bytes.subarray(MLKEM768_PUBLIC_BYTES),
            lastResort: kem.lastResort,
          },
  };
}
