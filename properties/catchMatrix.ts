// The catch matrix (docs/weak-variants.md): for every weak variant, the properties
// its missing safeguard breaks — each must fail within its default run budget with a shrunk
// counterexample that is written as a scenario file and replays with the same failure.
import type { WeakVariant } from '../protocol/variant.ts';
import type { PropertyId as CampaignPropertyId } from './propertyIds.ts';

export interface CatchRow {
  readonly variant: WeakVariant;
  readonly breaks: readonly CampaignPropertyId[];
  /** Properties whose counterexample must show a malicious server (the flaw needs one to be seen). */
  readonly underMaliciousServer?: readonly CampaignPropertyId[];
  readonly why: string;
}

export const CATCH_MATRIX: readonly CatchRow[] = [
  { variant: 'no-ratchet', breaks: ['SEC-FS', 'SEC-PCS'], why: 'every message key comes from the first secret: a seized or stolen phone opens past and future messages' },
  { variant: 'keep-after-view', breaks: ['SEC-EVAPORATE'], why: 'a viewed message stays on the phone' },
  { variant: 'server-keeps-forever', breaks: ['SEC-RETENTION'], why: 'an "honest" server keeps delivered and expired ciphertexts' },
  { variant: 'no-replay-check', breaks: ['SEC-INTEGRITY'], why: 'a replayed message is accepted twice' },
  { variant: 'advance-on-failure', breaks: ['SEC-INTEGRITY'], why: 'a refused counter jump or bit flip still advances the receiver' },
  { variant: 'silent-key-change', breaks: ['SEC-MITM'], why: 'a substituted key is used with no warning' },
  { variant: 'unreported-seizure', breaks: ['SEC-WARRANT'], why: 'seizures are left out of the transparency report' },
  {
    variant: 'shipped-2014',
    breaks: ['SEC-MITM', 'SEC-INTEGRITY', 'SEC-FS', 'SEC-SERVER-BLIND', 'SEC-EVAPORATE', 'SEC-PCS'],
    underMaliciousServer: ['SEC-MITM', 'SEC-SERVER-BLIND'],
    why: 'server-distributed RSA keys with no key-change warning (the server substitutes its own and reads the room), AES-CTR with no MAC and no replay check (flipped, forged and replayed messages are accepted), and static keys (a seized or stolen phone opens past and future messages)',
  },
  {
    variant: 'group-no-rekey-on-remove',
    breaks: ['SEC-GROUP'],
    why: "remaining members keep their sender chains after a removal: the removed member's kept state reads what the room says next",
  },
  {
    variant: 'unbound-sender-ids',
    breaks: ['SEC-INTEGRITY'],
    underMaliciousServer: ['SEC-INTEGRITY'],
    why: 'the session AD binds the identity keys but not the user and device ids: a server that relabels an envelope\'s sender has the message accepted "from" someone else',
  },
  {
    variant: 'no-setup-replay-check',
    breaks: ['SEC-INTEGRITY'],
    underMaliciousServer: ['SEC-INTEGRITY'],
    why: 'a setup that spent no one-time prekey is not recorded and non-canonical keys are accepted: a replay with bit 255 of the base key flipped opens a second session and the inbox accepts the same message again',
  },
  {
    variant: 'open-old-chains',
    breaks: ['SEC-PCS'],
    why: "old receiving chains stay open past the PN the next header announces, and older sessions stay usable (Double Ratchet §3.5): after the session healed, a thief's copy of the victim's phone still sends on the chain it holds and the peer accepts it as the victim's",
  },
  {
    variant: 'group-keys-to-any-session',
    breaks: ['SEC-SERVER-BLIND'],
    underMaliciousServer: ['SEC-SERVER-BLIND'],
    why: "member records name the Ed25519 half alone and nothing checks a session against them: a member hands its sender key to whatever 1:1 session holds a member's device id, so a server that made first contact as that member reads the room",
  },
  {
    variant: 'unbound-identity',
    breaks: ['SEC-INTEGRITY', 'SEC-SERVER-BLIND'],
    underMaliciousServer: ['SEC-INTEGRITY', 'SEC-SERVER-BLIND'],
    why: "the X25519 and Ed25519 halves of an identity are bound nowhere: a server that opens a session as {its own X25519, a member's real Ed25519} is taken for that member by the room, so the sender key it hands out is accepted and its group messages are shown as the member's",
  },
  {
    variant: 'static-prekeys',
    breaks: ['SEC-FS', 'SEC-EVAPORATE'],
    why: 'signed and last-resort prekeys never rotate and retired ones are never erased: a setup that used no one-time prekey (stripped by the server, or all spent) can be re-run from a phone seized long after the schedule should have erased its keys, opening its first messages',
  },
  {
    variant: 'pq-optional',
    breaks: ['SEC-PQ'],
    underMaliciousServer: ['SEC-PQ'],
    why: 'a PQXDH phone falls back to X3DH when the server hides the KEM prekey, and accepts a setup with no KEM ciphertext: an attacker who later breaks X25519 reads the session',
  },
  {
    variant: 'keep-used-prekeys',
    breaks: ['SEC-FS'],
    why: 'a one-time prekey a setup spent is recorded as used but its secret stays on the phone: a seizure re-runs the setup and opens its first messages',
  },
  {
    variant: 'static-sender-keys',
    breaks: ['SEC-PCS'],
    why: "a member's sender chain lives until a membership change: sender keys only hash forward, so a thief's copy of a member's phone reads the room long after every 1:1 session healed",
  },
  {
    variant: 'no-rollback-check',
    breaks: ['SEC-INTEGRITY', 'SEC-EVAPORATE'],
    underMaliciousServer: ['SEC-INTEGRITY'],
    why: 'a phone runs on whatever copy of its store it finds: written back from an older copy, it accepts again a message it already accepted and shows again messages that evaporated',
  },
  {
    variant: 'count-only-watermark',
    breaks: ['SEC-INTEGRITY', 'SEC-EVAPORATE'],
    underMaliciousServer: ['SEC-INTEGRITY'],
    why: 'a phone tells an older store by the save count the store carries: whoever holds the storage key rewrites the count of an old copy, and the phone runs on it',
  },
];
