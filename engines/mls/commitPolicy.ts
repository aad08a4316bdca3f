// The adapter's policy for what other members commit (RFC 9420 §12.2 leaves it to the application):
// ts-mls asks through its incoming-message callback, and these answer it.
import type { IncomingMessageCallback, RatchetTree } from 'ts-mls';
import type { PeerAddress } from '../contract.ts';
import { addressKey, addressOf, leaves } from './members.ts';

/**
 * The adapter's policy for another member's commit, beyond the validity rules ts-mls checks (RFC 9420 §12.2): only
 * a member may commit, only by inline Add and Remove proposals from that member, and an address joins at
 * most once. So no external commit (the server holding a GroupInfo could add its own member), no external
 * or standalone proposal, no PSK, re-init or extension change.
 */
export function commitPolicy(tree: RatchetTree, why: { reason: string }): IncomingMessageCallback {
  return (incoming) => {
    if (incoming.kind === 'proposal') {
      why.reason = 'a standalone proposal (this adapter commits inline proposals only)';
      return 'reject';
    }
    if (incoming.senderLeafIndex === undefined) {
      why.reason = 'an external commit';
      return 'reject';
    }
    const removed = new Set<number>();
    const added: PeerAddress[] = [];
    for (const p of incoming.proposals) {
      if (p.senderLeafIndex !== incoming.senderLeafIndex) {
        why.reason = `a proposal by ${p.senderLeafIndex === undefined ? 'an external sender' : `leaf ${p.senderLeafIndex}`} in a commit by leaf ${incoming.senderLeafIndex}`;
        return 'reject';
      }
      const q = p.proposal;
      if (q.proposalType === 'remove') {
        if (q.remove.removed === incoming.senderLeafIndex) {
          why.reason = 'a commit removing its own committer';
          return 'reject';
        }
        removed.add(q.remove.removed);
      } else if (q.proposalType === 'add') {
        const a = addressOf(q.add.keyPackage.leafNode.credential);
        if (a === undefined) {
          why.reason = 'an add whose credential names no address';
          return 'reject';
        }
        added.push(a);
      } else {
        why.reason = `a ${String(q.proposalType)} proposal`;
        return 'reject';
      }
    }
    const staying = leaves(tree).filter((l) => !removed.has(l.leafIndex));
    const seen = new Set(staying.map(addressKey));
    for (const a of added) {
      if (seen.has(addressKey(a))) {
        why.reason = `${addressKey(a)} added while already a member (or twice)`;
        return 'reject';
      }
      seen.add(addressKey(a));
    }
    return 'accept';
  };
}

/** Rejects every proposal and commit: what `receive` hands ts-mls, which processes application messages only. */
export const rejectAll: IncomingMessageCallback = () => 'reject';
