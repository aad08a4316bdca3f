// The handshake KDF and AD (X3DH §2.2 and §3.3, PQXDH §2.2 and §3.3): SK = HKDF-SHA256 with a salt of
// 32 zero bytes over F || DH1 || DH2 || DH3 [|| DH4] [|| SS], where F is 32 bytes of 0xFF. X3DH uses
// libsignal's info "WhisperText" (so its known answers hold); PQXDH uses its own info string.
import { concatBytes, utf8, wipe } from '../bytes.ts';
import type { CryptoProvider } from '../crypto/provider.ts';
import { SHARED_SECRET_BYTES, X25519_KEY_BYTES } from '../crypto/provider.ts';
import { UsageError } from '../errors.ts';
import { encodeIdentityKey, type IdentityKey } from '../identity/identityKey.ts';
import type { HandshakeMode, SessionKeys } from './types.ts';
import type { DeviceId, UserId } from '../ids.ts';
import { MAX_AD_ID_BYTES } from '../limits.ts';
import { ByteWriter, utf8String } from '../wire/codec.ts';

export const X3DH_INFO = utf8('WhisperText');
export const PQXDH_INFO = utf8('sealroom_PQXDH_X25519_SHA-256_ML-KEM-768');

/** X3DH §2.2: F separates the KDF input from any X25519 output for "cryptographic domain separation". */
const F = new Uint8Array(32).fill(0xff);
/** RFC 5869 "no salt" = HashLen zero bytes; spelled out so every provider agrees. */
const ZERO_SALT = new Uint8Array(32);
const SESSION_KEYS_BYTES = 64;

/**
 * The one KDF both sides and the known-answer test run. `dhOutputs` is DH1..DH3 or DH1..DH4 in spec
 * order; `kemSharedSecret` is required in PQXDH and forbidden in X3DH. Inputs are not wiped here.
 */
export function deriveSessionKeys(provider: CryptoProvider, mode: HandshakeMode, dhOutputs: readonly Uint8Array[], kemSharedSecret?: Uint8Array): SessionKeys {
  if (dhOutputs.length !== 3 && dhOutputs.length !== 4) throw new UsageError(`deriveSessionKeys: 3 or 4 DH outputs, got ${dhOutputs.length}`);
  for (const dh of dhOutputs) if (dh.length !== X25519_KEY_BYTES) throw new UsageError('deriveSessionKeys: DH output must be 32 bytes');
  if (mode === 'pqxdh' && kemSharedSecret?.length !== SHARED_SECRET_BYTES) throw new UsageError('deriveSessionKeys: PQXDH needs a 32-byte KEM secret');
  if (mode === 'x3dh' && kemSharedSecret !== undefined) throw new UsageError('deriveSessionKeys: X3DH takes no KEM secret');
  const ikm = concatBytes(F, ...dhOutputs, ...(kemSharedSecret === undefined ? [] : [kemSharedSecret]));
  const okm = provider.hkdfSha256(ikm, ZERO_SALT, mode === 'pqxdh' ? PQXDH_INFO : X3DH_INFO, SESSION_KEYS_BYTES);
  const keys = { rootKey: okm.slice(0, 32), chainKey: okm.slice(32, 64) };
  wipe(ikm, okm);
  return keys;
}

/** Who the two ends are: X3DH §3.3 lets AD carry "usernames … or other identifying information". */
export interface SessionIds {
  readonly initiatorUser: UserId;
  readonly initiatorDevice: DeviceId;
  readonly responderUser: UserId;
  readonly responderDevice: DeviceId;
}

const IDS_LABEL = utf8('sealroom session ids v1\0');
const SUPERSEDES_LABEL = utf8('sealroom supersedes v1\0');

/**
 * AD = Encode(IK_A) || Encode(IK_B): the initiator's identity first (X3DH §3.3). With `ids` (flag
 * idBinding), then a label and the four ids, each u16-length-prefixed UTF-8, so a setup relabelled
 * to another sender or recipient no longer decrypts. With `supersedes` (InitialMessage.supersedes:
 * what the initiator held with the responder, which decides a crossing and tells of a start-over),
 * then a label and its 32 bytes, so a server that rewrites or strips it makes the setup fail.
 */
export function associatedData(initiator: IdentityKey, responder: IdentityKey, ids?: SessionIds, supersedes?: Uint8Array): Uint8Array {
  const keys = concatBytes(encodeIdentityKey(initiator), encodeIdentityKey(responder));
  if (ids === undefined && supersedes === undefined) return keys;
  const w = new ByteWriter();
  w.raw(keys);
  if (ids !== undefined) {
    w.raw(IDS_LABEL);
    for (const id of [ids.initiatorUser, ids.initiatorDevice, ids.responderUser, ids.responderDevice]) idCodec.encode(id, w);
  }
  if (supersedes !== undefined) {
    w.raw(SUPERSEDES_LABEL);
    w.raw(supersedes);
  }
  return w.finish();
}

const idCodec = utf8String('SessionIds.id', MAX_AD_ID_BYTES);
