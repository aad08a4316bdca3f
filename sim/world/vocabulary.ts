// The one vocabulary of things that happen in a world (docs/conventions.md): user actions, network
// faults, the malicious server's attacks, warrants and seizures. Scenario files, generated property
// runs and the CLI all speak it; sim/world/apply.ts handles it in one switch.

export type Evaporation = 'view-once' | { readonly timerMs: number };

export interface Match {
  readonly from?: string;
  readonly to?: string;
  readonly room?: string;
}

/** Whose keys a session the server opens claims: a new identity of its own, or its X25519 half beside a real Ed25519 half. */
export type SessionIdentity = 'fresh' | 'mixed';

/**
 * How a replayed copy is changed (docs/threat-model.md "non-canonical key encodings"): one X25519 key
 * of the envelope — the setup's base key, the ratchet header's key, or the X25519 half of the setup's
 * initiator identity — given another encoding with the same X25519 outputs. `top-bit` flips bit 255
 * (the same point under non-canonical bytes, RFC 7748 §5); `torsion` adds the point of order two
 * (u becomes 1/u mod p: a canonical encoding of a different point whose X25519 output under every
 * clamped scalar is the same, RFC 7748 §5's cofactor).
 */
export type ReplayMangle = `${'base-key' | 'ratchet-key' | 'identity-key'}-${'top-bit' | 'torsion'}`;

export type Attack =
  | { readonly attack: 'substitute-bundle'; readonly target: string; readonly requester?: string; readonly attacker: string }
  | { readonly attack: 'withhold-bundle'; readonly target: string; readonly requester?: string }
  /** Serve the target's genuine bundle with its ML-KEM prekey removed (a PQ downgrade attempt). */
  | { readonly attack: 'strip-kem'; readonly target: string; readonly requester?: string }
  | { readonly attack: 'reserve-one-time-prekey'; readonly target: string; readonly requester?: string }
  /** Serve the target's bundle as it first published it (the signed and last-resort prekeys of then, no one-time prekey): a stale bundle. */
  | { readonly attack: 'serve-stale-bundle'; readonly target: string; readonly requester?: string }
  | { readonly attack: 'drop' | 'duplicate' | 'reorder'; readonly match: Match; readonly count?: number }
  | { readonly attack: 'delay'; readonly match: Match; readonly count?: number; readonly delayMs: number }
  | { readonly attack: 'modify'; readonly match: Match; readonly count?: number; readonly bits: readonly number[] }
  /** Serve the target's genuine bundle as if its one-time prekeys ran out: no one-time X25519 prekey, the last-resort ML-KEM key. */
  | { readonly attack: 'strip-one-time-prekeys'; readonly target: string; readonly requester?: string }
  /**
   * Send the nth envelope `from` sent `to` again (`last`: the latest so far); with `mangle`, a session
   * setup replayed under a base (ephemeral) key that looks new but gives the same X25519 outputs (ReplayMangle).
   */
  | { readonly attack: 'replay'; readonly from: string; readonly to: string; readonly nth: number | 'last'; readonly times?: number; readonly mangle?: ReplayMangle }
  /**
   * The next `count` envelopes from `from` to `to` are delivered as if `as` had sent them: the server
   * rewrites the sender it names (docs/threat-model.md "relabel senders").
   */
  | { readonly attack: 'relabel-sender'; readonly from: string; readonly to: string; readonly as: string; readonly count?: number }
  | { readonly attack: 'forge'; readonly claimedFrom: string; readonly to: string; readonly room: string }
  /**
   * The server makes first contact with `to` as `claimedFrom`: it fetches `to`'s genuine bundle and
   * opens a session under an identity of its own (`fresh`), or under its own X25519 key beside
   * `claimedFrom`'s real Ed25519 key (`mixed`), and sends a greeting. Its device keeps the session,
   * so anything `to` later hands "claimedFrom" over it (group keys above all) reaches the server.
   */
  | { readonly attack: 'open-session-as'; readonly claimedFrom: string; readonly to: string; readonly identity: SessionIdentity; readonly room: string }
  /**
   * Over the session open-session-as opened, the server hands `to` a sender key of its own as
   * `claimedFrom`'s for group `room` (in the view the room's latest relayed group message shows), then
   * a group message on it: accepted, it is a message shown as `claimedFrom`'s that it never sent.
   */
  | { readonly attack: 'forge-group'; readonly claimedFrom: string; readonly to: string; readonly room: string }
  | { readonly attack: 'counter-jump'; readonly claimedFrom: string; readonly to: string; readonly jump: number }
  | { readonly attack: 'inject-member'; readonly room: string; readonly ghost: string }
  | { readonly attack: 'fork-group'; readonly room: string; readonly from: string; readonly members: readonly string[] }
  | { readonly attack: 'lie-about-deletion' }
  | { readonly attack: 'under-report'; readonly hideWarrants?: number; readonly hideSeizures?: number; readonly shrinkRecordsPercent?: number };

export type WarrantScope = 'content' | 'metadata' | 'keys';

export type Action = { readonly at: number } & (
  | { readonly do: 'send'; readonly from: string; readonly room: string; readonly label?: string; readonly evaporation?: Evaporation; readonly bytes?: number }
  | { readonly do: 'view'; readonly user: string; readonly label: string }
  | { readonly do: 'offline' | 'online'; readonly user: string }
  | { readonly do: 'partition'; readonly users: readonly string[] }
  | { readonly do: 'heal' }
  | ({ readonly do: 'adversary' } & Attack)
  | {
      readonly do: 'warrant';
      readonly target: { readonly user: string } | { readonly room: string };
      readonly scope: readonly WarrantScope[];
      readonly fromMs: number;
      readonly toMs: number;
      readonly gagUntilMs?: number;
    }
  | { readonly do: 'seize-phone' | 'steal-phone'; readonly user: string }
  | { readonly do: 'seize-server' }
  /**
   * The thief holding the copy of `victim`'s phone taken by its last steal-phone encrypts a text as the
   * victim to `to` with the victim's own device code, on the sessions that copy holds, and submits it
   * as the victim would (docs/threat-model.md: a thief with a copy of the state). `session: oldest`
   * sends on the oldest kept session (a revival); `session: new` opens a new session with the stolen
   * identity key from `to`'s bundle in the directory first (a limit no ratchet heals).
   */
  | { readonly do: 'thief-sends'; readonly victim: string; readonly to: string; readonly label?: string; readonly session?: 'newest' | 'oldest' | 'new' }
  /**
   * Whoever took the copy of `user`'s phone by its last steal-phone writes that copy back onto the
   * phone's storage medium, and the phone restarts from it (docs/threat-model.md "rollback").
   */
  | { readonly do: 'roll-back-phone'; readonly user: string; readonly forgeSaveCount?: boolean }
  | { readonly do: 'verify'; readonly user: string; readonly peer: string }
  | { readonly do: 'acknowledge-key-change' | 'release-held'; readonly user: string; readonly peer: string }
  | { readonly do: 'add-member' | 'remove-member'; readonly by: string; readonly room: string; readonly user: string }
);

export type ActionKind = Action['do'];
