// Shared handshake types (X3DH §3, PQXDH §3): the mode, the derived session keys, and what each
// side hands to the Double Ratchet (Signal Double Ratchet §3.3 "Integration with X3DH").
import type { IdentityKey } from '../identity/identityKey.ts';
import type { X25519KeyPair } from '../identity/keyPair.ts';
import type { DeviceId } from '../ids.ts';
import type { PreKeyStore } from '../prekeys/preKeyStore.ts';
import type { InitialMessage } from '../wire/initialMessage.ts';

/** PQXDH (X25519 + ML-KEM-768) is the default; X3DH is the classical mode. */
export type HandshakeMode = 'pqxdh' | 'x3dh';

/** libsignal's split of the 64-byte KDF output: root key, then the responder's first sending chain key. */
export interface SessionKeys {
  readonly rootKey: Uint8Array;
  readonly chainKey: Uint8Array;
}

export interface HandshakeOutput extends SessionKeys {
  readonly mode: HandshakeMode;
  /** encode(IK_initiator) || encode(IK_responder), 128 bytes (X3DH §3.3). */
  readonly associatedData: Uint8Array;
  /** The peer's identity key as used in AD: the caller checks it against its trust record. */
  readonly theirIdentity: IdentityKey;
  /** Spent secrets (ephemeral key, KEM randomness, one-time prekey secrets) for the state owner to wipe. */
  readonly consumed: readonly Uint8Array[];
}

export interface InitiatorSession extends HandshakeOutput {
  readonly theirDeviceId: DeviceId;
  /** The responder's first ratchet public key: its signed prekey. `chainKey` is the receiving chain for it. */
  readonly theirRatchetKey: Uint8Array;
  /** The setup header to send with the first message (wire/initialMessage.ts). */
  readonly initialMessage: InitialMessage;
}

export interface ResponderSession extends HandshakeOutput {
  /** The responder's first ratchet key pair: a copy of its signed prekey pair. `chainKey` is its sending chain. */
  readonly ratchetKeyPair: X25519KeyPair;
  /** The prekey store with the used one-time prekeys removed and their ids recorded. Commit it with the session. */
  readonly preKeys: PreKeyStore;
}
