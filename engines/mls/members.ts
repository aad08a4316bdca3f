// Who a leaf is: the address a basic credential names in its canonical form, and the members of a
// ratchet tree by leaf (the sender of a message, the member list of an epoch).
import type { Credential, RatchetTree } from 'ts-mls';
import type { PeerAddress } from '../contract.ts';
import { equalBytes, fromUtf8, utf8 } from '../../protocol/bytes.ts';
import type { MlsMember } from './contract.ts';

/** A basic credential's identity: the canonical JSON of [user, device]. */
export function identityOf(a: PeerAddress): Uint8Array {
  return utf8(JSON.stringify([a.user, a.device]));
}

/** The address a credential names, when it is a basic credential in the canonical form. */
export function addressOf(c: Credential): PeerAddress | undefined {
  if (c.credentialType !== 'basic') return undefined;
  try {
    const v: unknown = JSON.parse(fromUtf8(c.identity));
    if (!Array.isArray(v) || v.length !== 2) return undefined;
    const [user, device] = v as unknown[];
    if (typeof user !== 'string' || user === '' || typeof device !== 'number' || !Number.isSafeInteger(device) || device < 0) return undefined;
    const a = { user, device };
    return equalBytes(identityOf(a), c.identity) ? a : undefined;
  } catch {
    return undefined;
  }
}

export const sameAddress = (a: PeerAddress, b: PeerAddress) => a.user === b.user && a.device === b.device;
export const addressKey = (a: PeerAddress) => JSON.stringify([a.user, a.device]);

export interface Leaf extends MlsMember {
  readonly leafIndex: number;
}

export function leaves(tree: RatchetTree): Leaf[] {
  const out: Leaf[] = [];
  for (let i = 0; i < tree.length; i += 2) {
    const n = tree[i];
    if (n?.nodeType !== 'leaf') continue;
    const a = addressOf(n.leaf.credential);
    if (a === undefined) continue;
    out.push({ ...a, identityKey: n.leaf.signaturePublicKey, leafIndex: i / 2 });
  }
  return out;
}

export function leafAt(tree: RatchetTree, leafIndex: number): Leaf | undefined {
  return leaves(tree).find((l) => l.leafIndex === leafIndex);
}

export const addresses = (ls: readonly Leaf[]): PeerAddress[] => ls.map((l) => ({ user: l.user, device: l.device }));
