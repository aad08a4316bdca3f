// Expanding a motif (motif.ts) into scenario actions at offsets from its anchor. Pure and total:
// every motif gives a valid action list for any cast, so shrinking never produces an invalid run.
import type { Evaporation } from '../../sim/world/vocabulary.ts';
import { ATTACKER_NAME, directRoom, pairOf, partyAt } from './cast.ts';
import { expandGroupMotif } from './groupExpand.ts';
import { SETTLE_MS, type Motif, type Step } from './motif.ts';
import type { ExpandContext } from './expandContext.ts';
import { SETUP_KEYS_KEPT_AT_MOST_MS } from '../judges/setupSchedule.ts';

export type { ExpandContext } from './expandContext.ts';

function evaporation(timerMs: number | null): { evaporation?: Evaporation } {
  return timerMs === null ? {} : { evaporation: { timerMs } };
}

function send(ctx: ExpandContext, offsetMs: number, from: string, to: string, local: string, timerMs: number | null = null): Step {
  return { offsetMs, action: { do: 'send', from, room: directRoom(from, to), label: ctx.label(local), ...evaporation(timerMs) } };
}

function chat(ctx: ExpandContext, m: Extract<Motif, { kind: 'chat' }>): Step[] {
  const [a, b] = pairOf(ctx.cast, m.pair);
  const steps: Step[] = [];
  let t = 0;
  m.sends.forEach((s, i) => {
    const [from, to] = s.back ? [b, a] : [a, b];
    steps.push(send(ctx, t, from, to, `c${i}`, s.timerMs));
    if (s.viewAfterMs !== null) steps.push({ offsetMs: t + s.viewAfterMs, action: { do: 'view', user: to, label: ctx.label(`c${i}`) } });
    t += s.gapMs;
  });
  return steps;
}

function viewThenSeize(ctx: ExpandContext, m: Extract<Motif, { kind: 'view-then-seize' }>): Step[] {
  const [a, b] = pairOf(ctx.cast, m.pair);
  return [
    send(ctx, 0, a, b, 'v', m.timerMs),
    { offsetMs: m.viewAfterMs, action: { do: 'view', user: b, label: ctx.label('v') } },
    { offsetMs: m.viewAfterMs + m.seizeAfterMs, action: { do: 'seize-phone', user: m.seizeSender ? a : b } },
  ];
}

function seizeInPartition(ctx: ExpandContext, m: Extract<Motif, { kind: 'seize-in-partition' }>): Step[] {
  const [a, b] = pairOf(ctx.cast, m.pair);
  return [
    { offsetMs: 0, action: { do: 'partition', users: [b] } },
    send(ctx, 1_000, a, b, 'p'),
    { offsetMs: m.seizeAfterMs, action: m.server ? { do: 'seize-server' } : { do: 'seize-phone', user: b } },
    { offsetMs: m.seizeAfterMs + m.healAfterMs, action: { do: 'heal' } },
  ];
}

/**
 * A genuine session both ways, then b's key changes for a while a's messages wait (b offline: queued
 * at the server; a blocked: held on a's phone): the server hands out its own bundle for b (and says
 * b's keys changed), or forges a session setup claiming to be b.
 */
function keyChangeQueued(ctx: ExpandContext, m: Extract<Motif, { kind: 'key-change-queued' }>): Step[] {
  const [a, b] = pairOf(ctx.cast, m.pair);
  const change: Step['action'] =
    m.via === 'substitute'
      ? { do: 'adversary', attack: 'substitute-bundle', target: b, requester: a, attacker: `${ATTACKER_NAME}-${b}` }
      : { do: 'adversary', attack: 'forge', claimedFrom: b, to: a, room: directRoom(a, b) };
  const steps: Step[] = [send(ctx, 0, a, b, 'k0'), send(ctx, SETTLE_MS, b, a, 'k1')];
  if (m.peerOffline) steps.push({ offsetMs: 2 * SETTLE_MS, action: { do: 'offline', user: b } });
  steps.push(send(ctx, 2 * SETTLE_MS + 1_000, a, b, 'k2'));
  steps.push({ offsetMs: 3 * SETTLE_MS, action: change });
  steps.push(send(ctx, 4 * SETTLE_MS, a, b, 'k3'));
  if (m.acknowledge) {
    steps.push({ offsetMs: 5 * SETTLE_MS, action: { do: 'acknowledge-key-change', user: a, peer: b } });
    steps.push(send(ctx, 6 * SETTLE_MS, a, b, 'k4'));
  }
  if (m.peerOffline) steps.push({ offsetMs: 7 * SETTLE_MS, action: { do: 'online', user: b } });
  return steps;
}

function substituteVerify(ctx: ExpandContext, m: Extract<Motif, { kind: 'substitute-verify' }>): Step[] {
  const [a, b] = pairOf(ctx.cast, m.pair);
  return [
    { offsetMs: 0, action: { do: 'adversary', attack: 'substitute-bundle', target: b, requester: a, attacker: `${ATTACKER_NAME}-${b}` } },
    ...(m.verifyFirst ? [{ offsetMs: 1_000, action: { do: 'verify', user: a, peer: b } } as const] : []),
    send(ctx, 2_000, a, b, 'u0'),
    send(ctx, SETTLE_MS, b, a, 'u1'),
    send(ctx, 2 * SETTLE_MS, a, b, 'u2'),
  ];
}

/** b's phone is copied by a thief, then two full ratchet round trips (a→b, b→a, a→b, b→a) and a message after them. */
function theftRoundTrip(ctx: ExpandContext, m: Extract<Motif, { kind: 'theft-round-trip' }>): Step[] {
  const [a, b] = pairOf(ctx.cast, m.pair);
  const g = m.gapMs;
  const warm = m.warm ? [send(ctx, 0, a, b, 't0'), send(ctx, g, b, a, 't1')] : [];
  return [
    ...warm,
    { offsetMs: 2 * g, action: { do: 'steal-phone', user: b } },
    send(ctx, 3 * g, a, b, 't2'),
    send(ctx, 4 * g, b, a, 't3'),
    send(ctx, 5 * g, a, b, 't4'),
    send(ctx, 6 * g, b, a, 't5'),
    send(ctx, 7 * g, a, b, 't6'),
  ];
}

/**
 * An active thief (docs/threat-model.md): theftRoundTrip with a warm session, so the stolen copy holds
 * one; once the session healed, the thief sends to a as b on the copy's old sending chain (Double
 * Ratchet §3.5: a's next step closed that chain at b's PN), then a sends once more. A revival first
 * makes a and b write at once, so the copy keeps two sessions, and sends on the older one.
 */
function thiefForges(ctx: ExpandContext, m: Extract<Motif, { kind: 'thief-forges' }>): Step[] {
  const [a, b] = pairOf(ctx.cast, m.pair);
  const g = m.gapMs;
  const race = m.revive ? [send(ctx, 0, a, b, 'r0'), send(ctx, 1, b, a, 'r1')] : [];
  const warm = theftRoundTrip(ctx, { kind: 'theft-round-trip', atMs: m.atMs, pair: m.pair, gapMs: g, warm: !m.revive }).filter((s) => s.offsetMs < 7 * g);
  return [
    ...race,
    ...warm,
    { offsetMs: 7 * g, action: { do: 'thief-sends', victim: b, to: a, label: ctx.label('f'), ...(m.revive ? { session: 'oldest' as const } : {}) } },
    send(ctx, 8 * g, a, b, 't6'),
  ];
}

function warrant(ctx: ExpandContext, m: Extract<Motif, { kind: 'warrant' }>, anchorMs: number): Step[] {
  const [a, b] = pairOf(ctx.cast, m.pair);
  const target = m.room ? { room: directRoom(a, b) } : { user: a };
  const gag = m.gagForMs === null ? {} : { gagUntilMs: anchorMs + m.gagForMs };
  return [{ offsetMs: 0, action: { do: 'warrant', target, scope: [...m.scope], fromMs: 0, toMs: anchorMs, ...gag } }];
}

/** A message waits at the server for an offline recipient until the server is seized past the TTL. */
function seizeAfterTtl(ctx: ExpandContext, m: Extract<Motif, { kind: 'seize-after-ttl' }>): Step[] {
  const [a, b] = pairOf(ctx.cast, m.pair);
  const seizeAt = SETTLE_MS + 2_000 + ctx.ttlMs + m.marginMs;
  return [
    ...(m.deliveredFirst ? [send(ctx, 0, a, b, 'r0')] : []),
    { offsetMs: SETTLE_MS, action: { do: 'offline', user: b } },
    send(ctx, SETTLE_MS + 1_000, a, b, 'r1'),
    { offsetMs: seizeAt, action: { do: 'seize-server' } },
    { offsetMs: seizeAt + 60_000, action: { do: 'online', user: b } },
  ];
}

function attackSteps(ctx: ExpandContext, m: Extract<Motif, { kind: 'replay' | 'counter-jump' | 'bit-flip' }>): Step[] {
  const [a, b] = pairOf(ctx.cast, m.pair);
  switch (m.kind) {
    case 'replay':
      return [send(ctx, 0, a, b, 'x0'), { offsetMs: m.gapMs, action: { do: 'adversary', attack: 'replay', from: a, to: b, nth: 1 } }];
    case 'counter-jump':
      return [send(ctx, 0, a, b, 'j0'), { offsetMs: 2_000, action: { do: 'adversary', attack: 'counter-jump', claimedFrom: a, to: b, jump: m.jump } }, send(ctx, SETTLE_MS, a, b, 'j1')];
    case 'bit-flip':
      // Flipped only once the session is confirmed both ways: later messages from a carry no identity key.
      return [
        send(ctx, 0, a, b, 'f0'),
        send(ctx, SETTLE_MS, b, a, 'f1'),
        { offsetMs: 2 * SETTLE_MS, action: { do: 'adversary', attack: 'modify', match: { from: a, to: b }, bits: [...m.bits] } },
        send(ctx, 2 * SETTLE_MS + 1_000, a, b, 'f2'),
        send(ctx, 3 * SETTLE_MS, a, b, 'f3'),
      ];
  }
}

/**
 * SEC-INTEGRITY (docs/threat-model.md "relabel senders"): a's first message to b is delivered as if c
 * had sent it, c being a party that never talked to b in this story. Nothing without a third party.
 */
function relabelFirst(ctx: ExpandContext, m: Extract<Motif, { kind: 'relabel-first' }>): Step[] {
  const [a, b] = pairOf(ctx.cast, m.pair);
  const others = ctx.cast.parties.filter((p) => p !== a && p !== b);
  const c = others[m.third % Math.max(others.length, 1)];
  if (c === undefined) return [];
  return [{ offsetMs: 0, action: { do: 'adversary', attack: 'relabel-sender', from: a, to: b, as: c } }, send(ctx, 1_000, a, b, 'l0'), send(ctx, SETTLE_MS + 1_000, a, b, 'l1')];
}

/**
 * SEC-INTEGRITY (docs/threat-model.md "prekey exhaustion", "non-canonical key encodings"): the server
 * serves b's bundle as if its one-time prekeys ran out, so a's first message to b is a setup that spends
 * nothing, then replays it under a base key that looks new and gives the same X25519 outputs: bit 255
 * flipped, or the point of order two added (X3DH §4.2: a record of spent setups, a refusal of the
 * non-canonical key, or the inbox's record of message ids stops it).
 */
function setupReplay(ctx: ExpandContext, m: Extract<Motif, { kind: 'setup-replay' }>): Step[] {
  const [a, b] = pairOf(ctx.cast, m.pair);
  return [
    { offsetMs: 0, action: { do: 'adversary', attack: 'strip-one-time-prekeys', target: b, requester: a } },
    send(ctx, 1_000, a, b, 'u0'),
    { offsetMs: 1_000 + m.gapMs, action: { do: 'adversary', attack: 'replay', from: a, to: b, nth: 1, mangle: m.mangle } },
  ];
}

function lateSeizure(ctx: ExpandContext, m: Extract<Motif, { kind: 'late-seizure' }>): Step[] {
  const [a, b] = pairOf(ctx.cast, m.pair);
  return [
    { offsetMs: 0, action: { do: 'adversary', attack: 'strip-one-time-prekeys', target: b, requester: a } },
    send(ctx, 1_000, a, b, 'l0'),
    { offsetMs: 1_000 + SETTLE_MS, action: { do: 'view', user: b, label: ctx.label('l0') } },
    send(ctx, 2 * SETTLE_MS, b, a, 'l1'),
    // Away through every maintenance run: the phone's schedule must not wait for the network.
    ...(m.awayMeanwhile
      ? [{ offsetMs: 4 * SETTLE_MS, action: { do: 'offline', user: b } } as const, { offsetMs: SETUP_KEYS_KEPT_AT_MOST_MS + m.marginMs - SETTLE_MS, action: { do: 'online', user: b } } as const]
      : []),
    { offsetMs: SETUP_KEYS_KEPT_AT_MOST_MS + m.marginMs, action: { do: 'seize-phone', user: b } },
  ];
}

/** SEC-PQ (docs/threat-model.md, `strip-kem`: a post-quantum downgrade attempt): a first contact on a bundle with no KEM prekey, then an answer. */
function pqDowngrade(ctx: ExpandContext, m: Extract<Motif, { kind: 'pq-downgrade' }>): Step[] {
  const [a, b] = pairOf(ctx.cast, m.pair);
  return [
    { offsetMs: m.delayMs, action: { do: 'adversary', attack: 'strip-kem', target: b, requester: a } },
    send(ctx, m.delayMs + 1_000, a, b, 'q0'),
    send(ctx, m.delayMs + 1_000 + SETTLE_MS, b, a, 'q1'),
  ];
}

/** LIVE-DELIVERY: both write at once each round (the first round's setups cross); nobody views, so nothing evaporates early. */
function crossingChat(ctx: ExpandContext, m: Extract<Motif, { kind: 'crossing-chat' }>): Step[] {
  const [a, b] = pairOf(ctx.cast, m.pair);
  return Array.from({ length: m.rounds }, (_, i) => [send(ctx, i * m.gapMs, a, b, `x${i}a`), send(ctx, i * m.gapMs + 1, b, a, `x${i}b`)]).flat();
}

function single(ctx: ExpandContext, m: Extract<Motif, { kind: 'seize-server' | 'seize-phone' | 'offline' | 'partition' | 'verify' | 'lie-about-deletion' }>): Step[] {
  switch (m.kind) {
    case 'seize-server':
      return [{ offsetMs: 0, action: { do: 'seize-server' } }];
    case 'seize-phone':
      return [{ offsetMs: 0, action: { do: 'seize-phone', user: partyAt(ctx.cast, m.party) } }];
    case 'offline':
      return [
        { offsetMs: 0, action: { do: 'offline', user: partyAt(ctx.cast, m.party) } },
        { offsetMs: m.forMs, action: { do: 'online', user: partyAt(ctx.cast, m.party) } },
      ];
    case 'partition':
      return [
        { offsetMs: 0, action: { do: 'partition', users: [partyAt(ctx.cast, m.party)] } },
        { offsetMs: m.forMs, action: { do: 'heal' } },
      ];
    case 'verify': {
      const [a, b] = pairOf(ctx.cast, m.pair);
      return [{ offsetMs: 0, action: { do: 'verify', user: a, peer: b } }];
    }
    case 'lie-about-deletion':
      return [{ offsetMs: 0, action: { do: 'adversary', attack: 'lie-about-deletion' } }];
  }
}

function staleBundle(ctx: ExpandContext, m: Extract<Motif, { kind: 'stale-bundle' }>): Step[] {
  const [a, b] = pairOf(ctx.cast, m.pair);
  const t = m.delayMs;
  return [
    { offsetMs: t, action: { do: 'adversary', attack: 'serve-stale-bundle', target: b, requester: a } },
    send(ctx, t + 1_000, a, b, 'z0'),
    { offsetMs: t + 1_000 + SETTLE_MS, action: { do: 'view', user: b, label: ctx.label('z0') } },
    { offsetMs: t + 1_000 + 2 * SETTLE_MS, action: { do: 'seize-phone', user: b } },
  ];
}

/** A rollback (motif.ts): each step waits for the one before it to reach the phones (SETTLE_MS). */
function rollback(ctx: ExpandContext, m: Extract<Motif, { kind: 'rollback' | 'rollback-replay' | 'rollback-thief' }>): Step[] {
  const [a, b] = pairOf(ctx.cast, m.pair);
  const t = SETTLE_MS + m.gapMs;
  const last: Step['action'] =
    m.kind === 'rollback'
      ? { do: 'seize-phone', user: b }
      : m.kind === 'rollback-thief'
        ? { do: 'thief-sends', victim: b, to: a, label: ctx.label('f'), ...(m.revive ? { session: 'oldest' as const } : {}) }
        : { do: 'adversary', attack: 'replay', from: a, to: b, nth: 'last' };
  return [
    send(ctx, 0, a, b, 'o0'),
    { offsetMs: SETTLE_MS, action: { do: 'steal-phone', user: b } },
    send(ctx, t, a, b, 'o1'),
    { offsetMs: t + SETTLE_MS, action: { do: 'view', user: b, label: ctx.label('o0') } },
    { offsetMs: t + SETTLE_MS + 1, action: { do: 'view', user: b, label: ctx.label('o1') } },
    { offsetMs: t + 2 * SETTLE_MS, action: { do: 'roll-back-phone', user: b, ...(m.forge ? { forgeSaveCount: true } : {}) } },
    { offsetMs: t + 3 * SETTLE_MS, action: last },
    // After a seizure or the thief's send, a writes again: the rolled-back phone's peer must reach it
    // (LIVE-DELIVERY). After a replay it does not, so that `nth: 'last'` keeps naming a message from
    // before the rollback.
    ...(m.kind === 'rollback-replay' ? [] : [send(ctx, t + 4 * SETTLE_MS, a, b, 'o2')]),
    // After the thief's send, b answers too: the pair talks on the session b's phone opened.
    ...(m.kind === 'rollback-thief' ? [send(ctx, t + 5 * SETTLE_MS, b, a, 'o3')] : []),
  ];
}

/** The actions of one motif, at offsets from its anchor. */
export function expandMotif(ctx: ExpandContext, m: Motif): Step[] {
  switch (m.kind) {
    case 'chat':
      return chat(ctx, m);
    case 'view-then-seize':
      return viewThenSeize(ctx, m);
    case 'seize-in-partition':
      return seizeInPartition(ctx, m);
    case 'key-change-queued':
      return keyChangeQueued(ctx, m);
    case 'substitute-verify':
      return substituteVerify(ctx, m);
    case 'theft-round-trip':
      return theftRoundTrip(ctx, m);
    case 'thief-forges':
      return thiefForges(ctx, m);
    case 'warrant':
      return warrant(ctx, m, m.atMs);
    case 'seize-after-ttl':
      return seizeAfterTtl(ctx, m);
    case 'replay':
    case 'counter-jump':
    case 'bit-flip':
      return attackSteps(ctx, m);
    case 'relabel-first':
      return relabelFirst(ctx, m);
    case 'setup-replay':
      return setupReplay(ctx, m);
    case 'late-seizure':
      return lateSeizure(ctx, m);
    case 'pq-downgrade':
      return pqDowngrade(ctx, m);
    case 'crossing-chat':
      return crossingChat(ctx, m);
    case 'rollback':
    case 'rollback-replay':
    case 'rollback-thief':
      return rollback(ctx, m);
    case 'stale-bundle':
      return staleBundle(ctx, m);
    case 'group-chat':
    case 'group-remove':
    case 'group-add':
    case 'group-ghost':
    case 'group-first-contact':
    case 'group-theft':
    case 'group-seize':
    case 'group-pq-downgrade':
      return expandGroupMotif(ctx, m);
    default:
      return single(ctx, m);
  }
}
