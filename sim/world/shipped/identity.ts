// The judges' view of a shipped-2014 install key: the world records every key a copy was encrypted
// to as an IdentityKey (sim/world/runRecord.ts), so an RSA public key is mapped to one by a fixed,
// public hash. Equal RSA keys give equal identities, so genuine-vs-substituted checks work unchanged.
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, utf8 } from '../../../protocol/bytes.ts';
import type { IdentityKey } from '../../../protocol/identity/identityKey.ts';

const DH_LABEL = utf8('dh');
const SIGN_LABEL = utf8('sign');

/** IdentityKey { dh: SHA-256("dh" || key), sign: SHA-256("sign" || key) } of an encoded RSA public key. */
export function rsaIdentity(encodedPublicKey: Uint8Array): IdentityKey {
  return { dh: sha256(concatBytes(DH_LABEL, encodedPublicKey)), sign: sha256(concatBytes(SIGN_LABEL, encodedPublicKey)) };
}
