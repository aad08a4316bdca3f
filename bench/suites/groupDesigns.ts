// Two group designs in one run, at 10, 100 and 1,000 members: the reference's sender keys
// (protocol/group, carried as the device layer carries it over 1:1 sessions) and RFC 9420 MLS
// (engines/mls: ts-mls behind its worker bridge). Every room is built once, untimed, and kept for all
// the cases of its size; each timed call runs one operation on that same prepared state.
//
// Sender keys run on both providers: `sender-keys` is the noble reference (pure TypeScript, the same
// crypto family as the MLS engine's suite, so the ratio compares designs rather than libraries) and
// `sender-keys-native` is node:crypto. The steps are pure, so a call repeats on one state. Pairwise
// envelopes are encrypted and opened on ONE representative established session, always from the same
// session state: every envelope costs what the next message on its own session would cost, without
// setting up N real PQXDH sessions. Opening one is a receive after a change of direction (one DH
// ratchet step), which is what a rekey is: every pair of members sends one key each way.
//
// MLS steps change state, so a call that needs fresh input gets it outside the timed window, and the
// call reports only the operation's own duration to the harness (tinybench's `overriddenDuration`):
// the committer's commit is discarded after it is timed (its state is then as before), a member's
// processing runs on a clone imported from that member's exported state, and a receive opens a
// message sent just before it. The room is a "cold" tree, built the fast way: the creator adds
// everyone in one commit, then two members join from that welcome (one processes commits, the other
// sends). In a cold tree a commit with a path encrypts to almost every leaf (O(N)); a tree that every
// member has updated once would need about log2(N) encryptions instead. Building such a tree at 1,000
// members takes a live device per member and is not done here.
//
// Byte counts are recorded while cases are prepared and reported as size rows (groupDesignSizes), so
// only the rows whose cases ran appear.
import type { BenchCase } from '../harness/types.ts';
import { mlsCases, releaseMlsRooms } from './groupDesigns/mls.ts';
import { releaseSenderKeyRooms, skCases } from './groupDesigns/senderKeys.ts';

export { groupDesignSizes } from './groupDesigns/common.ts';

/** Room sizes compared. */
const DESIGN_SIZES = [10, 100, 1_000] as const;

/** Every case, by room size: sender keys on noble, on native, then MLS. */
export function groupDesignCases(): BenchCase[] {
  return DESIGN_SIZES.flatMap((members) => [...skCases('noble', members), ...skCases('native', members), ...mlsCases(members)]);
}

/** Frees the rooms and stops the MLS workers; the recorded byte counts stay for the size rows. */
export function releaseGroupDesignWorlds(): void {
  releaseSenderKeyRooms();
  releaseMlsRooms();
}
