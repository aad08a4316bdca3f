// Named weak variants (docs/weak-variants.md): each is the real code with one safeguard
// switched off by configuration, so the property suites can show they catch its absence.
// `reference` has every safeguard on. protocol/ reads only ProtocolFlags; the server-side
// variants (server-keeps-forever, unreported-seizure) are read by sim/.

export const WEAK_VARIANTS = [
  'shipped-2014',
  'no-ratchet',
  'keep-after-view',
  'server-keeps-forever',
  'no-replay-check',
  'advance-on-failure',
  'group-no-rekey-on-remove',
  'silent-key-change',
  'unreported-seizure',
  'unbound-sender-ids',
  'no-setup-replay-check',
  'open-old-chains',
  'group-keys-to-any-session',
  'unbound-identity',
  'static-prekeys',
  'pq-optional',
  'keep-used-prekeys',
  'static-sender-keys',
  'no-rollback-check',
  'count-only-watermark',
] as const;

export type WeakVariant = (typeof WEAK_VARIANTS)[number];
export type VariantName = 'reference' | WeakVariant;
export const ALL_VARIANTS: readonly VariantName[] = ['reference', ...WEAK_VARIANTS];

export interface ProtocolFlags {
  /** Which session engine runs: the privacy-mode protocol, or the model of the 2014 shipped design. */
  readonly engine: 'privacy-mode' | 'shipped-2014';
  /** Chain keys advance and DH ratchet steps happen. Off: every message key comes from the session's first secret (no FS, no PCS). */
  readonly ratchet: boolean;
  /** Plaintext and keys of a viewed/expired message are erased. Off: the device keeps them. */
  readonly eraseOnView: boolean;
  /** A message key is usable once. Off: a replayed message is accepted again. */
  readonly replayCheck: boolean;
  /** A failed decrypt commits nothing. Off: chain and skipped-key changes made before the check are kept. */
  readonly atomicDecrypt: boolean;
  /** Removing a member makes every remaining member start a fresh sender chain. */
  readonly groupRekeyOnRemove: boolean;
  /** A changed identity key raises a key-change event and blocks sending until acknowledged. */
  readonly keyChangeWarning: boolean;
  /**
   * An identity is accepted only with a valid binding signature tying its X25519 half to its Ed25519
   * half (protocol/identity/binding.ts). Off (with groupMemberBinding off) backs the weak variant `unbound-identity`.
   */
  readonly identityBinding: boolean;
  /**
   * Group records bind the whole identity, and group secrets go only over a session whose identity
   * matches the member record. Off backs the weak variant `group-keys-to-any-session`.
   */
  readonly groupMemberBinding: boolean;
  /**
   * Non-canonical public keys are refused, a repeated (signed prekey, KEM prekey, agreed keys) setup is
   * refused, and the inbox refuses a known message id. Off backs the weak variant `no-setup-replay-check`.
   */
  readonly setupReplayCheck: boolean;
  /** Both user ids and device ids are bound into the setup's AD. Off backs the weak variant `unbound-sender-ids`. */
  readonly idBinding: boolean;
  /**
   * An old receiving chain is closed at the header's PN, and an older session is never used once a
   * newer one has received. Off backs the weak variant `open-old-chains`.
   */
  readonly closeOldChains: boolean;
  /** maintainPreKeys rotates, prunes and refills prekeys. Off backs the weak variant `static-prekeys`. */
  readonly prekeyLifecycle: boolean;
  /**
   * A phone configured for PQXDH refuses a bundle with no KEM prekey and a setup with no KEM
   * ciphertext. Off backs the weak variant `pq-optional`: both sides fall back to X3DH.
   */
  readonly pqRequired: boolean;
  /**
   * A one-time prekey (X25519 and KEM) leaves the store when a setup spends it. Off backs the weak
   * variant `keep-used-prekeys`: its id is recorded (a reuse is still refused) but the secret stays.
   */
  readonly eraseUsedPreKeys: boolean;
  /**
   * A member turns its sender chain over before sending on one older than SENDER_KEY_LIFETIME_MS. Off
   * backs the weak variant `static-sender-keys`: a chain lives until a membership change, so a thief's
   * copy reads the room for as long as nobody joins or leaves.
   */
  readonly senderKeyRotation: boolean;
  /**
   * How a device restarted from its store tells an older copy from the latest (protocol/device/rollback.ts):
   * 'store-digest' compares a digest of the whole store with the platform's rollback-resistant record
   * and starts over on any other store. 'save-count' backs the weak variant `count-only-watermark`: it
   * compares the save count the store carries, which whoever holds the storage key can rewrite. 'none'
   * backs `no-rollback-check`: it runs on any copy, so replays it already refused and messages that
   * already evaporated come back.
   */
  readonly rollbackCheck: 'store-digest' | 'save-count' | 'none';
}

export interface ServerFlags {
  /** Deletes on delivery ack and after the TTL. Off: keeps every ciphertext forever while claiming otherwise. */
  readonly retention: boolean;
  /** Every seizure and warrant return reaches the transparency ledger. Off: seizures are left out. */
  readonly reportSeizures: boolean;
}

const REFERENCE: ProtocolFlags = {
  engine: 'privacy-mode',
  ratchet: true,
  eraseOnView: true,
  replayCheck: true,
  atomicDecrypt: true,
  groupRekeyOnRemove: true,
  keyChangeWarning: true,
  identityBinding: true,
  groupMemberBinding: true,
  setupReplayCheck: true,
  idBinding: true,
  closeOldChains: true,
  prekeyLifecycle: true,
  pqRequired: true,
  eraseUsedPreKeys: true,
  senderKeyRotation: true,
  rollbackCheck: 'store-digest',
};

export function protocolFlags(variant: VariantName): ProtocolFlags {
  switch (variant) {
    case 'reference':
    case 'server-keeps-forever':
    case 'unreported-seizure':
      return REFERENCE;
    case 'shipped-2014':
      return { ...REFERENCE, engine: 'shipped-2014', ratchet: false, replayCheck: false, keyChangeWarning: false };
    case 'no-ratchet':
      return { ...REFERENCE, ratchet: false };
    case 'keep-after-view':
      return { ...REFERENCE, eraseOnView: false };
    case 'no-replay-check':
      return { ...REFERENCE, replayCheck: false };
    case 'advance-on-failure':
      return { ...REFERENCE, atomicDecrypt: false };
    case 'group-no-rekey-on-remove':
      return { ...REFERENCE, groupRekeyOnRemove: false };
    case 'silent-key-change':
      return { ...REFERENCE, keyChangeWarning: false };
    case 'unbound-sender-ids':
      return { ...REFERENCE, idBinding: false };
    case 'no-setup-replay-check':
      return { ...REFERENCE, setupReplayCheck: false };
    case 'open-old-chains':
      return { ...REFERENCE, closeOldChains: false };
    case 'group-keys-to-any-session':
      return { ...REFERENCE, groupMemberBinding: false };
    case 'unbound-identity':
      // The halves are bound nowhere: no binding signature, and member records name the Ed25519 half
      // alone. With records naming both halves, their X25519 check already refuses a mixed identity in
      // a room (docs/weak-variants.md), so the binding signature alone is not what this variant removes.
      return { ...REFERENCE, identityBinding: false, groupMemberBinding: false };
    case 'static-prekeys':
      return { ...REFERENCE, prekeyLifecycle: false };
    case 'pq-optional':
      return { ...REFERENCE, pqRequired: false };
    case 'keep-used-prekeys':
      return { ...REFERENCE, eraseUsedPreKeys: false };
    case 'static-sender-keys':
      return { ...REFERENCE, senderKeyRotation: false };
    case 'no-rollback-check':
      return { ...REFERENCE, rollbackCheck: 'none' };
    case 'count-only-watermark':
      return { ...REFERENCE, rollbackCheck: 'save-count' };
  }
}

export function serverFlags(variant: VariantName): ServerFlags {
  return {
    retention: variant !== 'server-keeps-forever',
    reportSeizures: variant !== 'unreported-seizure',
  };
}

export const REFERENCE_FLAGS = REFERENCE;

export function isVariantName(s: string): s is VariantName {
  return (ALL_VARIANTS as readonly string[]).includes(s);
}
