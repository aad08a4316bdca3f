// What a thief's copy of a phone reads of its group rooms (docs/properties.md SEC-PCS, group half):
// every sender chain the stolen state holds — the victim's own chain and the chains other members
// handed it — plus every chain handed over the 1:1 sessions afterwards that the copy's own receive
// code still opens, tried on the group messages relayed after the theft with the group decrypt.
import type { DeviceState } from '../../../protocol/device/index.ts';
import { deviceId } from '../../../protocol/ids.ts';
import { heldChainsOpen } from './chainKeyTrial.ts';
import { chainsHandedTo, groupMessagesOpened, type GroupReadEnv, type HandedChains, type RelayedGroupMessage, type RelayedPairwise } from './attackerGroupReads.ts';

/** The chains a stolen state holds, its own included (as a receiver of its own chain would hold it). */
function chainsHeld(state: DeviceState): HandedChains {
  const chains: HandedChains = new Map();
  const key = (id: Uint8Array) => Buffer.from(id).toString('hex');
  for (const g of state.groups) {
    const own = g.ownChain;
    chains.set(key(own.chainId), { sender: g.self, chain: { chainId: own.chainId, chainKey: own.chainKey, index: own.index, signingPublic: own.signingPublic, skipped: [] } });
    for (const member of g.receiving) for (const chain of member.chains) chains.set(key(chain.chainId), { sender: member.memberId, chain });
  }
  return chains;
}

/** Labels of the group `messages` the stolen `state` of `victim` opens, with the chains it held and those `relayed` (after the theft) still hand it. */
export function stolenGroupReads(env: GroupReadEnv, state: DeviceState, victim: string, relayed: readonly RelayedPairwise[], messages: readonly RelayedGroupMessage[]): string[] {
  const chains = chainsHeld(state);
  for (const [id, held] of chainsHandedTo(env, state, relayed)) chains.set(id, held);
  const opened = new Set(groupMessagesOpened(env, chains, deviceId(victim), messages, true));
  // By key alone too: a chain handed out again under a new id opens to whoever holds its key.
  const keys = [...chains.values()].map((h) => ({ chainKey: h.chain.chainKey, index: h.chain.index, skipped: h.chain.skipped }));
  for (const m of messages) if (!opened.has(m.label) && heldChainsOpen(env.provider, keys, m.wire)) opened.add(m.label);
  return [...opened];
}
