// False failures on the reference found by the campaigns, each with the minimal scenario that shows
// it and where the fix belongs. Until a fix lands, the motifs that trigger it are held out of the
// named properties' generation (campaign.ts applies `holdsOut`); pendingFixes.test.ts fails as soon
// as a scenario stops showing the problem, so the hold-out is removed with the fix.
import type { PropertyId } from '../scenarios/types.ts';
import type { MotifKind } from './arbitraries/motif.ts';
import type { CampaignPropertyId } from './outcome.ts';

export interface PendingFix {
  readonly id: string;
  readonly where: string;
  readonly problem: string;
  readonly holdsOut: readonly { readonly property: CampaignPropertyId; readonly kinds: readonly MotifKind[] }[];
  /** The property the minimal scenario fails on the reference today. */
  readonly shows: PropertyId;
  /** Minimal scenario (valid per the published schema) showing the false failure. */
  readonly scenario: unknown;
}

const direct = { id: 'alice-bob', kind: 'direct', members: ['alice', 'bob'] } as const;

function minimal(name: string, mode: string, timeline: readonly object[], shows: PropertyId): unknown {
  return {
    name,
    description: { goal: `Shows pending fix ${name} on the reference.`, threat: 'none beyond the timeline', expected: `${shows} should pass on the reference; today it fails.` },
    seed: 1,
    variant: 'reference',
    server: { mode, warrantPolicy: 'refuse-content' },
    parties: ['alice', 'bob'],
    rooms: [direct],
    timeline,
    expect: { [shows]: 'pass' },
  };
}

/** None open. A fix found by a campaign moves here from FIXED_REGRESSIONS' shape: scenario plus hold-outs. */
export const PENDING_FIXES: readonly PendingFix[] = [];

/**
 * False failures the campaigns found and that were fixed at their source (judges and simulator):
 * each minimal scenario must now PASS on the reference, so the fix cannot silently regress.
 */
export const FIXED_REGRESSIONS: readonly PendingFix[] = [
  {
    id: 'pcs-heals-on-a-pre-theft-ratchet-key',
    where: 'properties/judges/secrecy.ts healedAt',
    problem:
      'healedAt counts a round trip (peer→victim, then victim→peer) as healing, but if the victim had received a message before the theft and not yet replied, its next sending ratchet key was generated before the theft and is in the stolen state; the reply uses that key, so the thief still reads the peer\'s next message. Healing needs the peer to have received a victim message whose ratchet key is NOT in the stolen state.',
    holdsOut: [{ property: 'SEC-PCS', kinds: ['chat'] }],
    shows: 'SEC-PCS',
    scenario: minimal(
      'pending-pcs-heal',
      'curious',
      [
        { at: 1000, do: 'send', from: 'bob', room: 'alice-bob', label: 'b1' },
        { at: 5000, do: 'steal-phone', user: 'alice' },
        { at: 30000, do: 'send', from: 'bob', room: 'alice-bob', label: 'b2' },
        { at: 60000, do: 'send', from: 'alice', room: 'alice-bob', label: 'a1' },
        { at: 90000, do: 'send', from: 'bob', room: 'alice-bob', label: 'b3' },
      ],
      'SEC-PCS',
    ),
  },
  {
    id: 'server-blind-counts-acknowledged-key-change',
    where: 'properties/judges/secrecy.ts judgeServerBlind (protectedMsgs)',
    problem:
      'docs/properties.md conditions SEC-SERVER-BLIND on "the users verified safety numbers, or the protocol refused/warned on the key change". After a warned key change the user acknowledged, the next message goes to the server\'s key by the user\'s choice; the judge still counts it (it exempts only unverified first contact), so the reference fails. SEC-MITM passes the same run (warned before).',
    holdsOut: [{ property: 'SEC-SERVER-BLIND', kinds: ['key-change-queued'] }],
    shows: 'SEC-SERVER-BLIND',
    scenario: minimal(
      'pending-blind-acknowledged',
      'malicious',
      [
        { at: 1000, do: 'send', from: 'alice', room: 'alice-bob', label: 'a1' },
        { at: 31000, do: 'adversary', attack: 'substitute-bundle', target: 'bob', requester: 'alice', attacker: 'mallory-bob' },
        { at: 32000, do: 'send', from: 'alice', room: 'alice-bob', label: 'a2' },
        { at: 61000, do: 'acknowledge-key-change', user: 'alice', peer: 'bob' },
        { at: 62000, do: 'send', from: 'alice', room: 'alice-bob', label: 'a3' },
      ],
      'SEC-SERVER-BLIND',
    ),
  },
  {
    id: 'outbox-spends-attempts-offline',
    where: 'sim/world/simDevice.ts transmit',
    problem:
      'A device counts submit attempts while offline (nothing is sent) and goOnline starts a second retry chain, so a sender offline for ~32 min (or twice for ~10 min on a lossy link) gives up on a message that was never sent: LIVE-DELIVERY fails with the recipient online. Fixed: attempts now count only real transmissions and one retry chain runs per envelope.',
    holdsOut: [],
    shows: 'LIVE-DELIVERY',
    scenario: minimal(
      'pending-offline-sender',
      'honest',
      [
        { at: 1000, do: 'offline', user: 'alice' },
        { at: 2000, do: 'send', from: 'alice', room: 'alice-bob', label: 'a1' },
        { at: 2000 + 40 * 60_000, do: 'online', user: 'alice' },
      ],
      'LIVE-DELIVERY',
    ),
  },
];

/** Motif kinds held out of one property's generation by pending fixes. */
export function heldOut(property: CampaignPropertyId): Set<MotifKind> {
  return new Set(PENDING_FIXES.flatMap((f) => f.holdsOut.filter((h) => h.property === property).flatMap((h) => h.kinds)));
}
