// The view check (group rooms): a peer's (epoch, transcript hash), as carried in a group message or a
// sender-key distribution, must be our current view or one of our kept past views. Same epoch with
// another hash is a fork; a later epoch means an operation has not reached us; an epoch older than
// MAX_GROUP_PAST_EPOCHS is stale.
import { equalBytes } from '../bytes.ts';
import type { DeviceId } from '../ids.ts';
import type { GroupState } from '../wire/groupState.ts';
import { refuse } from './events.ts';

export type ViewMatch = 'current' | 'past';

export function checkPeerView(state: GroupState, from: DeviceId, epoch: number, transcriptHash: Uint8Array): ViewMatch {
  if (epoch > state.epoch) {
    refuse('STALE_EPOCH', `group view: peer at epoch ${epoch}, we are at ${state.epoch}`, { kind: 'view-behind', from, epoch });
  }
  const expected = epoch === state.epoch ? state.transcriptHash : state.pastViews.find((v) => v.epoch === epoch)?.transcriptHash;
  // Older than anything we can check: delayed past MAX_GROUP_PAST_EPOCHS, or a member stuck in (or forked
  // at) an old view. Either way the user may be told that this member is behind.
  if (expected === undefined) {
    refuse('STALE_EPOCH', `group view: epoch ${epoch} is older than the kept views`, { kind: 'sender-behind', from, epoch });
  }
  // SEC-GROUP: a forked view (same epoch, different membership history) is refused and reported.
  if (!equalBytes(expected, transcriptHash)) {
    refuse('GROUP_VIEW_MISMATCH', `group view: transcript differs at epoch ${epoch}`, { kind: 'fork-detected', from, epoch });
  }
  return epoch === state.epoch ? 'current' : 'past';
}
